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

export interface DashboardInput {
  commissionerId: string;
  today: string;
  year: FinancialYear;
}

/** The page's parts, each read by one query from tables of its own (migration 0037 watches them for changes). */
export const DASHBOARD_PARTS = ["people", "money", "reconciliation", "attention"] as const;
export type DashboardPart = (typeof DASHBOARD_PARTS)[number];

export const loadDashboardPart = {
  /** Who has a personal health budget today, by cohort and how it is held, with the budgets committed. */
  people: async (db: Database, { commissionerId: c, today }: DashboardInput) =>
    rowsOf<Record<string, string>>(
      await db.execute(
        sql`with ${phbsInForce(c, today)}
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
      ),
    ),
  /** The money paid, spent and recovered in the financial year. */
  money: async (db: Database, { commissionerId, year }: DashboardInput) =>
    rowsOf<{ held: Holding; kind: string; pence: string }>(await db.execute(yearTotals(commissionerId, year))),
  reconciliation: async (db: Database, { commissionerId, today }: DashboardInput) =>
    rowsOf<{ month: string; eligible: string; reconciled: string; in_progress: string }>(
      await db.execute(monthProgressCounts(commissionerId, progressMonths(today))),
    ),
  attention: (db: Database, { commissionerId, today }: DashboardInput) => flagsAndQueries(db, commissionerId, today),
} satisfies Record<DashboardPart, (db: Database, input: DashboardInput) => Promise<unknown>>;

export type DashboardParts = { [P in DashboardPart]: Awaited<ReturnType<(typeof loadDashboardPart)[P]>> };

const progressMonths = (today: string) => monthsEndingWith(shiftMonth(today.slice(0, 7), -1), PROGRESS_MONTHS);

/**
 * The commissioner's personal health budgets at a glance, for finance and the auditor: how many people have one, by
 * cohort and by how it is held; the budgets committed and the money paid, spent and recovered in the financial year;
 * how far reconciliation has got in each of the last twelve months; and what waits for finance. Four queries, however
 * many holders.
 */
export async function loadCommissionerDashboard(db: Database, input: DashboardInput) {
  const load = loadDashboardPart;
  const [people, money, reconciliation, attention] = await Promise.all([
    load.people(db, input),
    load.money(db, input),
    load.reconciliation(db, input),
    load.attention(db, input),
  ]);
  return dashboardOf(input, { people, money, reconciliation, attention });
}

/** The page's figures from its parts' rows. */
export function dashboardOf(input: DashboardInput, parts: DashboardParts) {
  const cohorts = parts.people;
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
    parts.money.map((m) => ({ held: m.held, kind: m.kind, pence: Number(m.pence) })),
    committed,
  );
  const reconciliation: ProgressRow[] = progressMonths(input.today).map((month) => {
    const row = parts.reconciliation.find((p) => p.month === month);
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
    attention: parts.attention,
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

export type CommissionerDashboard = ReturnType<typeof dashboardOf>;
