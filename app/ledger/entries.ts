import { createHash } from "node:crypto";
import { longDate } from "~/dates/long-date";
import { formatPence, type Pence } from "./money";

export const ENTRY_KINDS = ["instalment", "spend", "card-transaction", "payroll", "refund", "clawback", "adjustment", "reversal"] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];

/** One leg of an entry: positive pence go into the account, negative pence come out of it. */
export interface EntryLine {
  accountId: number;
  amountPence: Pence;
}

/** What an entry says, as far as deciding whether a second submission is the same one. */
export interface EntryContent {
  kind: EntryKind;
  effectiveDate: string;
  description: string;
  lines: EntryLine[];
  onBehalfOfHolderId: string | null;
  sourceType?: string | null;
  sourceId?: string | null;
  reversesEntryId?: number | null;
  reason?: string | null;
  supportLineKey?: string | null;
}

export type Check = { ok: true } | { ok: false; message: string };

/** Two or more legs on different accounts, each a whole non-zero number of pence, summing to zero. */
export function checkLines(lines: EntryLine[]): Check {
  if (lines.length < 2) return { ok: false, message: "An entry needs at least two lines" };
  const seen = new Set<number>();
  let total = 0;
  for (const line of lines) {
    if (!Number.isSafeInteger(line.accountId) || line.accountId <= 0) return { ok: false, message: "Every line needs an account" };
    if (seen.has(line.accountId)) return { ok: false, message: "Each account can appear on only one line of an entry" };
    seen.add(line.accountId);
    if (!Number.isSafeInteger(line.amountPence)) return { ok: false, message: "Amounts must be whole pence" };
    if (line.amountPence === 0) return { ok: false, message: "Amounts must not be £0.00" };
    total += line.amountPence;
  }
  if (!Number.isSafeInteger(total)) return { ok: false, message: "The amounts are too large" };
  if (total !== 0) return { ok: false, message: `The lines must add up to £0.00, not ${formatPence(total)}` };
  return { ok: true };
}

export function checkEffectiveDate(date: string): Check {
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(date) && new Date(`${date}T00:00:00Z`).toISOString().startsWith(date);
  return valid ? { ok: true } : { ok: false, message: `"${date}" is not a real date, like 2026-03-27` };
}

/** The same content always gives the same hash, whatever order the lines were given in. */
export function hashContent(content: EntryContent): string {
  const canonical = {
    kind: content.kind,
    effectiveDate: content.effectiveDate,
    description: content.description,
    lines: [...content.lines].sort((a, b) => a.accountId - b.accountId).map((l) => [l.accountId, l.amountPence]),
    onBehalfOfHolderId: content.onBehalfOfHolderId ?? null,
    sourceType: content.sourceType ?? null,
    sourceId: content.sourceId ?? null,
    reversesEntryId: content.reversesEntryId ?? null,
    reason: content.reason ?? null,
    // Only when set, so that entries posted before lines were recorded keep their hashes (and replay as before).
    ...(content.supportLineKey ? { supportLineKey: content.supportLineKey } : {}),
  };
  return createHash("sha256").update(JSON.stringify(canonical)).digest("hex");
}

/** The lines of the entry that undoes `lines`. */
export function mirrorLines(lines: EntryLine[]): EntryLine[] {
  return lines.map((l) => ({ accountId: l.accountId, amountPence: -l.amountPence }));
}

/** Why an entry dated on or before the last day finance has closed is refused, and what to do instead. */
export function periodClosedMessage(closedThrough: string): string {
  return `Money up to ${longDate(closedThrough)} has been closed by finance, so nothing can be dated on or before that day. Record a correction dated after it instead`;
}

export function notEnoughMoneyMessage(availablePence: Pence): string {
  return `not enough money in the account: ${formatPence(Math.max(0, availablePence))} available`;
}

/**
 * What a no-overdraw account can give up at a date: its balance after every posting up to and including that
 * date, and every later running balance, must stay at or above zero.
 */
export function availableAt(history: { effectiveDate: string; amountPence: Pence }[], date: string): Pence {
  let running = 0;
  let atDate = 0;
  let laterMin = Infinity;
  for (const p of history) {
    running += p.amountPence;
    if (p.effectiveDate <= date) atDate = running;
    else laterMin = Math.min(laterMin, running);
  }
  return Math.min(atDate, laterMin);
}

export { todayInUk } from "~/dates/uk-day";
