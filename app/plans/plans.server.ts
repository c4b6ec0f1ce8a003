import { and, desc, eq } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { budgetSettingRules, holders, indicativeBudgets, planOutcomes, plans, planSupportLines, planVersions } from "#db/schema";
import { recordAudit, type Actor } from "~/audit/audit.server";
import type { Pence } from "~/ledger/money";
import {
  DEFAULT_THRESHOLD_PERCENT,
  differenceFromIndicative,
  finalBudget,
  firstReviewProblem,
  latestFirstReview,
  submissionProblems,
  supportLineAmount,
  type SupportLine,
} from "./rules";
import { loadVersionContent } from "./plan-views.server";
import { incompleteSectionsProblem, SECTION_KEYS } from "./sections";

type Fail = { ok: false; message: string };
/** The failure every plan action answers with; shared with plan-decisions.server. */
export const fail = (message: string): Fail => ({ ok: false, message });

export interface PlanContent {
  startsOn: string;
  whatMatters: string;
  whoWasInvolved: string;
  criteriaMet: string[];
  contingencyPence: Pence;
  firstReviewOn: string;
  reviewEveryMonths: number;
  outcomes: { outcome: string; howWillYouKnow: string }[];
  supportLines: (Omit<SupportLine, "lineKey"> & { lineKey?: string | null })[];
}

/** One version of the holder's plan, locked for update unless `lock` is false; shared with plan-decisions.server. */
export async function loadVersionFor(tx: Database, holderId: string, planVersionId: string, lock = true) {
  const query = tx
    .select()
    .from(planVersions)
    .where(and(eq(planVersions.id, planVersionId), eq(planVersions.holderId, holderId)));
  const [version] = lock ? await query.for("update") : await query;
  return version ?? null;
}

/**
 * The draft to work on: the current draft if there is one, otherwise a new version copied from the latest one
 * (an approved version is never changed), or a first, empty version. The five criteria are never carried: they are
 * confirmed with the person afresh for each version, and every section starts not completed.
 */
export async function startPlanVersion(db: Database, input: { actor: Actor; holderId: string; today: string }) {
  return db.transaction(async (tx) => {
    const [holder] = await tx.select().from(holders).where(eq(holders.id, input.holderId));
    if (!holder) return fail("There is no such person");
    await tx.insert(plans).values({ commissionerId: holder.commissionerId, holderId: holder.id }).onConflictDoNothing();
    const [plan] = await tx.select().from(plans).where(eq(plans.holderId, holder.id)).for("update");
    const [latest] = await tx.select().from(planVersions).where(eq(planVersions.planId, plan.id)).orderBy(desc(planVersions.version)).limit(1);
    if (latest?.status === "draft") return { ok: true as const, version: latest, created: false };
    if (latest?.status === "submitted") return fail("This plan is waiting for approval: approve or reject it before changing it");

    const [indicative] = await tx
      .select()
      .from(indicativeBudgets)
      .where(eq(indicativeBudgets.holderId, holder.id))
      .orderBy(desc(indicativeBudgets.version))
      .limit(1);
    const base = latest
      ? {
          startsOn: latest.startsOn,
          whatMatters: latest.whatMatters,
          whoWasInvolved: latest.whoWasInvolved,
          contingencyPence: latest.contingencyPence,
          firstReviewOn: latest.firstReviewOn,
          reviewEveryMonths: latest.reviewEveryMonths,
        }
      : { startsOn: input.today, firstReviewOn: latestFirstReview(input.today) };
    const [version] = await tx
      .insert(planVersions)
      .values({
        ...base,
        commissionerId: holder.commissionerId,
        planId: plan.id,
        holderId: holder.id,
        version: (latest?.version ?? 0) + 1,
        indicativeBudgetId: indicative?.id ?? null,
        indicativePence: indicative?.totalPence ?? null,
        authoredBy: input.actor.userId!,
        lastEditedBy: input.actor.userId!,
      })
      .returning();
    if (latest) {
      const outcomes = await tx.select().from(planOutcomes).where(eq(planOutcomes.planVersionId, latest.id));
      if (outcomes.length) await tx.insert(planOutcomes).values(outcomes.map(({ id: _id, ...o }) => ({ ...o, planVersionId: version.id })));
      const lines = await tx.select().from(planSupportLines).where(eq(planSupportLines.planVersionId, latest.id));
      if (lines.length) await tx.insert(planSupportLines).values(lines.map(({ id: _id, ...l }) => ({ ...l, planVersionId: version.id })));
    }
    await recordAudit(tx, input.actor, {
      action: "plan.version-started",
      entityType: "plan-version",
      entityId: version.id,
      after: { version: version.version, from: latest?.id ?? null },
    });
    return { ok: true as const, version, created: true };
  });
}

/** Saves the coordinator's work on a draft. Only a draft can change. */
/** A version's support lines as rows: each keeps its key from version to version, or is given one when new. */
export function supportLineRows(planVersionId: string, lines: PlanContent["supportLines"]) {
  return lines.map((l, i) => ({
    ...l,
    lineKey: l.lineKey || crypto.randomUUID(),
    planVersionId,
    position: i + 1,
    amountPence: supportLineAmount(l),
    thirdPartyOrganisationId: l.holding === "third-party" ? l.thirdPartyOrganisationId : null,
  }));
}

export async function savePlanDraft(db: Database, input: { actor: Actor; holderId: string; planVersionId: string; content: PlanContent; today: string }) {
  return db.transaction(async (tx) => {
    const version = await loadVersionFor(tx, input.holderId, input.planVersionId);
    if (!version) return fail("There is no such plan version");
    if (version.status !== "draft") return fail("This version of the plan can no longer be changed: start a new version");
    const c = input.content;
    const reviewProblem =
      version.firstReviewOn === c.firstReviewOn && version.version > 1 ? null : firstReviewProblem(c.firstReviewOn, c.startsOn, input.today);
    if (reviewProblem) return fail(reviewProblem);
    const positions = new Set(c.outcomes.map((_, i) => i + 1));
    if (c.supportLines.some((l) => l.outcomePositions.some((p) => !positions.has(p))))
      return fail("A support line is linked to an outcome that is not in the plan");
    if (c.supportLines.some((l) => l.holding === "third-party" && !l.thirdPartyOrganisationId))
      return fail("Choose the organisation that holds a third-party budget");

    const [updated] = await tx
      .update(planVersions)
      .set({
        startsOn: c.startsOn,
        whatMatters: c.whatMatters,
        whoWasInvolved: c.whoWasInvolved,
        criteriaMet: c.criteriaMet,
        contingencyPence: c.contingencyPence,
        firstReviewOn: c.firstReviewOn,
        reviewEveryMonths: c.reviewEveryMonths,
        // The whole plan given at once (the demo data, tests) stands for every section saved and checked.
        completedSections: [...SECTION_KEYS],
        lastEditedBy: input.actor.userId!,
      })
      .where(eq(planVersions.id, version.id))
      .returning();
    await tx.delete(planOutcomes).where(eq(planOutcomes.planVersionId, version.id));
    await tx.delete(planSupportLines).where(eq(planSupportLines.planVersionId, version.id));
    if (c.outcomes.length) await tx.insert(planOutcomes).values(c.outcomes.map((o, i) => ({ ...o, planVersionId: version.id, position: i + 1 })));
    if (c.supportLines.length) await tx.insert(planSupportLines).values(supportLineRows(version.id, c.supportLines));
    await recordAudit(tx, input.actor, {
      action: "plan.draft-saved",
      entityType: "plan-version",
      entityId: version.id,
      before: version,
      after: { ...updated, outcomes: c.outcomes, supportLines: c.supportLines },
    });
    return { ok: true as const, version: updated };
  });
}

async function thresholdFor(tx: Database, commissionerId: string) {
  const [rule] = await tx.select().from(budgetSettingRules).where(eq(budgetSettingRules.commissionerId, commissionerId));
  return rule?.secondApprovalThresholdPercent ?? DEFAULT_THRESHOLD_PERCENT;
}

/** What submitting would show: the final budget, the indicative budget, the difference and the threshold. */
export async function previewSubmission(db: Database, input: { holderId: string; planVersionId: string }) {
  const version = await loadVersionFor(db, input.holderId, input.planVersionId, false);
  if (!version) return null;
  const content = await loadVersionContent(db, version.id);
  const [indicative] = await db
    .select()
    .from(indicativeBudgets)
    .where(eq(indicativeBudgets.holderId, version.holderId))
    .orderBy(desc(indicativeBudgets.version))
    .limit(1);
  const thresholdPercent = await thresholdFor(db, version.commissionerId);
  const finalPence = finalBudget(content.supportLines, version.contingencyPence);
  const indicativePence = indicative?.totalPence ?? null;
  return {
    finalPence,
    indicativePence,
    thresholdPercent,
    ...differenceFromIndicative(finalPence, indicativePence, thresholdPercent),
    problems: [
      incompleteSectionsProblem(version.completedSections),
      ...submissionProblems({
        criteriaMet: version.criteriaMet,
        whatMatters: version.whatMatters,
        outcomes: content.outcomes,
        supportLines: content.supportLines,
      }),
    ].filter((p): p is string => p !== null),
  };
}

/** A draft goes for approval once all five criteria are met; above the threshold it will need two approvals. */
export async function submitPlan(db: Database, input: { actor: Actor; holderId: string; planVersionId: string }) {
  return db.transaction(async (tx) => {
    const version = await loadVersionFor(tx, input.holderId, input.planVersionId);
    if (!version) return fail("There is no such plan version");
    if (version.status !== "draft") return fail("Only a draft can be submitted for approval");
    const preview = (await previewSubmission(tx, input))!;
    if (preview.problems.length) return { ok: false as const, message: preview.problems[0], problems: preview.problems };
    const [indicative] = await tx
      .select()
      .from(indicativeBudgets)
      .where(eq(indicativeBudgets.holderId, version.holderId))
      .orderBy(desc(indicativeBudgets.version))
      .limit(1);
    const [submitted] = await tx
      .update(planVersions)
      .set({
        status: "submitted",
        submittedBy: input.actor.userId,
        submittedAt: new Date(),
        finalPence: preview.finalPence,
        indicativeBudgetId: indicative?.id ?? null,
        indicativePence: preview.indicativePence,
        needsSecondApproval: preview.needsSecondApproval,
      })
      .where(eq(planVersions.id, version.id))
      .returning();
    await recordAudit(tx, input.actor, { action: "plan.submitted", entityType: "plan-version", entityId: version.id, before: version, after: submitted });
    return { ok: true as const, version: submitted, ...preview };
  });
}
