import { and, asc, desc, eq, inArray, min } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { planOutcomes, planSupportLines, planVersions } from "#db/schema";

/**
 * The holder's plan in force: the latest approved version, with the budget it set up, its outcomes and lines, and
 * the day the plan first started, from which its plan years run.
 */
export async function loadPlanInForce(db: Database, holderId: string) {
  const approved = and(eq(planVersions.holderId, holderId), eq(planVersions.status, "approved"));
  const [version] = await db.select().from(planVersions).where(approved).orderBy(desc(planVersions.version)).limit(1);
  if (!version || !version.budgetId) return null;
  const [[first], outcomes, lines] = await Promise.all([
    db
      .select({ startsOn: min(planVersions.startsOn) })
      .from(planVersions)
      .where(approved),
    db.select().from(planOutcomes).where(eq(planOutcomes.planVersionId, version.id)).orderBy(asc(planOutcomes.position)),
    db.select().from(planSupportLines).where(eq(planSupportLines.planVersionId, version.id)).orderBy(asc(planSupportLines.position)),
  ]);
  return { version, budgetId: version.budgetId, outcomes, lines, startsOn: first?.startsOn ?? version.startsOn };
}

/**
 * Every approved version of the holder's plan with its support lines, oldest first: what each allocated to each line
 * (by its key, kept across versions) and from when.
 */
export async function loadApprovedVersions(db: Database, holderId: string) {
  const versions = await db
    .select({ id: planVersions.id, version: planVersions.version, startsOn: planVersions.startsOn, inForceFrom: planVersions.inForceFrom })
    .from(planVersions)
    .where(and(eq(planVersions.holderId, holderId), eq(planVersions.status, "approved")))
    .orderBy(asc(planVersions.version));
  if (versions.length === 0) return [];
  const lines = await db
    .select({
      planVersionId: planSupportLines.planVersionId,
      lineKey: planSupportLines.lineKey,
      description: planSupportLines.description,
      holding: planSupportLines.holding,
      amountPence: planSupportLines.amountPence,
    })
    .from(planSupportLines)
    .where(
      inArray(
        planSupportLines.planVersionId,
        versions.map((v) => v.id),
      ),
    );
  return versions.map((v) => ({ ...v, inForceFrom: v.inForceFrom ?? v.startsOn, lines: lines.filter((l) => l.planVersionId === v.id) }));
}
