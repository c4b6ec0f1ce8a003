import { addDays, format, parseISO } from "date-fns";
import { formatPence, type Pence } from "~/ledger/money";

export type RecoveryMethod = "account" | "instalments";
export type RecoveryStatus = "proposed" | "approved" | "refused" | "withdrawn";

/** At most two years of four-weekly instalments: longer than that, the plan will have been reviewed first. */
export const MAX_INSTALMENTS = 26;

/** How long the holder has to pay back from their account, counted from the letter's date. */
export const DAYS_TO_REPAY = 28;

/** How long the holder has to ask for a review, counted from the letter's date. */
export const DAYS_TO_ASK_FOR_REVIEW = 28;

export const STATUS_NAMES: Record<RecoveryStatus, string> = {
  proposed: "Waiting for approval",
  approved: "Approved, letter sent",
  refused: "Not approved",
  withdrawn: "Withdrawn",
};

export const METHOD_NAMES: Record<RecoveryMethod, string> = {
  account: "Paid back from the direct payment account",
  instalments: "Taken from the next instalments",
};

const iso = (d: Date) => format(d, "yyyy-MM-dd");

/** The day the holder is asked to have paid back by. */
export function repayByDate(letterDate: string): string {
  return iso(addDays(parseISO(letterDate), DAYS_TO_REPAY));
}

/** The last day to ask for a review. */
export function reviewByDate(letterDate: string): string {
  return iso(addDays(parseISO(letterDate), DAYS_TO_ASK_FOR_REVIEW));
}

/**
 * Four eyes: the person who proposed a recovery may withdraw it, but neither approves nor refuses it. Null when the
 * decider may decide.
 */
export function decisionProblem(input: { deciderId: string | null; proposedBy: string }): string | null {
  if (!input.deciderId) return "Sign in to decide on a recovery";
  if (input.deciderId === input.proposedBy) return "You proposed this recovery, so another approver must decide on it";
  return null;
}

/**
 * An amount spread over `count` instalments in whole pence: the same part from each, the remainder on the last, so
 * the parts add up to the amount exactly. £100.00 over 3 is £33.33, £33.33, £33.34.
 */
export function splitOverInstalments(amountPence: Pence, count: number): Pence[] {
  if (!Number.isSafeInteger(amountPence) || amountPence <= 0) throw new Error("The amount must be a whole number of pence above 0");
  if (!Number.isInteger(count) || count < 1) throw new Error("The count must be a whole number from 1");
  const base = Math.floor(amountPence / count);
  return Array.from({ length: count }, (_, i) => (i === count - 1 ? amountPence - base * (count - 1) : base));
}

/** What can go wrong with a proposal, by field, before anything is stored. */
export function proposalProblems(input: { amountPence: Pence; method: RecoveryMethod; instalmentCount: number | null; balancePence: Pence }) {
  const problems: { field: "amount" | "instalmentCount"; message: string }[] = [];
  if (input.method === "account" && input.amountPence > input.balancePence) {
    problems.push({
      field: "amount",
      message: `The amount must not be more than the balance of the direct payment account, which is ${formatPence(input.balancePence)}`,
    });
  }
  if (input.method === "instalments") {
    const n = input.instalmentCount;
    if (n === null || !Number.isInteger(n) || n < 1 || n > MAX_INSTALMENTS) {
      problems.push({ field: "instalmentCount", message: `Enter how many instalments to take it from, a whole number from 1 to ${MAX_INSTALMENTS}` });
    } else if (input.amountPence < n) {
      problems.push({ field: "instalmentCount", message: "Take it from fewer instalments: each must give at least 1p" });
    }
  }
  return problems;
}

/** A recovery taken from instalments, as far as it has gone. */
export interface InstalmentRecovery {
  id: string;
  amountPence: Pence;
  /** The parts agreed (splitOverInstalments). */
  schedule: Pence[];
  /** What each instalment paid since has given, in order. */
  taken: Pence[];
}

export const outstandingOf = (r: Pick<InstalmentRecovery, "amountPence" | "taken">) => r.amountPence - r.taken.reduce((t, p) => t + p, 0);

/**
 * What one instalment, as it is paid, gives to the recoveries being taken from instalments (oldest first): each its
 * next agreed part. An instalment smaller than the parts gives what it has; what is left of a part is taken after the
 * agreed number of instalments, so the total taken is always the amount approved and never more. An instalment is
 * never taken below £0.00, so the account it is paid into never goes below what it held before.
 */
export function deductionsFrom(instalmentPence: Pence, recoveries: InstalmentRecovery[]): { recoveryId: string; part: number; amountPence: Pence }[] {
  let left = instalmentPence;
  const taken: { recoveryId: string; part: number; amountPence: Pence }[] = [];
  for (const r of recoveries) {
    const outstanding = outstandingOf(r);
    if (left <= 0) break;
    if (outstanding <= 0) continue;
    const part = r.taken.length + 1;
    const agreed = part < r.schedule.length ? r.schedule[part - 1] : outstanding;
    const amountPence = Math.min(agreed, outstanding, left);
    if (amountPence <= 0) continue;
    taken.push({ recoveryId: r.id, part, amountPence });
    left -= amountPence;
  }
  return taken;
}
