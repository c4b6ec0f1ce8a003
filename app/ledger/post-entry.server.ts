import { eq, getTableColumns, is, sql } from "drizzle-orm";
import { PgTransaction } from "drizzle-orm/pg-core";
import { pgErrorOf, retryConflicts, type Database } from "#db/client.server";
import { journalEntries, postings, spendingSettings } from "#db/schema";
import type { Actor } from "~/audit/audit.server";
import {
  checkEffectiveDate,
  checkLines,
  hashContent,
  mirrorLines,
  notEnoughMoneyMessage,
  periodClosedMessage,
  todayInUk,
  type EntryKind,
  type EntryLine,
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
  /** The plan support line (its key) that money out of or back into an arrangement counts against. */
  supportLineKey?: string | null;
}

export type JournalEntry = typeof journalEntries.$inferSelect;

export type PostEntryRefusal = "invalid" | "unknown-account" | "idempotency-conflict" | "not-enough-money" | "already-reversed" | "period-closed" | "not-found";

export type PostEntryResult =
  { ok: true; entry: JournalEntry; replayed: boolean } | { ok: false; reason: PostEntryRefusal; message: string; accountId?: number; closedThrough?: string };

/**
 * Posts one business event as a balanced journal entry, with its audit row, in one transaction.
 *
 * The work is one call to `ledger_post_entries` (db/migrations/0013) with a batch of one, so an entry costs one round
 * trip: its accounts are locked in id order (so two postings on the same accounts queue up rather than deadlock); a
 * key seen before returns the entry it made, or is refused if the content differs; an entry dated in a period
 * finance has closed is refused; an account that may not go below £0.00 is checked against its balance at the
 * effective date and every later balance; then the entry, its postings, the cached balances and the audit row are
 * written. Given a transaction, it joins it. Otherwise it is its own transaction, and the postings that arrive while
 * another is being committed go together in one (see PostingBatcher), each still checked, written and audited as
 * if alone.
 */
export async function postEntry(db: Database, input: PostEntryInput): Promise<PostEntryResult> {
  const prepared = prepareEntry(input);
  if (!prepared.ok) return prepared;
  let outcome: PostOutcome;
  try {
    // In a caller's transaction: a batch of one, in it. Otherwise through the batcher.
    outcome = is(db, PgTransaction) ? (await postBatch(db, [prepared.params]))[0] : await batcherFor(db).post(prepared.params);
  } catch (error) {
    // Kept from the transaction version: the function itself reports a second reversal without an error.
    if (pgErrorOf(error)?.code === "23505" && input.reversesEntryId) {
      return { ok: false, reason: "already-reversed", message: "This entry has already been reversed" };
    }
    throw error;
  }
  return resultOf(outcome, prepared.params);
}

/**
 * Many entries in the caller's transaction, each checked, written and audited as postEntry would, in the order
 * given; a few calls to `ledger_post_entries` instead of one per entry. For work that is all or nothing (a payroll
 * run): the caller rolls back on the first refusal.
 */
export async function postEntries(tx: Database, inputs: PostEntryInput[]): Promise<PostEntryResult[]> {
  if (!is(tx, PgTransaction)) throw new Error("postEntries posts inside its caller's transaction");
  const results: PostEntryResult[] = [];
  const pending: PostParams[] = [];
  const flush = async () => {
    if (pending.length === 0) return;
    const batch = pending.splice(0);
    const outcomes = await postBatch(tx, batch);
    outcomes.forEach((o, i) => results.push(resultOf(o, batch[i])));
  };
  for (const input of inputs) {
    const prepared = prepareEntry(input);
    if (!prepared.ok) {
      await flush();
      results.push(prepared);
      continue;
    }
    pending.push(prepared.params);
    if (pending.length >= ENTRIES_PER_CALL) await flush();
  }
  await flush();
  return results;
}

/** Enough entries per call to make round trips rare, few enough that one call's JSON stays small. */
const ENTRIES_PER_CALL = 500;

type Refusal = Extract<PostEntryResult, { ok: false }>;

/** Checks an entry as given and turns it into the posting function's parameters. */
function prepareEntry(input: PostEntryInput): { ok: true; params: PostParams } | Refusal {
  const description = input.description ?? defaultDescription(input.kind);
  const lineCheck = checkLines(input.lines);
  if (!lineCheck.ok) return { ok: false, reason: "invalid", message: lineCheck.message };
  const dateCheck = checkEffectiveDate(input.effectiveDate);
  if (!dateCheck.ok) return { ok: false, reason: "invalid", message: dateCheck.message };
  if (!input.idempotencyKey || input.idempotencyKey.length > 200) {
    return { ok: false, reason: "invalid", message: "An entry needs an idempotency key of up to 200 characters" };
  }
  const onBehalfOfHolderId = input.onBehalfOf ?? null;
  const supportLineKey = input.supportLineKey ?? null;
  const contentHash = hashContent({ ...input, description, onBehalfOfHolderId, supportLineKey });
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
    supportLineKey,
  };
  return {
    ok: true,
    params: {
      idempotency_key: input.idempotencyKey,
      kind: input.kind,
      effective_date: input.effectiveDate,
      description,
      content_hash: contentHash,
      actor_user_id: input.actor.userId,
      on_behalf_of_holder_id: onBehalfOfHolderId,
      source_type: input.sourceType ?? null,
      source_id: input.sourceId ?? null,
      reverses_entry_id: reversesEntryId,
      reason,
      support_line_key: supportLineKey,
      // Safe integers, checked above: array literals, so that each is one text parameter on both drivers.
      account_ids: `{${input.lines.map((l) => l.accountId).join(",")}}`,
      amounts: `{${input.lines.map((l) => l.amountPence).join(",")}}`,
      audit_on_behalf_of_holder_id: onBehalfOfHolderId ?? input.actor.onBehalfOfHolderId ?? null,
      audit_action: input.kind === "reversal" ? "ledger.entry-reversed" : "ledger.entry-posted",
      audit_after: auditAfter,
      request_id: input.actor.requestId ?? null,
    },
  };
}

function resultOf(outcome: PostOutcome, params: PostParams): PostEntryResult {
  switch (outcome.outcome) {
    case "posted":
      return { ok: true, entry: entryFromJson(outcome.entry), replayed: false };
    case "existing":
      return replayOf(entryFromJson(outcome.entry), params.content_hash, params.idempotency_key);
    case "not-enough-money":
      return { ok: false, reason: "not-enough-money", message: notEnoughMoneyMessage(Number(outcome.available)), accountId: Number(outcome.account_id) };
    case "unknown-account":
      return { ok: false, reason: "unknown-account", message: "An entry line names an account that does not exist" };
    case "period-closed":
      return { ok: false, reason: "period-closed", message: periodClosedMessage(outcome.closed_through), closedThrough: outcome.closed_through };
    case "mixed-commissioners":
      return { ok: false, reason: "invalid", message: "All the accounts of an entry must belong to one commissioner" };
    case "already-reversed":
      return { ok: false, reason: "already-reversed", message: "This entry has already been reversed" };
  }
}

/** What `ledger_post_one` answers for each entry (db/migrations/0013). */
type PostOutcome =
  | { outcome: "posted" | "existing"; entry: Record<string, unknown> }
  | { outcome: "not-enough-money"; available: number | string; account_id: number | string }
  | { outcome: "period-closed"; closed_through: string }
  | { outcome: "unknown-account" | "mixed-commissioners" | "already-reversed" };

/** One entry's parameters for `ledger_post_entries`, by name. */
interface PostParams {
  idempotency_key: string;
  kind: EntryKind;
  effective_date: string;
  description: string;
  content_hash: string;
  actor_user_id: string | null;
  on_behalf_of_holder_id: string | null;
  source_type: string | null;
  source_id: string | null;
  reverses_entry_id: number | null;
  reason: string | null;
  support_line_key: string | null;
  account_ids: string;
  amounts: string;
  audit_on_behalf_of_holder_id: string | null;
  audit_action: string;
  audit_after: unknown;
  request_id: string | null;
}

/**
 * Entries in one transaction (`ledger_post_entries`), one or several; the answers in the same order. A prepared
 * statement: postgres.js sends an unnamed statement with parameters in two round trips (describe, then execute); a
 * prepared one is described once per connection, then takes one.
 */
async function postBatch(db: Database, batch: PostParams[]): Promise<PostOutcome[]> {
  const [row] = await db
    .select({ outcomes: sql<PostOutcome[]>`outcomes` })
    .from(sql`ledger_post_entries(${JSON.stringify(batch)}::jsonb) as outcomes`)
    .prepare("ledger_post_entries")
    .execute();
  return row.outcomes;
}

const MAX_BATCH = 64;
/** Two batches at a time: one is built and answered in Node while the other is with the database. */
const MAX_IN_FLIGHT = 2;

/**
 * Group commit for postings. While batches are with the database, the postings that arrive wait and then go
 * together, in one transaction that locks all their accounts in id order first: an account everyone spends from
 * is locked and committed once per batch instead of once per entry. A posting that arrives when nothing is in
 * flight goes at once, on its own. Each entry in a batch is still checked, written and audited as if alone (in
 * arrival order, seeing the balances the earlier ones left); a refusal is one entry's answer. If the batch fails
 * as a whole (an error, not a refusal), nothing of it was committed and its entries are posted one by one, so an
 * error reaches only the posting that causes it.
 */
class PostingBatcher {
  private waiting: { params: PostParams; resolve: (o: PostOutcome) => void; reject: (e: unknown) => void }[] = [];
  private inFlight = 0;

  constructor(private readonly db: Database) {}

  post(params: PostParams): Promise<PostOutcome> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ params, resolve, reject });
      if (this.inFlight < MAX_IN_FLIGHT) void this.drain();
    });
  }

  private async drain() {
    this.inFlight++;
    try {
      while (this.waiting.length > 0) {
        const batch = this.waiting.splice(0, MAX_BATCH);
        let outcomes: PostOutcome[] | null = null;
        if (batch.length > 1)
          outcomes = await postBatch(
            this.db,
            batch.map((c) => c.params),
          ).catch(() => null);
        if (outcomes && outcomes.length === batch.length) {
          batch.forEach((c, i) => c.resolve(outcomes[i]));
          continue;
        }
        for (const c of batch) await retryConflicts(() => postBatch(this.db, [c.params])).then(([o]) => c.resolve(o), c.reject);
      }
    } finally {
      this.inFlight--;
    }
  }
}

const batchers = new WeakMap<Database, PostingBatcher>();

function batcherFor(db: Database): PostingBatcher {
  let batcher = batchers.get(db);
  if (!batcher) batchers.set(db, (batcher = new PostingBatcher(db)));
  return batcher;
}

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
 * Undoes an entry with its mirror image, counted against the same support line. While the original's period is
 * open the reversal is dated like it, so the two sit together on a statement and every balance after it reads as
 * though the mistake had not been made; once finance has closed that period, it is dated today (or the date given),
 * in the open period, and still names the entry it corrects. An entry is reversed once.
 */
export async function reverseEntry(db: Database, input: { entryId: number; reason: string; actor: Actor; effectiveDate?: string }): Promise<PostEntryResult> {
  const reason = input.reason.trim();
  if (!reason) return { ok: false, reason: "invalid", message: "Enter why the entry is being reversed" };
  const [original] = await db.select().from(journalEntries).where(eq(journalEntries.id, input.entryId));
  if (!original) return { ok: false, reason: "not-found", message: `There is no entry ${input.entryId}` };
  if (original.kind === "reversal") {
    return { ok: false, reason: "invalid", message: "A reversal cannot itself be reversed: post a new entry instead" };
  }
  const [already] = await db.select({ id: journalEntries.id }).from(journalEntries).where(eq(journalEntries.reversesEntryId, original.id));
  if (already) return { ok: false, reason: "already-reversed", message: `This entry has already been reversed by entry ${already.id}` };
  const legs = await db
    .select({ accountId: postings.accountId, amountPence: postings.amountPence })
    .from(postings)
    .where(eq(postings.entryId, original.id))
    .orderBy(postings.id);
  const closedThrough = await closedThroughOf(db, original.commissionerId);
  const closed = closedThrough && original.effectiveDate <= closedThrough;
  return postEntry(db, {
    idempotencyKey: `reversal:${original.id}`,
    kind: "reversal",
    effectiveDate: input.effectiveDate ?? (closed ? todayInUk() : original.effectiveDate),
    description: `Reversal of: ${original.description}`,
    lines: mirrorLines(legs),
    actor: input.actor,
    onBehalfOf: original.onBehalfOfHolderId,
    reversesEntryId: original.id,
    reason,
    supportLineKey: original.supportLineKey,
  });
}

/** The last day of the periods finance has closed for a commissioner (the ledger refuses entries on or before it), or null. */
export async function closedThroughOf(db: Database, commissionerId: string): Promise<string | null> {
  const [settings] = await db
    .select({ closedThrough: spendingSettings.closedThrough })
    .from(spendingSettings)
    .where(eq(spendingSettings.commissionerId, commissionerId));
  return settings?.closedThrough ?? null;
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
