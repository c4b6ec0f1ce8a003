import { bankClosingBalance } from "./periods";
import { MAX_PROBLEMS, type StatementLine, type StatementProblem } from "./statement-read";

/*
 * A pooled account's statement says whose each line is by the reference the holder's payments carry ("PHB 0034").
 *
 * The rule, in full. The text looked in is the line's reference cell, when the file has a reference column and the
 * cell is not empty; otherwise the line's description. Capitals do not count, and spaces and punctuation only
 * separate. A holder's reference is found in the text when its letters and digits appear in order, with or without
 * spaces between its parts, and it does not run on into more of the same: "PHB 0034", "phb0034", "PHB-0034" and
 * "PHB0034INST09" all carry PHB 0034; "PHB 00345" and "XPHB 0034" do not.
 * A line is the holder's whose reference it carries. A line carrying none, or more than one holder's, is a bad line,
 * reported by its number, and the whole file is refused.
 */

/** The longest reference a Bacs payment carries. */
const MAX_REFERENCE = 18;

/** A reference as it is kept and shown: capitals, single spaces. */
export function tidyPoolReference(typed: string): string {
  return typed.trim().replace(/\s+/g, " ").toUpperCase();
}

/** What two references are compared by: their letters and digits, in capitals (as the database's unique index does). */
export function poolReferenceKey(reference: string): string {
  return reference.toUpperCase().replace(/[^A-Z0-9]/g, "");
}

/** The reference finance types for a holder in a pool, or what to put right. */
export function readPoolReference(typed: string | undefined): { ok: true; value: string } | { ok: false; message: string } {
  const value = tidyPoolReference(typed ?? "");
  if (!value) return { ok: false, message: "Enter the reference the pooled account's statement gives this person's lines, like PHB 0034" };
  if (value.length > MAX_REFERENCE) return { ok: false, message: `The reference must be ${MAX_REFERENCE} characters or fewer` };
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

/** Letters and digits only, the rest turned to spaces: what the rule reads. */
const plain = (text: string) => text.toUpperCase().replace(/[^A-Z0-9]+/g, " ");

/** The reference as a pattern: its parts (split at spaces and where letters turn to digits) with optional spaces between, standing alone. */
export function referencePattern(reference: string): RegExp {
  const parts =
    plain(reference)
      .trim()
      .match(/[A-Z]+|[0-9]+/g) ?? [];
  const kind = (c: string) => (/[0-9]/.test(c) ? "[0-9]" : "[A-Z]");
  const first = parts[0]?.[0] ?? "A";
  const last = parts.at(-1)?.at(-1) ?? "A";
  return new RegExp(`(?<!${kind(first)})${parts.join(" ?")}(?!${kind(last)})`);
}

export type PooledRouting = { ok: true; byMember: Map<string, number[]> } | { ok: false; problems: StatementProblem[]; more: number };

/**
 * Which member each line of a pooled statement is: the indexes of the lines, per member's bank account. All or
 * nothing: every line no member's (or more than one's) is reported by its line number in the file.
 */
export function routePooledLines(lines: StatementLine[], members: PoolMember[], by: RouteBy): PooledRouting {
  const patterns = members.map((m) => ({ id: m.bankAccountId, reference: m.poolReference, pattern: referencePattern(m.poolReference) }));
  const byMember = new Map<string, number[]>();
  const problems: StatementProblem[] = [];
  let count = 0;
  const problem = (line: number, message: string) => {
    count += 1;
    if (problems.length < MAX_PROBLEMS) problems.push({ line, message: `Line ${line}: ${message}` });
  };
  lines.forEach((line, index) => {
    const reference = by === "reference" ? (line.reference?.trim() ?? "") : "";
    const what = reference ? `the reference "${reference}"` : `the description "${line.description}"`;
    const text = plain(reference || line.description);
    const found = patterns.filter((p) => p.pattern.test(text));
    if (found.length === 0) return problem(line.line, `${what} is no holder's in this pooled account`);
    if (found.length > 1) return problem(line.line, `${what} could be more than one holder's (${found.map((f) => f.reference).join(", ")})`);
    byMember.set(found[0].id, [...(byMember.get(found[0].id) ?? []), index]);
  });
  if (count > 0) return { ok: false, problems, more: count - problems.length };
  return { ok: true, byMember };
}

/** The pool's balance at the end of the statement, as the bank gave it; never any one holder's. */
export function poolClosingBalance(lines: StatementLine[]): number | null {
  return bankClosingBalance(lines.map((l) => ({ date: l.date, amountPence: l.amountPence, balancePence: l.balancePence })));
}
