import { isRealDate } from "./date-range";

/**
 * The NHS.UK date input: a date typed as day, month and year in three boxes. Every form and filter with a date reads
 * it here, so the messages and what counts as a date are the same everywhere.
 */
export type DatePart = "day" | "month" | "year";
export type DateParts = Record<DatePart, string>;

export interface DateRules {
  /** "Enter ..." when all three boxes are empty; otherwise an empty date is no date. */
  required?: boolean;
  /** The date of something that has happened, like a spend: after `today` it is refused. */
  notInFuture?: boolean;
  /** YYYY-MM-DD in the UK, needed with notInFuture. */
  today?: string;
}

export type DateInputResult =
  | { ok: true; iso: string | undefined }
  /** parts: the boxes at fault, to be highlighted; the message names them too. */
  | { ok: false; message: string; parts: DatePart[] };

const PARTS: DatePart[] = ["day", "month", "year"];

export function parseDateInput(raw: DateParts, label: string, rules: DateRules): DateInputResult {
  const typed = { day: raw.day.trim(), month: raw.month.trim(), year: raw.year.trim() };
  const missing = PARTS.filter((p) => typed[p] === "");
  const fail = (message: string, parts: DatePart[]): DateInputResult => ({ ok: false, message, parts });
  if (missing.length === 3) return rules.required ? fail(`Enter ${lowerFirst(label)}`, PARTS) : { ok: true, iso: undefined };
  if (missing.length > 0) return fail(`${label} must include a ${missing.join(" and ")}`, missing);

  const notReal = `${label} must be a real date`;
  const notDigits = PARTS.filter((p) => !/^\d+$/.test(typed[p]));
  if (notDigits.length) return fail(notReal, notDigits);
  if (typed.year.length !== 4) return fail("Year must include 4 numbers", ["year"]);
  const day = Number(typed.day);
  const month = Number(typed.month);
  const outOfRange: DatePart[] = [
    ...(typed.day.length > 2 || day < 1 || day > 31 ? (["day"] as const) : []),
    ...(typed.month.length > 2 || month < 1 || month > 12 ? (["month"] as const) : []),
    ...(typed.year === "0000" ? (["year"] as const) : []),
  ];
  if (outOfRange.length) return fail(notReal, outOfRange);
  const iso = `${typed.year}-${pad(month)}-${pad(day)}`;
  // Each part is possible on its own, so it is the day that this month (or February of this year) does not have.
  if (!isRealDate(iso)) return fail(notReal, ["day", "month"]);
  if (rules.notInFuture && rules.today && iso > rules.today) return fail(`${label} must be today or in the past`, PARTS);
  return { ok: true, iso };
}

/** A stored YYYY-MM-DD as the three boxes show it: 7 and 3, not 07 and 03, as a person would type them. */
export function isoToDateParts(iso: string | undefined | null): DateParts {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso ?? "");
  if (!match) return { day: "", month: "", year: "" };
  return { day: String(Number(match[3])), month: String(Number(match[2])), year: match[1] };
}

const pad = (n: number) => String(n).padStart(2, "0");
const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);
