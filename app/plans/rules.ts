import { addDays, addMonths, format, parseISO } from "date-fns";
import { arrangementRates, yearShare } from "~/ledger/instalments";
import type { Pence } from "~/ledger/money";

/** The five criteria for counting a personalised care and support plan (handbook 2.3.4). */
export const FIVE_CRITERIA = [
  { key: "person-central", text: "The person was central in developing and agreeing their plan, including deciding who is involved" },
  {
    key: "what-matters",
    text: "The person had proactive, personalised conversations which focused on what matters to them, paying attention to their needs and wider health and wellbeing",
  },
  { key: "outcomes-agreed", text: "The person agreed the health and wellbeing outcomes they want to achieve, in partnership with the relevant professionals" },
  {
    key: "sharable-plan",
    text: "The person has a sharable, personalised care and support plan which records what matters to them, their outcomes and how they will be achieved",
  },
  { key: "can-review", text: "The person is able to formally and informally review their plan" },
] as const;
export type CriterionKey = (typeof FIVE_CRITERIA)[number]["key"];

/** What an approver, a second approver or the person does to a version once written; every other action on it changes it. */
const PLAN_VERSION_DECISIONS = new Set(["plan.first-approval", "plan.approved", "plan.rejected", "plan.agreed"]);

/**
 * Four eyes: whoever wrote, changed or submitted any part of a version may not approve or reject it, however many
 * saves came after theirs. `history` is the version's audit trail (who did what to it); a change not in it, such as
 * one made before audit began, is still caught by the names kept on the version.
 */
export function fourEyesProblem(input: {
  deciderId: string | null;
  decision: "approve" | "reject";
  version: { authoredBy: string; lastEditedBy: string; submittedBy: string | null };
  history: { actorUserId: string | null; action: string }[];
}): string | null {
  const { deciderId, version } = input;
  if (deciderId === null) return "Sign in to decide on a plan";
  const tookPart =
    [version.authoredBy, version.lastEditedBy, version.submittedBy].includes(deciderId) ||
    input.history.some((h) => h.actorUserId === deciderId && !PLAN_VERSION_DECISIONS.has(h.action));
  if (!tookPart) return null;
  return input.decision === "approve"
    ? "You wrote, changed or submitted this version of the plan, so someone else must approve it"
    : "You wrote, changed or submitted this version of the plan, so someone else must decide on it";
}

export type FundingSource = "nhs" | "local-authority" | "education";
export type Holding = "notional" | "third-party" | "direct-payment";
export type Frequency = "a-week" | "a-month" | "a-year";

export const FUNDING_SOURCE_NAMES: Record<FundingSource, string> = { nhs: "NHS", "local-authority": "Local authority", education: "Education" };
export const FREQUENCY_NAMES: Record<Frequency, string> = { "a-week": "a week", "a-month": "a month", "a-year": "a year" };
const TIMES_A_YEAR: Record<Frequency, number> = { "a-week": 52, "a-month": 12, "a-year": 1 };

export interface SupportLine {
  lineKey: string;
  description: string;
  provider: string;
  units: number;
  frequency: Frequency;
  costPerUnitPence: Pence;
  fundingSource: FundingSource;
  holding: Holding;
  thirdPartyOrganisationId: string | null;
  outcomePositions: number[];
}

/** A support line's cost for the year: units x times a year x cost per unit. */
export function supportLineAmount(l: Pick<SupportLine, "units" | "frequency" | "costPerUnitPence">): Pence {
  return l.units * TIMES_A_YEAR[l.frequency] * l.costPerUnitPence;
}

/** The final budget: every agreed support line plus the contingency (handbook 2.7.4 b). */
export function finalBudget(lines: Pick<SupportLine, "units" | "frequency" | "costPerUnitPence">[], contingencyPence: Pence): Pence {
  return lines.reduce((t, l) => t + supportLineAmount(l), 0) + contingencyPence;
}

/** An integrated budget is one total with the split by funding source and by how it is held. */
export function splitBudget(lines: SupportLine[], contingencyPence: Pence) {
  const byFundingSource: Record<FundingSource, Pence> = { nhs: 0, "local-authority": 0, education: 0 };
  const byHolding: Record<Holding, Pence> = { notional: 0, "third-party": 0, "direct-payment": 0 };
  for (const l of lines) {
    byFundingSource[l.fundingSource] += supportLineAmount(l);
    byHolding[l.holding] += supportLineAmount(l);
  }
  // The contingency is NHS money the commissioner holds until it is needed.
  byFundingSource.nhs += contingencyPence;
  byHolding.notional += contingencyPence;
  return { totalPence: finalBudget(lines, contingencyPence), byFundingSource, byHolding };
}

export const DEFAULT_THRESHOLD_PERCENT = 10;

/**
 * The final budget may be higher or lower than the indicative budget; when the difference is more than the
 * threshold (a percentage of the indicative budget), it needs a second approval. Compared in whole pence.
 */
export function differenceFromIndicative(finalPence: Pence, indicativePence: Pence | null, thresholdPercent = DEFAULT_THRESHOLD_PERCENT) {
  if (indicativePence === null) return { differencePence: null, needsSecondApproval: true };
  const differencePence = finalPence - indicativePence;
  // |difference| * 100 > threshold * indicative, kept in integers.
  const needsSecondApproval = Math.abs(differencePence) * 100 > thresholdPercent * indicativePence;
  return { differencePence, needsSecondApproval };
}

export interface DraftForGate {
  criteriaMet: string[];
  whatMatters: string;
  outcomes: unknown[];
  supportLines: Pick<SupportLine, "outcomePositions">[];
}

/** Why a draft cannot be submitted for approval yet; empty when it can. */
export function submissionProblems(draft: DraftForGate): string[] {
  const problems: string[] = [];
  const missing = FIVE_CRITERIA.filter((c) => !draft.criteriaMet.includes(c.key));
  if (missing.length > 0) problems.push(`All five criteria must be met before the plan is submitted: ${missing.length} not met yet`);
  if (draft.whatMatters.trim() === "") problems.push("Record what matters to the person, in their own words");
  if (draft.outcomes.length === 0) problems.push("Add at least one health and wellbeing outcome");
  if (draft.supportLines.length === 0) problems.push("Add at least one support line");
  if (draft.supportLines.some((l) => l.outcomePositions.length === 0)) problems.push("Link every support line to at least one outcome");
  return problems;
}

/** First review 3 months after the start; staff may set it earlier, never later, and never in the past. */
export function latestFirstReview(startsOn: string): string {
  return format(addMonths(parseISO(startsOn), 3), "yyyy-MM-dd");
}

export function firstReviewProblem(firstReviewOn: string, startsOn: string, today: string): string | null {
  if (firstReviewOn < today) return "The first review date must be today or in the future";
  if (firstReviewOn > latestFirstReview(startsOn)) return "The first review must be no more than 3 months after the plan starts";
  return null;
}

/** The next review on or after today: the first review, then every `everyMonths` (at most 12). */
/** The last day of a personal health budget may be today or later: instalments already paid stay paid. */
export function endDateProblem(endedOn: string, today: string): string | null {
  return endedOn < today ? "The day it ends must be today or in the future: instalments already paid stay paid" : null;
}

export function nextReviewOn(firstReviewOn: string, everyMonths: number, today: string): string {
  let next = parseISO(firstReviewOn);
  for (let i = 1; format(next, "yyyy-MM-dd") < today; i++) next = addMonths(parseISO(firstReviewOn), i * everyMonths);
  return format(next, "yyyy-MM-dd");
}

export interface VersionForDiff {
  whatMatters: string;
  contingencyPence: Pence;
  supportLines: (Pick<SupportLine, "lineKey" | "description" | "holding"> & { amountPence: Pence })[];
  outcomes: { outcome: string }[];
}

export type Change =
  | { kind: "line-added"; lineKey: string; description: string; amountPence: Pence }
  | { kind: "line-removed"; lineKey: string; description: string; amountPence: Pence }
  | { kind: "line-cost-changed"; lineKey: string; description: string; fromPence: Pence; toPence: Pence }
  | { kind: "line-holding-changed"; lineKey: string; description: string; from: Holding; to: Holding }
  | { kind: "outcome-added"; outcome: string }
  | { kind: "outcome-removed"; outcome: string }
  | { kind: "what-matters-changed" }
  | { kind: "contingency-changed"; fromPence: Pence; toPence: Pence };

/** What changed between two versions of a plan: lines added, removed, changed cost or holding; outcomes. */
export function diffVersions(from: VersionForDiff, to: VersionForDiff): Change[] {
  const changes: Change[] = [];
  const before = new Map(from.supportLines.map((l) => [l.lineKey, l]));
  const after = new Map(to.supportLines.map((l) => [l.lineKey, l]));
  for (const l of to.supportLines) {
    const old = before.get(l.lineKey);
    if (!old) changes.push({ kind: "line-added", lineKey: l.lineKey, description: l.description, amountPence: l.amountPence });
    else {
      if (old.amountPence !== l.amountPence)
        changes.push({ kind: "line-cost-changed", lineKey: l.lineKey, description: l.description, fromPence: old.amountPence, toPence: l.amountPence });
      if (old.holding !== l.holding)
        changes.push({ kind: "line-holding-changed", lineKey: l.lineKey, description: l.description, from: old.holding, to: l.holding });
    }
  }
  for (const l of from.supportLines)
    if (!after.has(l.lineKey)) changes.push({ kind: "line-removed", lineKey: l.lineKey, description: l.description, amountPence: l.amountPence });
  const oldOutcomes = new Set(from.outcomes.map((o) => o.outcome));
  const newOutcomes = new Set(to.outcomes.map((o) => o.outcome));
  for (const o of newOutcomes) if (!oldOutcomes.has(o)) changes.push({ kind: "outcome-added", outcome: o });
  for (const o of oldOutcomes) if (!newOutcomes.has(o)) changes.push({ kind: "outcome-removed", outcome: o });
  if (from.whatMatters !== to.whatMatters) changes.push({ kind: "what-matters-changed" });
  if (from.contingencyPence !== to.contingencyPence)
    changes.push({ kind: "contingency-changed", fromPence: from.contingencyPence, toPence: to.contingencyPence });
  return changes;
}

/**
 * The plan year a date falls in: from the plan's start (its first approved version's), a year at a time. Later
 * versions change what is allocated within the year, never when the year starts.
 */
export function planYear(planStartsOn: string, on: string): { start: string; end: string } {
  let start = parseISO(planStartsOn);
  const day = parseISO(on);
  for (;;) {
    const next = new Date(start);
    next.setFullYear(next.getFullYear() + 1);
    if (day < next || day < start) return { start: format(start, "yyyy-MM-dd"), end: format(addDays(next, -1), "yyyy-MM-dd") };
    start = next;
  }
}

/**
 * What each support line (by its key, kept across versions) is allocated in a plan year: each approved version's
 * amount for the days it applied, to the penny, as the instalments pay it. A line in force all year gets its amount.
 */
export function yearAllocations(
  versions: { version: number; inForceFrom: string; lines: { lineKey: string; amountPence: Pence }[] }[],
  year: { start: string; end: string },
): Map<string, Pence> {
  const keys = new Set(versions.flatMap((v) => v.lines.map((l) => l.lineKey)));
  const allocations = new Map<string, Pence>();
  for (const key of keys) {
    const rates = arrangementRates({
      versions: versions.map((v) => ({
        version: v.version,
        inForceFrom: v.inForceFrom,
        annualPence: v.lines.find((l) => l.lineKey === key)?.amountPence ?? 0,
      })),
    });
    allocations.set(key, yearShare({ yearStart: year.start, yearEnd: year.end, rates }));
  }
  return allocations;
}
