import { and, asc, eq, inArray } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { recoveries, recoveryDeductions } from "#db/schema";
import type { Actor } from "~/audit/audit.server";
import { longDate } from "~/dates/long-date";
import { formatPence, type Pence } from "~/ledger/money";
import { postEntry } from "~/ledger/post-entry.server";
import { deductionsFrom, outstandingOf, splitOverInstalments, type InstalmentRecovery } from "./rules";

/**
 * Takes the next part of each approved recovery being taken from instalments out of an instalment just paid, in the
 * instalment's own transaction: a clawback entry per part, dated as the instalment, from the direct-payment account
 * back to the funding account. The instalment itself stays whole (its amount is what the plan pays, and the schedule
 * re-spreads any instalment paid short), so the statement shows the instalment in and the part going back.
 *
 * A part is keyed by its recovery and instalment, so an instalment run again gives nothing twice. A part the ledger
 * refuses (it cannot overdraw, as it is never more than the instalment just paid in) is left to the next instalment.
 */
export async function takeRecoveriesFromInstalment(
  tx: Database,
  input: {
    holderId: string;
    instalmentId: string;
    instalmentNumber: number;
    amountPence: Pence;
    effectiveDate: string;
    accounts: { arrangement: number; funding: number };
    actor: Actor;
  },
) {
  const open = await tx
    .select({ id: recoveries.id, amountPence: recoveries.amountPence, instalmentCount: recoveries.instalmentCount, decidedOn: recoveries.decidedOn })
    .from(recoveries)
    .where(and(eq(recoveries.holderId, input.holderId), eq(recoveries.method, "instalments"), eq(recoveries.status, "approved")))
    .orderBy(asc(recoveries.decidedAt), asc(recoveries.id));
  if (open.length === 0) return [];
  const given = await tx
    .select({ recoveryId: recoveryDeductions.recoveryId, amountPence: recoveryDeductions.amountPence })
    .from(recoveryDeductions)
    .where(
      inArray(
        recoveryDeductions.recoveryId,
        open.map((r) => r.id),
      ),
    )
    .orderBy(asc(recoveryDeductions.part));
  const owed: InstalmentRecovery[] = open.map((r) => ({
    id: r.id,
    amountPence: r.amountPence,
    schedule: splitOverInstalments(r.amountPence, r.instalmentCount!),
    taken: given.filter((g) => g.recoveryId === r.id).map((g) => g.amountPence),
  }));
  const taken = [];
  for (const part of deductionsFrom(
    input.amountPence,
    owed.filter((r) => outstandingOf(r) > 0),
  )) {
    const recovery = open.find((r) => r.id === part.recoveryId)!;
    const posted = await postEntry(tx, {
      idempotencyKey: `recovery:${recovery.id}:instalment:${input.instalmentId}`,
      kind: "clawback",
      effectiveDate: input.effectiveDate,
      description: `Taken from instalment ${input.instalmentNumber}: part ${part.part} of the ${formatPence(recovery.amountPence)} asked back in our letter of ${longDate(recovery.decidedOn!)}`,
      lines: [
        { accountId: input.accounts.arrangement, amountPence: -part.amountPence },
        { accountId: input.accounts.funding, amountPence: part.amountPence },
      ],
      actor: input.actor,
      onBehalfOf: input.holderId,
      sourceType: "recovery",
      sourceId: recovery.id,
    });
    if (!posted.ok) continue;
    await tx
      .insert(recoveryDeductions)
      .values({
        commissionerId: posted.entry.commissionerId,
        recoveryId: recovery.id,
        part: part.part,
        instalmentId: input.instalmentId,
        journalEntryId: posted.entry.id,
        amountPence: part.amountPence,
      })
      .onConflictDoNothing();
    taken.push(part);
  }
  return taken;
}
