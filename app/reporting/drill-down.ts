import { COHORT_NAMES, type Cohort } from "~/people/cohorts";
import type { Holding } from "~/plans/rules";
import { monthName, readMonth } from "~/reconciliation/periods";
import { HOLDING_NAMES, HOLDINGS, LEDGER_MEASURES, PROGRESS_NAMES, PROGRESS_STATES, type LedgerMeasure, type ProgressState } from "./dashboard";
import { financialYearOf, readFinancialYear, type FinancialYear } from "./financial-year";

/**
 * The list behind one figure of the dashboard: the people with a personal health budget (of a cohort, held a way),
 * the people whose money was paid, spent or recovered in a year, or the people whose month of direct payment is
 * reconciled, in progress or not started.
 */
export type DrillDown =
  | { list: "phbs"; cohort: Cohort | null; held: Holding | null }
  | { list: "money"; measure: LedgerMeasure; held: Holding | null; year: FinancialYear }
  | { list: "reconciliation"; month: string; state: ProgressState };

const isIn = <T extends string>(values: readonly T[], text: string | null): text is T => text !== null && (values as readonly string[]).includes(text);

/** The list a dashboard link asks for; null for a link that names no list or names one wrongly. */
export function readDrillDown(params: URLSearchParams, today: string): DrillDown | null {
  const held = params.get("held");
  const heldOrNull = held === null || held === "" ? null : isIn(HOLDINGS, held) ? held : undefined;
  if (heldOrNull === undefined) return null;
  const measure = params.get("measure");
  if (measure !== null) {
    if (!isIn(LEDGER_MEASURES, measure)) return null;
    const yearText = params.get("year");
    const year = yearText === null ? financialYearOf(today) : readFinancialYear(yearText, today);
    return year ? { list: "money", measure, held: heldOrNull, year } : null;
  }
  const month = params.get("month");
  if (month !== null) {
    const state = params.get("state");
    const read = readMonth(month);
    return read && isIn(PROGRESS_STATES, state) ? { list: "reconciliation", month: read, state } : null;
  }
  const cohort = params.get("cohort") || null;
  if (cohort === null) return { list: "phbs", cohort: null, held: heldOrNull };
  return isIn(Object.keys(COHORT_NAMES) as Cohort[], cohort) ? { list: "phbs", cohort, held: heldOrNull } : null;
}

/** The link to a list, the one readDrillDown reads back. */
export function drillDownHref(filter: DrillDown): string {
  const params = new URLSearchParams();
  if (filter.list === "phbs") {
    if (filter.cohort) params.set("cohort", filter.cohort);
    if (filter.held) params.set("held", filter.held);
  } else if (filter.list === "money") {
    params.set("measure", filter.measure);
    if (filter.held) params.set("held", filter.held);
    params.set("year", String(filter.year.startYear));
  } else {
    params.set("month", filter.month);
    params.set("state", filter.state);
  }
  const query = params.toString();
  return `/staff/dashboard/holders${query ? `?${query}` : ""}`;
}

export const MEASURE_NAMES: Record<LedgerMeasure, string> = { paid: "Paid in instalments", spent: "Spent", recovered: "Recovered" };
const HELD_PLURAL: Record<Holding, string> = {
  "direct-payment": "direct payments",
  "third-party": "third-party budgets",
  notional: "notional budgets",
};

/** The list's heading, in words: "People with a personal health budget held as a direct payment". */
export function drillDownTitle(filter: DrillDown): string {
  switch (filter.list) {
    case "phbs": {
      const held = filter.held
        ? ` held as ${filter.held === "direct-payment" ? "a direct payment" : `a ${HOLDING_NAMES[filter.held].toLowerCase()} budget`}`
        : "";
      return `People with a personal health budget${filter.cohort ? ` (${COHORT_NAMES[filter.cohort]})` : ""}${held}`;
    }
    case "money":
      return `${MEASURE_NAMES[filter.measure]}: ${filter.held ? HELD_PLURAL[filter.held] : "all budgets"}, ${filter.year.label}`;
    case "reconciliation":
      return `Direct payments for ${monthName(filter.month)}: ${PROGRESS_NAMES[filter.state].toLowerCase()}`;
  }
}
