import { asc, desc, eq, sql } from "drizzle-orm";
import { builtOnce, type Database } from "#db/client.server";
import { holders, planOutcomes, planSupportLines, planVersions } from "#db/schema";

const planHistoryQuery = (db: Database) =>
  db.query.holders
    .findFirst({
      where: eq(holders.id, sql.placeholder("holderId")),
      with: {
        plan: {
          with: {
            versions: {
              orderBy: desc(planVersions.version),
              with: { outcomes: { orderBy: asc(planOutcomes.position) }, supportLines: { orderBy: asc(planSupportLines.position) } },
            },
          },
        },
        directPaymentDecisions: true,
      },
    })
    .prepare("plan_history");

/**
 * The holder, their plan and every version of it (newest first) with its outcomes and support lines, and the direct
 * payment decisions about them, in one query: the plan in force, the approved versions and what an arrangement is
 * paid are all worked out from it, so a page that needs several of them reads the plan once. Null for no such holder.
 */
export async function loadPlanHistory(db: Database, holderId: string) {
  const row = await builtOnce(db, planHistoryQuery).execute({ holderId });
  if (!row) return null;
  const { plan, directPaymentDecisions: decisions, ...holder } = row;
  if (!plan) return { holder, plan: null, versions: [], decisions };
  const { versions, ...planRow } = plan;
  return { holder, plan: planRow, versions, decisions };
}

export type PlanHistory = NonNullable<Awaited<ReturnType<typeof loadPlanHistory>>>;

/**
 * The holder's plan in force: the latest approved version, with the budget it set up, its outcomes and lines, and
 * the day the plan first started, from which its plan years run.
 */
export function planInForceOf(history: PlanHistory) {
  const approved = history.versions.filter((v) => v.status === "approved");
  const latest = approved[0];
  if (!latest?.budgetId) return null;
  const { outcomes, supportLines, ...version } = latest;
  const startsOn = approved.reduce((first, v) => (v.startsOn < first ? v.startsOn : first), latest.startsOn);
  return { version, budgetId: latest.budgetId, outcomes, lines: supportLines, startsOn };
}

export async function loadPlanInForce(db: Database, holderId: string) {
  const history = await loadPlanHistory(db, holderId);
  return history && planInForceOf(history);
}

/**
 * Every approved version of the holder's plan with its support lines, oldest first: what each allocated to each line
 * (by its key, kept across versions) and from when.
 */
export function approvedVersionsOf(history: PlanHistory) {
  return history.versions
    .filter((v) => v.status === "approved")
    .reverse()
    .map((v) => ({
      id: v.id,
      version: v.version,
      startsOn: v.startsOn,
      inForceFrom: v.inForceFrom ?? v.startsOn,
      lines: v.supportLines.map((l) => ({
        planVersionId: l.planVersionId,
        lineKey: l.lineKey,
        description: l.description,
        holding: l.holding,
        thirdPartyOrganisationId: l.thirdPartyOrganisationId,
        amountPence: l.amountPence,
      })),
    }));
}

export async function loadApprovedVersions(db: Database, holderId: string) {
  const history = await loadPlanHistory(db, holderId);
  return history ? approvedVersionsOf(history) : [];
}
