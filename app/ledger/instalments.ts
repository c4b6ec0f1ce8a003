import type { Pence } from "./money";

/** Every 4 weeks makes 13 instalments a year. */
export const INSTALMENTS_PER_YEAR = 13;
export const DEFAULT_EVERY_DAYS = 28;

export interface Schedule {
  firstDate: string;
  everyDays: number;
  endsOn?: string | null;
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The dates instalments fall due, from the first up to and including `until` (and the schedule's end). */
export function dueDates(schedule: Schedule, until: string): string[] {
  const last = schedule.endsOn && schedule.endsOn < until ? schedule.endsOn : until;
  const dates: string[] = [];
  for (let date = schedule.firstDate; date <= last; date = addDays(date, schedule.everyDays)) dates.push(date);
  return dates;
}

/**
 * The `index`th instalment (from 0) of a yearly direct-payment share: an equal 13th, with the leftover pence
 * paid one each in the first instalments of every year, so any 13 in a row add up to the year's amount exactly.
 */
export function instalmentAmount(annualPence: Pence, index: number, perYear = INSTALMENTS_PER_YEAR): Pence {
  const base = Math.floor(annualPence / perYear);
  return base + (index % perYear < annualPence % perYear ? 1 : 0);
}

/** One instalment per budget per due date, whoever runs the job and however often. */
export function instalmentKey(budgetId: string, dueDate: string): string {
  return `instalment:${budgetId}:${dueDate}`;
}
