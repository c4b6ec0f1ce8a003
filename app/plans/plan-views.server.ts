import { and, asc, eq, inArray } from "drizzle-orm";
import { subject, type Voice } from "~/people/voice";
import type { Database } from "#db/client.server";
import { holders, planOutcomes, planSupportLines, planVersions, supportOrganisations } from "#db/schema";
import { changeState, planInForce, planStanding } from "./in-force";
import { loadPlanHistory, type PlanHistory } from "./plan-in-force.server";
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
  return planOf(await loadPlanHistory(db, input.holderId), input.version);
}

function planOf(history: PlanHistory | null, version?: number) {
  if (!history?.plan) return null;
  const versions = history.versions.map(({ outcomes: _o, supportLines: _l, ...v }) => v);
  const current = (version ? versions.find((v) => v.version === version) : versions[0]) ?? null;
  if (!current) return { plan: history.plan, versions, current: null, content: null, approved: null };
  const approved = versions.find((v) => v.status === "approved") ?? null;
  return { plan: history.plan, versions, current, content: contentOf(history, current.id), approved };
}

function contentOf(history: PlanHistory, planVersionId: string) {
  const { outcomes, supportLines } = history.versions.find((v) => v.id === planVersionId)!;
  return { outcomes, supportLines };
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
  const history = await loadPlanHistory(db, input.holderId);
  const plan = history && planOf(history, input.version);
  if (!history || !plan || !plan.current) return null;
  const view = toView(plan.current, plan.content, input.today);
  let changes: Change[] | null = null;
  const compareWith = input.compareWith ?? (input.compareWaitingWithApproved && plan.current.status === "submitted" ? plan.approved?.version : undefined);
  const other = compareWith ? plan.versions.find((v) => v.version === compareWith) : null;
  if (other) {
    const otherContent = contentOf(history, other.id);
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
 * For the holder's home page: the plan in force (its outcomes, its budget split by how it is held and by funding
 * source, the next review), a newer version beside it as a change, and what needs the person's attention. A rejected
 * change leaves the plan in force as it was: it is "changes not agreed", never "your plan was not approved".
 */
export function holderPlanSummary(history: PlanHistory, input: { today: string; voice: Voice }) {
  const { voice } = input;
  const plan = planOf(history);
  const attention: { text: string; href: string }[] = [];
  const { inForce, change } = planInForce(plan?.versions ?? []);
  let approvedView: ReturnType<typeof toView> | null = null;
  if (inForce) {
    const content = contentOf(history, inForce.id);
    approvedView = toView(inForce, content, input.today);
    if (!inForce.agreedAt)
      attention.push({
        text: `${voice.Whose} plan has been approved: read it and tell us ${voice.thirdPerson ? `${voice.you} agrees` : "you agree"}`,
        href: "/plan",
      });
  }
  if (change?.status === "rejected")
    attention.push(
      inForce
        ? { text: `Changes to ${voice.your} plan were not agreed: see why. The plan ${subject(voice, "have")} still applies`, href: "/plan" }
        : { text: `${voice.Whose} plan was not approved: see why`, href: "/plan" },
    );
  for (const d of history.decisions) {
    if (!d.reconsiderStatus) attention.push({ text: `A direct payment has been ${d.kind} for ${voice.you}: see why, or ask us to reconsider`, href: "/plan" });
    else if (d.reconsiderStatus !== "pending" && d.reconsideredAt)
      attention.push({ text: "We have reconsidered our decision about a direct payment", href: "/plan" });
  }
  return {
    approved: approvedView,
    change: inForce && change ? { version: change.version, state: changeState(change.status), reason: change.rejectionReason } : null,
    attention,
  };
}

export type PlanStanding = ReturnType<typeof planStanding> & { changeReason: string | null; nextReviewOn: string | null };

/**
 * Plan standing and next review for the caseload list, one row per holder given: the status of the plan in force (or
 * of the first plan while none is), with any newer version beside it as a change.
 */
export async function loadCaseloadPlanStatus(db: Database, input: { holderIds: string[]; today: string }) {
  if (input.holderIds.length === 0) return new Map<string, PlanStanding>();
  const rows = await db
    .select({
      holderId: planVersions.holderId,
      version: planVersions.version,
      status: planVersions.status,
      firstReviewOn: planVersions.firstReviewOn,
      every: planVersions.reviewEveryMonths,
      rejectionReason: planVersions.rejectionReason,
    })
    .from(planVersions)
    .where(inArray(planVersions.holderId, input.holderIds));
  const byHolder = new Map<string, typeof rows>();
  for (const r of rows) byHolder.set(r.holderId, [...(byHolder.get(r.holderId) ?? []), r]);
  return new Map(
    [...byHolder].map(([holderId, versions]) => {
      const { inForce, change } = planInForce(versions);
      const nextReview = inForce ? nextReviewOn(inForce.firstReviewOn, inForce.every, input.today) : null;
      const changeReason = inForce && change?.status === "rejected" ? change.rejectionReason : null;
      return [holderId, { ...planStanding(versions), changeReason, nextReviewOn: nextReview }];
    }),
  );
}
