import { count, desc, eq } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { feedback } from "#db/schema";
import { recordAudit } from "~/audit/audit.server";
import type { Ease, FeedbackEntry } from "./feedback";

export const FEEDBACK_PAGE_SIZE = 20;

/**
 * Keeps what someone thinks of the service for their commissioner. Who sent it is not kept, here or in the audit
 * entry (no user is named), so that feedback stays anonymous: the form asks for nothing personal.
 */
export async function giveFeedback(db: Database, input: { commissionerId: string; requestId?: string | null; ease: Ease; couldBeBetter: string }) {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(feedback)
      .values({ commissionerId: input.commissionerId, ease: input.ease, couldBeBetter: input.couldBeBetter })
      .returning({ id: feedback.id });
    await recordAudit(
      tx,
      { userId: null, commissionerId: input.commissionerId, requestId: input.requestId },
      { action: "feedback.given", entityType: "feedback", entityId: row.id },
    );
  });
}

/** One page of a commissioner's feedback, newest first, with how many pages there are. */
export async function listFeedback(db: Database, input: { commissionerId: string; page: number }) {
  const where = eq(feedback.commissionerId, input.commissionerId);
  const [rows, [{ total }]] = await Promise.all([
    db
      .select({ id: feedback.id, createdAt: feedback.createdAt, ease: feedback.ease, couldBeBetter: feedback.couldBeBetter })
      .from(feedback)
      .where(where)
      .orderBy(desc(feedback.createdAt), desc(feedback.id))
      .limit(FEEDBACK_PAGE_SIZE)
      .offset((input.page - 1) * FEEDBACK_PAGE_SIZE),
    db.select({ total: count() }).from(feedback).where(where),
  ]);
  return { rows, total, pageCount: Math.max(1, Math.ceil(total / FEEDBACK_PAGE_SIZE)) };
}

/** Every answer, newest first, for the spreadsheet. */
export async function listAllFeedback(db: Database, commissionerId: string): Promise<FeedbackEntry[]> {
  return db
    .select({ createdAt: feedback.createdAt, ease: feedback.ease, couldBeBetter: feedback.couldBeBetter })
    .from(feedback)
    .where(eq(feedback.commissionerId, commissionerId))
    .orderBy(desc(feedback.createdAt), desc(feedback.id));
}
