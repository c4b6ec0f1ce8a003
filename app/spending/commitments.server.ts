import { and, desc, eq, isNull, sql } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { lineCommitments, planSupportLines, spends, users } from "#db/schema";
import { recordAudit, type Actor } from "~/audit/audit.server";
import type { Pence } from "~/ledger/money";
import { loadPlanInForce } from "~/plans/plan-in-force.server";

export interface CommitmentInput {
  actor: Actor & { userId: string };
  holderId: string;
  supportLineId: string;
  provider: string;
  description: string;
  amountPence: Pence;
  startsOn: string;
  endsOn: string;
  reference?: string | null;
}

export type CommitmentResult =
  { ok: true; commitment: typeof lineCommitments.$inferSelect } | { ok: false; field: "supportLineId" | "startsOn" | null; message: string };

/**
 * Staff set money aside on a line of the holder's current plan that the NHS arranges, for care booked with a
 * provider. The commitment and its audit row are written together.
 */
export async function addCommitment(db: Database, input: CommitmentInput): Promise<CommitmentResult> {
  const plan = await loadPlanInForce(db, input.holderId);
  if (!plan) return { ok: false, field: null, message: "There is no approved plan to set money aside on yet" };
  const line = plan.lines.find((l) => l.id === input.supportLineId);
  if (!line) return { ok: false, field: "supportLineId", message: "Select a support line from the current plan" };
  if (line.holding !== "notional") {
    return {
      ok: false,
      field: "supportLineId",
      message: `"${line.description}" is paid for from the budget, not arranged by the NHS: select a line the NHS arranges`,
    };
  }
  if (input.startsOn < plan.startsOn) return { ok: false, field: "startsOn", message: "The start date must be on or after the plan started" };
  return db.transaction(async (tx) => {
    const [commitment] = await tx
      .insert(lineCommitments)
      .values({
        commissionerId: plan.version.commissionerId,
        holderId: input.holderId,
        budgetId: plan.budgetId,
        supportLineId: line.id,
        lineKey: line.lineKey,
        provider: input.provider.trim(),
        description: input.description.trim(),
        amountPence: input.amountPence,
        startsOn: input.startsOn,
        endsOn: input.endsOn,
        reference: input.reference?.trim() || null,
        createdBy: input.actor.userId,
      })
      .returning();
    await recordAudit(
      tx,
      { ...input.actor, onBehalfOfHolderId: input.holderId },
      {
        action: "spending.commitment-added",
        entityType: "line-commitment",
        entityId: commitment.id,
        after: {
          lineKey: line.lineKey,
          provider: commitment.provider,
          amountPence: commitment.amountPence,
          startsOn: commitment.startsOn,
          endsOn: commitment.endsOn,
          reference: commitment.reference,
        },
      },
    );
    return { ok: true as const, commitment };
  });
}

/** Staff cancel a commitment that will not be used, with the reason; it stays on the record, marked cancelled. */
export async function cancelCommitment(db: Database, input: { actor: Actor & { userId: string }; holderId: string; commitmentId: string; reason: string }) {
  const reason = input.reason.trim();
  if (!reason) return { ok: false as const, message: "Enter why the commitment is cancelled" };
  return db.transaction(async (tx) => {
    const [cancelled] = await tx
      .update(lineCommitments)
      .set({ cancelledAt: new Date(), cancelledBy: input.actor.userId, cancelReason: reason })
      .where(and(eq(lineCommitments.id, input.commitmentId), eq(lineCommitments.holderId, input.holderId), isNull(lineCommitments.cancelledAt)))
      .returning();
    if (!cancelled) return { ok: false as const, message: "There is no such commitment, or it is already cancelled" };
    await recordAudit(
      tx,
      { ...input.actor, onBehalfOfHolderId: input.holderId },
      {
        action: "spending.commitment-cancelled",
        entityType: "line-commitment",
        entityId: cancelled.id,
        before: { amountPence: cancelled.amountPence },
        after: { reason },
      },
    );
    return { ok: true as const, commitment: cancelled };
  });
}

/** The holder's commitments, newest first, with what has been invoiced on each line so far. */
export async function listCommitments(db: Database, holderId: string) {
  const rows = await db
    .select({
      id: lineCommitments.id,
      lineKey: lineCommitments.lineKey,
      line: planSupportLines.description,
      provider: lineCommitments.provider,
      description: lineCommitments.description,
      amountPence: lineCommitments.amountPence,
      startsOn: lineCommitments.startsOn,
      endsOn: lineCommitments.endsOn,
      reference: lineCommitments.reference,
      createdByName: users.name,
      createdAt: lineCommitments.createdAt,
      cancelledAt: lineCommitments.cancelledAt,
      cancelReason: lineCommitments.cancelReason,
    })
    .from(lineCommitments)
    .innerJoin(planSupportLines, eq(planSupportLines.id, lineCommitments.supportLineId))
    .innerJoin(users, eq(users.id, lineCommitments.createdBy))
    .where(eq(lineCommitments.holderId, holderId))
    .orderBy(desc(lineCommitments.startsOn), desc(lineCommitments.createdAt));
  const invoiced = await db
    .select({ lineKey: spends.lineKey, total: sql<string>`sum(${spends.amountPence})` })
    .from(spends)
    .where(and(eq(spends.holderId, holderId), eq(spends.howPaid, "invoice"), isNull(spends.reversedAt)))
    .groupBy(spends.lineKey);
  return { commitments: rows, invoicedByLine: Object.fromEntries(invoiced.map((i) => [i.lineKey, Number(i.total)])) };
}
