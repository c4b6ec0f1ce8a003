import { eq, sql } from "drizzle-orm";
import { rowsOf, type Database } from "#db/client.server";
import { periodReconciliations, reconciliationSettings } from "#db/schema";
import { recordAudit, recordAudits, type Actor } from "~/audit/audit.server";
import { reconciledAfter } from "./periods.server";
import { bankClosingBalance, periodBounds, unexplainedDifference, type DatedBalance, type PeriodLength } from "./periods";
import { WORKLIST_ORDER, type WorklistState } from "./worklist";

export const WORKLIST_PAGE_SIZE = 50;

/**
 * A `worklist` of every holder with a direct payment in the commissioner, with where their month or quarter stands,
 * for a query to go on from: the worklist's page and counts, and the months that may be reconciled together.
 */
export function worklistStates(input: { commissionerId: string; period: string }) {
  const { startsOn, endsOn } = periodBounds(input.period);
  // A question to the holder about the period, or about one of its bank lines, still open or waiting for finance.
  const openQueries = sql`select 1 from finance_queries q where q.holder_id = h.id and q.status in ('open', 'answered')
    and ((q.subject_type = 'month' and q.subject_id = ${input.period}) or (q.subject_type = 'bank-line' and q.subject_id in (
      select l.id::text from bank_statement_lines l join bank_accounts b on b.id = l.bank_account_id
      where b.arrangement_id = a.id and l.line_date between ${startsOn} and ${endsOn})))`;
  return sql`
    with lines as (
      select ba.arrangement_id, count(*) as lines, count(*) filter (where m.id is null) as unmatched
      from bank_statement_lines l
      join bank_accounts ba on ba.id = l.bank_account_id
      left join bank_line_matches m on m.bank_line_id = l.id and m.unmatched_at is null
      where l.commissioner_id = ${input.commissionerId} and l.line_date between ${startsOn} and ${endsOn}
      group by ba.arrangement_id
    ), worklist as (
      select h.id as holder_id, h.given_name, h.family_name, h.payment_number,
        coalesce(lines.lines, 0) as lines, coalesce(lines.unmatched, 0) as unmatched, r.reconciled_at,
        case when r.id is not null then 'reconciled' when lines.lines is null then 'not-started'
          when lines.unmatched > 0 then 'in-progress' when exists (${openQueries}) then 'queries-open' else 'matched' end as state
      from holders h
      join arrangements a on a.holder_id = h.id and a.holding = 'direct-payment'
      left join lines on lines.arrangement_id = a.id
      left join period_reconciliations r on r.holder_id = h.id and r.period_starts_on = ${startsOn} and r.period_ends_on = ${endsOn}
        and r.reopened_at is null
      where h.commissioner_id = ${input.commissionerId}
    )`;
}

/**
 * Every holder with a direct payment, for one month or quarter, with what is left to do: those with bank lines still
 * to match first (most first), then those whose lines are all matched and wait for finance to reconcile, then those
 * whose statement is not in yet, and last the periods reconciled. One query, however many holders.
 */
export async function reconciliationWorklist(db: Database, input: { commissionerId: string; period: string; page: number }) {
  const worklist = worklistStates(input);
  const [rows, counts] = await Promise.all([
    db
      .execute(
        sql`${worklist} select * from worklist
        order by array_position(array['in-progress', 'queries-open', 'matched', 'not-started', 'reconciled'], state), unmatched desc, family_name, given_name, holder_id
        limit ${WORKLIST_PAGE_SIZE} offset ${(input.page - 1) * WORKLIST_PAGE_SIZE}`,
      )
      .then((r) =>
        rowsOf<{
          holder_id: string;
          given_name: string;
          family_name: string;
          payment_number: string;
          lines: string;
          unmatched: string;
          state: WorklistState;
          reconciled_at: string | null;
        }>(r),
      ),
    db
      .execute(sql`${worklist} select state, count(*) as holders from worklist group by state`)
      .then((r) => rowsOf<{ state: WorklistState; holders: string }>(r)),
  ]);
  const total = counts.reduce((sum, c) => sum + Number(c.holders), 0);
  return {
    period: input.period,
    page: input.page,
    pageCount: Math.max(1, Math.ceil(total / WORKLIST_PAGE_SIZE)),
    total,
    counts: Object.fromEntries(WORKLIST_ORDER.map((s) => [s, Number(counts.find((c) => c.state === s)?.holders ?? 0)])) as Record<WorklistState, number>,
    holders: rows.map((r) => ({
      holderId: r.holder_id,
      name: `${r.given_name} ${r.family_name}`,
      paymentNumber: Number(r.payment_number),
      lines: Number(r.lines),
      unmatched: Number(r.unmatched),
      state: r.state,
      reconciledAt: r.reconciled_at,
    })),
  };
}

const uuidArray = (ids: string[]) => sql`${`{${ids.join(",")}}`}::uuid[]`;

/** The holders whose period has every bank line matched and no query open, and no reconciliation that overlaps it. */
async function periodsMatched(db: Database, input: { commissionerId: string; period: string }) {
  const { startsOn, endsOn } = periodBounds(input.period);
  const rows = rowsOf<{ holder_id: string }>(
    await db.execute(sql`${worklistStates(input)} select holder_id from worklist w where state = 'matched'
      and not exists (select 1 from period_reconciliations r where r.holder_id = w.holder_id and r.reopened_at is null
        and r.period_starts_on <= ${endsOn} and r.period_ends_on >= ${startsOn})
      order by holder_id`),
  );
  return rows.map((r) => r.holder_id);
}

/**
 * The figures that decide whether each holder's period can be reconciled, as `loadReconciliationPeriod` works them
 * out for one holder (see periods.server.ts), for many holders at once: the ledger's closing balance, the bank's last
 * day with a balance, and what is in the ledger alone or at the bank alone by the period's end.
 */
async function standings(db: Database, holderIds: string[], startsOn: string, endsOn: string) {
  const ids = uuidArray(holderIds);
  const ledgerAccountsOf = sql`arrangements a join ledger_accounts la on la.arrangement_id = a.id and a.holding = 'direct-payment' and a.holder_id = any(${ids})`;
  const bankLinesOf = sql`bank_statement_lines l join bank_accounts b on b.id = l.bank_account_id
    join arrangements a on a.id = b.arrangement_id and a.holding = 'direct-payment' and a.holder_id = any(${ids})`;
  const [closing, lastDays, ledgerOnly, bankOnly, pooled] = await Promise.all([
    db.execute(sql`select a.holder_id, sum(p.amount_pence) as pence from ${ledgerAccountsOf}
      join postings p on p.account_id = la.id and p.effective_date <= ${endsOn} group by a.holder_id`),
    db.execute(sql`select holder_id, line_date, amount_pence, balance_pence from (
        select a.holder_id, l.line_date, l.amount_pence, l.balance_pence, max(l.line_date) over (partition by a.holder_id) as last_day
        from ${bankLinesOf} where l.balance_pence is not null and l.line_date between ${startsOn} and ${endsOn}) d
      where line_date = last_day`),
    db.execute(sql`select holder_id, sum(amount) as pence from (
        select a.holder_id, e.id, sum(p.amount_pence) as amount from ${ledgerAccountsOf}
        join postings p on p.account_id = la.id join journal_entries e on e.id = p.entry_id
        where p.effective_date between ${startsOn} and ${endsOn}
          and e.kind <> 'reversal' and not exists (select 1 from journal_entries r where r.reverses_entry_id = e.id)
          and not exists (select 1 from bank_line_matches m join bank_statement_lines ml on ml.id = m.bank_line_id
            where m.journal_entry_id = e.id and m.unmatched_at is null and ml.line_date <= ${endsOn})
        group by a.holder_id, e.id having sum(p.amount_pence) <> 0) entries
      group by holder_id`),
    db.execute(sql`select a.holder_id, sum(l.amount_pence) as pence from ${bankLinesOf}
      where l.line_date between ${startsOn} and ${endsOn}
        and not exists (select 1 from bank_line_matches m join journal_entries e on e.id = m.journal_entry_id
          where m.bank_line_id = l.id and m.unmatched_at is null and e.effective_date <= ${endsOn})
      group by a.holder_id`),
    // A holder in a pooled account: the bank's balance is their share, as bankSide in periods.server.ts has it.
    db.execute(sql`select a.holder_id, count(*) filter (where l.line_date >= ${startsOn}) as in_period,
        sum(l.amount_pence) + (select coalesce(sum(s.pool_share_brought_pence), 0) from bank_accounts s where s.arrangement_id = a.id) as pence
      from ${bankLinesOf} where b.pooled_account_id is not null and l.line_date <= ${endsOn} group by a.holder_id, a.id`),
  ]);
  const byHolder = (result: unknown) => new Map(rowsOf<{ holder_id: string; pence: string }>(result).map((r) => [r.holder_id, Number(r.pence)]));
  const days = new Map<string, DatedBalance[]>();
  for (const r of rowsOf<{ holder_id: string; line_date: string; amount_pence: string; balance_pence: string }>(lastDays)) {
    const line = { date: String(r.line_date).slice(0, 10), amountPence: Number(r.amount_pence), balancePence: Number(r.balance_pence) };
    days.set(r.holder_id, [...(days.get(r.holder_id) ?? []), line]);
  }
  const [ledgerClosing, ledgerAlone, bankAlone] = [byHolder(closing), byHolder(ledgerOnly), byHolder(bankOnly)];
  const shares = new Map(
    rowsOf<{ holder_id: string; in_period: string; pence: string }>(pooled)
      .filter((r) => Number(r.in_period) > 0)
      .map((r) => [r.holder_id, Number(r.pence)]),
  );
  return holderIds.map((holderId) => {
    const ledgerClosingPence = ledgerClosing.get(holderId) ?? 0;
    const bankClosingPence = shares.get(holderId) ?? bankClosingBalance(days.get(holderId) ?? []);
    const unexplainedPence = unexplainedDifference({
      ledgerClosingPence,
      bankClosingPence,
      ledgerOnlyPence: ledgerAlone.get(holderId) ?? 0,
      bankOnlyPence: bankAlone.get(holderId) ?? 0,
    });
    return { holderId, ledgerClosingPence, bankClosingPence, agrees: bankClosingPence !== null && unexplainedPence === 0 };
  });
}

/**
 * Reconciles at once every holder's period whose bank lines are all matched, with no query open, and whose ledger
 * and bank agree to the penny once what is on one side only is counted, with the bank's closing balance as the
 * balance agreed (what the page for one holder offers). Those that do not agree, or whose statement shows no
 * balance, are left for finance to open one by one. Each period is audited on its own, as if reconciled alone.
 */
export async function reconcileAgreeingPeriods(db: Database, input: { actor: Actor; period: string }) {
  const commissionerId = input.actor.commissionerId!;
  const { startsOn, endsOn } = periodBounds(input.period);
  return db.transaction(async (tx) => {
    const candidates = await periodsMatched(tx, { commissionerId, period: input.period });
    if (candidates.length === 0) return { reconciled: 0, left: 0 };
    // The lock one holder's reconciliation and each match take, in one order: a line unmatched meanwhile is seen below.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended('reconcile:' || id::text, 0))
      from (select id from unnest(${uuidArray(candidates)}) as id order by id) ordered`);
    const stillMatched = new Set(await periodsMatched(tx, { commissionerId, period: input.period }));
    const figures = await standings(
      tx,
      candidates.filter((id) => stillMatched.has(id)),
      startsOn,
      endsOn,
    );
    const agreeing = figures.filter((f) => f.agrees);
    const rows = [];
    for (let i = 0; i < agreeing.length; i += 1_000) {
      rows.push(
        ...(await tx
          .insert(periodReconciliations)
          .values(
            agreeing.slice(i, i + 1_000).map((f) => ({
              commissionerId,
              holderId: f.holderId,
              periodStartsOn: startsOn,
              periodEndsOn: endsOn,
              ledgerClosingPence: f.ledgerClosingPence,
              bankClosingPence: f.bankClosingPence,
              agreedBalancePence: f.bankClosingPence!,
              note: "Reconciled with the others whose ledger and bank agreed",
              reconciledBy: input.actor.userId!,
            })),
          )
          .returning()),
      );
    }
    await recordAudits(
      tx,
      rows.map((row) => ({
        actor: { ...input.actor, onBehalfOfHolderId: row.holderId },
        event: { action: "period.reconciled", entityType: "period-reconciliation", entityId: row.id, after: reconciledAfter(row, input.period, true) },
      })),
    );
    return { reconciled: rows.length, left: candidates.length - rows.length };
  });
}

/** How often finance reconciles: every month, or every quarter of the financial year. */
export async function reconciliationPeriodLength(db: Database, commissionerId: string): Promise<PeriodLength> {
  const [settings] = await db
    .select({ periodLength: reconciliationSettings.periodLength })
    .from(reconciliationSettings)
    .where(eq(reconciliationSettings.commissionerId, commissionerId));
  return settings?.periodLength ?? "month";
}

export async function setReconciliationPeriodLength(db: Database, input: { actor: Actor; periodLength: PeriodLength }) {
  const commissionerId = input.actor.commissionerId!;
  await db.transaction(async (tx) => {
    const before = await reconciliationPeriodLength(tx, commissionerId);
    await tx
      .insert(reconciliationSettings)
      .values({ commissionerId, periodLength: input.periodLength })
      .onConflictDoUpdate({ target: reconciliationSettings.commissionerId, set: { periodLength: input.periodLength } });
    await recordAudit(tx, input.actor, {
      action: "reconciliation-period.changed",
      entityType: "commissioner",
      entityId: commissionerId,
      before: { periodLength: before },
      after: { periodLength: input.periodLength },
    });
  });
}
