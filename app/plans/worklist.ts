import { addDays, addMonths, differenceInCalendarDays, format, parseISO } from "date-fns";
import { todayInUk } from "~/dates/uk-day";
import { planInForce, type VersionStatus } from "./in-force";

/** A review coming up this soon is the coordinator's to arrange now: four weeks to find a time with the person. */
export const REVIEW_DUE_WITHIN_DAYS = 28;

/** One version of a holder's plan, as much as the worklist needs. */
export interface WorkVersion {
  version: number;
  status: VersionStatus;
  createdAt: Date;
  approvedAt: Date | null;
  rejectedAt: Date | null;
  firstReviewOn: string;
  reviewEveryMonths: number;
}

export interface HolderPlan {
  holderId: string;
  holderName: string;
  versions: WorkVersion[];
}

export interface WorkRow {
  holderId: string;
  holderName: string;
  /** What is needed, in words. */
  what: string;
  /** How long it has waited, or when it is due, in words. */
  when: string;
  /** For ordering: the day it started waiting or falls due. */
  day: string;
}

/** The day a moment fell on in the UK, YYYY-MM-DD. */
export const ukDay = (moment: Date): string => todayInUk(moment);

const days = (n: number) => (n === 1 ? "1 day" : `${n} days`);

/** How long something has waited, counted in whole UK days: "Since today", "1 day", "12 days". */
export function waitingFor(sinceDay: string, today: string): string {
  const n = differenceInCalendarDays(parseISO(today), parseISO(sinceDay));
  return n <= 0 ? "Since today" : days(n);
}

/** When a review falls due, from today: "Due today", "Due tomorrow", "Due in 9 days". */
export function dueIn(dueOn: string, today: string): string {
  const n = differenceInCalendarDays(parseISO(dueOn), parseISO(today));
  if (n <= 0) return "Due today";
  if (n === 1) return "Due tomorrow";
  return `Due in ${days(n)}`;
}

/** How late a review is: "1 day overdue", "154 days overdue". */
export function overdueBy(dueOn: string, today: string): string {
  return `${days(Math.max(1, differenceInCalendarDays(parseISO(today), parseISO(dueOn))))} overdue`;
}

/** The latest review date of a schedule that fell before today, or null while the first is still to come. */
export function lastReviewBefore(firstReviewOn: string, everyMonths: number, today: string): string | null {
  let last: string | null = null;
  for (let i = 0; ; i++) {
    const next = format(addMonths(parseISO(firstReviewOn), i * everyMonths), "yyyy-MM-dd");
    if (next >= today) return last;
    last = next;
  }
}

/** The next review on or after today. */
function nextReviewFrom(firstReviewOn: string, everyMonths: number, today: string): string {
  for (let i = 0; ; i++) {
    const next = format(addMonths(parseISO(firstReviewOn), i * everyMonths), "yyyy-MM-dd");
    if (next >= today) return next;
  }
}

/**
 * What the holders' plans need from a coordinator today:
 * - to finish: a draft not yet sent for approval, or a version not approved, waiting for a new one;
 * - reviews due: the plan in force's next review within four weeks;
 * - reviews overdue: a review date of the plan in force has passed since it was approved, and no change is being made.
 * A review is recorded here as a new version of the plan: while one is drafted, waits for approval or was not
 * agreed, the review is under way and the version is listed (to finish, or with the approvers), not the review.
 */
export function planWork(holders: HolderPlan[], today: string) {
  const toFinish: WorkRow[] = [];
  const due: WorkRow[] = [];
  const overdue: WorkRow[] = [];
  const dueBy = format(addDays(parseISO(today), REVIEW_DUE_WITHIN_DAYS), "yyyy-MM-dd");
  for (const { holderId, holderName, versions } of holders) {
    const { inForce, change } = planInForce(versions);
    const row = (what: string, when: string, day: string): WorkRow => ({ holderId, holderName, what, when, day });
    if (change?.status === "draft") {
      const since = ukDay(change.createdAt);
      toFinish.push(row(`Finish version ${change.version} of the plan and send it for approval`, waitingFor(since, today), since));
    } else if (change?.status === "rejected") {
      const since = ukDay(change.rejectedAt ?? change.createdAt);
      const what = inForce ? "Changes to the plan were not agreed: start a new version" : "The plan was not approved: start a new version";
      toFinish.push(row(what, waitingFor(since, today), since));
    }
    if (!inForce) continue;
    if (change) continue;
    const last = lastReviewBefore(inForce.firstReviewOn, inForce.reviewEveryMonths, today);
    if (last !== null && ukDay(inForce.approvedAt ?? inForce.createdAt) < last) {
      overdue.push(row("Review the plan with them", overdueBy(last, today), last));
      continue;
    }
    const next = nextReviewFrom(inForce.firstReviewOn, inForce.reviewEveryMonths, today);
    if (next <= dueBy) due.push(row("Review the plan with them", dueIn(next, today), next));
  }
  return { toFinish: oldestFirst(toFinish), due: oldestFirst(due), overdue: oldestFirst(overdue) };
}

/** The longest wait, the soonest due or the longest overdue first; the same day in name order. */
export function oldestFirst<T extends { day: string; holderName: string }>(rows: T[]): T[] {
  return [...rows].sort((a, b) => a.day.localeCompare(b.day) || a.holderName.localeCompare(b.holderName));
}

/**
 * An invitation to act for someone that no one has taken up, still open or stopped working unused, waiting from when
 * it was sent. A representative sent several is listed once, by their latest.
 */
export function invitationWork(
  invitation: { holderId: string; holderName: string; representativeName: string; sentAt: Date; expiresAt: Date },
  now: Date,
): WorkRow {
  const sent = ukDay(invitation.sentAt);
  const { holderId, holderName, representativeName } = invitation;
  const what =
    invitation.expiresAt <= now
      ? `${representativeName}'s invitation to act for them stopped working before they accepted it: send a new one`
      : `${representativeName} has not accepted the invitation to act for them yet`;
  return { holderId, holderName, what, when: waitingFor(sent, ukDay(now)), day: sent };
}
