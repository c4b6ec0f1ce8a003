import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { pgErrorOf, rowsOf, type Database } from "#db/client.server";
import {
  arrangements,
  bankAccounts,
  bankLineMatches,
  bankStatementLines,
  ledgerAccounts,
  payees,
  periodReconciliations,
  reconciliationSettings,
} from "#db/schema";
import { recordAudit, type Actor } from "~/audit/audit.server";
import { isUuid } from "~/http/ids";
import { loadPlanInForce } from "~/plans/plan-in-force.server";
import { recordRefund } from "~/spending/refunds.server";
import { logSpend } from "~/spending/spends.server";
import { DEFAULT_MATCH_WINDOW_DAYS, proposeMatches, type BankLineToMatch, type LedgerItem } from "./matching";
import { shiftDays } from "./periods";

export type MatchResult = { ok: true } | { ok: false; message: string; field?: string };

/** Where a holder's direct payment is, in the bank (its accounts, current and replaced) and in the ledger. */
export interface DirectPaymentAccounts {
  commissionerId: string;
  arrangementId: string;
  ledgerAccountIds: number[];
  bankAccountIds: string[];
}

export async function directPaymentAccounts(db: Database, holderId: string): Promise<DirectPaymentAccounts | null> {
  const [arrangement] = await db
    .select({ id: arrangements.id, commissionerId: arrangements.commissionerId })
    .from(arrangements)
    .where(and(eq(arrangements.holderId, holderId), eq(arrangements.holding, "direct-payment")));
  if (!arrangement) return null;
  const [ledger, bank] = await Promise.all([
    db.select({ id: ledgerAccounts.id }).from(ledgerAccounts).where(eq(ledgerAccounts.arrangementId, arrangement.id)),
    db.select({ id: bankAccounts.id }).from(bankAccounts).where(eq(bankAccounts.arrangementId, arrangement.id)),
  ]);
  return {
    commissionerId: arrangement.commissionerId,
    arrangementId: arrangement.id,
    ledgerAccountIds: ledger.map((a) => a.id),
    bankAccountIds: bank.map((a) => a.id),
  };
}

export async function matchWindowDays(db: Database, commissionerId: string) {
  const [settings] = await db.select().from(reconciliationSettings).where(eq(reconciliationSettings.commissionerId, commissionerId));
  return settings?.matchWindowDays ?? DEFAULT_MATCH_WINDOW_DAYS;
}

export type LedgerItemSeen = LedgerItem & { kind: string; description: string };

/** Ids for an `in (...)` of raw SQL: ledger account ids as numbers, bank account ids as uuids. */
export const ledgerIds = (ids: number[]) =>
  sql.join(
    ids.map((id) => sql`${id}`),
    sql`, `,
  );
export const uuidList = (ids: string[]) =>
  sql.join(
    ids.map((id) => sql`${id}::uuid`),
    sql`, `,
  );

/**
 * The entries that moved money in or out of the direct payment in a period and no bank line is matched to yet. An
 * entry between the arrangement's own accounts (money carried over) moves nothing at the bank; an entry reversed, and
 * its reversal, were never money at the bank either.
 */
export async function unmatchedLedgerItems(db: Database, accounts: DirectPaymentAccounts, from: string, to: string): Promise<LedgerItemSeen[]> {
  if (accounts.ledgerAccountIds.length === 0) return [];
  const list = ledgerIds(accounts.ledgerAccountIds);
  const rows = rowsOf<{
    entry_id: string;
    effective_date: string;
    kind: string;
    description: string;
    amount: string;
    reference: string | null;
    payee: string | null;
    pay_by: string | null;
  }>(
    await db.execute(sql`
      select e.id as entry_id, e.effective_date, e.kind, e.description, sum(p.amount_pence) as amount,
        coalesce(min(i.payment_reference), min(r.payment_reference)) as reference, min(r.repay_by) as pay_by,
        (select min(la.name) from postings o join ledger_accounts la on la.id = o.account_id
          where o.entry_id = e.id and o.account_id not in (${list})) as payee
      from (
        select entry_id, amount_pence from postings where account_id in (${list}) and effective_date between ${from} and ${to}
        -- A recovery decided before these dates may be paid back during them.
        union all
        select p.entry_id, p.amount_pence from recoveries r join postings p on p.entry_id = r.journal_entry_id
        where r.repay_by >= ${from} and p.account_id in (${list}) and p.effective_date < ${from}
      ) p
      join journal_entries e on e.id = p.entry_id
      left join instalments i on i.journal_entry_id = e.id
      left join recoveries r on r.journal_entry_id = e.id
      where e.kind <> 'reversal'
        and not exists (select 1 from journal_entries r where r.reverses_entry_id = e.id)
        and not exists (select 1 from bank_line_matches m where m.journal_entry_id = e.id and m.unmatched_at is null)
      group by e.id
      having sum(p.amount_pence) <> 0
      order by e.effective_date, e.id`),
  );
  return rows.map((r) => ({
    entryId: Number(r.entry_id),
    date: String(r.effective_date).slice(0, 10),
    amountPence: Number(r.amount),
    reference: r.reference,
    payee: r.payee,
    kind: r.kind,
    description: r.description,
    payBy: r.pay_by === null ? null : String(r.pay_by).slice(0, 10),
  }));
}

export async function unmatchedBankLines(db: Database, accounts: DirectPaymentAccounts, from: string, to: string): Promise<BankLineToMatch[]> {
  if (accounts.bankAccountIds.length === 0) return [];
  const rows = rowsOf<{ id: string; line_date: string; amount_pence: string; description: string; reference: string | null }>(
    await db.execute(sql`
      select l.id, l.line_date, l.amount_pence, l.description, l.reference
      from bank_statement_lines l
      where l.bank_account_id in (${uuidList(accounts.bankAccountIds)}) and l.line_date between ${from} and ${to}
        and not exists (select 1 from bank_line_matches m where m.bank_line_id = l.id and m.unmatched_at is null)
      order by l.line_date, l.id`),
  );
  return rows.map((r) => ({
    id: r.id,
    date: String(r.line_date).slice(0, 10),
    amountPence: Number(r.amount_pence),
    description: r.description,
    reference: r.reference,
  }));
}

/**
 * Matches the period's bank lines to the ledger where the match is certain (the amount, the dates, and the
 * instalment's reference or the payee's name), as the person who imported the statement. Lines that are only
 * likely are left to be suggested. Returns how many lines it matched.
 */
export async function matchAutomatically(tx: Database, input: { actor: Actor; holderId: string; from: string; to: string }): Promise<number> {
  const accounts = await directPaymentAccounts(tx, input.holderId);
  const matchedBy = input.actor.userId;
  if (!accounts || !matchedBy) return 0;
  const window = await matchWindowDays(tx, accounts.commissionerId);
  const [lines, items] = await Promise.all([
    unmatchedBankLines(tx, accounts, input.from, input.to),
    unmatchedLedgerItems(tx, accounts, shiftDays(input.from, -window), shiftDays(input.to, window)),
  ]);
  const certain = proposeMatches(lines, items, window).filter((p) => p.certain);
  if (certain.length === 0) return 0;
  // All the matches in one statement, as one JSON parameter: drizzle building a multi-row insert, at eight parameters a
  // match, took longer than PostgreSQL took to run it.
  const rows = certain.map((p) => ({ bank_line_id: p.lineId, journal_entry_id: p.entryId, note: p.reasons.join(", ") }));
  const inserted = await tx.execute(sql`
    insert into bank_line_matches (commissioner_id, holder_id, bank_line_id, outcome, journal_entry_id, how, note, matched_by)
    select ${accounts.commissionerId}::uuid, ${input.holderId}::uuid, m.bank_line_id, 'ledger-entry', m.journal_entry_id, 'automatic', m.note, ${matchedBy}::uuid
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as m(bank_line_id uuid, journal_entry_id bigint, note text)
    on conflict do nothing
    returning id`);
  const matched = rowsOf(inserted).length;
  await recordAudit(
    tx,
    { ...input.actor, onBehalfOfHolderId: input.holderId },
    { action: "bank-lines.matched-automatically", entityType: "holder", entityId: input.holderId, after: { from: input.from, to: input.to, matched } },
  );
  return matched;
}

/** The bank line, when it is the holder's, and what it is matched to now. */
async function holderLine(tx: Database, accounts: DirectPaymentAccounts, lineId: string) {
  if (!isUuid(lineId) || accounts.bankAccountIds.length === 0) return null;
  const [line] = await tx
    .select({ line: bankStatementLines, match: bankLineMatches })
    .from(bankStatementLines)
    .leftJoin(bankLineMatches, and(eq(bankLineMatches.bankLineId, bankStatementLines.id), isNull(bankLineMatches.unmatchedAt)))
    .where(and(eq(bankStatementLines.id, lineId), inArray(bankStatementLines.bankAccountId, accounts.bankAccountIds)));
  return line ?? null;
}

const ALREADY = "This bank line has been matched already: the page has been updated";

async function withHolderLine(
  db: Database,
  input: { actor: Actor; holderId: string; lineId: string },
  work: (tx: Database, found: NonNullable<Awaited<ReturnType<typeof holderLine>>>, accounts: DirectPaymentAccounts) => Promise<MatchResult>,
): Promise<MatchResult> {
  try {
    return await db.transaction(async (tx) => {
      // The lock reconciling takes: a period is not reconciled while one of its lines changes what it is matched to.
      await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`reconcile:${input.holderId}`}, 0))`);
      const accounts = await directPaymentAccounts(tx, input.holderId);
      const found = accounts ? await holderLine(tx, accounts, input.lineId) : null;
      if (!accounts || !found) return { ok: false, message: "This bank line is not on this holder's statements" };
      if (await inReconciledPeriod(tx, input.holderId, found.line.lineDate)) {
        return { ok: false, message: "This line is in a month or quarter that has been reconciled: reopen it to change its matches" };
      }
      return work(tx, found, accounts);
    });
  } catch (error) {
    // Two people matching the same line, or the same entry, at once: the second finds it taken.
    if (pgErrorOf(error)?.code === "23505") return { ok: false, message: ALREADY };
    throw error;
  }
}

/** Finance confirms that a suggested entry is this bank line. */
export async function confirmMatch(db: Database, input: { actor: Actor; holderId: string; lineId: string; entryId: number }): Promise<MatchResult> {
  return withHolderLine(db, input, async (tx, { line, match }, accounts) => {
    if (match) return { ok: false, message: ALREADY };
    const window = await matchWindowDays(tx, accounts.commissionerId);
    const items = await unmatchedLedgerItems(tx, accounts, shiftDays(line.lineDate, -window), shiftDays(line.lineDate, window));
    const item = items.find((i) => i.entryId === input.entryId);
    if (!item) return { ok: false, message: "That ledger entry is matched to another line already, or is not within the dates of this one" };
    if (item.amountPence !== line.amountPence) return { ok: false, message: "The ledger entry is for a different amount from the bank line" };
    await insertMatch(tx, input, accounts, { outcome: "ledger-entry", journalEntryId: item.entryId, how: "confirmed", note: item.description });
    return { ok: true };
  });
}

/** Finance says what a line with no ledger entry is: money between the holder's own accounts, or not theirs at all. */
export async function markBankLine(
  db: Database,
  input: { actor: Actor; holderId: string; lineId: string; outcome: "own-transfer" | "not-ours"; note: string },
): Promise<MatchResult> {
  const note = input.note.trim();
  if (input.outcome === "not-ours" && !note) return { ok: false, field: "note", message: "Say why this is not the holder's money, for example a bank error" };
  if (note.length > 500) return { ok: false, field: "note", message: "The note must be 500 characters or fewer" };
  return withHolderLine(db, input, async (tx, { match }, accounts) => {
    if (match) return { ok: false, message: ALREADY };
    await insertMatch(tx, input, accounts, { outcome: input.outcome, journalEntryId: null, how: "marked", note: note || null });
    return { ok: true };
  });
}

async function insertMatch(
  tx: Database,
  input: { actor: Actor; holderId: string; lineId: string },
  accounts: DirectPaymentAccounts,
  what: Pick<typeof bankLineMatches.$inferInsert, "outcome" | "journalEntryId" | "how" | "note">,
) {
  const [row] = await tx
    .insert(bankLineMatches)
    .values({ commissionerId: accounts.commissionerId, holderId: input.holderId, bankLineId: input.lineId, matchedBy: input.actor.userId!, ...what })
    .returning();
  await recordAudit(
    tx,
    { ...input.actor, onBehalfOfHolderId: input.holderId },
    { action: "bank-line.matched", entityType: "bank-line", entityId: input.lineId, after: what },
  );
  return row;
}

/** Takes a match back, with the reason: the line is unmatched again and the old match stays on the record. */
export async function unmatchBankLine(db: Database, input: { actor: Actor; holderId: string; lineId: string; reason: string }): Promise<MatchResult> {
  const reason = input.reason.trim();
  if (!reason) return { ok: false, field: "reason", message: "Say why the match was wrong" };
  if (reason.length > 500) return { ok: false, field: "reason", message: "The reason must be 500 characters or fewer" };
  return withHolderLine(db, input, async (tx, { match }) => {
    if (!match) return { ok: false, message: "This bank line is not matched: the page has been updated" };
    await tx
      .update(bankLineMatches)
      .set({ unmatchedAt: new Date(), unmatchedBy: input.actor.userId, unmatchReason: reason })
      .where(eq(bankLineMatches.id, match.id));
    await recordAudit(
      tx,
      { ...input.actor, onBehalfOfHolderId: input.holderId },
      {
        action: "bank-line.unmatched",
        entityType: "bank-line",
        entityId: input.lineId,
        before: { outcome: match.outcome, journalEntryId: match.journalEntryId, how: match.how },
        after: { reason },
      },
    );
    return { ok: true };
  });
}

/**
 * Money out of the account that no one logged: finance logs it as the holder's spend on a line of their plan, paid
 * by bank transfer, and matches it to the line, in one transaction. The spend shows it was logged by finance.
 */
export async function logBankLineAsSpend(
  db: Database,
  input: { actor: Actor; holderId: string; lineId: string; supportLineId: string; payeeName: string; whatFor: string; today: string },
): Promise<MatchResult> {
  return withHolderLine(db, input, async (tx, { line, match }, accounts) => {
    if (match) return { ok: false, message: ALREADY };
    if (line.amountPence >= 0) return { ok: false, message: "Only money paid out of the account can be logged as a spend" };
    const logged = await logSpend(tx, {
      actor: { ...input.actor, onBehalfOfHolderId: input.holderId },
      holderId: input.holderId,
      formToken: `bank-line:${line.id}`,
      spentOn: line.lineDate,
      newPayeeName: input.payeeName,
      amountPence: -line.amountPence,
      whatFor: input.whatFor,
      supportLineId: input.supportLineId,
      howPaid: "account-transfer",
      receipts: [],
      today: input.today,
    });
    if (!logged.ok) {
      const field = logged.field === "payee" ? "payeeName" : logged.field === "supportLineId" || logged.field === "whatFor" ? logged.field : undefined;
      return { ok: false, message: logged.message, field };
    }
    await insertMatch(tx, input, accounts, { outcome: "ledger-entry", journalEntryId: logged.spend.journalEntryId, how: "logged-by-finance", note: null });
    return { ok: true };
  });
}

/** Whether a date falls in a month or quarter already reconciled for the holder: its matches are settled until it is reopened. */
async function inReconciledPeriod(db: Database, holderId: string, date: string) {
  const [row] = await db
    .select({ id: periodReconciliations.id })
    .from(periodReconciliations)
    .where(
      and(
        eq(periodReconciliations.holderId, holderId),
        isNull(periodReconciliations.reopenedAt),
        sql`${date} between ${periodReconciliations.periodStartsOn} and ${periodReconciliations.periodEndsOn}`,
      ),
    );
  return Boolean(row);
}

/**
 * Money into the account that no one recorded, which was a payee paying the holder back (a class cancelled, an
 * overcharge): finance records the refund against the line of the plan it was spent on, and matches it to the bank
 * line, in one transaction, as a spend no one logged is logged.
 */
export async function logBankLineAsRefund(
  db: Database,
  input: { actor: Actor; holderId: string; lineId: string; supportLineId: string; payeeId: string; whatFor: string },
): Promise<MatchResult> {
  const whatFor = input.whatFor.trim();
  if (!whatFor) return { ok: false, field: "refundFor", message: "Say what the money was paid back for" };
  if (whatFor.length > 200) return { ok: false, field: "refundFor", message: "What it was paid back for must be 200 characters or fewer" };
  if (!isUuid(input.payeeId)) return { ok: false, field: "payeeId", message: "Select who paid the money back" };
  return withHolderLine(db, input, async (tx, { line, match }, accounts) => {
    if (match) return { ok: false, message: ALREADY };
    if (line.amountPence <= 0) return { ok: false, message: "Only money paid into the account can be recorded as a refund" };
    const plan = await loadPlanInForce(tx, input.holderId);
    if (!plan?.lines.some((l) => l.id === input.supportLineId && l.holding === "direct-payment")) {
      return { ok: false, field: "refundLineId", message: "Select the support line the money was spent on" };
    }
    const refund = await recordRefund(tx, {
      actor: { ...input.actor, onBehalfOfHolderId: input.holderId },
      holderId: input.holderId,
      payeeId: input.payeeId,
      supportLineId: input.supportLineId,
      amountPence: line.amountPence,
      receivedOn: line.lineDate,
      whatFor,
      token: `bank-line:${line.id}`,
    });
    // The support line is checked above: what else recordRefund finds invalid is the payee, not the holder's.
    if (!refund.ok) return { ok: false, field: refund.reason === "invalid" ? "payeeId" : undefined, message: refund.message };
    await insertMatch(tx, input, accounts, { outcome: "ledger-entry", journalEntryId: refund.entry.id, how: "logged-by-finance", note: null });
    return { ok: true };
  });
}

/** The people and organisations the holder has paid, for finance to say who paid money back. */
export async function holderPayees(db: Database, holderId: string) {
  return db.select({ id: payees.id, name: payees.name }).from(payees).where(eq(payees.holderId, holderId)).orderBy(payees.name);
}
