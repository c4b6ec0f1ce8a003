import { and, desc, eq } from "drizzle-orm";
import type { Database } from "#db/client.server";
import {
  auditLog,
  budgetSettingRules,
  budgets,
  directPaymentDecisions,
  holders,
  indicativeBudgets,
  planOutcomes,
  plans,
  planSupportLines,
  planVersions,
} from "#db/schema";
import { recordAudit, type Actor } from "~/audit/audit.server";
import { openArrangement } from "~/budgets/arrangements.server";
import type { Pence } from "~/ledger/money";
import {
  DEFAULT_THRESHOLD_PERCENT,
  differenceFromIndicative,
  finalBudget,
  firstReviewProblem,
  fourEyesProblem,
  latestFirstReview,
  splitBudget,
  submissionProblems,
  supportLineAmount,
  type SupportLine,
} from "./rules";

import { loadVersionContent, type PlanVersion } from "./plan-views.server";
type Fail = { ok: false; message: string };
const fail = (message: string): Fail => ({ ok: false, message });

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

async function loadVersionFor(tx: Database, holderId: string, planVersionId: string, lock = true) {
  const query = tx
    .select()
    .from(planVersions)
    .where(and(eq(planVersions.id, planVersionId), eq(planVersions.holderId, holderId)));
  const [version] = lock ? await query.for("update") : await query;
  return version ?? null;
}

/**
 * The draft to work on: the current draft if there is one, otherwise a new version copied from the latest one
 * (an approved version is never changed), or a first, empty version.
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
          criteriaMet: latest.criteriaMet,
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
        lastEditedBy: input.actor.userId!,
      })
      .where(eq(planVersions.id, version.id))
      .returning();
    await tx.delete(planOutcomes).where(eq(planOutcomes.planVersionId, version.id));
    await tx.delete(planSupportLines).where(eq(planSupportLines.planVersionId, version.id));
    if (c.outcomes.length) await tx.insert(planOutcomes).values(c.outcomes.map((o, i) => ({ ...o, planVersionId: version.id, position: i + 1 })));
    if (c.supportLines.length) {
      await tx.insert(planSupportLines).values(
        c.supportLines.map((l, i) => ({
          ...l,
          lineKey: l.lineKey || crypto.randomUUID(),
          planVersionId: version.id,
          position: i + 1,
          amountPence: supportLineAmount(l),
          thirdPartyOrganisationId: l.holding === "third-party" ? l.thirdPartyOrganisationId : null,
        })),
      );
    }
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
    problems: submissionProblems({
      criteriaMet: version.criteriaMet,
      whatMatters: version.whatMatters,
      outcomes: content.outcomes,
      supportLines: content.supportLines,
    }),
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

/** Four eyes on a decision about a version, with everyone who changed it from its audit trail (see fourEyesProblem). */
async function fourEyesFor(tx: Database, version: PlanVersion, actor: Actor, decision: "approve" | "reject") {
  const history = await tx
    .select({ actorUserId: auditLog.actorUserId, action: auditLog.action })
    .from(auditLog)
    .where(and(eq(auditLog.entityType, "plan-version"), eq(auditLog.entityId, version.id)));
  return fourEyesProblem({ deciderId: actor.userId, decision, version, history });
}

/** A refusal or stop in force on `on`: not overturned on reconsideration. */
export async function activeDirectPaymentRefusal(db: Database, holderId: string, on: string) {
  const rows = await db
    .select()
    .from(directPaymentDecisions)
    .where(eq(directPaymentDecisions.holderId, holderId))
    .orderBy(desc(directPaymentDecisions.decidedAt));
  return rows.find((d) => d.reconsiderStatus !== "accepted" && d.effectiveOn <= on) ?? null;
}

/**
 * The commissioner signs the plan off. Four eyes: the approver did not write, change or submit any part of it. Above the threshold a second,
 * different approver is needed. On the final approval the version's budget is set, split by how it is held, and
 * applies from its start or from today if that has passed (money is never paid for days before a plan was agreed).
 * The holder's arrangements are opened for any way of holding money they did not use before; the money already in
 * them stays where it is, and the instalments pay the rest of the plan year at the new rates.
 */
export async function approvePlan(db: Database, input: { actor: Actor; holderId: string; planVersionId: string; today: string }) {
  return db.transaction(async (tx) => {
    const version = await loadVersionFor(tx, input.holderId, input.planVersionId);
    if (!version) return fail("There is no such plan version");
    if (version.status !== "submitted") return fail("Only a plan waiting for approval can be approved");
    const fourEyes = await fourEyesFor(tx, version, input.actor, "approve");
    if (fourEyes) return fail(fourEyes);
    if (version.approvedBy === input.actor.userId) return fail("You have already approved this plan: a second approver is needed");

    const content = await loadVersionContent(tx, version.id);
    const split = splitBudget(content.supportLines, version.contingencyPence);
    if (split.totalPence !== version.finalPence) return fail("The plan costs more than the final budget it was submitted with: submit it again");

    if (split.byHolding["direct-payment"] > 0) {
      const refusal = await activeDirectPaymentRefusal(tx, version.holderId, input.today);
      if (refusal) return fail("A direct payment has been refused or stopped for this person: change the direct payment lines before approving");
    }

    if (version.needsSecondApproval && !version.approvedBy) {
      const [first] = await tx
        .update(planVersions)
        .set({ approvedBy: input.actor.userId, approvedAt: new Date() })
        .where(eq(planVersions.id, version.id))
        .returning();
      await recordAudit(tx, input.actor, { action: "plan.first-approval", entityType: "plan-version", entityId: version.id, after: first });
      return { ok: true as const, stage: "first-approval" as const, version: first };
    }
    const thirdParty = content.supportLines.find((l) => l.holding === "third-party");
    const [budget] = await tx
      .insert(budgets)
      .values({
        commissionerId: version.commissionerId,
        holderId: version.holderId,
        startsOn: version.startsOn,
        notionalPence: split.byHolding.notional,
        thirdPartyPence: split.byHolding["third-party"],
        directPaymentPence: split.byHolding["direct-payment"],
        thirdPartyOrganisationId: thirdParty?.thirdPartyOrganisationId ?? null,
      })
      .returning();
    const now = new Date();
    const inForceFrom = version.startsOn > input.today ? version.startsOn : input.today;
    const stamp = version.approvedBy ? { secondApprovedBy: input.actor.userId, secondApprovedAt: now } : { approvedBy: input.actor.userId, approvedAt: now };
    const [approved] = await tx
      .update(planVersions)
      .set({ ...stamp, status: "approved", budgetId: budget.id, inForceFrom })
      .where(eq(planVersions.id, version.id))
      .returning();

    const held = new Map<string, Parameters<typeof openArrangement>[1]>();
    for (const line of content.supportLines) {
      const key = {
        commissionerId: version.commissionerId,
        holderId: version.holderId,
        holding: line.holding,
        supportOrganisationId: line.thirdPartyOrganisationId,
        on: inForceFrom,
      };
      held.set(`${line.holding}:${line.thirdPartyOrganisationId ?? ""}`, key);
    }
    if (version.contingencyPence > 0)
      held.set("notional:", { commissionerId: version.commissionerId, holderId: version.holderId, holding: "notional", on: inForceFrom });
    const opened = [];
    for (const key of held.values()) opened.push((await openArrangement(tx, key)).arrangement.id);
    await recordAudit(tx, input.actor, {
      action: "plan.approved",
      entityType: "plan-version",
      entityId: version.id,
      before: version,
      after: { ...approved, budget, arrangements: opened },
    });
    return { ok: true as const, stage: "approved" as const, version: approved, budget, arrangementIds: opened };
  });
}

/**
 * The personal health budget ends (the person is no longer eligible, has moved away, or has died): no instalment is
 * paid after the day it ends. The plan and its money stay on record.
 */
export async function endPlan(db: Database, input: { actor: Actor; holderId: string; endedOn: string; reason: string; today: string }) {
  return db.transaction(async (tx) => {
    const [plan] = await tx.select().from(plans).where(eq(plans.holderId, input.holderId)).for("update");
    if (!plan) return fail("There is no plan to end");
    if (plan.endedOn) return fail(`This personal health budget already ended on ${plan.endedOn}`);
    const reason = input.reason.trim();
    if (!reason) return fail("Enter why the personal health budget is ending, which the person will see");
    if (input.endedOn < input.today) return fail("The day it ends must be today or in the future: instalments already paid stay paid");
    const [ended] = await tx
      .update(plans)
      .set({ endedOn: input.endedOn, endReason: reason, endedBy: input.actor.userId })
      .where(eq(plans.id, plan.id))
      .returning();
    await recordAudit(tx, input.actor, {
      action: "plan.ended",
      entityType: "plan",
      entityId: plan.id,
      before: { endedOn: null },
      after: { endedOn: ended.endedOn, reason },
    });
    return { ok: true as const, plan: ended };
  });
}

/** The approver sends the plan back with a reason the holder sees. */
export async function rejectPlan(db: Database, input: { actor: Actor; holderId: string; planVersionId: string; reason: string }) {
  return db.transaction(async (tx) => {
    const version = await loadVersionFor(tx, input.holderId, input.planVersionId);
    if (!version) return fail("There is no such plan version");
    if (version.status !== "submitted") return fail("Only a plan waiting for approval can be rejected");
    const fourEyes = await fourEyesFor(tx, version, input.actor, "reject");
    if (fourEyes) return fail(fourEyes);
    if (input.reason.trim() === "") return fail("Enter the reason the plan is not approved");
    const [rejected] = await tx
      .update(planVersions)
      .set({ status: "rejected", rejectedBy: input.actor.userId, rejectedAt: new Date(), rejectionReason: input.reason.trim() })
      .where(eq(planVersions.id, version.id))
      .returning();
    await recordAudit(tx, input.actor, { action: "plan.rejected", entityType: "plan-version", entityId: version.id, before: version, after: rejected });
    return { ok: true as const, version: rejected };
  });
}

/** The holder, or a representative with the scope, confirms online that they agree to the approved plan. */
export async function agreePlan(db: Database, input: { actor: Actor; holderId: string; planVersionId: string }) {
  return db.transaction(async (tx) => {
    const version = await loadVersionFor(tx, input.holderId, input.planVersionId);
    if (!version) return fail("There is no such plan version");
    if (version.status !== "approved") return fail("You can agree to a plan once it is approved");
    if (version.agreedAt) return fail("This plan has already been agreed");
    const [agreed] = await tx
      .update(planVersions)
      .set({ agreedBy: input.actor.userId, agreedAt: new Date() })
      .where(eq(planVersions.id, version.id))
      .returning();
    await recordAudit(tx, input.actor, {
      action: "plan.agreed",
      entityType: "plan-version",
      entityId: version.id,
      after: { agreedBy: agreed.agreedBy, agreedAt: agreed.agreedAt },
    });
    return { ok: true as const, version: agreed };
  });
}
