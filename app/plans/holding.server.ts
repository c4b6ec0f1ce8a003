import type { Database } from "#db/client.server";
import { and, desc, eq } from "drizzle-orm";
import { directPaymentDecisions, holders, holdingChangeRequests, planSupportLines, planVersions } from "#db/schema";
import { recordAudit, type Actor } from "~/audit/audit.server";
import type { Holding } from "./rules";
import { startPlanVersion } from "./plans.server";

const fail = (message: string) => ({ ok: false as const, message });

/** The holder or a representative asks for one support line to be held a different way. */
export async function requestHoldingChange(
  db: Database,
  input: { actor: Actor; holderId: string; planVersionId: string; lineKey: string; requestedHolding: Holding; why: string },
) {
  return db.transaction(async (tx) => {
    const [line] = await tx
      .select({ holding: planSupportLines.holding, commissionerId: planVersions.commissionerId })
      .from(planSupportLines)
      .innerJoin(planVersions, eq(planVersions.id, planSupportLines.planVersionId))
      .where(and(eq(planVersions.id, input.planVersionId), eq(planVersions.holderId, input.holderId), eq(planSupportLines.lineKey, input.lineKey)));
    if (!line) return fail("There is no such support line in the plan");
    if (line.holding === input.requestedHolding) return fail("This support line is already held that way");
    const [request] = await tx
      .insert(holdingChangeRequests)
      .values({
        commissionerId: line.commissionerId,
        holderId: input.holderId,
        planVersionId: input.planVersionId,
        lineKey: input.lineKey,
        requestedHolding: input.requestedHolding,
        why: input.why.trim(),
        requestedBy: input.actor.userId!,
      })
      .returning();
    await recordAudit(tx, input.actor, { action: "plan.holding-change-requested", entityType: "holding-change-request", entityId: request.id, after: request });
    return { ok: true as const, request };
  });
}

/**
 * Staff accept (the line changes in the next draft version, which then goes for approval as usual) or decline
 * with a reason the person sees.
 */
export async function decideHoldingChange(
  db: Database,
  input: { actor: Actor; holderId: string; requestId: string; accept: boolean; reason: string; today: string },
) {
  return db.transaction(async (tx) => {
    const [request] = await tx
      .select()
      .from(holdingChangeRequests)
      .where(and(eq(holdingChangeRequests.id, input.requestId), eq(holdingChangeRequests.holderId, input.holderId)))
      .for("update");
    if (!request) return fail("There is no such request");
    if (request.status !== "pending") return fail("This request has already been decided");
    if (!input.accept && input.reason.trim() === "") return fail("Enter the reason for declining the request");
    let draftId: string | null = null;
    if (input.accept) {
      const draft = await startPlanVersion(tx, { actor: input.actor, holderId: input.holderId, today: input.today });
      if (!draft.ok) return draft;
      draftId = draft.version.id;
      await tx
        .update(planSupportLines)
        .set({ holding: request.requestedHolding })
        .where(and(eq(planSupportLines.planVersionId, draft.version.id), eq(planSupportLines.lineKey, request.lineKey)));
      // On the version's own trail too: whoever changes a draft may not approve it (four eyes).
      await recordAudit(tx, input.actor, {
        action: "plan.holding-changed",
        entityType: "plan-version",
        entityId: draft.version.id,
        after: { lineKey: request.lineKey, holding: request.requestedHolding, requestId: request.id },
      });
    }
    const [decided] = await tx
      .update(holdingChangeRequests)
      .set({
        status: input.accept ? "accepted" : "declined",
        decisionReason: input.reason.trim() || null,
        decidedBy: input.actor.userId,
        decidedAt: new Date(),
      })
      .where(eq(holdingChangeRequests.id, request.id))
      .returning();
    await recordAudit(tx, input.actor, {
      action: `plan.holding-change-${decided.status}`,
      entityType: "holding-change-request",
      entityId: request.id,
      before: request,
      after: { ...decided, draftId },
    });
    return { ok: true as const, request: decided, draftId };
  });
}

export async function listHoldingChangeRequests(db: Database, holderId: string) {
  return db.select().from(holdingChangeRequests).where(eq(holdingChangeRequests.holderId, holderId)).orderBy(desc(holdingChangeRequests.requestedAt));
}

/** Refuse or stop a direct payment for this one person, with a reason and a date they see. */
export async function refuseDirectPayment(
  db: Database,
  input: { actor: Actor; holderId: string; kind: "refused" | "stopped"; reason: string; effectiveOn: string },
) {
  return db.transaction(async (tx) => {
    const [holder] = await tx.select().from(holders).where(eq(holders.id, input.holderId));
    if (!holder) return fail("There is no such person");
    if (input.reason.trim() === "") return fail("Enter the reason, which the person will see");
    const [decision] = await tx
      .insert(directPaymentDecisions)
      .values({
        commissionerId: holder.commissionerId,
        holderId: holder.id,
        kind: input.kind,
        reason: input.reason.trim(),
        effectiveOn: input.effectiveOn,
        decidedBy: input.actor.userId!,
      })
      .returning();
    // No instalment is paid on or after the decision's date until it is overturned (loadFundingTerms reads it).
    await recordAudit(tx, input.actor, {
      action: `direct-payment.${input.kind}`,
      entityType: "direct-payment-decision",
      entityId: decision.id,
      after: decision,
    });
    return { ok: true as const, decision };
  });
}

/** The person asks us to reconsider a refusal or stop. */
export async function askToReconsider(db: Database, input: { actor: Actor; holderId: string; decisionId: string; why: string }) {
  return db.transaction(async (tx) => {
    const [decision] = await tx
      .select()
      .from(directPaymentDecisions)
      .where(and(eq(directPaymentDecisions.id, input.decisionId), eq(directPaymentDecisions.holderId, input.holderId)))
      .for("update");
    if (!decision) return fail("There is no such decision");
    if (decision.reconsiderRequestedAt) return fail("You have already asked us to reconsider this decision");
    if (input.why.trim() === "") return fail("Tell us why we should reconsider");
    const [asked] = await tx
      .update(directPaymentDecisions)
      .set({ reconsiderWhy: input.why.trim(), reconsiderRequestedBy: input.actor.userId, reconsiderRequestedAt: new Date(), reconsiderStatus: "pending" })
      .where(eq(directPaymentDecisions.id, decision.id))
      .returning();
    await recordAudit(tx, input.actor, {
      action: "direct-payment.reconsider-requested",
      entityType: "direct-payment-decision",
      entityId: decision.id,
      before: decision,
      after: asked,
    });
    return { ok: true as const, decision: asked };
  });
}

/**
 * Staff record the outcome of a reconsideration: the decision overturned (accepted), and instalments paid again from
 * today, or upheld (declined).
 */
export async function decideReconsideration(
  db: Database,
  input: { actor: Actor; holderId: string; decisionId: string; overturn: boolean; outcome: string; today: string },
) {
  return db.transaction(async (tx) => {
    const [decision] = await tx
      .select()
      .from(directPaymentDecisions)
      .where(and(eq(directPaymentDecisions.id, input.decisionId), eq(directPaymentDecisions.holderId, input.holderId)))
      .for("update");
    if (!decision || decision.reconsiderStatus !== "pending") return fail("There is no request to reconsider this decision");
    if (input.outcome.trim() === "") return fail("Enter the outcome, which the person will see");
    const [done] = await tx
      .update(directPaymentDecisions)
      .set({
        reconsiderStatus: input.overturn ? "accepted" : "declined",
        reconsiderOutcome: input.outcome.trim(),
        reconsideredBy: input.actor.userId,
        reconsideredAt: new Date(),
        overturnedOn: input.overturn ? input.today : null,
      })
      .where(eq(directPaymentDecisions.id, decision.id))
      .returning();
    await recordAudit(tx, input.actor, {
      action: "direct-payment.reconsidered",
      entityType: "direct-payment-decision",
      entityId: decision.id,
      before: decision,
      after: done,
    });
    return { ok: true as const, decision: done };
  });
}

export async function listDirectPaymentDecisions(db: Database, holderId: string) {
  return db.select().from(directPaymentDecisions).where(eq(directPaymentDecisions.holderId, holderId)).orderBy(desc(directPaymentDecisions.decidedAt));
}
