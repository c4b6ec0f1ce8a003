import { sql } from "drizzle-orm";
import { rowsOf, type Database } from "#db/client.server";
import { COHORT_NAMES, type Cohort } from "~/people/cohorts";
import type { Holding } from "~/plans/rules";
import { FLAG_NAMES, type FlagKind } from "~/reconciliation/flags";
import { shiftMonth } from "~/reconciliation/periods";
import { HOLDINGS, moneyTable, moneyTotals, type CohortRow, type ProgressRow } from "./dashboard";
import { monthProgressCounts, phbsInForce, yearTotals } from "./dashboard-queries.server";
import { monthsEndingWith, type FinancialYear } from "./financial-year";

/** Reconciliation is shown for the last twelve months whose statements can be in: up to last month. */
export const PROGRESS_MONTHS = 12;

/**
 * The commissioner's personal health budgets at a glance, for finance and the auditor: how many people have one, by
 * cohort and by how it is held; the budgets committed and the money paid, spent and recovered in the financial year;
 * and how far reconciliation has got in each of the last twelve months. Three queries, however many holders.
 */
export async function loadCommissionerDashboard(db: Database, input: { commissionerId: string; today: string; year: FinancialYear }) {
  const c = input.commissionerId;
  const months = monthsEndingWith(shiftMonth(input.today.slice(0, 7), -1), PROGRESS_MONTHS);
  const [cohorts, movements, progress] = await Promise.all([
    db
      .execute(
        sql`with ${phbsInForce(c, input.today)}
        select h.cohort, count(*) as people,
          count(*) filter (where phbs.direct_payment_pence > 0) as direct_payment,
          count(*) filter (where phbs.third_party_pence > 0) as third_party,
          count(*) filter (where phbs.notional_pence > 0) as notional,
          sum(phbs.direct_payment_pence) as direct_payment_pence, sum(phbs.third_party_pence) as third_party_pence,
          sum(phbs.notional_pence) as notional_pence
        from phbs join holders h on h.id = phbs.holder_id
        -- Said, though row-level security says it too: with it in the query the policy is checked once, not per holder.
        where h.commissioner_id = ${c}
        group by h.cohort`,
      )
      .then((r) => rowsOf<Record<string, string>>(r)),
    db.execute(yearTotals(c, input.year)).then((r) => rowsOf<{ held: Holding; kind: string; pence: string }>(r)),
    db.execute(monthProgressCounts(c, months)).then((r) => rowsOf<{ month: string; eligible: string; reconciled: string; in_progress: string }>(r)),
  ]);

  const byCohort: CohortRow[] = (Object.keys(COHORT_NAMES) as Cohort[])
    .map((cohort) => {
      const row = cohorts.find((r) => r.cohort === cohort);
      return {
        cohort,
        people: Number(row?.people ?? 0),
        held: { "direct-payment": Number(row?.direct_payment ?? 0), "third-party": Number(row?.third_party ?? 0), notional: Number(row?.notional ?? 0) },
      };
    })
    .filter((r) => r.people > 0);
  const committed = {
    "direct-payment": cohorts.reduce((sum, r) => sum + Number(r.direct_payment_pence), 0),
    "third-party": cohorts.reduce((sum, r) => sum + Number(r.third_party_pence), 0),
    notional: cohorts.reduce((sum, r) => sum + Number(r.notional_pence), 0),
  };
  const money = moneyTable(
    movements.map((m) => ({ held: m.held, kind: m.kind, pence: Number(m.pence) })),
    committed,
  );
  const reconciliation: ProgressRow[] = months.map((month) => {
    const row = progress.find((p) => p.month === month);
    const [eligible, reconciled, inProgress] = [row?.eligible ?? 0, row?.reconciled ?? 0, row?.in_progress ?? 0].map(Number);
    return { month, counts: { reconciled, "in-progress": inProgress, "not-started": eligible - reconciled - inProgress } };
  });

  return {
    today: input.today,
    year: input.year,
    phbs: {
      byCohort,
      total: {
        people: byCohort.reduce((sum, r) => sum + r.people, 0),
        held: Object.fromEntries(HOLDINGS.map((h) => [h, byCohort.reduce((sum, r) => sum + r.held[h], 0)])) as Record<Holding, number>,
      },
    },
    money: { byHeld: money, total: moneyTotals(money) },
    reconciliation,
    attention: await flagsAndQueries(db, c, input.today),
  };
}

export const QUERY_AGES = ["answered", "overdue", "this-week", "this-month", "older"] as const;
export type QueryAge = (typeof QUERY_AGES)[number];

/**
 * What waits for finance: the flags open, by kind, with the money they are about (a surplus's amount is the money
 * above the threshold); and the queries open, by how long they have waited, answers to read first. One query.
 */
async function flagsAndQueries(db: Database, commissionerId: string, today: string) {
  const rows = rowsOf<{ what: "flag" | "query"; key: string; n: string; pence: string }>(
    await db.execute(sql`
      select 'flag' as what, kind::text as key, count(*) as n, coalesce(sum(amount_pence), 0) as pence
        from finance_flags where commissioner_id = ${commissionerId} and status = 'open' group by kind
      union all
      select 'query', case when status = 'answered' then 'answered' when due_on < ${today} then 'overdue'
          when raised_at::date > ${today}::date - 7 then 'this-week' when raised_at::date > ${today}::date - 30 then 'this-month' else 'older' end,
        count(*), 0
        from finance_queries where commissioner_id = ${commissionerId} and status in ('open', 'answered') group by 2`),
  );
  return {
    flags: (Object.keys(FLAG_NAMES) as FlagKind[]).map((kind) => {
      const row = rows.find((r) => r.what === "flag" && r.key === kind);
      return { kind, open: Number(row?.n ?? 0), pence: Number(row?.pence ?? 0) };
    }),
    queries: QUERY_AGES.map((age) => ({ age, open: Number(rows.find((r) => r.what === "query" && r.key === age)?.n ?? 0) })),
  };
}

export type CommissionerDashboard = Awaited<ReturnType<typeof loadCommissionerDashboard>>;
