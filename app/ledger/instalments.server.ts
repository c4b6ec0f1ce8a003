import { and, eq, like } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { budgets, holders, instalmentSchedules, journalEntries } from "#db/schema";
import { recordAudit, type Actor } from "~/audit/audit.server";
import { ensureBudgetAccount, ensureOutsideAccount } from "./accounts.server";
import { DEFAULT_EVERY_DAYS, dueDates, instalmentAmount, instalmentKey } from "./instalments";
import { postEntry } from "./post-entry.server";

/** Sets when a direct-payment budget is paid. One schedule per budget. */
export async function setUpInstalmentSchedule(
  db: Database,
  input: { budgetId: string; firstDate: string; everyDays?: number; actor: Actor },
) {
  return db.transaction(async (tx) => {
    const [budget] = await tx.select().from(budgets).where(eq(budgets.id, input.budgetId));
    if (!budget) return { ok: false as const, message: "There is no such budget" };
    if (budget.directPaymentPence <= 0) return { ok: false as const, message: "This budget has no direct payment to pay in instalments" };
    const [schedule] = await tx
      .insert(instalmentSchedules)
      .values({ commissionerId: budget.commissionerId, budgetId: budget.id, firstDate: input.firstDate, everyDays: input.everyDays ?? DEFAULT_EVERY_DAYS })
      .onConflictDoNothing()
      .returning();
    if (!schedule) return { ok: false as const, message: "This budget already has an instalment schedule" };
    await recordAudit(tx, { ...input.actor, commissionerId: budget.commissionerId }, {
      action: "ledger.instalment-schedule-set-up", entityType: "instalment-schedule", entityId: schedule.id, after: schedule,
    });
    return { ok: true as const, schedule };
  });
}

export interface InstalmentRun {
  posted: number;
  alreadyPosted: number;
  refused: { budgetId: string; dueDate: string; message: string }[];
}

/**
 * Pays every instalment due up to and including `until`, from the commissioner's funding account into each
 * holder's direct-payment account. The key is budget + due date, so a re-run, or a second process running at the
 * same moment, posts nothing twice.
 */
export async function postDueInstalments(
  db: Database,
  input: { until: string; actor?: Actor; commissionerId?: string },
): Promise<InstalmentRun> {
  const run: InstalmentRun = { posted: 0, alreadyPosted: 0, refused: [] };
  const schedules = await db
    .select({ schedule: instalmentSchedules, budget: budgets })
    .from(instalmentSchedules)
    .innerJoin(budgets, eq(budgets.id, instalmentSchedules.budgetId))
    .innerJoin(holders, eq(holders.id, budgets.holderId))
    .where(input.commissionerId ? eq(instalmentSchedules.commissionerId, input.commissionerId) : undefined)
    .orderBy(instalmentSchedules.budgetId);

  for (const { schedule, budget } of schedules) {
    const dates = dueDates(schedule, input.until);
    if (dates.length === 0) continue;
    const actor = input.actor ?? { userId: null, commissionerId: budget.commissionerId };
    const done = new Set(
      (
        await db
          .select({ key: journalEntries.idempotencyKey })
          .from(journalEntries)
          .where(and(eq(journalEntries.commissionerId, budget.commissionerId), like(journalEntries.idempotencyKey, `instalment:${budget.id}:%`)))
      ).map((r) => r.key),
    );
    if (dates.every((d) => done.has(instalmentKey(budget.id, d)))) {
      run.alreadyPosted += dates.length;
      continue;
    }
    const dp = await ensureBudgetAccount(db, budget, "direct-payment");
    const funding = await ensureOutsideAccount(db, budget.commissionerId, "commissioner-funding");
    for (const [index, dueDate] of dates.entries()) {
      const key = instalmentKey(budget.id, dueDate);
      if (done.has(key)) {
        run.alreadyPosted++;
        continue;
      }
      const amount = instalmentAmount(budget.directPaymentPence, index);
      const result = await postEntry(db, {
        idempotencyKey: key,
        kind: "instalment",
        effectiveDate: dueDate,
        description: `Direct payment instalment ${index + 1}`,
        lines: [{ accountId: funding.id, amountPence: -amount }, { accountId: dp.id, amountPence: amount }],
        actor,
        onBehalfOf: budget.holderId,
        sourceType: "instalment-schedule",
        sourceId: schedule.id,
      });
      if (!result.ok) run.refused.push({ budgetId: budget.id, dueDate, message: result.message });
      else if (result.replayed) run.alreadyPosted++;
      else run.posted++;
    }
  }
  return run;
}
