import { bankClosingBalance } from "./periods";
import { MAX_PROBLEMS, type StatementLine, type StatementProblem } from "./statement-read";

/*
 * A pooled account's statement says whose each line is by the reference the holder's payments carry ("PHB 0034").
 *
 * The rule, in full: capitals and spaces do not count, so "PHB 0034", "phb0034" and "PHB  0034" are one reference.
 * - Routed by the reference column (a CSV with one): a line is the holder's whose reference equals the line's
 *   reference, compared without spaces, in capitals. A line whose reference cell is empty is routed by its description.
 * - Routed by the description (a file without a reference column: OFX, QIF, text, or a CSV without one): a line is the
 *   holder's whose reference appears in the description as a whole (not inside a longer run of letters and digits;
 *   spaces inside it optional). A description carrying two holders' references is not guessed between.
 * A line that is no one's, or that could be more than one holder's, is a bad line, and the whole file is refused.
 */

/** The longest reference a Bacs payment carries. */
const MAX_REFERENCE = 18;

/** A reference as it is kept and shown: capitals, single spaces. */
export function tidyPoolReference(typed: string): string {
  return typed.trim().replace(/\s+/g, " ").toUpperCase();
}

/** What two references are compared by: capitals, no spaces at all. */
export function poolReferenceKey(reference: string): string {
  return reference.replace(/\s+/g, "").toUpperCase();
}

/** The reference finance types for a holder in a pool, or what to put right. */
export function readPoolReference(typed: string | undefined): { ok: true; value: string } | { ok: false; message: string } {
  const value = tidyPoolReference(typed ?? "");
  if (!value) return { ok: false, message: "Enter the reference the pooled account's statement gives this person's lines, like PHB 0034" };
  if (poolReferenceKey(value).length > MAX_REFERENCE) return { ok: false, message: `The reference must be ${MAX_REFERENCE} characters or fewer` };
  // The characters a Bacs reference may carry.
  if (!/^[A-Z0-9 .\-/&]+$/.test(value))
    return { ok: false, message: "The reference can only have letters, numbers, spaces, full stops, dashes, slashes and &" };
  if (!/[A-Z0-9]/.test(value)) return { ok: false, message: "The reference must have a letter or a number in it" };
  return { ok: true, value };
}

export type RouteBy = "reference" | "description";

export interface PoolMember {
  bankAccountId: string;
  poolReference: string;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");

/** The reference as it may appear in a description: its parts with or without spaces between, standing alone. */
function inDescription(reference: string): RegExp {
  const parts = tidyPoolReference(reference).split(" ").map(escape);
  return new RegExp(`(?<![A-Z0-9])${parts.join("\\s*")}(?![A-Z0-9])`);
}

export type PooledRouting = { ok: true; byMember: Map<string, number[]> } | { ok: false; problems: StatementProblem[]; more: number };

/**
 * Which member each line of a pooled statement is: the indexes of the lines, per member's bank account. All or
 * nothing: every line no member's (or more than one's) is reported by its line number in the file.
 */
export function routePooledLines(lines: StatementLine[], members: PoolMember[], by: RouteBy): PooledRouting {
  const byKey = new Map(members.map((m) => [poolReferenceKey(m.poolReference), m.bankAccountId]));
  const patterns = members.map((m) => ({ id: m.bankAccountId, reference: m.poolReference, pattern: inDescription(m.poolReference) }));
  const byMember = new Map<string, number[]>();
  const problems: StatementProblem[] = [];
  let count = 0;
  const problem = (line: number, message: string) => {
    count += 1;
    if (problems.length < MAX_PROBLEMS) problems.push({ line, message: `Line ${line}: ${message}` });
  };
  lines.forEach((line, index) => {
    let memberId: string | undefined;
    if (by === "reference" && line.reference && line.reference.trim()) {
      memberId = byKey.get(poolReferenceKey(line.reference));
      if (!memberId) return problem(line.line, `the reference "${line.reference.trim()}" is no holder's in this pooled account`);
    } else {
      const description = line.description.toUpperCase();
      const found = patterns.filter((p) => p.pattern.test(description));
      if (found.length === 0) return problem(line.line, `the description "${line.description}" has no holder's reference in this pooled account in it`);
      if (found.length > 1)
        return problem(
          line.line,
          `the description "${line.description}" has the references of more than one holder in it (${found.map((f) => f.reference).join(", ")})`,
        );
      memberId = found[0].id;
    }
    byMember.set(memberId, [...(byMember.get(memberId) ?? []), index]);
  });
  if (count > 0) return { ok: false, problems, more: count - problems.length };
  return { ok: true, byMember };
}

/** The pool's balance at the end of the statement, as the bank gave it; never any one holder's. */
export function poolClosingBalance(lines: StatementLine[]): number | null {
  return bankClosingBalance(lines.map((l) => ({ date: l.date, amountPence: l.amountPence, balancePence: l.balancePence })));
}
