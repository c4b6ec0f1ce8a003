import { desc, eq } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { budgets, directPaymentDecisions, plans, planVersions } from "#db/schema";
import { recordAudit, type Actor } from "~/audit/audit.server";
import { openArrangement } from "~/budgets/arrangements.server";
import { approveProblem, rejectProblem } from "./approvals";
import { versionHistory } from "./approvals.server";
import { endDateProblem, splitBudget } from "./rules";
import { loadVersionContent, type PlanVersion } from "./plan-views.server";
import { fail, loadVersionFor } from "./plans.server";

/**
 * Whether this actor may make this decision on a version, with everyone who changed it from its audit trail: four
 * eyes, and the second approval (or a rejection after the first) is someone else's (see approveProblem).
 */
async function decisionProblemFor(tx: Database, version: PlanVersion, actor: Actor, decision: "approve" | "reject") {
  if (actor.userId === null) return "Sign in to decide on a plan";
  const history = await versionHistory(tx, version.id);
  const input = { deciderId: actor.userId, version, history };
  return decision === "approve" ? approveProblem(input) : rejectProblem(input);
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
    const problem = await decisionProblemFor(tx, version, input.actor, "approve");
    if (problem) return fail(problem);

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
    const tooEarly = endDateProblem(input.endedOn, input.today);
    if (tooEarly) return fail(tooEarly);
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
    const problem = await decisionProblemFor(tx, version, input.actor, "reject");
    if (problem) return fail(problem);
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

/**
 * The holder, or a representative with the scope, confirms online that they agree to the approved plan. Who agreed is
 * recorded (agreedBy, and in the audit log on whose behalf). Agreeing twice (a form sent again) changes nothing.
 */
export async function agreePlan(db: Database, input: { actor: Actor; holderId: string; planVersionId: string }) {
  return db.transaction(async (tx) => {
    const version = await loadVersionFor(tx, input.holderId, input.planVersionId);
    if (!version) return fail("There is no such plan version");
    if (version.status !== "approved") return fail("You can agree to a plan once it is approved");
    if (version.agreedAt) return { ok: true as const, version, already: true };
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
    return { ok: true as const, version: agreed, already: false };
  });
}
