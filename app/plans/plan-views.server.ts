import { and, asc, desc, eq, inArray } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { directPaymentDecisions, holders, planOutcomes, plans, planSupportLines, planVersions, supportOrganisations } from "#db/schema";
import { diffVersions, nextReviewOn, splitBudget, type Change } from "./rules";

export type PlanVersion = typeof planVersions.$inferSelect;

/** What a version of a plan holds: its outcomes and support lines, in order. */
export async function loadVersionContent(db: Database, planVersionId: string) {
  const outcomes = await db.select().from(planOutcomes).where(eq(planOutcomes.planVersionId, planVersionId)).orderBy(asc(planOutcomes.position));
  const supportLines = await db
    .select()
    .from(planSupportLines)
    .where(eq(planSupportLines.planVersionId, planVersionId))
    .orderBy(asc(planSupportLines.position));
  return { outcomes, supportLines };
}

/** The plan with every version (newest first) and the content of one version (by default the latest). */
export async function loadPlan(db: Database, input: { holderId: string; version?: number }) {
  const [plan] = await db.select().from(plans).where(eq(plans.holderId, input.holderId));
  if (!plan) return null;
  const versions = await db.select().from(planVersions).where(eq(planVersions.planId, plan.id)).orderBy(desc(planVersions.version));
  const current = (input.version ? versions.find((v) => v.version === input.version) : versions[0]) ?? null;
  if (!current) return { plan, versions, current: null, content: null, approved: null };
  const content = await loadVersionContent(db, current.id);
  const approved = versions.find((v) => v.status === "approved") ?? null;
  return { plan, versions, current, content, approved };
}

/** The organisations that can hold a third-party budget for this commissioner. */
export async function listThirdPartyOrganisations(db: Database, commissionerId: string) {
  return db
    .select({ id: supportOrganisations.id, name: supportOrganisations.name })
    .from(supportOrganisations)
    .where(and(eq(supportOrganisations.commissionerId, commissionerId), eq(supportOrganisations.holdsThirdPartyBudgets, true)))
    .orderBy(asc(supportOrganisations.name));
}

export async function loadHolderName(db: Database, holderId: string) {
  const [holder] = await db
    .select({ givenName: holders.givenName, familyName: holders.familyName, commissionerId: holders.commissionerId })
    .from(holders)
    .where(eq(holders.id, holderId));
  return holder;
}

/**
 * Everything a plan page shows for one version, and what changed from another version when asked. For whoever decides,
 * a version waiting for approval is compared with the approved one unless another is asked for: what changed is what
 * is being decided.
 */
export async function loadPlanPage(
  db: Database,
  input: { holderId: string; version?: number; compareWith?: number; compareWaitingWithApproved?: boolean; today: string },
) {
  const plan = await loadPlan(db, input);
  if (!plan || !plan.current) return null;
  const view = toView(plan.current, plan.content, input.today);
  let changes: Change[] | null = null;
  const compareWith = input.compareWith ?? (input.compareWaitingWithApproved && plan.current.status === "submitted" ? plan.approved?.version : undefined);
  const other = compareWith ? plan.versions.find((v) => v.version === compareWith) : null;
  if (other) {
    const otherContent = await loadVersionContent(db, other.id);
    const [from, to] =
      other.version < plan.current.version ? [toView(other, otherContent, input.today), view] : [view, toView(other, otherContent, input.today)];
    changes = diffVersions(from, to);
  }
  return { ...plan, view, changes, compareWith: other?.version ?? null };
}

function toView(version: PlanVersion, content: Awaited<ReturnType<typeof loadVersionContent>>, today: string) {
  return {
    version: version.version,
    status: version.status,
    whatMatters: version.whatMatters,
    whoWasInvolved: version.whoWasInvolved,
    startsOn: version.startsOn,
    firstReviewOn: version.firstReviewOn,
    reviewEveryMonths: version.reviewEveryMonths,
    nextReviewOn: nextReviewOn(version.firstReviewOn, version.reviewEveryMonths, today),
    contingencyPence: version.contingencyPence,
    outcomes: content.outcomes.map((o) => ({ position: o.position, outcome: o.outcome, howWillYouKnow: o.howWillYouKnow })),
    supportLines: content.supportLines.map((l) => ({
      lineKey: l.lineKey,
      description: l.description,
      provider: l.provider,
      units: l.units,
      frequency: l.frequency,
      costPerUnitPence: l.costPerUnitPence,
      amountPence: l.amountPence,
      fundingSource: l.fundingSource,
      holding: l.holding,
      outcomePositions: l.outcomePositions,
      thirdPartyOrganisationId: l.thirdPartyOrganisationId,
    })),
    split: splitBudget(content.supportLines, version.contingencyPence),
  };
}

/**
 * For the holder's home page: the approved plan's outcomes, its budget split by how it is held and by funding
 * source, the next review, and what needs the person's attention.
 */
export async function loadHolderPlanSummary(db: Database, input: { holderId: string; today: string }) {
  const plan = await loadPlan(db, { holderId: input.holderId });
  const attention: { text: string; href: string }[] = [];
  let approvedView: ReturnType<typeof toView> | null = null;
  if (plan?.approved) {
    const content = plan.approved.id === plan.current?.id ? plan.content : await loadVersionContent(db, plan.approved.id);
    approvedView = toView(plan.approved, content, input.today);
    if (!plan.approved.agreedAt) attention.push({ text: "Your plan has been approved: tell us you agree to it", href: "/plan" });
  }
  const latest = plan?.versions[0];
  if (latest?.status === "rejected") attention.push({ text: "Your plan was not approved: see why", href: "/plan" });
  const decisions = await db.select().from(directPaymentDecisions).where(eq(directPaymentDecisions.holderId, input.holderId));
  for (const d of decisions) {
    if (!d.reconsiderStatus) attention.push({ text: `A direct payment has been ${d.kind} for you: see why, or ask us to reconsider`, href: "/plan" });
    else if (d.reconsiderStatus !== "pending" && d.reconsideredAt)
      attention.push({ text: "We have reconsidered our decision about a direct payment", href: "/plan" });
  }
  return { approved: approvedView, attention };
}

/** Plan status and next review for the caseload list, one row per holder given. */
export async function loadCaseloadPlanStatus(db: Database, input: { holderIds: string[]; today: string }) {
  if (input.holderIds.length === 0) return new Map<string, { status: PlanVersion["status"]; nextReviewOn: string | null }>();
  const rows = await db
    .selectDistinctOn([planVersions.holderId], { holderId: planVersions.holderId, status: planVersions.status })
    .from(planVersions)
    .where(inArray(planVersions.holderId, input.holderIds))
    .orderBy(planVersions.holderId, desc(planVersions.version));
  const approved = await db
    .selectDistinctOn([planVersions.holderId], {
      holderId: planVersions.holderId,
      firstReviewOn: planVersions.firstReviewOn,
      every: planVersions.reviewEveryMonths,
    })
    .from(planVersions)
    .where(and(inArray(planVersions.holderId, input.holderIds), eq(planVersions.status, "approved")))
    .orderBy(planVersions.holderId, desc(planVersions.version));
  const reviews = new Map(approved.map((a) => [a.holderId, nextReviewOn(a.firstReviewOn, a.every, input.today)]));
  return new Map(rows.map((r) => [r.holderId, { status: r.status, nextReviewOn: reviews.get(r.holderId) ?? null }]));
}
