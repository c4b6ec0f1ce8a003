import { sql } from "drizzle-orm";
import { rowsOf, type Database } from "#db/client.server";
import { COHORT_NAMES, type Cohort } from "~/people/cohorts";
import type { Holding } from "~/plans/rules";
import { shiftMonth } from "~/reconciliation/periods";
import { HOLDINGS, moneyTable, moneyTotals, PROGRESS_STATES, type CohortRow, type ProgressRow, type ProgressState } from "./dashboard";
import { monthProgress, phbsInForce, yearTotals } from "./dashboard-queries.server";
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
        group by h.cohort`,
      )
      .then((r) => rowsOf<Record<string, string>>(r)),
    db.execute(yearTotals(c, input.year)).then((r) => rowsOf<{ held: Holding; kind: string; pence: string }>(r)),
    db
      .execute(sql`with ${monthProgress(c, months)} select to_char(starts_on, 'YYYY-MM') as month, state, count(*) as holders from progress group by 1, 2`)
      .then((r) => rowsOf<{ month: string; state: ProgressState; holders: string }>(r)),
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
  const reconciliation: ProgressRow[] = months.map((month) => ({
    month,
    counts: Object.fromEntries(
      PROGRESS_STATES.map((state) => [state, Number(progress.find((p) => p.month === month && p.state === state)?.holders ?? 0)]),
    ) as Record<ProgressState, number>,
  }));

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
    // Issue 16 items 5-7 are being built beside this: their figures join this result as `flags` (open, by kind),
    // `queries` (open, by age) and `surplus` (proposed and recovered), each read here by a query of its own.
  };
}

export type CommissionerDashboard = Awaited<ReturnType<typeof loadCommissionerDashboard>>;
