import { and, eq, gt, isNull, or, sql } from "drizzle-orm";
import { unionAll } from "drizzle-orm/pg-core";
import type { Database } from "#db/client.server";
import { holders, holdingChangeRequests, planSupportLines, planVersions, plans, representativeInvitations, representatives, users } from "#db/schema";
import { HOLDING_NAMES } from "~/budgets/budget-summary";
import type { Holding } from "./rules";
import { invitationWork, oldestFirst, planWork, ukDay, waitingFor, type HolderPlan, type WorkRow } from "./worklist";

/**
 * What needs a coordinator across the commissioner, in two queries whatever its size: every version of every plan
 * still running (plans to finish, reviews due and overdue), and the requests and invitations waiting on someone.
 */
export async function loadWorklist(db: Database, input: { commissionerId: string; now: Date }) {
  const today = ukDay(input.now);
  const [versions, waiting] = await Promise.all([listRunningVersions(db, input.commissionerId, today), listWaiting(db, input.commissionerId, today)]);

  const byHolder = new Map<string, HolderPlan>();
  for (const v of versions) {
    const holder = byHolder.get(v.holderId) ?? { holderId: v.holderId, holderName: `${v.givenName} ${v.familyName}`, versions: [] };
    holder.versions.push(v);
    byHolder.set(v.holderId, holder);
  }
  const plansWork = planWork([...byHolder.values()], today);

  const holding: WorkRow[] = [];
  const latestInvitation = new Map<string, (typeof waiting)[number]>();
  for (const w of waiting) {
    if (w.kind === "holding") {
      const since = ukDay(w.at);
      holding.push({
        holderId: w.holderId,
        holderName: `${w.givenName} ${w.familyName}`,
        what: `Decide on their request for "${w.detail}" to be held as a ${(HOLDING_NAMES[w.extra as Holding] ?? w.extra).toLowerCase()}`,
        when: waitingFor(since, today),
        day: since,
      });
    } else {
      const seen = latestInvitation.get(w.id);
      if (!seen || seen.at < w.at) latestInvitation.set(w.id, w);
    }
  }
  const invitations = [...latestInvitation.values()].map((w) =>
    invitationWork(
      { holderId: w.holderId, holderName: `${w.givenName} ${w.familyName}`, representativeName: w.detail, sentAt: w.at, expiresAt: w.expiresAt },
      input.now,
    ),
  );
  return { ...plansWork, holding: oldestFirst(holding), invitations: oldestFirst(invitations) };
}

export type Worklist = Awaited<ReturnType<typeof loadWorklist>>;

/** Every version of the plans not ended, with whose they are. */
function listRunningVersions(db: Database, commissionerId: string, today: string) {
  return db
    .select({
      holderId: planVersions.holderId,
      givenName: holders.givenName,
      familyName: holders.familyName,
      version: planVersions.version,
      status: planVersions.status,
      createdAt: planVersions.createdAt,
      approvedAt: planVersions.approvedAt,
      rejectedAt: planVersions.rejectedAt,
      firstReviewOn: planVersions.firstReviewOn,
      reviewEveryMonths: planVersions.reviewEveryMonths,
    })
    .from(planVersions)
    .innerJoin(plans, eq(plans.id, planVersions.planId))
    .innerJoin(holders, eq(holders.id, planVersions.holderId))
    .where(and(eq(planVersions.commissionerId, commissionerId), or(isNull(plans.endedOn), gt(plans.endedOn, today))));
}

/**
 * Requests to change how a support line is held that no one has decided, and invitations to act for someone whose
 * representative has not accepted (and is still meant to act), as one list. `id` is the representative's for an
 * invitation, so the latest of several can be kept.
 */
function listWaiting(db: Database, commissionerId: string, today: string) {
  const requests = db
    .select({
      kind: sql<"holding" | "invitation">`'holding'`.as("kind"),
      id: holdingChangeRequests.id,
      holderId: holders.id,
      givenName: holders.givenName,
      familyName: holders.familyName,
      at: holdingChangeRequests.requestedAt,
      expiresAt: holdingChangeRequests.requestedAt,
      detail: sql<string>`coalesce(${planSupportLines.description}, 'a support line')`.as("detail"),
      extra: sql<string>`${holdingChangeRequests.requestedHolding}::text`.as("extra"),
    })
    .from(holdingChangeRequests)
    .innerJoin(holders, eq(holders.id, holdingChangeRequests.holderId))
    .leftJoin(
      planSupportLines,
      and(eq(planSupportLines.planVersionId, holdingChangeRequests.planVersionId), eq(planSupportLines.lineKey, holdingChangeRequests.lineKey)),
    )
    .where(and(eq(holdingChangeRequests.commissionerId, commissionerId), eq(holdingChangeRequests.status, "pending")));
  const invitations = db
    .select({
      kind: sql<"holding" | "invitation">`'invitation'`.as("kind"),
      id: representatives.id,
      holderId: holders.id,
      givenName: holders.givenName,
      familyName: holders.familyName,
      at: representativeInvitations.createdAt,
      expiresAt: representativeInvitations.expiresAt,
      detail: sql<string>`${users.name}`.as("detail"),
      extra: sql<string>`${representatives.relationship}`.as("extra"),
    })
    .from(representativeInvitations)
    .innerJoin(representatives, eq(representatives.id, representativeInvitations.representativeId))
    .innerJoin(holders, eq(holders.id, representatives.holderId))
    .innerJoin(users, eq(users.id, representatives.userId))
    .where(
      and(
        eq(representatives.commissionerId, commissionerId),
        isNull(representatives.acceptedAt),
        isNull(representatives.revokedAt),
        or(isNull(representatives.endsOn), gt(representatives.endsOn, today)),
        isNull(representativeInvitations.acceptedAt),
      ),
    );
  return unionAll(requests, invitations);
}
