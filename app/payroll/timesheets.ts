import { longDate } from "~/dates/long-date";
import { formatPence, type Pence } from "~/ledger/money";

/** A timesheet's week starts on a Monday, as most PAs' rotas do. */
export function isMonday(iso: string): boolean {
  return new Date(`${iso}T00:00:00Z`).getUTCDay() === 1;
}

/** "37.5 hours", "20 hours 15 minutes": what a number of minutes reads as. */
export function hoursText(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  const h = `${hours} ${hours === 1 ? "hour" : "hours"}`;
  return rest ? `${h} ${rest} ${rest === 1 ? "minute" : "minutes"}` : h;
}

/** What approved hours pay at an hourly rate, to the nearest penny (half a penny up). */
export function payForHours(minutes: number, hourlyRatePence: Pence): Pence {
  return Math.floor((minutes * hourlyRatePence + 30) / 60);
}

export interface WeekSheet {
  weekStartsOn: string;
  minutes: number;
  status: "submitted" | "approved" | "queried";
}

/**
 * Where a PA's pay is worked out from timesheets, the period's gross pay must be what their approved hours pay, and
 * every week of the period must be approved first. A PA with no timesheets in the period is paid as the payroll
 * software says. Null when the pay agrees with the timesheets.
 */
export function checkAgainstTimesheets(input: { name: string; grossPence: Pence; hourlyRatePence: Pence; sheets: WeekSheet[] }): string | null {
  if (input.sheets.length === 0) return null;
  const waiting = input.sheets.filter((s) => s.status !== "approved");
  if (waiting.length) {
    const weeks = waiting.map((s) => `the week from ${longDate(s.weekStartsOn)} (${s.status === "queried" ? "queried" : "not approved yet"})`).join(", ");
    return `${input.name}'s timesheets for this period must be approved before they are paid: ${weeks}`;
  }
  const minutes = input.sheets.reduce((t, s) => t + s.minutes, 0);
  const due = payForHours(minutes, input.hourlyRatePence);
  if (due === input.grossPence) return null;
  return `${input.name}'s gross pay of ${formatPence(input.grossPence)} is not what the approved timesheets pay: ${hoursText(minutes)} at ${formatPence(input.hourlyRatePence)} an hour is ${formatPence(due)}`;
}
