import { differenceInCalendarDays } from "date-fns";
import { todayInUk } from "~/dates/uk-day";
import { fourEyesProblem } from "./rules";

/** A version waiting for a decision, as far as approving it goes. */
export interface WaitingVersion {
  needsSecondApproval: boolean;
  authoredBy: string;
  lastEditedBy: string;
  submittedBy: string | null;
  submittedAt: Date | null;
  approvedBy: string | null;
  approvedAt: Date | null;
}

export type ApprovalStage = "only" | "first" | "second";

/** Which approval the version waits for: the only one it needs, the first of two, or the second. */
export function approvalStage(v: Pick<WaitingVersion, "needsSecondApproval" | "approvedBy">): ApprovalStage {
  if (!v.needsSecondApproval) return "only";
  return v.approvedBy ? "second" : "first";
}

export const STAGE_NAMES: Record<ApprovalStage, string> = { only: "Approval", first: "First approval", second: "Second approval" };

/** A second approval waits from the first; anything else from when it was submitted. */
export function waitingSince(v: Pick<WaitingVersion, "needsSecondApproval" | "approvedBy" | "approvedAt" | "submittedAt">): Date | null {
  return approvalStage(v) === "second" ? v.approvedAt : v.submittedAt;
}

/** How long in words, counted in whole days in the UK: an approver thinks in days, not hours. */
export function waitedFor(since: Date | null, now: Date): string {
  if (!since) return "Not known";
  const days = differenceInCalendarDays(ukDay(now), ukDay(since));
  if (days <= 0) return "Since today";
  if (days === 1) return "1 day";
  return `${days} days`;
}

function ukDay(d: Date): Date {
  return new Date(`${todayInUk(d)}T00:00:00Z`);
}

/** Oldest first: whoever has waited longest is seen first; ties keep a stable order by name. */
export function oldestFirst<T extends { since: Date | null; holderName: string }>(rows: T[]): T[] {
  const time = (d: Date | null) => d?.getTime() ?? Number.POSITIVE_INFINITY;
  return [...rows].sort((a, b) => time(a.since) - time(b.since) || a.holderName.localeCompare(b.holderName));
}

/**
 * Why this person may not approve the version, or null when they may. Four eyes first (whoever wrote, changed or
 * submitted it), then the rule that the second approval is someone else's.
 */
export function approveProblem(input: {
  deciderId: string;
  version: WaitingVersion;
  history: { actorUserId: string | null; action: string }[];
}): string | null {
  const fourEyes = fourEyesProblem({ deciderId: input.deciderId, decision: "approve", version: input.version, history: input.history });
  if (fourEyes) return fourEyes;
  if (input.version.approvedBy === input.deciderId) return "You gave the first approval, so a different approver must give the second";
  return null;
}

/** Why this person may not reject it: they took part in writing it, or they have already approved it. */
export function rejectProblem(input: { deciderId: string; version: WaitingVersion; history: { actorUserId: string | null; action: string }[] }): string | null {
  const fourEyes = fourEyesProblem({ deciderId: input.deciderId, decision: "reject", version: input.version, history: input.history });
  if (fourEyes) return fourEyes;
  if (input.version.approvedBy === input.deciderId) return "You gave the first approval, so a different approver decides on it now";
  return null;
}

/** The approvers, by name, who could give the approval the version waits for. */
export function whoMayApprove(input: {
  version: WaitingVersion;
  approvers: { id: string; name: string }[];
  history: { actorUserId: string | null; action: string }[];
}): string[] {
  return input.approvers
    .filter((a) => approveProblem({ deciderId: a.id, version: input.version, history: input.history }) === null)
    .map((a) => a.name)
    .sort((a, b) => a.localeCompare(b));
}

/** "Ann", "Ann or Bob", "Ann, Bob or Cy". */
export function eitherOf(names: string[]): string {
  if (names.length <= 1) return names[0] ?? "";
  return `${names.slice(0, -1).join(", ")} or ${names[names.length - 1]}`;
}

/** Who can give the second approval, in a sentence; says so plainly when no one can. */
export function secondApproverSentence(names: string[]): string {
  if (names.length === 0)
    return "No other approver can give the second approval: ask your commissioner to give the approver role to someone who did not write the plan.";
  return `${eitherOf(names)} can give the second approval.`;
}

/** What the approver is told after approving: what happened and what happens next. */
export function afterApproval(input: { stage: "first-approval" | "approved"; holderName: string; hasRepresentative: boolean; secondApprovers: string[] }): {
  title: string;
  next: string;
} {
  if (input.stage === "first-approval") {
    return {
      title: "Your approval is recorded",
      next:
        input.secondApprovers.length > 0
          ? `It needs a second approval from ${eitherOf(input.secondApprovers)}.`
          : `It needs a second approval. ${secondApproverSentence([])}`,
    };
  }
  const who = input.hasRepresentative ? `${input.holderName} and their representative` : input.holderName;
  return { title: "The plan is approved", next: `${who} can now see it and tell us they agree to it.` };
}
