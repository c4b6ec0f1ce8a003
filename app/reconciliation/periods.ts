/**
 * A holder's month as finance reconciles it: what the ledger says came in and went out, what the bank says, and the
 * lines that explain any difference between the two.
 */

export type Month = `${number}-${number}`;

export function readMonth(text: string | null | undefined): string | null {
  if (!text || !/^\d{4}-(0[1-9]|1[0-2])$/.test(text)) return null;
  return text;
}

export function monthBounds(month: string): { startsOn: string; endsOn: string } {
  const [year, m] = month.split("-").map(Number);
  const last = new Date(Date.UTC(year, m, 0)).getUTCDate();
  return { startsOn: `${month}-01`, endsOn: `${month}-${String(last).padStart(2, "0")}` };
}

export function shiftMonth(month: string, by: number): string {
  const [year, m] = month.split("-").map(Number);
  const d = new Date(Date.UTC(year, m - 1 + by, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, "0")}`;
}

export const shiftDays = (date: string, days: number) => new Date(Date.parse(date) + days * 86_400_000).toISOString().slice(0, 10);

const MONTH_NAME = new Intl.DateTimeFormat("en-GB", { month: "long", year: "numeric", timeZone: "UTC" });
export const monthName = (month: string) => MONTH_NAME.format(new Date(`${month}-01T00:00:00Z`));

/**
 * What finance reconciles at once: a calendar month ("2026-10") or a quarter of the financial year that starts in
 * April ("2026-Q3", October to December 2026), as a commissioner that reconciles quarterly counts them.
 */
export type PeriodLength = "month" | "quarter";

const QUARTER = /^(\d{4})-Q([1-4])$/;

export function readPeriod(text: string | null | undefined): string | null {
  return readMonth(text) ?? (text && QUARTER.test(text) ? text : null);
}

export const periodLength = (period: string): PeriodLength => (QUARTER.test(period) ? "quarter" : "month");

/** The quarter's first month: quarter 1 of 2026/27 is April 2026, quarter 4 is January 2027. */
function quarterFirstMonth(quarter: string): string {
  const [, year, n] = QUARTER.exec(quarter)!;
  return shiftMonth(`${year}-04`, (Number(n) - 1) * 3);
}

/** The period of the given length that a month falls in. */
export function periodOfMonth(month: string, length: PeriodLength): string {
  if (length === "month") return month;
  const [year, m] = month.split("-").map(Number);
  const sinceApril = (m + 8) % 12;
  return `${m >= 4 ? year : year - 1}-Q${Math.floor(sinceApril / 3) + 1}`;
}

export function periodBounds(period: string): { startsOn: string; endsOn: string } {
  if (periodLength(period) === "month") return monthBounds(period);
  const first = quarterFirstMonth(period);
  return { startsOn: monthBounds(first).startsOn, endsOn: monthBounds(shiftMonth(first, 2)).endsOn };
}

export function shiftPeriod(period: string, by: number): string {
  return periodLength(period) === "month" ? shiftMonth(period, by) : periodOfMonth(shiftMonth(quarterFirstMonth(period), by * 3), "quarter");
}

/** The month or quarter a reconciliation recorded with these days covers. */
export function periodOfDays(days: { startsOn: string; endsOn: string }): string {
  const first = days.startsOn.slice(0, 7);
  return first === days.endsOn.slice(0, 7) ? first : periodOfMonth(first, "quarter");
}

/** "October 2026", or for a quarter "October to December 2026" (or "January to March 2027"). */
export function periodName(period: string): string {
  if (periodLength(period) === "month") return monthName(period);
  const first = quarterFirstMonth(period);
  return `${monthName(first).split(" ")[0]} to ${monthName(shiftMonth(first, 2))}`;
}

export interface DatedBalance {
  date: string;
  amountPence: number;
  balancePence: number | null;
}

/**
 * The account's balance at the end of the last day with lines, as the bank stated it; null when the statement has no
 * balance column. Lines of one day come in no dependable order (some banks list the newest first), so the day's
 * closing balance is the one no other line of that day follows from.
 */
export function bankClosingBalance(lines: DatedBalance[]): number | null {
  const withBalance = lines.filter((l) => l.balancePence !== null);
  if (withBalance.length === 0) return null;
  const lastDay = withBalance.reduce((latest, l) => (l.date > latest ? l.date : latest), withBalance[0].date);
  const day = withBalance.filter((l) => l.date === lastDay);
  const before = new Set(day.map((l) => l.balancePence! - l.amountPence));
  const closing = day.filter((l) => !before.has(l.balancePence!) || day.length === 1);
  return (closing[0] ?? day[day.length - 1]).balancePence;
}

export type MovementGroup = "money-in" | "spending" | "payroll" | "refunds" | "recovery" | "other";

/** Where a ledger entry counts in the month's summary, by what kind of event it was. */
export function movementGroup(kind: string): MovementGroup {
  switch (kind) {
    case "instalment":
      return "money-in";
    case "spend":
    case "card-transaction":
      return "spending";
    case "payroll":
      return "payroll";
    case "refund":
      return "refunds";
    case "clawback":
      return "recovery";
    default:
      return "other";
  }
}

export const MOVEMENT_LABELS: Record<MovementGroup, string> = {
  "money-in": "Instalments paid in",
  spending: "Spending",
  payroll: "Payroll (pay, tax and pension)",
  refunds: "Refunds",
  recovery: "Money recovered",
  other: "Adjustments",
};

export type ReconciliationStatus = "not-started" | "in-progress" | "queries-open" | "ready" | "reconciled";

export const STATUS_LABELS: Record<ReconciliationStatus, string> = {
  "not-started": "Not started",
  "in-progress": "In progress",
  "queries-open": "Queries open",
  ready: "Ready to reconcile",
  reconciled: "Reconciled",
};

/**
 * Not started until a statement for the month is imported; in progress while any of its bank lines is unmatched;
 * ready once every line is accounted for and what is left in the ledger alone explains the difference to the penny.
 */
export function reconciliationStatus(month: {
  reconciled: boolean;
  openQueries: number;
  bankLines: number;
  unmatchedBankLines: number;
  unexplainedPence: number | null;
}): ReconciliationStatus {
  if (month.reconciled) return "reconciled";
  if (month.openQueries > 0) return "queries-open";
  if (month.bankLines === 0) return "not-started";
  if (month.unmatchedBankLines > 0 || (month.unexplainedPence ?? 0) !== 0) return "in-progress";
  return "ready";
}

/** The worklist shows first what most needs finance: queries, then months in progress, then ready, then the rest. */
export const ATTENTION_ORDER: ReconciliationStatus[] = ["queries-open", "in-progress", "ready", "not-started", "reconciled"];

/**
 * The difference between the ledger's and the bank's closing balances that the unmatched items do not explain:
 * entries in the ledger the bank has not shown yet make the ledger differ by their amount, and bank lines the ledger
 * does not have (including ones marked as transfers or not the holder's) make the bank differ by theirs.
 */
export function unexplainedDifference(input: {
  ledgerClosingPence: number;
  bankClosingPence: number | null;
  ledgerOnlyPence: number;
  bankOnlyPence: number;
}): number | null {
  if (input.bankClosingPence === null) return null;
  return input.ledgerClosingPence - input.ledgerOnlyPence - (input.bankClosingPence - input.bankOnlyPence);
}
