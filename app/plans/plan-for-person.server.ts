import { desc, eq } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { holders, plans, planVersions, users } from "#db/schema";
import { changeState, planInForce } from "./in-force";
import { loadPlanPage } from "./plan-views.server";

/**
 * The plan as the person and those acting for them see it: the version in force (before one is approved, the latest
 * that went for approval), with a newer version beside it as a change, never in its place; or a version asked for by
 * number. A draft is the coordinator's work in progress: it counts as a change being considered but is never shown.
 * `inForceOnly` is for a support organisation, which sees the version in force and nothing else.
 */
export async function loadPlanForPerson(
  db: Database,
  input: { holderId: string; version?: number; compareWith?: number; today: string; inForceOnly?: boolean },
) {
  const [plan] = await db.select({ id: plans.id }).from(plans).where(eq(plans.holderId, input.holderId));
  if (!plan) return null;
  const versions = await db
    .select({
      version: planVersions.version,
      status: planVersions.status,
      rejectionReason: planVersions.rejectionReason,
      agreedBy: planVersions.agreedBy,
      agreedAt: planVersions.agreedAt,
    })
    .from(planVersions)
    .where(eq(planVersions.planId, plan.id))
    .orderBy(desc(planVersions.version));
  const { inForce, change } = planInForce(versions);
  const visible = input.inForceOnly ? versions.filter((v) => v === inForce) : versions.filter((v) => v.status !== "draft");
  const asked = input.version ? visible.find((v) => v.version === input.version) : undefined;
  const shown = asked ?? inForce ?? (input.inForceOnly ? undefined : visible[0]);
  if (!shown) return null;
  const compareWith = input.inForceOnly ? undefined : input.compareWith;
  const page = await loadPlanPage(db, { holderId: input.holderId, version: shown.version, compareWith, today: input.today });
  if (!page) return null;
  return {
    ...page,
    inForceVersion: inForce?.version ?? null,
    versions: visible.map((v) => ({ version: v.version, status: v.status })),
    change:
      inForce && change && !input.inForceOnly
        ? { version: change.version, state: changeState(change.status), reason: change.rejectionReason, viewable: change.status !== "draft" }
        : null,
    agreement: shown.agreedAt && shown.agreedBy ? await loadAgreement(db, input.holderId, shown.agreedBy, shown.agreedAt) : null,
  };
}

/** Who agreed to a version: the holder themselves, or someone acting for them (a representative), by name. */
async function loadAgreement(db: Database, holderId: string, agreedBy: string, agreedAt: Date) {
  const [[by], [holder]] = await Promise.all([
    db.select({ name: users.name }).from(users).where(eq(users.id, agreedBy)),
    db.select({ userId: holders.userId }).from(holders).where(eq(holders.id, holderId)),
  ]);
  return { at: agreedAt, byName: by?.name ?? "Someone", byHolder: holder?.userId === agreedBy };
}
