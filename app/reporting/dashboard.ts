import type { Pence } from "~/ledger/money";
import type { Cohort } from "~/people/cohorts";
import type { Holding } from "~/plans/rules";

/** The ways a budget is held, in the order the dashboard lists them. */
export const HOLDINGS: Holding[] = ["direct-payment", "third-party", "notional"];
export const HOLDING_NAMES: Record<Holding, string> = {
  "direct-payment": "Direct payment",
  "third-party": "Third-party",
  notional: "Notional",
};

/** What the commissioner's money did in a year, per way of holding it. */
export type MoneyMeasure = "committed" | "paid" | "spent" | "recovered";
export const MONEY_MEASURES: MoneyMeasure[] = ["committed", "paid", "spent", "recovered"];
/** The figures that come from the ledger; "committed" comes from the budgets of the plans in force. */
export type LedgerMeasure = Exclude<MoneyMeasure, "committed">;
export const LEDGER_MEASURES: LedgerMeasure[] = ["paid", "spent", "recovered"];

/**
 * Which entries each figure counts, by their kind (a reversal by its original's): instalments are paid in; spending,
 * card transactions and payroll are spent, less refunds; clawbacks are recovered. Adjustments and money carried
 * between a holder's own accounts count in none.
 */
export const MEASURE_KINDS: Record<LedgerMeasure, string[]> = {
  paid: ["instalment"],
  spent: ["spend", "card-transaction", "payroll", "refund"],
  recovered: ["clawback"],
};

export function ledgerMeasureOf(kind: string): LedgerMeasure | null {
  return LEDGER_MEASURES.find((m) => MEASURE_KINDS[m].includes(kind)) ?? null;
}

/**
 * Money in a holder's account is positive: what was paid in is the postings' sum as it is, what was spent or recovered
 * is the money that left, so the sum turned round.
 */
export function measurePence(measure: LedgerMeasure, postingsSum: Pence): Pence {
  return measure === "paid" ? postingsSum : -postingsSum;
}

export type MoneyTable = Record<Holding, Record<MoneyMeasure, Pence>>;

/** The year's figures from the ledger's sums per (how held, kind counted as), with the budgets committed beside them. */
export function moneyTable(sums: { held: Holding; kind: string; pence: Pence }[], committed: Record<Holding, Pence>): MoneyTable {
  const table = Object.fromEntries(HOLDINGS.map((h) => [h, { committed: committed[h], paid: 0, spent: 0, recovered: 0 }])) as MoneyTable;
  for (const s of sums) {
    const measure = ledgerMeasureOf(s.kind);
    if (measure) table[s.held][measure] += measurePence(measure, s.pence);
  }
  return table;
}

export function moneyTotals(table: MoneyTable): Record<MoneyMeasure, Pence> {
  return Object.fromEntries(MONEY_MEASURES.map((m) => [m, HOLDINGS.reduce((sum, h) => sum + table[h][m], 0)])) as Record<MoneyMeasure, Pence>;
}

/** Where a holder's month of direct payment stands: the worklist's four states, with "matched" counted as in progress. */
export type ProgressState = "reconciled" | "in-progress" | "not-started";
export const PROGRESS_STATES: ProgressState[] = ["reconciled", "in-progress", "not-started"];
export const PROGRESS_NAMES: Record<ProgressState, string> = {
  reconciled: "Reconciled",
  "in-progress": "In progress",
  "not-started": "Not started",
};

export interface CohortRow {
  cohort: Cohort;
  people: number;
  held: Record<Holding, number>;
}

export interface ProgressRow {
  month: string;
  counts: Record<ProgressState, number>;
}
