import { and, asc, desc, eq } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { planOutcomes, planSupportLines, planVersions } from "#db/schema";

/** The holder's plan in force: the latest approved version, with the budget it set up, its outcomes and lines. */
export async function loadPlanInForce(db: Database, holderId: string) {
  const [version] = await db
    .select()
    .from(planVersions)
    .where(and(eq(planVersions.holderId, holderId), eq(planVersions.status, "approved")))
    .orderBy(desc(planVersions.version))
    .limit(1);
  if (!version || !version.budgetId) return null;
  const outcomes = await db.select().from(planOutcomes).where(eq(planOutcomes.planVersionId, version.id)).orderBy(asc(planOutcomes.position));
  const lines = await db.select().from(planSupportLines).where(eq(planSupportLines.planVersionId, version.id)).orderBy(asc(planSupportLines.position));
  return { version, budgetId: version.budgetId, outcomes, lines };
}
