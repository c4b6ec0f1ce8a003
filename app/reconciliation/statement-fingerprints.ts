import { createHash } from "node:crypto";
import type { StatementLine } from "./statement-read";

/** Banks change a description's spacing and capitals between exports of the same transaction, never its words. */
export function normaliseDescription(description: string): string {
  return description
    .replace(/[\s\u00a0]+/g, " ")
    .trim()
    .toUpperCase();
}

/**
 * One fingerprint per line, for importing safely again: the same transaction in this statement or an overlapping
 * one gets the same fingerprint, so it is added once. Two identical lines in one file (two coffees on one day) are
 * both real; the occurrence count tells them apart, so each is kept, and importing the file again adds neither.
 *
 * The line number and the bank's reference are left out: they change between exports of the same transaction.
 * The balance is in, where the export has one, because it tells identical lines on different statements apart.
 */
export function fingerprintLines(accountKey: string, lines: StatementLine[]): string[] {
  const seen = new Map<string, number>();
  return lines.map((line) => {
    const identity = JSON.stringify([accountKey, line.date, line.amountPence, normaliseDescription(line.description), line.balancePence]);
    const occurrence = (seen.get(identity) ?? 0) + 1;
    seen.set(identity, occurrence);
    return createHash("sha256").update(`${identity}#${occurrence}`).digest("hex");
  });
}
