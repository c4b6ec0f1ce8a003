import { formatPence, type Pence } from "~/ledger/money";
import { hoursText, payForHours } from "./timesheets";

/** One week of a PA's approved hours that no payslip covers yet, with the PA's rate and the plan line that pays them. */
export interface UnpaidWeek {
  assistantId: string;
  /** The key of the plan line that pays the PA; null when none is set. */
  lineKey: string | null;
  hourlyRatePence: Pence;
  minutes: number;
}

/** What a line owes for approved hours not paid yet. */
export interface ApprovedHoursOnLine {
  pence: Pence;
  minutes: number;
  assistantCount: number;
}

/**
 * Approved hours not paid yet, per plan line key: money as good as spent, since payroll must pay exactly these hours
 * (checkAgainstTimesheets). Each PA's minutes are added up before they are priced, as payroll prices a period's
 * hours, so that rounding to the penny happens once per PA, not once per week. A PA with no line set is left out:
 * there is no line to count the money against until the payroll posts it as not matched.
 */
export function approvedHoursByLine(weeks: UnpaidWeek[]): Map<string, ApprovedHoursOnLine> {
  const byAssistant = new Map<string, { lineKey: string; hourlyRatePence: Pence; minutes: number }>();
  for (const week of weeks) {
    if (week.lineKey === null) continue;
    const seen = byAssistant.get(week.assistantId);
    if (seen) seen.minutes += week.minutes;
    else byAssistant.set(week.assistantId, { lineKey: week.lineKey, hourlyRatePence: week.hourlyRatePence, minutes: week.minutes });
  }
  const byLine = new Map<string, ApprovedHoursOnLine>();
  for (const pa of byAssistant.values()) {
    const line = byLine.get(pa.lineKey) ?? { pence: 0, minutes: 0, assistantCount: 0 };
    byLine.set(pa.lineKey, {
      pence: line.pence + payForHours(pa.minutes, pa.hourlyRatePence),
      minutes: line.minutes + pa.minutes,
      assistantCount: line.assistantCount + 1,
    });
  }
  return byLine;
}

/**
 * The line's note on what its committed money is: only wages at the hourly rate are known before payroll runs, so the
 * note says the employer's National Insurance and pension are still to come on top.
 */
export function approvedHoursText(hours: ApprovedHoursOnLine): string {
  const rate = hours.assistantCount === 1 ? "the PA's hourly rate" : "each PA's hourly rate";
  return `Includes ${formatPence(hours.pence)} for ${hoursText(hours.minutes)} of approved timesheets not paid yet, at ${rate}, before the employer's National Insurance and pension`;
}
