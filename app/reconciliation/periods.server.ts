import { and, count, eq, gte, inArray, isNull, lte, sql } from "drizzle-orm";
import { pgErrorOf, rowsOf, type Database } from "#db/client.server";
import { financeQueries, periodReconciliations } from "#db/schema";
import { recordAudit, type Actor } from "~/audit/audit.server";
import type { Pence } from "~/ledger/money";
import { loadPlanInForce } from "~/plans/plan-in-force.server";
import { proposeMatches } from "./matching";
import {
  directPaymentAccounts,
  holderPayees,
  ledgerIds,
  matchWindowDays,
  uuidList,
  unmatchedBankLines,
  unmatchedLedgerItems,
  type DirectPaymentAccounts,
} from "./matching.server";
import {
  bankClosingBalance,
  movementGroup,
  periodBounds,
  periodName,
  periodOfDays,
  reconciliationStatus,
  shiftDays,
  unexplainedDifference,
  type MovementGroup,
} from "./periods";

async function ledgerBalances(db: Database, accounts: DirectPaymentAccounts, startsOn: string, endsOn: string) {
  if (accounts.ledgerAccountIds.length === 0) return { openingPence: 0, closingPence: 0, movements: [] as { group: MovementGroup; pence: number }[] };
  const list = ledgerIds(accounts.ledgerAccountIds);
  const [[totals], byKind] = await Promise.all([
    db
      .execute(
        sql`select coalesce(sum(amount_pence) filter (where effective_date < ${startsOn}), 0) as opening,
          coalesce(sum(amount_pence) filter (where effective_date <= ${endsOn}), 0) as closing
        from postings where account_id in (${list})`,
      )
      .then((r) => rowsOf<{ opening: string; closing: string }>(r)),
    db
      .execute(
        sql`select e.kind, sum(p.amount_pence) as pence from postings p join journal_entries e on e.id = p.entry_id
        where p.account_id in (${list}) and p.effective_date between ${startsOn} and ${endsOn} group by e.kind`,
      )
      .then((r) => rowsOf<{ kind: string; pence: string }>(r)),
  ]);
  const movements = new Map<MovementGroup, number>();
  for (const row of byKind) movements.set(movementGroup(row.kind), (movements.get(movementGroup(row.kind)) ?? 0) + Number(row.pence));
  return {
    openingPence: Number(totals.opening),
    closingPence: Number(totals.closing),
    movements: [...movements].filter(([, pence]) => pence !== 0).map(([group, pence]) => ({ group, pence })),
  };
}

interface MonthLine {
  id: string;
  date: string;
  amountPence: number;
  description: string;
  balancePence: number | null;
  outcome: "ledger-entry" | "own-transfer" | "not-ours" | null;
  how: string | null;
  note: string | null;
  entryDescription: string | null;
  entryDate: string | null;
  entryKind: string | null;
}

/** The month's bank lines with what each is matched to, and its last day's lines with a balance, for the bank's closing balance. */
async function bankSide(db: Database, accounts: DirectPaymentAccounts, startsOn: string, endsOn: string) {
  if (accounts.bankAccountIds.length === 0) return { lines: [] as MonthLine[], closingPence: null };
  const list = uuidList(accounts.bankAccountIds);
  const [lines, lastDay, pooled] = await Promise.all([
    db
      .execute(
        sql`select l.id, l.line_date, l.amount_pence, l.description, l.balance_pence, m.outcome, m.how, m.note,
          e.description as entry_description, e.effective_date as entry_date, e.kind as entry_kind
        from bank_statement_lines l
        left join bank_line_matches m on m.bank_line_id = l.id and m.unmatched_at is null
        left join journal_entries e on e.id = m.journal_entry_id
        where l.bank_account_id in (${list}) and l.line_date between ${startsOn} and ${endsOn}
        order by l.line_date, l.id`,
      )
      .then((r) => rowsOf<Record<string, string | null>>(r)),
    db
      .execute(
        sql`select line_date, amount_pence, balance_pence from bank_statement_lines
        where bank_account_id in (${list}) and balance_pence is not null and line_date = (
          select max(line_date) from bank_statement_lines where bank_account_id in (${list}) and balance_pence is not null and line_date between ${startsOn} and ${endsOn})`,
      )
      .then((r) => rowsOf<{ line_date: string; amount_pence: string; balance_pence: string }>(r)),
    // Pooled accounts: the statement's running balance is the pool's, so the holder's lines carry none, and the bank's
    // closing balance is the holder's share instead: what of theirs was in the pool when they joined it, and their
    // lines in the pool since, up to the period's end.
    db
      .execute(
        sql`select count(*) filter (where l.line_date >= ${startsOn})::int as in_period,
          coalesce(sum(l.amount_pence), 0) + (select coalesce(sum(pool_share_brought_pence), 0) from bank_accounts where id in (${list})) as share
        from bank_statement_lines l join bank_accounts a on a.id = l.bank_account_id
        where a.id in (${list}) and a.pooled_account_id is not null and l.line_date <= ${endsOn}`,
      )
      .then((r) => rowsOf<{ in_period: number; share: string }>(r)[0]),
  ]);
  const day = (value: string | null | undefined) => (value === null || value === undefined ? null : value.slice(0, 10));
  return {
    lines: lines.map((r): MonthLine => ({
      id: r.id!,
      date: day(r.line_date)!,
      amountPence: Number(r.amount_pence),
      description: r.description!,
      balancePence: r.balance_pence === null ? null : Number(r.balance_pence),
      outcome: r.outcome as MonthLine["outcome"],
      how: r.how,
      note: r.note,
      entryDescription: r.entry_description,
      entryDate: day(r.entry_date),
      entryKind: r.entry_kind,
    })),
    closingPence:
      Number(pooled.in_period) > 0
        ? Number(pooled.share)
        : bankClosingBalance(lastDay.map((l) => ({ date: day(l.line_date)!, amountPence: Number(l.amount_pence), balancePence: Number(l.balance_pence) }))),
  };
}

/**
 * What explains the difference at the month's end: the month's entries in the ledger that the bank had not shown by
 * then, and the month's bank lines the ledger had no entry for by then. What was left over from months before was
 * explained when they were reconciled; a month whose statement is missing shows as a difference that is not explained.
 */
async function timingDifferences(db: Database, accounts: DirectPaymentAccounts, from: string, endsOn: string) {
  const ledgerOnly =
    accounts.ledgerAccountIds.length === 0
      ? []
      : rowsOf<{ entry_id: string; effective_date: string; description: string; amount: string }>(
          await db.execute(sql`
            select e.id as entry_id, e.effective_date, e.description, sum(p.amount_pence) as amount
            from postings p join journal_entries e on e.id = p.entry_id
            where p.account_id in (${ledgerIds(accounts.ledgerAccountIds)}) and p.effective_date between ${from} and ${endsOn}
              and e.kind <> 'reversal' and not exists (select 1 from journal_entries r where r.reverses_entry_id = e.id)
              and not exists (select 1 from bank_line_matches m join bank_statement_lines l on l.id = m.bank_line_id
                where m.journal_entry_id = e.id and m.unmatched_at is null and l.line_date <= ${endsOn})
            group by e.id having sum(p.amount_pence) <> 0
            order by e.effective_date, e.id`),
        );
  const bankOnly =
    accounts.bankAccountIds.length === 0
      ? []
      : rowsOf<{ amount_pence: string }>(
          await db.execute(sql`
            select l.amount_pence from bank_statement_lines l
            where l.bank_account_id in (${uuidList(accounts.bankAccountIds)}) and l.line_date between ${from} and ${endsOn}
              and not exists (select 1 from bank_line_matches m join journal_entries e on e.id = m.journal_entry_id
                where m.bank_line_id = l.id and m.unmatched_at is null and e.effective_date <= ${endsOn})`),
        );
  return {
    ledgerOnly: ledgerOnly.map((r) => ({
      entryId: Number(r.entry_id),
      date: String(r.effective_date).slice(0, 10),
      description: r.description,
      amountPence: Number(r.amount),
    })),
    bankOnlyPence: bankOnly.reduce((sum, r) => sum + Number(r.amount_pence), 0),
  };
}

/** Questions to the holder about the period, or one of its bank lines, not yet closed. */
async function openQueriesAbout(db: Database, holderId: string, period: string, lines: { id: string }[]) {
  // A query about a period keeps the subject type it had when only months were reconciled.
  const subjects = [sql`(${financeQueries.subjectType} = 'month' and ${financeQueries.subjectId} = ${period})`];
  if (lines.length)
    subjects.push(
      sql`(${financeQueries.subjectType} = 'bank-line' and ${inArray(
        financeQueries.subjectId,
        lines.map((l) => l.id),
      )})`,
    );
  const [{ open }] = await db
    .select({ open: count() })
    .from(financeQueries)
    .where(and(eq(financeQueries.holderId, holderId), inArray(financeQueries.status, ["open", "answered"]), sql`(${sql.join(subjects, sql` or `)})`));
  return open;
}

/**
 * The holder's periods reconciled, and not reopened, that share a day with this one: the period itself, or a month of
 * a quarter (or the quarter a month is in) when the commissioner has changed how often it reconciles.
 */
function currentReconciliations(db: Database, holderId: string, startsOn: string, endsOn: string) {
  return db
    .select()
    .from(periodReconciliations)
    .where(
      and(
        eq(periodReconciliations.holderId, holderId),
        isNull(periodReconciliations.reopenedAt),
        lte(periodReconciliations.periodStartsOn, endsOn),
        gte(periodReconciliations.periodEndsOn, startsOn),
      ),
    );
}

export type ReconciliationPeriod = NonNullable<Awaited<ReturnType<typeof loadReconciliationPeriod>>>;

/**
 * One holder's month or quarter: opening and closing balances per ledger and per bank, the period's movements, its
 * bank lines with what each is matched to or might be, and what explains any difference. Null when there is no direct
 * payment.
 */
export async function loadReconciliationPeriod(
  db: Database,
  input: {
    holderId: string;
    /** A month ("2026-10") or a quarter of the financial year ("2026-Q3"). */
    period: string;
    /** Only what decides whether the month can be reconciled: no suggestions, ledger items to pair or plan lines. */
    standingOnly?: boolean;
  },
) {
  const accounts = await directPaymentAccounts(db, input.holderId);
  if (!accounts) return null;
  const { startsOn, endsOn } = periodBounds(input.period);
  const window = await matchWindowDays(db, accounts.commissionerId);
  const [ledger, bank, reconciledRows, unmatchedLines, items, plan, payees] = await Promise.all([
    ledgerBalances(db, accounts, startsOn, endsOn),
    bankSide(db, accounts, startsOn, endsOn),
    currentReconciliations(db, input.holderId, startsOn, endsOn),
    unmatchedBankLines(db, accounts, startsOn, endsOn),
    input.standingOnly ? [] : unmatchedLedgerItems(db, accounts, shiftDays(startsOn, -window), shiftDays(endsOn, window)),
    input.standingOnly ? null : loadPlanInForce(db, input.holderId),
    input.standingOnly ? [] : holderPayees(db, input.holderId),
  ]);
  const timing = await timingDifferences(db, accounts, startsOn, endsOn);
  const ledgerOnlyPence = timing.ledgerOnly.reduce((sum, i) => sum + i.amountPence, 0);
  const unexplainedPence = unexplainedDifference({
    ledgerClosingPence: ledger.closingPence,
    bankClosingPence: bank.closingPence,
    ledgerOnlyPence,
    bankOnlyPence: timing.bankOnlyPence,
  });
  const itemById = new Map(items.map((i) => [i.entryId, i]));
  const suggestions = proposeMatches(unmatchedLines, items, window).map((p) => ({ ...p, item: itemById.get(p.entryId)! }));
  const reconciled = reconciledRows.find((r) => r.periodStartsOn === startsOn && r.periodEndsOn === endsOn);
  const status = reconciliationStatus({
    reconciled: Boolean(reconciled),
    openQueries: await openQueriesAbout(db, input.holderId, input.period, bank.lines),
    bankLines: bank.lines.length,
    unmatchedBankLines: unmatchedLines.length,
    unexplainedPence,
  });
  return {
    period: input.period,
    name: periodName(input.period),
    startsOn,
    endsOn,
    window,
    ledger,
    bank: { closingPence: bank.closingPence, lines: bank.lines },
    ledgerOnly: timing.ledgerOnly,
    ledgerOnlyPence,
    bankOnlyPence: timing.bankOnlyPence,
    unexplainedPence,
    suggestions,
    unmatchedItems: items,
    reconciled: reconciled ?? null,
    /** Months or quarters reconciled on their own that overlap this one: they must be reopened before this can be. */
    overlapping: reconciled ? [] : reconciledRows.map((r) => ({ startsOn: r.periodStartsOn, endsOn: r.periodEndsOn })),
    status,
    spendLines: (plan?.lines ?? []).filter((l) => l.holding === "direct-payment").map((l) => ({ id: l.id, description: l.description })),
    /** Whom the holder has paid: one of them may have paid money back. */
    payees,
  };
}

/** What the audit row of a period reconciled keeps, alone or with others (`together`). */
export function reconciledAfter(row: typeof periodReconciliations.$inferSelect, period: string, together?: true) {
  const { ledgerClosingPence, bankClosingPence, agreedBalancePence } = row;
  return { period, ledgerClosingPence, bankClosingPence, agreedBalancePence, together };
}

export type ReconcileResult = { ok: true } | { ok: false; field?: "agreedBalance" | "note"; message: string };

/**
 * Records the period as reconciled, with the balance finance and the holder agreed, as handbook 4.3.1 asks: only once
 * every bank line is accounted for and the difference between ledger and bank is explained to the penny.
 */
export async function reconcilePeriod(
  db: Database,
  input: { actor: Actor; holderId: string; period: string; agreedBalancePence: Pence; note: string },
): Promise<ReconcileResult> {
  const note = input.note.trim();
  if (note.length > 1_000) return { ok: false, field: "note", message: "The note must be 1,000 characters or fewer" };
  try {
    return await db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`reconcile:${input.holderId}`}, 0))`);
      // The page's suggestions and plan lines play no part in whether the month can be reconciled: about half the reading.
      const period = await loadReconciliationPeriod(tx, { holderId: input.holderId, period: input.period, standingOnly: true });
      if (!period) return { ok: false, message: "This holder has no direct payment to reconcile" };
      if (period.status === "reconciled") return { ok: false, message: `${period.name} has been reconciled already` };
      if (period.overlapping.length > 0) {
        const [other] = period.overlapping;
        return { ok: false, message: `${periodName(periodOfDays(other))} has been reconciled, and it overlaps ${period.name}: reopen it first` };
      }
      if (period.status === "not-started") return { ok: false, message: `Import the bank statement for ${period.name} first` };
      if (period.status !== "ready") return { ok: false, message: "Match or explain every bank line, so that nothing of the difference is left unexplained" };
      const [row] = await tx
        .insert(periodReconciliations)
        .values({
          commissionerId: input.actor.commissionerId!,
          holderId: input.holderId,
          periodStartsOn: period.startsOn,
          periodEndsOn: period.endsOn,
          ledgerClosingPence: period.ledger.closingPence,
          bankClosingPence: period.bank.closingPence,
          agreedBalancePence: input.agreedBalancePence,
          note: note || null,
          reconciledBy: input.actor.userId!,
        })
        .returning();
      await recordAudit(
        tx,
        { ...input.actor, onBehalfOfHolderId: input.holderId },
        { action: "period.reconciled", entityType: "period-reconciliation", entityId: row.id, after: reconciledAfter(row, input.period) },
      );
      return { ok: true };
    });
  } catch (error) {
    if (pgErrorOf(error)?.code === "23505") return { ok: false, message: "This period has been reconciled already" };
    throw error;
  }
}

/** Opens a reconciled period again, with the reason; what was agreed stays on the record. */
export async function reopenPeriod(db: Database, input: { actor: Actor; holderId: string; period: string; reason: string }): Promise<ReconcileResult> {
  const reason = input.reason.trim();
  if (!reason) return { ok: false, field: "note", message: `Say why ${periodName(input.period)} needs reconciling again` };
  if (reason.length > 1_000) return { ok: false, field: "note", message: "The reason must be 1,000 characters or fewer" };
  const { startsOn, endsOn } = periodBounds(input.period);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(periodReconciliations)
      .set({ reopenedAt: new Date(), reopenedBy: input.actor.userId, reopenReason: reason })
      .where(
        and(
          eq(periodReconciliations.holderId, input.holderId),
          eq(periodReconciliations.periodStartsOn, startsOn),
          eq(periodReconciliations.periodEndsOn, endsOn),
          isNull(periodReconciliations.reopenedAt),
        ),
      )
      .returning();
    if (!row) return { ok: false, message: `${periodName(input.period)} is not reconciled` };
    await recordAudit(
      tx,
      { ...input.actor, onBehalfOfHolderId: input.holderId },
      {
        action: "period.reopened",
        entityType: "period-reconciliation",
        entityId: row.id,
        before: { agreedBalancePence: row.agreedBalancePence },
        after: { period: input.period, reason },
      },
    );
    return { ok: true };
  });
}
