import { and, asc, desc, eq, gte, inArray, isNotNull, isNull, or } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { auditLog, holders, planVersions, representatives, staffRoles, users } from "#db/schema";
import { afterApproval, approvalStage, approveProblem, oldestFirst, rejectProblem, waitedFor, waitingSince, whoMayApprove } from "./approvals";

type History = { actorUserId: string | null; action: string }[];

/** Who did what to a version: its audit trail, which four eyes reads. */
export async function versionHistory(db: Database, planVersionId: string): Promise<History> {
  return db
    .select({ actorUserId: auditLog.actorUserId, action: auditLog.action })
    .from(auditLog)
    .where(and(eq(auditLog.entityType, "plan-version"), eq(auditLog.entityId, planVersionId)));
}

async function listApprovers(db: Database, commissionerId: string) {
  return db
    .select({ id: users.id, name: users.name })
    .from(users)
    .innerJoin(staffRoles, and(eq(staffRoles.userId, users.id), eq(staffRoles.role, "approver")))
    .where(eq(users.commissionerId, commissionerId))
    .orderBy(asc(users.name));
}

async function userName(db: Database, userId: string | null) {
  if (!userId) return null;
  const [row] = await db.select({ name: users.name }).from(users).where(eq(users.id, userId));
  return row?.name ?? null;
}

/**
 * The approver's queue: every plan of the commissioner waiting for a first, second or only approval, the longest
 * wait first, with what this approver may do about each (four eyes, and not the second approval after their first).
 */
export async function listApprovalQueue(db: Database, input: { commissionerId: string; deciderId: string; now: Date }) {
  const waiting = await db
    .select({ version: planVersions, givenName: holders.givenName, familyName: holders.familyName })
    .from(planVersions)
    .innerJoin(holders, eq(holders.id, planVersions.holderId))
    .where(and(eq(planVersions.commissionerId, input.commissionerId), eq(planVersions.status, "submitted")));
  if (waiting.length === 0) return [];
  const ids = waiting.map((w) => w.version.id);
  const trail = await db
    .select({ entityId: auditLog.entityId, actorUserId: auditLog.actorUserId, action: auditLog.action })
    .from(auditLog)
    .where(and(eq(auditLog.entityType, "plan-version"), inArray(auditLog.entityId, ids)));
  const approvers = await listApprovers(db, input.commissionerId);
  const names = new Map(approvers.map((a) => [a.id, a.name]));
  const rows = waiting.map(({ version, givenName, familyName }) => {
    const history = trail.filter((t) => t.entityId === version.id);
    const since = waitingSince(version);
    const problem = approveProblem({ deciderId: input.deciderId, version, history });
    return {
      holderId: version.holderId,
      holderName: `${givenName} ${familyName}`,
      version: version.version,
      stage: approvalStage(version),
      since,
      waited: waitedFor(since, input.now),
      firstApprover: version.approvedBy ? (names.get(version.approvedBy) ?? "another approver") : null,
      mayApprove: problem === null,
      whyNot: problem,
      whoMayApprove: whoMayApprove({ version, approvers, history }),
    };
  });
  return oldestFirst(rows);
}

export type ApprovalQueueRow = Awaited<ReturnType<typeof listApprovalQueue>>[number];

/**
 * Where the holder's version waiting for approval stands, for the person looking: which approval it waits for, who
 * gave the first, who could give the next, and whether this person may approve or reject it (and why not).
 * Null when nothing is waiting.
 */
export async function loadApprovalState(db: Database, input: { holderId: string; deciderId: string }) {
  const [version] = await db
    .select()
    .from(planVersions)
    .where(and(eq(planVersions.holderId, input.holderId), eq(planVersions.status, "submitted")))
    .orderBy(desc(planVersions.version))
    .limit(1);
  if (!version) return null;
  const history = await versionHistory(db, version.id);
  const approvers = await listApprovers(db, version.commissionerId);
  const decider = { deciderId: input.deciderId, version, history };
  return {
    planVersionId: version.id,
    version: version.version,
    stage: approvalStage(version),
    finalPence: version.finalPence,
    indicativePence: version.indicativePence,
    startsOn: version.startsOn,
    firstApprover: version.approvedBy ? { name: approvers.find((a) => a.id === version.approvedBy)?.name ?? "Another approver", at: version.approvedAt } : null,
    approveProblem: approveProblem(decider),
    rejectProblem: rejectProblem(decider),
    /** Everyone who could give the approval it waits for, the person looking included if they may. */
    whoMayApprove: whoMayApprove({ version, approvers, history }),
  };
}

export type ApprovalState = NonNullable<Awaited<ReturnType<typeof loadApprovalState>>>;

/**
 * What the approver is told once they have approved a version: read from the version as it now stands, so the
 * confirmation page can be reloaded. Null when this person gave neither approval of that version.
 */
export async function loadApprovalOutcome(db: Database, input: { holderId: string; version: number; deciderId: string; today: string }) {
  const [row] = await db
    .select({ version: planVersions, givenName: holders.givenName, familyName: holders.familyName })
    .from(planVersions)
    .innerJoin(holders, eq(holders.id, planVersions.holderId))
    .where(and(eq(planVersions.holderId, input.holderId), eq(planVersions.version, input.version)));
  if (!row) return null;
  const { version } = row;
  const mine = version.approvedBy === input.deciderId || version.secondApprovedBy === input.deciderId;
  if (!mine || (version.status !== "submitted" && version.status !== "approved")) return null;
  const holderName = `${row.givenName} ${row.familyName}`;
  const stage = version.status === "approved" ? "approved" : "first-approval";
  const [representative] = await db
    .select({ id: representatives.id })
    .from(representatives)
    .where(
      and(
        eq(representatives.holderId, input.holderId),
        isNotNull(representatives.acceptedAt),
        isNull(representatives.revokedAt),
        or(isNull(representatives.endsOn), gte(representatives.endsOn, input.today)),
      ),
    )
    .limit(1);
  const approvers = stage === "first-approval" ? await listApprovers(db, version.commissionerId) : [];
  const history = stage === "first-approval" ? await versionHistory(db, version.id) : [];
  return {
    holderName,
    version: version.version,
    stage,
    inForceFrom: version.inForceFrom,
    firstApprover: await userName(db, version.approvedBy),
    ...afterApproval({ stage, holderName, hasRepresentative: Boolean(representative), secondApprovers: whoMayApprove({ version, approvers, history }) }),
  };
}

/**
 * What the coordinator is told once a version is sent for approval: who can approve it and whether it needs a
 * second approval. Read from the version as it now stands, so the page can be reloaded; null unless it is waiting.
 */
export async function loadSubmittedOutcome(db: Database, input: { holderId: string; version: number }) {
  const [row] = await db
    .select({ version: planVersions, givenName: holders.givenName, familyName: holders.familyName })
    .from(planVersions)
    .innerJoin(holders, eq(holders.id, planVersions.holderId))
    .where(and(eq(planVersions.holderId, input.holderId), eq(planVersions.version, input.version)));
  if (!row || row.version.status !== "submitted") return null;
  const { version } = row;
  const approvers = whoMayApprove({ version, approvers: await listApprovers(db, version.commissionerId), history: await versionHistory(db, version.id) });
  return {
    holderName: `${row.givenName} ${row.familyName}`,
    version: version.version,
    finalPence: version.finalPence ?? 0,
    indicativePence: version.indicativePence,
    needsSecondApproval: version.needsSecondApproval,
    approvers,
  };
}
