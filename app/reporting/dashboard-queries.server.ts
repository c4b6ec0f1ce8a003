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
  const sorted = [...months].sort();
  const first = monthBounds(sorted[0]).startsOn;
  const last = monthBounds(sorted[sorted.length - 1]);
  // A list the planner can count: generate_series is guessed at 1,000 rows, which priced this query high enough for
  // PostgreSQL to compile it (JIT), 19 ms of the 71 ms it took on the benchmark's 2,000 holders; 25 ms without.
  const monthList = sql.join(
    sorted.map((m) => sql`(${monthBounds(m).startsOn}::date)`),
    sql`, `,
  );
  return sql`dp as (
    select a.id as arrangement_id, a.holder_id, a.opened_on from arrangements a
    where a.commissioner_id = ${commissionerId} and a.holding = 'direct-payment'
  ), months as (
    select m as starts_on, (m + interval '1 month' - interval '1 day')::date as ends_on
    from (values ${monthList}) v(m)
  ), lines as (
    select distinct ba.arrangement_id, bm.month as starts_on
    from bank_statement_months bm join bank_accounts ba on ba.id = bm.bank_account_id
    where bm.commissioner_id = ${commissionerId} and bm.month between ${first} and ${last.startsOn}
  ), progress as (
    select m.starts_on, dp.holder_id,
      case when r.id is not null then 'reconciled' when l.arrangement_id is not null then 'in-progress' else 'not-started' end as state
    from months m
    join dp on dp.opened_on <= m.ends_on
    left join lines l on l.arrangement_id = dp.arrangement_id and l.starts_on = m.starts_on
    left join period_reconciliations r on r.holder_id = dp.holder_id and r.period_starts_on = m.starts_on and r.reopened_at is null
  )`;
}
