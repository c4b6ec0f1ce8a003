import { eq, getTableColumns, is, sql } from "drizzle-orm";
import { PgTransaction } from "drizzle-orm/pg-core";
import { pgErrorOf, type Database } from "#db/client.server";
import { journalEntries, postings } from "#db/schema";
import type { Actor } from "~/audit/audit.server";
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
 * The work is one call to the `ledger_post_entry` database function (migrations 0005, 0006), so an entry costs one
 * round trip. A key seen before returns the entry it made, or is refused if the content differs; the entry, its
 * postings and the audit row are written; then the accounts are locked in id order (so two postings on the same
 * accounts queue up rather than deadlock) and an account that may not go below £0.00 is checked against its
 * balance at the effective date and every later balance, refusing (and undoing the rows) if it would; then the
 * cached balances are updated. The account locks are held from there to the commit. Run on its own, the statement
 * is its own transaction; given a transaction, it joins it under a savepoint.
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
  const reversesEntryId = input.reversesEntryId ?? null;
  const reason = input.reason ?? null;
  const auditAfter = {
    kind: input.kind,
    effectiveDate: input.effectiveDate,
    description,
    idempotencyKey: input.idempotencyKey,
    lines: input.lines,
    reversesEntryId,
    reason,
  };
  // Safe integers, checked above: written as array literals so that both drivers send one text parameter each.
  const accountIds = `{${input.lines.map((l) => l.accountId).join(",")}}`;
  const amounts = `{${input.lines.map((l) => l.amountPence).join(",")}}`;

  // A named (prepared) statement: postgres.js sends an unnamed statement with parameters in two round trips
  // (describe, then execute); a prepared one is described once per connection and then takes one.
  const call = async (conn: Database) => {
    const [row] = await conn
      .select({ outcome: sql<PostOutcome>`outcome` })
      .from(sql`ledger_post_entry(
        ${input.idempotencyKey}, ${input.kind}::journal_entry_kind, ${input.effectiveDate}::date, ${description},
        ${contentHash}, ${input.actor.userId}::uuid, ${onBehalfOfHolderId}::uuid, ${input.sourceType ?? null}::text,
        ${input.sourceId ?? null}::text, ${reversesEntryId}::bigint, ${reason}::text, ${accountIds}::bigint[],
        ${amounts}::bigint[], ${onBehalfOfHolderId ?? input.actor.onBehalfOfHolderId ?? null}::uuid,
        ${input.kind === "reversal" ? "ledger.entry-reversed" : "ledger.entry-posted"}::text,
        ${JSON.stringify(auditAfter)}::jsonb, ${input.actor.requestId ?? null}::text
      ) as outcome`)
      .prepare("ledger_post_entry")
      .execute();
    return row.outcome;
  };

  let outcome: PostOutcome;
  try {
    // On its own the statement is its own transaction. In a caller's transaction it runs under a savepoint, so a
    // refusal (which the function raises, to undo the rows it wrote before locking) leaves that transaction usable.
    outcome = is(db, PgTransaction) ? await db.transaction(call) : await call(db);
  } catch (error) {
    const pgError = pgErrorOf(error);
    const refusal = pgError?.code === "PHB01" ? /account (\d+): (-?\d+) pence available/.exec(pgError.message) : null;
    if (refusal) {
      return { ok: false, reason: "not-enough-money", message: notEnoughMoneyMessage(Number(refusal[2])), accountId: Number(refusal[1]) };
    }
    // Kept from the transaction version: the function itself reports a second reversal without an error.
    if (pgError?.code === "23505" && input.reversesEntryId) {
      return { ok: false, reason: "already-reversed", message: "This entry has already been reversed" };
    }
    throw error;
  }

  switch (outcome.outcome) {
    case "posted":
      return { ok: true, entry: entryFromJson(outcome.entry), replayed: false };
    case "existing":
      return replayOf(entryFromJson(outcome.entry), contentHash, input.idempotencyKey);
    case "not-enough-money":
      return { ok: false, reason: "not-enough-money", message: notEnoughMoneyMessage(Number(outcome.available)), accountId: Number(outcome.account_id) };
    case "unknown-account":
      return { ok: false, reason: "unknown-account", message: "An entry line names an account that does not exist" };
    case "mixed-commissioners":
      return { ok: false, reason: "invalid", message: "All the accounts of an entry must belong to one commissioner" };
    case "already-reversed":
      return { ok: false, reason: "already-reversed", message: "This entry has already been reversed" };
  }
}

/** What `ledger_post_entry` answers (db/migrations/0005 and 0006); "not enough money" is raised as PHB01. */
type PostOutcome =
  | { outcome: "posted" | "existing"; entry: Record<string, unknown> }
  | { outcome: "not-enough-money"; available: number | string; account_id: number | string }
  | { outcome: "unknown-account" | "mixed-commissioners" | "already-reversed" };

/** A journal_entries row from `to_jsonb`, mapped to what a drizzle select returns (numbers, date strings, Dates). */
function entryFromJson(json: Record<string, unknown>): JournalEntry {
  const entry: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(getTableColumns(journalEntries))) {
    const value = json[column.name];
    entry[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
  }
  return entry as JournalEntry;
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

function replayOf(earlier: JournalEntry, contentHash: string, key: string): PostEntryResult {
  if (earlier.contentHash === contentHash) return { ok: true, entry: earlier, replayed: true };
  return {
    ok: false,
    reason: "idempotency-conflict",
    message: `The idempotency key "${key}" was already used for entry ${earlier.id} with different details: nothing was posted`,
  };
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
