/**
 * Which ledger entry a bank line is. A line and an entry can be the same money only when the amounts agree to the
 * penny and the dates are within the window (banks clear a payment a few days after it is made). Among those, the
 * reference the commissioner put on an instalment or a recovery, or the payee's name in the line's description, makes
 * it certain; the rest are offered to finance to confirm or not. Money a holder is asked to pay back by a date may
 * leave their account any day until then.
 */

export const DEFAULT_MATCH_WINDOW_DAYS = 5;
/** A payee whose name is at least this much in the line's description is taken to be the one the bank paid. */
const PAYEE_NAMED = 0.5;
/** Without a reference, a matched payee and a date this close make a match certain enough to make unasked. */
const CERTAIN_WITHIN_DAYS = 3;

export interface BankLineToMatch {
  id: string;
  date: string;
  amountPence: number;
  description: string;
  reference: string | null;
}

export interface LedgerItem {
  entryId: number;
  date: string;
  /** As it moved the holder's account: positive in, negative out, as the bank line's. */
  amountPence: number;
  /** The payment reference an instalment, or a recovery paid back from the account, carries. */
  reference: string | null;
  /** Who was paid or paid in: the payee, the PA, HMRC. */
  payee: string | null;
  /** For a recovery paid back from the account: the date the holder was asked to pay it by. */
  payBy?: string | null;
}

export interface Proposal {
  lineId: string;
  entryId: number;
  certain: boolean;
  reasons: string[];
  score: number;
}

const DAY_MS = 86_400_000;
export const daysApart = (a: string, b: string) => Math.abs(Date.parse(a) - Date.parse(b)) / DAY_MS;

/** Upper case letters and digits only, so "PHB 0034 INST 09", "PHB0034INST09" and "phb-0034-inst-09" are one. */
const squash = (text: string) => text.toUpperCase().replace(/[^A-Z0-9]/g, "");
const words = (text: string) => text.toUpperCase().match(/[A-Z0-9]{2,}/g) ?? [];

/**
 * How much of the payee's name the bank line carries, from 0 to 1: the share of the name's words found in the line,
 * a word counting when either is the start of the other, as banks cut descriptions short ("SUNRISE CARE LT").
 */
export function payeeSimilarity(payee: string, lineText: string): number {
  const named = words(payee).filter((w) => !["LTD", "LIMITED", "THE", "AND", "PLC", "CIC", "FOR", "OF"].includes(w));
  if (named.length === 0) return 0;
  const said = words(lineText);
  const found = named.filter((w) => said.some((s) => (s.length >= 3 && w.startsWith(s)) || s.startsWith(w)));
  return found.length / named.length;
}

function judge(line: BankLineToMatch, item: LedgerItem, windowDays: number): Proposal | null {
  if (line.amountPence !== item.amountPence) return null;
  const apart = item.payBy && line.date >= item.date ? (line.date <= item.payBy ? 0 : daysApart(line.date, item.payBy)) : daysApart(line.date, item.date);
  if (apart > windowDays) return null;
  const text = `${line.description} ${line.reference ?? ""}`;
  const referenced = item.reference !== null && squash(item.reference).length > 0 && squash(text).includes(squash(item.reference));
  const similarity = item.payee ? payeeSimilarity(item.payee, text) : 0;
  const when =
    item.payBy && line.date >= item.date && line.date <= item.payBy
      ? `paid by ${item.payBy}`
      : apart === 0
        ? "same day"
        : `${apart} day${apart === 1 ? "" : "s"} apart`;
  const reasons = ["same amount", when];
  if (referenced) reasons.push(`reference ${item.reference}`);
  if (similarity >= PAYEE_NAMED) reasons.push(`names ${item.payee}`);
  const certain = referenced || (similarity >= PAYEE_NAMED && apart <= CERTAIN_WITHIN_DAYS);
  const score = (referenced ? 100 : 0) + similarity * 50 + ((windowDays - apart) / Math.max(windowDays, 1)) * 20;
  return { lineId: line.id, entryId: item.entryId, certain, reasons, score };
}

/**
 * Pairs bank lines with ledger items one to one, best pairs first. A pair is certain only when nothing else is as
 * good for either side: two identical payments to the same PA a week apart are left for finance to pair, not guessed.
 */
export function proposeMatches(lines: BankLineToMatch[], items: LedgerItem[], windowDays = DEFAULT_MATCH_WINDOW_DAYS): Proposal[] {
  const byAmount = new Map<number, LedgerItem[]>();
  for (const item of items) {
    const same = byAmount.get(item.amountPence);
    if (same) same.push(item);
    else byAmount.set(item.amountPence, [item]);
  }
  const pairs: Proposal[] = [];
  for (const line of lines) {
    for (const item of byAmount.get(line.amountPence) ?? []) {
      const judged = judge(line, item, windowDays);
      if (judged) pairs.push(judged);
    }
  }
  pairs.sort((a, b) => b.score - a.score || a.lineId.localeCompare(b.lineId) || a.entryId - b.entryId);
  const scoresOf = new Map<string | number, number[]>();
  for (const pair of pairs) {
    for (const side of [pair.lineId, pair.entryId]) {
      const scores = scoresOf.get(side);
      if (scores) scores.push(pair.score);
      else scoresOf.set(side, [pair.score]);
    }
  }
  // Scores are in descending order: another pair is as good when the best is better, or the second best is as good.
  const rivalled = (side: string | number, score: number) => {
    const scores = scoresOf.get(side)!;
    return scores[0] > score + 1e-9 || (scores.length > 1 && scores[1] >= score - 1e-9);
  };
  const lineTaken = new Set<string>();
  const entryTaken = new Set<number>();
  const chosen: Proposal[] = [];
  for (const pair of pairs) {
    if (lineTaken.has(pair.lineId) || entryTaken.has(pair.entryId)) continue;
    lineTaken.add(pair.lineId);
    entryTaken.add(pair.entryId);
    chosen.push(pair.certain && (rivalled(pair.lineId, pair.score) || rivalled(pair.entryId, pair.score)) ? { ...pair, certain: false } : pair);
  }
  return chosen;
}
