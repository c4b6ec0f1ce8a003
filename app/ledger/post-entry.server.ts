import { and, eq, inArray, sql } from "drizzle-orm";
import { pgErrorOf, rowsOf, type Database } from "#db/client.server";
import { journalEntries, ledgerAccounts, postings } from "#db/schema";
import { recordAudit, type Actor } from "~/audit/audit.server";
import {
  checkEffectiveDate, checkLines, hashContent, mirrorLines, notEnoughMoneyMessage, type EntryKind, type EntryLine,
} from "./entries";

export interface PostEntryInput {
  idempotencyKey: string;
  kind: EntryKind;
  effectiveDate: string;
  description?: string;
  lines: EntryLine[];
  actor: Actor;
  /** The holder the money moved for, when there is one. */
  onBehalfOf?: string | null;
  sourceType?: string | null;
  sourceId?: string | null;
  reversesEntryId?: number | null;
  reason?: string | null;
}

export type JournalEntry = typeof journalEntries.$inferSelect;

export type PostEntryRefusal =
  | "invalid"
  | "unknown-account"
  | "idempotency-conflict"
  | "not-enough-money"
  | "already-reversed"
  | "not-found";

export type PostEntryResult =
  | { ok: true; entry: JournalEntry; replayed: boolean }
  | { ok: false; reason: PostEntryRefusal; message: string; accountId?: number };

/**
 * Posts one business event as a balanced journal entry, with its audit row, in one transaction.
 *
 * The accounts are locked in id order first (so two postings on the same accounts queue up rather than deadlock),
 * then: a key seen before returns the entry it made, or is refused if the content differs; an account that may not
 * go below £0.00 is checked against its balance at the effective date and every later balance.
 */
export async function postEntry(db: Database, input: PostEntryInput): Promise<PostEntryResult> {
  const description = input.description ?? defaultDescription(input.kind);
  const lineCheck = checkLines(input.lines);
  if (!lineCheck.ok) return { ok: false, reason: "invalid", message: lineCheck.message };
  const dateCheck = checkEffectiveDate(input.effectiveDate);
  if (!dateCheck.ok) return { ok: false, reason: "invalid", message: dateCheck.message };
  if (!input.idempotencyKey || input.idempotencyKey.length > 200) {
    return { ok: false, reason: "invalid", message: "An entry needs an idempotency key of up to 200 characters" };
  }
  const onBehalfOfHolderId = input.onBehalfOf ?? null;
  const contentHash = hashContent({ ...input, description, onBehalfOfHolderId });

  try {
    return await db.transaction(async (tx) => {
      const accountIds = input.lines.map((l) => l.accountId).sort((a, b) => a - b);
      const locked = await tx
        .select({
          id: ledgerAccounts.id,
          commissionerId: ledgerAccounts.commissionerId,
          mayOverdraw: ledgerAccounts.mayOverdraw,
          balancePence: ledgerAccounts.balancePence,
          latestEffectiveDate: ledgerAccounts.latestEffectiveDate,
        })
        .from(ledgerAccounts)
        .where(inArray(ledgerAccounts.id, accountIds))
        .orderBy(ledgerAccounts.id)
        .for("update");
      if (locked.length !== accountIds.length) return { ok: false, reason: "unknown-account", message: "An entry line names an account that does not exist" };
      const commissionerId = locked[0].commissionerId;
      if (locked.some((a) => a.commissionerId !== commissionerId)) {
        return { ok: false, reason: "invalid", message: "All the accounts of an entry must belong to one commissioner" };
      }

      const earlier = await findByKey(tx, commissionerId, input.idempotencyKey);
      if (earlier) return replayOf(earlier, contentHash, input.idempotencyKey);

      for (const line of input.lines) {
        const account = locked.find((a) => a.id === line.accountId)!;
        if (account.mayOverdraw || line.amountPence > 0) continue;
        const available =
          account.latestEffectiveDate === null || input.effectiveDate >= account.latestEffectiveDate
            ? account.balancePence
            : await availableAt(tx, account.id, input.effectiveDate);
        if (available + line.amountPence < 0) {
          return { ok: false, reason: "not-enough-money", message: notEnoughMoneyMessage(available), accountId: account.id };
        }
      }

      const [entry] = await tx
        .insert(journalEntries)
        .values({
          commissionerId,
          kind: input.kind,
          effectiveDate: input.effectiveDate,
          description,
          idempotencyKey: input.idempotencyKey,
          contentHash,
          actorUserId: input.actor.userId,
          onBehalfOfHolderId,
          sourceType: input.sourceType ?? null,
          sourceId: input.sourceId ?? null,
          reversesEntryId: input.reversesEntryId ?? null,
          reason: input.reason ?? null,
        })
        .onConflictDoNothing({ target: [journalEntries.commissionerId, journalEntries.idempotencyKey] })
        .returning();
      if (!entry) {
        // Another transaction on other accounts took the key between our look-up and our insert.
        const winner = await findByKey(tx, commissionerId, input.idempotencyKey);
        return replayOf(winner!, contentHash, input.idempotencyKey);
      }

      await tx.insert(postings).values(
        input.lines.map((l) => ({ entryId: entry.id, accountId: l.accountId, amountPence: l.amountPence, effectiveDate: input.effectiveDate })),
      );
      for (const line of input.lines) {
        await tx
          .update(ledgerAccounts)
          .set({
            balancePence: sql`${ledgerAccounts.balancePence} + ${line.amountPence}`,
            latestEffectiveDate: sql`greatest(${ledgerAccounts.latestEffectiveDate}, ${input.effectiveDate}::date)`,
          })
          .where(eq(ledgerAccounts.id, line.accountId));
      }
      await recordAudit(tx, { ...input.actor, commissionerId, onBehalfOfHolderId: onBehalfOfHolderId ?? input.actor.onBehalfOfHolderId }, {
        action: input.kind === "reversal" ? "ledger.entry-reversed" : "ledger.entry-posted",
        entityType: "journal-entry",
        entityId: String(entry.id),
        after: {
          kind: entry.kind,
          effectiveDate: entry.effectiveDate,
          description,
          idempotencyKey: entry.idempotencyKey,
          lines: input.lines,
          reversesEntryId: entry.reversesEntryId,
          reason: entry.reason,
        },
      });
      return { ok: true, entry, replayed: false };
    });
  } catch (error) {
    // Two reversals of one entry racing: the unique index lets one through.
    if (pgErrorOf(error)?.code === "23505" && input.reversesEntryId) {
      return { ok: false, reason: "already-reversed", message: "This entry has already been reversed" };
    }
    throw error;
  }
}

/**
 * Undoes an entry with its mirror image, dated like the original so the two sit together on a statement and
 * every balance after it reads as though the mistake had not been made. An entry is reversed once.
 */
export async function reverseEntry(
  db: Database,
  input: { entryId: number; reason: string; actor: Actor; effectiveDate?: string },
): Promise<PostEntryResult> {
  const reason = input.reason.trim();
  if (!reason) return { ok: false, reason: "invalid", message: "Enter why the entry is being reversed" };
  const [original] = await db.select().from(journalEntries).where(eq(journalEntries.id, input.entryId));
  if (!original) return { ok: false, reason: "not-found", message: `There is no entry ${input.entryId}` };
  if (original.kind === "reversal") {
    return { ok: false, reason: "invalid", message: "A reversal cannot itself be reversed: post a new entry instead" };
  }
  const [already] = await db
    .select({ id: journalEntries.id })
    .from(journalEntries)
    .where(eq(journalEntries.reversesEntryId, original.id));
  if (already) return { ok: false, reason: "already-reversed", message: `This entry has already been reversed by entry ${already.id}` };
  const legs = await db
    .select({ accountId: postings.accountId, amountPence: postings.amountPence })
    .from(postings)
    .where(eq(postings.entryId, original.id))
    .orderBy(postings.id);
  return postEntry(db, {
    idempotencyKey: `reversal:${original.id}`,
    kind: "reversal",
    effectiveDate: input.effectiveDate ?? original.effectiveDate,
    description: `Reversal of: ${original.description}`,
    lines: mirrorLines(legs),
    actor: input.actor,
    onBehalfOf: original.onBehalfOfHolderId,
    reversesEntryId: original.id,
    reason,
  });
}

async function findByKey(db: Database, commissionerId: string, idempotencyKey: string) {
  const [row] = await db
    .select()
    .from(journalEntries)
    .where(and(eq(journalEntries.commissionerId, commissionerId), eq(journalEntries.idempotencyKey, idempotencyKey)));
  return row ?? null;
}

function replayOf(earlier: JournalEntry, contentHash: string, key: string): PostEntryResult {
  if (earlier.contentHash === contentHash) return { ok: true, entry: earlier, replayed: true };
  return {
    ok: false,
    reason: "idempotency-conflict",
    message: `The idempotency key "${key}" was already used for entry ${earlier.id} with different details: nothing was posted`,
  };
}

/** The least a no-overdraw account holds at `date` or at any later point, in effective-date-then-entry order. */
async function availableAt(db: Database, accountId: number, date: string): Promise<number> {
  const [row] = rowsOf<{ available: string | number }>(
    await db.execute(sql`
      with running as (
        select effective_date,
               sum(amount_pence) over (order by effective_date, entry_id, id rows unbounded preceding) as balance
          from postings where account_id = ${accountId}
      )
      select least(
        coalesce((select sum(amount_pence) from postings where account_id = ${accountId} and effective_date <= ${date}::date), 0),
        coalesce((select min(balance) from running where effective_date > ${date}::date), 9223372036854775807)
      )::bigint as available`),
  );
  return Number(row.available);
}

function defaultDescription(kind: EntryKind): string {
  return {
    instalment: "Direct payment instalment",
    spend: "Spending",
    "card-transaction": "Card payment",
    payroll: "Payroll",
    refund: "Refund",
    clawback: "Money returned to the NHS",
    adjustment: "Adjustment",
    reversal: "Reversal",
  }[kind];
}
