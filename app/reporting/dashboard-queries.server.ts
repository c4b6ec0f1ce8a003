import { sql, type SQL } from "drizzle-orm";
import { monthBounds } from "~/reconciliation/periods";
import type { FinancialYear } from "./financial-year";

// The sets each figure of the dashboard counts, written once: the dashboard counts them and its drill-downs list
// them, so a list always holds exactly the people its figure counted.

/**
 * `phbs`: each holder with a personal health budget today, that is a plan in force (its latest approved version)
 * that has not ended, with the yearly budget that version set and how it is held.
 */
export function phbsInForce(commissionerId: string, today: string): SQL {
  return sql`phbs as (
    select distinct on (v.holder_id) v.holder_id, b.notional_pence, b.third_party_pence, b.direct_payment_pence
    from plan_versions v
    join budgets b on b.id = v.budget_id
    join plans p on p.id = v.plan_id
    where v.commissioner_id = ${commissionerId} and v.status = 'approved' and (p.ended_on is null or p.ended_on >= ${today})
    order by v.holder_id, v.version desc
  )`;
}

/** The column of `phbs` holding the yearly budget held one way. */
export const BUDGET_COLUMN = {
  "direct-payment": sql.raw("direct_payment_pence"),
  "third-party": sql.raw("third_party_pence"),
  notional: sql.raw("notional_pence"),
} as const;

/**
 * `movements`: what moved in each holder's accounts (direct payment, third-party, notional) in the year, per holder,
 * how the account holds the money and the kind of entry (a reversal as the kind it reverses).
 */
export function yearMovements(commissionerId: string, year: FinancialYear): SQL {
  return sql`movements as (
    select coalesce(ar.holder_id, b.holder_id) as holder_id, a.kind::text as held, coalesce(o.kind, e.kind)::text as kind, sum(p.amount_pence) as pence
    from journal_entries e
    join postings p on p.entry_id = e.id
    join ledger_accounts a on a.id = p.account_id
    left join arrangements ar on ar.id = a.arrangement_id
    left join budgets b on b.id = a.budget_id
    left join journal_entries o on o.id = e.reverses_entry_id
    where e.commissioner_id = ${commissionerId} and e.effective_date between ${year.startsOn} and ${year.endsOn}
      and a.kind in ('direct-payment', 'third-party', 'notional')
    group by 1, 2, 3
  )`;
}

/**
 * The year's sums per how held and kind, the dashboard's figure of what `movements` lists by holder, from the months'
 * totals the ledger keeps (migration 0034): a row per account and month rather than every posting. The year starts
 * on the 1st of a month, so its months are whole.
 */
export function yearTotals(commissionerId: string, year: FinancialYear): SQL {
  return sql`select a.kind::text as held, t.kind::text as kind, sum(t.pence) as pence
    from ledger_month_totals t join ledger_accounts a on a.id = t.account_id
    where t.commissioner_id = ${commissionerId} and t.month between ${year.startsOn} and ${year.endsOn}
    group by 1, 2`;
}

/**
 * `progress`: each holder's month of direct payment, for the months given (oldest to newest), from the month their
 * direct payment opened: reconciled (and not reopened); in progress, once the bank has lines for the month; or not
 * started.
 */
export function monthProgress(commissionerId: string, months: string[]): SQL {
  const { first, last, monthList } = monthsOf(months);
  return sql`dp as (
    select a.id as arrangement_id, a.holder_id, a.opened_on from arrangements a
    where a.commissioner_id = ${commissionerId} and a.holding = 'direct-payment'
  ), months as (
    select m as starts_on, (m + interval '1 month' - interval '1 day')::date as ends_on
    from (values ${monthList}) v(m)
  ), lines as (
    select distinct ba.arrangement_id, bm.month as starts_on
    from bank_statement_months bm join bank_accounts ba on ba.id = bm.bank_account_id
    where bm.commissioner_id = ${commissionerId} and bm.month between ${first} and ${last}
  ), progress as (
    select m.starts_on, dp.holder_id,
      case when r.id is not null then 'reconciled' when l.arrangement_id is not null then 'in-progress' else 'not-started' end as state
    from months m
    join dp on dp.opened_on <= m.ends_on
    left join lines l on l.arrangement_id = dp.arrangement_id and l.starts_on = m.starts_on
    -- A month is reconciled by itself or in the quarter reconciled that takes it in.
    left join period_reconciliations r on r.holder_id = dp.holder_id and m.starts_on between r.period_starts_on and r.period_ends_on
      and r.reopened_at is null
  )`;
}

function monthsOf(months: string[]) {
  const sorted = [...months].sort();
  // A list the planner can count: generate_series is guessed at 1,000 rows, which priced this query high enough for
  // PostgreSQL to compile it (JIT), 19 ms of the 71 ms it took on the benchmark's 2,000 holders; 25 ms without.
  const monthList = sql.join(
    sorted.map((m) => sql`(${monthBounds(m).startsOn}::date)`),
    sql`, `,
  );
  return { first: monthBounds(sorted[0]).startsOn, last: monthBounds(sorted[sorted.length - 1]).startsOn, monthList };
}

/**
 * How many holder-months `progress` (above) has in each state, counted without listing them: the months the holders'
 * direct payments were open, less those reconciled, less those with lines and not reconciled. The same rules as
 * `progress` (the integration test holds every month's counts to its lists), at a row per reconciliation and per
 * account-month with lines rather than one per holder and month: 36 → 18 ms on the benchmark's 2,000 holders.
 * Rows (month yyyy-mm, eligible, reconciled, in_progress).
 */
export function monthProgressCounts(commissionerId: string, months: string[]): SQL {
  const { first, last, monthList } = monthsOf(months);
  // A direct payment opened on any day of a month counts from that month, as `progress` has it (opened_on <= its end).
  return sql`with dp as (
    select a.id as arrangement_id, a.holder_id, date_trunc('month', a.opened_on)::date as opened from arrangements a
    where a.commissioner_id = ${commissionerId} and a.holding = 'direct-payment'
  ), months as (
    select m as starts_on from (values ${monthList}) v(m)
  ), opened as (
    select opened, count(*) as n from dp group by 1
  ), reconciled as (
    select m.starts_on, r.holder_id
    from period_reconciliations r
    join months m on m.starts_on between r.period_starts_on and r.period_ends_on
    join dp on dp.holder_id = r.holder_id and dp.opened <= m.starts_on
    where r.commissioner_id = ${commissionerId} and r.reopened_at is null and r.period_ends_on >= ${first} and r.period_starts_on <= ${last}
  ), lines as (
    select distinct ba.arrangement_id, bm.month as starts_on
    from bank_statement_months bm join bank_accounts ba on ba.id = bm.bank_account_id
    where bm.commissioner_id = ${commissionerId} and bm.month between ${first} and ${last}
  ), in_progress as (
    select l.starts_on, count(*) as n
    from lines l join dp on dp.arrangement_id = l.arrangement_id and dp.opened <= l.starts_on
    left join reconciled r on r.holder_id = dp.holder_id and r.starts_on = l.starts_on
    where r.holder_id is null
    group by 1
  ), reconciled_n as (
    select starts_on, count(*) as n from reconciled group by 1
  ), eligible as (
    select m.starts_on, sum(o.n) as n from months m join opened o on o.opened <= m.starts_on group by 1
  )
  select to_char(m.starts_on, 'YYYY-MM') as month, coalesce(e.n, 0) as eligible, coalesce(r.n, 0) as reconciled, coalesce(p.n, 0) as in_progress
  from months m
  left join eligible e on e.starts_on = m.starts_on
  left join reconciled_n r on r.starts_on = m.starts_on
  left join in_progress p on p.starts_on = m.starts_on`;
}
