import { sql, type SQL } from "drizzle-orm";
import { rowsOf, type Database } from "#db/client.server";
import type { Cohort } from "~/people/cohorts";
import type { Holding } from "~/plans/rules";
import { MEASURE_KINDS, type ProgressState } from "./dashboard";
import { BUDGET_COLUMN, monthProgress, phbsInForce, yearMovements } from "./dashboard-queries.server";
import type { DrillDown } from "./drill-down";

export const DRILL_DOWN_PAGE_SIZE = 50;

export interface DrillDownRow {
  holderId: string;
  name: string;
  paymentNumber: number;
  cohort: Cohort;
  /** How the budget is held (people with a budget), or the month's state (reconciliation). */
  held: Holding[];
  state: ProgressState | null;
  /** The yearly budget (people with a budget) or the money paid, spent or recovered; null for reconciliation. */
  pence: number | null;
}

const kinds = (list: string[]) =>
  sql.join(
    list.map((k) => sql`${k}`),
    sql`, `,
  );

/** The chosen holders, as `chosen (holder_id, pence, held, state)`, for the list asked for. */
function chosen(commissionerId: string, today: string, filter: DrillDown): SQL {
  switch (filter.list) {
    case "phbs": {
      const value = filter.held ? BUDGET_COLUMN[filter.held] : sql`phbs.direct_payment_pence + phbs.third_party_pence + phbs.notional_pence`;
      return sql`with ${phbsInForce(commissionerId, today)}, chosen as (
        select phbs.holder_id, ${value} as pence, null as state,
          array_remove(array[case when phbs.direct_payment_pence > 0 then 'direct-payment' end,
            case when phbs.third_party_pence > 0 then 'third-party' end, case when phbs.notional_pence > 0 then 'notional' end], null) as held
        from phbs join holders h on h.id = phbs.holder_id
        where ${filter.cohort ? sql`h.cohort = ${filter.cohort}` : sql`true`} and ${filter.held ? sql`${value} > 0` : sql`true`}
      )`;
    }
    case "money": {
      // Money in is the postings' sum; money spent or recovered left the account, so its sum turned round.
      const sign = filter.measure === "paid" ? 1 : -1;
      return sql`with ${yearMovements(commissionerId, filter.year)}, chosen as (
        select holder_id, ${sign}::int * sum(pence) as pence, null as state, array_agg(distinct held) as held
        from movements
        where kind in (${kinds(MEASURE_KINDS[filter.measure])}) and ${filter.held ? sql`held = ${filter.held}` : sql`true`}
        group by holder_id having sum(pence) <> 0
      )`;
    }
    case "reconciliation":
      return sql`with ${monthProgress(commissionerId, [filter.month])}, chosen as (
        select holder_id, null::bigint as pence, state, array['direct-payment'] as held from progress where state = ${filter.state}
      )`;
  }
}

/** The people behind one figure of the dashboard, a page at a time, by family name; with how many and how much in all. */
export async function listDashboardHolders(db: Database, input: { commissionerId: string; today: string; filter: DrillDown; page: number }) {
  const base = chosen(input.commissionerId, input.today, input.filter);
  const [rows, [totals]] = await Promise.all([
    db
      .execute(
        sql`${base} select h.id, h.given_name, h.family_name, h.payment_number, h.cohort, chosen.pence, chosen.state, chosen.held
        from chosen join holders h on h.id = chosen.holder_id
        order by h.family_name, h.given_name, h.id
        limit ${DRILL_DOWN_PAGE_SIZE} offset ${(input.page - 1) * DRILL_DOWN_PAGE_SIZE}`,
      )
      .then((r) =>
        rowsOf<{
          id: string;
          given_name: string;
          family_name: string;
          payment_number: string;
          cohort: Cohort;
          pence: string | null;
          state: ProgressState | null;
          held: Holding[] | string;
        }>(r),
      ),
    db.execute(sql`${base} select count(*) as people, sum(pence) as pence from chosen`).then((r) => rowsOf<{ people: string; pence: string | null }>(r)),
  ]);
  const total = Number(totals.people);
  return {
    page: input.page,
    pageCount: Math.max(1, Math.ceil(total / DRILL_DOWN_PAGE_SIZE)),
    total,
    totalPence: totals.pence === null ? null : Number(totals.pence),
    rows: rows.map((r): DrillDownRow => ({
      holderId: r.id,
      name: `${r.given_name} ${r.family_name}`,
      paymentNumber: Number(r.payment_number),
      cohort: r.cohort,
      held: pgArray(r.held) as Holding[],
      state: r.state,
      pence: r.pence === null ? null : Number(r.pence),
    })),
  };
}

/** A text[] as either driver hands it back: an array, or PostgreSQL's `{a,b}` text when it comes through an expression. */
function pgArray(value: string[] | string): string[] {
  if (Array.isArray(value)) return value;
  const inner = value.replace(/^\{|\}$/g, "");
  return inner ? inner.split(",").map((v) => v.replace(/^"|"$/g, "")) : [];
}
