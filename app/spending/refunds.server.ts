import { and, eq } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { payees } from "#db/schema";
import type { Actor } from "~/audit/audit.server";
import { openArrangement } from "~/budgets/arrangements.server";
import type { Pence } from "~/ledger/money";
import { postEntry, type PostEntryResult } from "~/ledger/post-entry.server";
import { loadPlanInForce } from "~/plans/plan-in-force.server";

/**
 * Money a payee paid back into the holder's budget (a class cancelled, an overcharge): one ledger entry from the
 * payee's account into the arrangement that paid for the line, counted against that line, so it reduces what the line
 * has spent. Keyed by the caller's token: the same refund recorded twice posts once. Its audit row is the entry's.
 */
export async function recordRefund(
  db: Database,
  input: { actor: Actor; holderId: string; payeeId: string; supportLineId: string; amountPence: Pence; receivedOn: string; whatFor: string; token: string },
): Promise<PostEntryResult> {
  return db.transaction(async (tx) => {
    const plan = await loadPlanInForce(tx, input.holderId);
    const line = plan?.lines.find((l) => l.id === input.supportLineId);
    if (!plan || !line) return { ok: false as const, reason: "invalid" as const, message: "Select the support line the money was spent on" };
    const [payee] = await tx
      .select()
      .from(payees)
      .where(and(eq(payees.id, input.payeeId), eq(payees.holderId, input.holderId)));
    if (!payee) return { ok: false as const, reason: "invalid" as const, message: "Select who paid the money back" };
    const { account } = await openArrangement(tx, {
      commissionerId: plan.version.commissionerId,
      holderId: input.holderId,
      holding: line.holding,
      supportOrganisationId: line.thirdPartyOrganisationId,
      on: input.receivedOn,
    });
    return postEntry(tx, {
      idempotencyKey: `refund:${input.token}`,
      kind: "refund",
      effectiveDate: input.receivedOn,
      description: `${input.whatFor.trim()} (${payee.name})`,
      lines: [
        { accountId: payee.ledgerAccountId, amountPence: -input.amountPence },
        { accountId: account.id, amountPence: input.amountPence },
      ],
      actor: input.actor,
      onBehalfOf: input.holderId,
      sourceType: "refund",
      supportLineKey: line.lineKey,
    });
  });
}
