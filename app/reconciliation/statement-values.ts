import { isRealDate } from "~/dates/date-range";
import type { Pence } from "~/ledger/money";

/**
 * Dates and amounts as UK banks write them in their exports. Always day first: a UK bank never writes month first,
 * so 03/04/2026 is 3 April, never 4 March.
 */

export type ReadValue<T> = { ok: true; value: T } | { ok: false; message: string };

/** Non-breaking spaces (Santander pads with them) and runs of spaces read as one space. */
export function cleanText(text: string): string {
  return text.replace(/[\s\u00a0\u2007\u202f]+/g, " ").trim();
}

const MONTHS: Record<string, number> = {
  jan: 1,
  january: 1,
  feb: 2,
  february: 2,
  mar: 3,
  march: 3,
  apr: 4,
  april: 4,
  may: 5,
  jun: 6,
  june: 6,
  jul: 7,
  july: 7,
  aug: 8,
  august: 8,
  sep: 9,
  sept: 9,
  september: 9,
  oct: 10,
  october: 10,
  nov: 11,
  november: 11,
  dec: 12,
  december: 12,
};

// A time after the date ("27/03/2026 09:15", "2026-03-27T09:15:00Z") says nothing about which day the money moved.
const TIME = String.raw`(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?: ?[AP]M)?(?:Z|[+-]\d{2}:?\d{2})?)?`;
const NUMERIC = new RegExp(String.raw`^(\d{1,2})([/.\-])(\d{1,2})(?:\2|')(\d{2}|\d{4})${TIME}$`, "i");
const NAMED = new RegExp(String.raw`^(\d{1,2})(?:st|nd|rd|th)?[ \-/]([a-z]{3,9})\.?,?[ \-/](\d{2}|\d{4})${TIME}$`, "i");
const ISO = new RegExp(String.raw`^(\d{4})-(\d{2})-(\d{2})${TIME}$`, "i");
// OFX: 20260327, 20260327120000, 20260327120000.000[0:GMT]. The bank's own day is taken as written, not moved by zone.
const OFX = /^(\d{4})(\d{2})(\d{2})(?:\d{2}(?:\d{2}(?:\d{2}(?:\.\d{1,3})?)?)?)?(?:\[[^\]]*\])?$/;

/** Reads a statement date into ISO yyyy-mm-dd, or says why it cannot. */
export function parseStatementDate(input: string): ReadValue<string> {
  const text = cleanText(input);
  if (text === "") return { ok: false, message: "the date is missing" };
  let year: number | undefined;
  let month: number | undefined;
  let day: number | undefined;
  let match: RegExpExecArray | null;
  if ((match = NUMERIC.exec(text))) [day, month, year] = [Number(match[1]), Number(match[3]), fullYear(match[4])];
  else if ((match = NAMED.exec(text))) [day, month, year] = [Number(match[1]), MONTHS[match[2].toLowerCase()], fullYear(match[3])];
  else if ((match = ISO.exec(text)) || (match = OFX.exec(text))) [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year === undefined || month === undefined || day === undefined) {
    return { ok: false, message: `the date "${text}" is not a date, like 27/03/2026` };
  }
  const iso = `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
  if (!isRealDate(iso)) return { ok: false, message: `the date "${text}" is not a real date` };
  return { ok: true, value: iso };
}

// Two-digit years on a bank export are this century: nobody imports a statement from the 1990s into the portal.
const fullYear = (digits: string) => (digits.length === 2 ? 2000 + Number(digits) : Number(digits));

const CREDIT_WORDS = new Set(["CR", "C", "CREDIT", "IN"]);
const DEBIT_WORDS = new Set(["DR", "D", "DEBIT", "OUT"]);

/** Reads a money-in or money-out indicator from its own column ("CR", "Debit"), or null if it is not one. */
export function parseDirection(input: string): 1 | -1 | null {
  const word = cleanText(input).toUpperCase().replace(/\.$/, "");
  if (CREDIT_WORDS.has(word)) return 1;
  if (DEBIT_WORDS.has(word)) return -1;
  return null;
}

const DIGITS = /^(\d{1,3}(?:,\d{3})+|\d+)?(?:\.(\d+))?$/;

/**
 * Reads an amount as a bank writes it into signed pence: "1,234.56", "-12.00", "(12.00)", "£12.00", "12.00 CR",
 * "DR 12.00", "+12", "12.40-", "-12.40 GBP". Parsed from the digits, never through floating point. Letters that are
 * not a currency or CR/DR ("12.0O", "twelve") make it not an amount.
 */
export function parseStatementAmount(input: string): ReadValue<Pence> {
  const original = cleanText(input);
  if (original === "") return { ok: false, message: "the amount is missing" };
  const notAmount = { ok: false as const, message: `the amount "${original}" is not a number of pounds and pence, like 12.50` };
  // U+2212 is the typographic minus some exports use.
  let text = original.toUpperCase().replace(/\u2212/g, "-");
  let signs = 0;
  let negative = false;
  const markSign = (isNegative: boolean) => {
    signs += 1;
    negative = isNegative;
  };
  const parens = /^\((.*)\)$/.exec(text);
  if (parens) {
    text = parens[1].trim();
    markSign(true);
  }
  const prefix = /^(CR|DR)\.?\s*(.*)$/.exec(text);
  const suffix = /^(.*?)\s*(CR|DR)\.?$/.exec(text);
  if (prefix || suffix) {
    const [word, rest] = prefix ? [prefix[1], prefix[2]] : [suffix![2], suffix![1]];
    text = rest.trim();
    markSign(word === "DR");
  }
  text = text
    .replace(/^GBP\s*/, "")
    .replace(/\s*GBP$/, "")
    .trim();
  const lead = /^([+-])\s*(?:£\s*)?(.*)$/.exec(text) ?? /^£\s*([+-])\s*(.*)$/.exec(text);
  if (lead) {
    text = lead[2];
    markSign(lead[1] === "-");
  } else {
    text = text.replace(/^£\s*/, "");
    const trailing = /^(.*?)\s*([+-])$/.exec(text);
    if (trailing) {
      text = trailing[1];
      markSign(trailing[2] === "-");
    }
  }
  if (signs > 1) return { ok: false, message: `the amount "${original}" has more than one sign: use one, like -12.50 or 12.50 DR` };
  const match = DIGITS.exec(text);
  if (!match || (match[1] === undefined && match[2] === undefined)) return notAmount;
  const decimals = match[2] ?? "";
  // OFX and some spreadsheets write "12.4000": zeros past the pence change nothing, anything else is not money.
  if (/[1-9]/.test(decimals.slice(2))) {
    return { ok: false, message: `the amount "${original}" has more than 2 decimal places` };
  }
  const pounds = (match[1] ?? "0").replace(/,/g, "");
  const pence = Number(pounds) * 100 + Number(decimals.slice(0, 2).padEnd(2, "0"));
  if (!Number.isSafeInteger(pence)) return { ok: false, message: `the amount "${original}" is too large` };
  // -0 would print as 0 but compare oddly; zero has no direction.
  return { ok: true, value: negative && pence !== 0 ? -pence : pence };
}

/** An amount from a money-in or money-out column: the column says the direction, whatever sign the bank wrote. */
export function parseColumnAmount(input: string, direction: 1 | -1): ReadValue<Pence> {
  const read = parseStatementAmount(input);
  if (!read.ok) return read;
  return { ok: true, value: read.value === 0 ? 0 : direction * Math.abs(read.value) };
}
