import { and, desc, eq, inArray } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { commissioners, instalmentRuns, users } from "#db/schema";
import { recordAudit, type Actor } from "~/audit/audit.server";
import { logger } from "~/logger.server";
import { postDueInstalments } from "./instalments.server";

export type InstalmentRun = typeof instalmentRuns.$inferSelect;

/** Finance asks for the instalments due today to be paid now, rather than at the next daily run. */
export async function requestInstalmentRun(db: Database, input: { actor: Actor; commissionerId: string; until: string }) {
  return db.transaction(async (tx) => {
    const [running] = await tx
      .select({ id: instalmentRuns.id })
      .from(instalmentRuns)
      .where(and(eq(instalmentRuns.commissionerId, input.commissionerId), inArray(instalmentRuns.status, ["waiting", "running"])));
    if (running) return { ok: false as const, message: "Instalments are being paid already: wait for that run to finish" };
    const [run] = await tx
      .insert(instalmentRuns)
      .values({ commissionerId: input.commissionerId, requestedBy: input.actor.userId, until: input.until })
      .returning();
    await recordAudit(tx, input.actor, { action: "instalments.run-requested", entityType: "instalment-run", entityId: run.id, after: { until: run.until } });
    return { ok: true as const, run };
  });
}

/**
 * Carries out a run: pays every instalment due up to its date, and records what it paid, what was paid already and
 * what the ledger refused. A run that dies half way stays "running"; the next run pays what it left, nothing twice.
 */
export async function performInstalmentRun(db: Database, runId: string) {
  const [run] = await db.update(instalmentRuns).set({ status: "running", startedAt: new Date() }).where(eq(instalmentRuns.id, runId)).returning();
  if (!run) return null;
  const actor = { userId: run.requestedBy, commissionerId: run.commissionerId };
  try {
    const result = await postDueInstalments(db, { until: run.until, commissionerId: run.commissionerId, actor });
    const [done] = await db
      .update(instalmentRuns)
      .set({
        status: "finished",
        finishedAt: new Date(),
        posted: result.posted,
        postedPence: result.postedPence,
        alreadyPosted: result.alreadyPosted,
        refused: result.refused,
      })
      .where(eq(instalmentRuns.id, run.id))
      .returning();
    return done;
  } catch (error) {
    logger.error({ err: error, runId }, "instalment run failed");
    const [failed] = await db
      .update(instalmentRuns)
      .set({ status: "failed", finishedAt: new Date(), error: error instanceof Error ? error.message : String(error) })
      .where(eq(instalmentRuns.id, run.id))
      .returning();
    return failed;
  }
}

/** The daily run: one run per commissioner, so each finance team sees its own. */
export async function runDailyInstalments(db: Database, today: string) {
  const all = await db.select({ id: commissioners.id }).from(commissioners);
  const runs = [];
  for (const { id } of all) {
    const [run] = await db.insert(instalmentRuns).values({ commissionerId: id, until: today }).returning();
    runs.push(await performInstalmentRun(db, run.id));
  }
  return runs;
}

/** A commissioner's latest runs, newest first, with who asked for each (none for the daily run). */
export async function listInstalmentRuns(db: Database, input: { commissionerId: string; limit?: number }) {
  return db
    .select({ run: instalmentRuns, requestedByName: users.name })
    .from(instalmentRuns)
    .leftJoin(users, eq(users.id, instalmentRuns.requestedBy))
    .where(eq(instalmentRuns.commissionerId, input.commissionerId))
    .orderBy(desc(instalmentRuns.requestedAt))
    .limit(input.limit ?? 10);
}
