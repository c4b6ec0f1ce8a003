/** Money is a whole number of pence. `number` is exact for any sum up to 2^53 pence (about £90 trillion). */
export type Pence = number;

export type ParsedMoney = { ok: true; pence: Pence } | { ok: false; message: string };

const POUNDS = new Intl.NumberFormat("en-GB", { maximumFractionDigits: 0 });

/** "£1,234.56", "-£10.00": en-GB, built from whole pounds and pence so no float division can round it. */
export function formatPence(pence: Pence): string {
  const abs = Math.abs(pence);
  const text = `£${POUNDS.format(Math.floor(abs / 100))}.${String(abs % 100).padStart(2, "0")}`;
  return pence < 0 ? `-${text}` : text;
}

/** "1234.56", "-0.05": pounds and pence for a spreadsheet, built from whole pence so no float can round it. */
export function penceToDecimal(pence: Pence): string {
  const abs = Math.abs(pence);
  return `${pence < 0 ? "-" : ""}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

/**
 * Reads an amount typed by a person: "1,234.56", "£1234.5", "12" and " 0.01 " are fine; negative amounts,
 * more than 2 decimal places and anything that is not a number are refused with a message saying how to fix it.
 * Parsed from the string, never through floating point.
 */
export function parseMoney(input: string, label = "amount"): ParsedMoney {
  const text = input.trim().replace(/^£\s*/, "");
  if (text === "") return { ok: false, message: `Enter the ${label}, like 12.50` };
  if (text.startsWith("-")) return { ok: false, message: `The ${label} must be more than £0.00` };
  const match = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?$/.exec(text);
  if (!match) {
    if (/^[\d,]*\.\d{3,}$/.test(text)) return { ok: false, message: `The ${label} must not have more than 2 decimal places, like 12.50` };
    return { ok: false, message: `The ${label} must be a number of pounds and pence, like 12.50` };
  }
  const pounds = match[1].replace(/,/g, "");
  const pence = (match[2] ?? "").padEnd(2, "0");
  const total = Number(pounds) * 100 + Number(pence);
  if (!Number.isSafeInteger(total)) return { ok: false, message: `The ${label} is too large` };
  return { ok: true, pence: total };
}
