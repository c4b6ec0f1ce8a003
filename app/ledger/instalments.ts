import { addDays, addMonths, differenceInCalendarDays, format, parseISO } from "date-fns";
import type { Pence } from "./money";

export type FundingFrequency = "four-weekly" | "monthly" | "quarterly";

/** Instalments in a plan year: 13 every four weeks, 12 monthly, 4 quarterly. */
export const INSTALMENTS_A_YEAR: Record<FundingFrequency, number> = { "four-weekly": 13, monthly: 12, quarterly: 4 };

export const FREQUENCY_NAMES: Record<FundingFrequency, string> = {
  "four-weekly": "every 4 weeks (13 a year)",
  monthly: "every month (12 a year)",
  quarterly: "every 3 months (4 a year)",
};

/**
 * What an arrangement is paid a year, from a date until the next rate: the share of the plan version in force then,
 * or £0.00 while a direct payment is stopped or refused. Sorted by `from`; before the first, nothing is paid.
 */
export interface Rate {
  from: string;
  annualPence: Pence;
}

const iso = (d: Date) => format(d, "yyyy-MM-dd");
const dayAfter = (date: string) => iso(addDays(parseISO(date), 1));

/** The regular due dates of a plan year: its first day, then every 28 days, month or quarter. */
export function regularDates(yearStart: string, frequency: FundingFrequency): string[] {
  const start = parseISO(yearStart);
  return Array.from({ length: INSTALMENTS_A_YEAR[frequency] }, (_, k) =>
    iso(frequency === "four-weekly" ? addDays(start, 28 * k) : addMonths(start, (frequency === "monthly" ? 1 : 3) * k)),
  );
}

/** The rate in force on a date, with its place in the list (-1 before the first). */
export function rateOn(rates: Rate[], date: string): { index: number; annualPence: Pence } {
  let index = -1;
  for (let i = 0; i < rates.length && rates[i].from <= date; i++) index = i;
  return { index, annualPence: index < 0 ? 0 : rates[index].annualPence };
}

/**
 * What a plan year pays: each rate for the days it is in force within the year (and before the plan's end), as a
 * share of the days in the year, to the penny. A year with one rate throughout pays exactly that rate.
 */
export function yearShare(input: { yearStart: string; yearEnd: string; rates: Rate[]; endsOn?: string | null }): Pence {
  const last = input.endsOn && input.endsOn < input.yearEnd ? input.endsOn : input.yearEnd;
  const daysInYear = differenceInCalendarDays(parseISO(input.yearEnd), parseISO(input.yearStart)) + 1;
  let total = 0;
  input.rates.forEach((rate, i) => {
    const from = rate.from > input.yearStart ? rate.from : input.yearStart;
    const nextFrom = i + 1 < input.rates.length ? input.rates[i + 1].from : dayAfter(last);
    const to = nextFrom <= last ? iso(addDays(parseISO(nextFrom), -1)) : last;
    if (to < from || rate.annualPence === 0) return;
    const days = differenceInCalendarDays(parseISO(to), parseISO(from)) + 1;
    total += Math.round((rate.annualPence * days) / daysInYear);
  });
  return total;
}

export type SlotStatus = "paid" | "due" | "stopped" | "after-end" | "nothing-left";

export interface Slot {
  /** From 1: "instalment 9" of the year. */
  number: number;
  dueOn: string;
  amountPence: Pence;
  status: SlotStatus;
}

/**
 * A plan year's instalments: what each pays and when, given the rates and what has been paid already.
 *
 * Each is due on its regular date; one that falls while nothing is in force (before a direct payment starts, or
 * while it is stopped) is paid on the day one starts instead, if that is before the next. The year pays exactly
 * its share (yearShare): the share left is spread evenly over the instalments left, in whole pence, with the
 * remainder in the last; and again from the first instalment after each change of rate, so a mid-year change pays
 * the rest of the year at the new rate. Amounts already paid stand as paid. None is paid after the plan's end; a
 * change after the year's last instalment is paid from the next year. Never less than £0.00: a year already paid
 * more than its share pays nothing more.
 */
export function scheduleYear(input: {
  yearStart: string;
  yearEnd: string;
  frequency: FundingFrequency;
  rates: Rate[];
  endsOn?: string | null;
  paid?: ReadonlyMap<number, Pence>;
}): { totalPence: Pence; slots: Slot[] } {
  const paid = input.paid ?? new Map<number, Pence>();
  const totalPence = yearShare(input);
  const regular = regularDates(input.yearStart, input.frequency);
  const nextRegular = (k: number) => (k + 1 < regular.length ? regular[k + 1] : dayAfter(input.yearEnd));

  const slots = regular.map((date, k) => {
    let dueOn = date;
    if (rateOn(input.rates, date).annualPence === 0) {
      const start = input.rates.find((r) => r.from > date && r.from < nextRegular(k) && r.annualPence > 0);
      if (start) dueOn = start.from;
    }
    const rate = rateOn(input.rates, dueOn);
    const status: SlotStatus = input.endsOn && dueOn > input.endsOn ? "after-end" : rate.annualPence === 0 ? "stopped" : "due";
    const slot: Slot & { rate: Pence } = { number: k + 1, dueOn, amountPence: 0, status, rate: rate.annualPence };
    return slot;
  });

  const payable = slots.filter((s) => s.status === "due" || paid.has(s.number));
  const lastPayable = payable.length ? payable[payable.length - 1].number : 0;
  // Paid beyond the regular slots (a year paid 14 times before this schedule): it counts against the share.
  let paidElsewhere = 0;
  for (const [number, pence] of paid) if (number > regular.length) paidElsewhere += pence;

  let sumBefore = paidElsewhere;
  let base = 0;
  let segment: number | null = null;
  payable.forEach((slot, i) => {
    if (slot.rate !== segment) {
      segment = slot.rate;
      base = Math.floor((totalPence - sumBefore) / (payable.length - i));
    }
    const planned = Math.max(0, slot.number === lastPayable ? totalPence - sumBefore : base);
    const amount = paid.get(slot.number) ?? planned;
    // Paid otherwise than planned (before a change was approved that day, or before this schedule): spread again.
    if (amount !== planned) segment = null;
    slot.amountPence = amount;
    slot.status = paid.has(slot.number) ? "paid" : amount > 0 ? "due" : "nothing-left";
    sumBefore += amount;
  });
  return { totalPence, slots: slots.map(({ rate: _rate, ...slot }) => slot) };
}

/** One instalment per arrangement per plan year per slot, whoever runs the job and however often. */
export function instalmentKey(arrangementId: string, yearStart: string, number: number): string {
  return `instalment:${arrangementId}:${yearStart}:${number}`;
}

/**
 * The rates of one arrangement: the share each approved plan version gives it from when the version applied, with
 * nothing paid while a direct payment is stopped or refused (from the decision's date until it is overturned).
 */
export function arrangementRates(input: {
  versions: { inForceFrom: string; version: number; annualPence: Pence }[];
  stops?: { from: string; until: string | null }[];
}): Rate[] {
  const versions = [...input.versions].sort((a, b) => (a.inForceFrom === b.inForceFrom ? a.version - b.version : a.inForceFrom < b.inForceFrom ? -1 : 1));
  const stops = input.stops ?? [];
  const stoppedOn = (date: string) => stops.some((s) => s.from <= date && (s.until === null || date < s.until));
  const versionRate = (date: string) => {
    let pence = 0;
    for (const v of versions) if (v.inForceFrom <= date) pence = v.annualPence;
    return pence;
  };
  const changes = [...new Set([...versions.map((v) => v.inForceFrom), ...stops.flatMap((s) => (s.until ? [s.from, s.until] : [s.from]))])].sort();
  const rates: Rate[] = [];
  for (const from of changes) {
    const annualPence = stoppedOn(from) ? 0 : versionRate(from);
    const previous = rates[rates.length - 1];
    if (!previous || previous.annualPence !== annualPence || versions.some((v) => v.inForceFrom === from)) rates.push({ from, annualPence });
  }
  return rates;
}

/**
 * What an instalment shows on the holder's bank statement, "PHB 0034 INST 09", so that money in can be matched to
 * it: the holder's payment number and the instalment's number in its plan year. A Bacs reference holds 18 characters.
 */
export function instalmentReference(paymentNumber: number, instalmentNumber: number): string {
  return `${paymentNumberText(paymentNumber)} INST ${String(instalmentNumber).padStart(2, "0")}`;
}

/** The holder's payment number as the bank statement and finance's lists show it: "PHB 0034". */
export const paymentNumberText = (paymentNumber: number) => `PHB ${String(paymentNumber).padStart(4, "0")}`;
