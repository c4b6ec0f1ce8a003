import { and, asc, eq, isNull, sql } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { overspendRules, restrictedSpendingCategories, spendingSettings } from "#db/schema";
import { recordAudit, type Actor } from "~/audit/audit.server";
import type { Pence } from "~/ledger/money";
import { closableMonths, DEFAULT_RESTRICTED_CATEGORIES, type OverspendRule, type RestrictedCategory } from "./rules";

/** The commissioner's restricted categories in use, in their order. */
export async function listRestrictedCategories(db: Database, commissionerId: string): Promise<RestrictedCategory[]> {
  return db
    .select({
      id: restrictedSpendingCategories.id,
      key: restrictedSpendingCategories.key,
      name: restrictedSpendingCategories.name,
      rule: restrictedSpendingCategories.rule,
      reason: restrictedSpendingCategories.reason,
      whatToDoInstead: restrictedSpendingCategories.whatToDoInstead,
    })
    .from(restrictedSpendingCategories)
    .where(and(eq(restrictedSpendingCategories.commissionerId, commissionerId), isNull(restrictedSpendingCategories.retiredAt)))
    .orderBy(asc(restrictedSpendingCategories.position));
}

/**
 * Starts a commissioner's restricted categories from the handbook's list, when it has never had any: at set-up (the
 * demo data, the server's start for each commissioner). One that retired them all keeps none.
 */
export async function startRestrictedCategories(db: Database, commissionerId: string) {
  const [any] = await db
    .select({ id: restrictedSpendingCategories.id })
    .from(restrictedSpendingCategories)
    .where(eq(restrictedSpendingCategories.commissionerId, commissionerId))
    .limit(1);
  if (any) return;
  await db
    .insert(restrictedSpendingCategories)
    .values(DEFAULT_RESTRICTED_CATEGORIES.map((c, position) => ({ ...c, commissionerId, position })))
    .onConflictDoNothing();
}

/** The commissioner's no-receipt amount and the last day of the periods finance has closed. */
export async function readSpendingSettings(db: Database, commissionerId: string) {
  const [row] = await db.select().from(spendingSettings).where(eq(spendingSettings.commissionerId, commissionerId));
  return { noReceiptThresholdPence: row?.noReceiptThresholdPence ?? 5_000, closedThrough: row?.closedThrough ?? null };
}

/** The holder's overspend rule, the same across plan versions: warn unless finance has set it to block. */
export async function overspendRuleFor(db: Database, holderId: string): Promise<OverspendRule> {
  const [row] = await db.select().from(overspendRules).where(eq(overspendRules.holderId, holderId));
  return row?.rule ?? "warn";
}

export async function setOverspendRule(db: Database, input: { actor: Actor; holderId: string; commissionerId: string; rule: OverspendRule }) {
  await db.transaction(async (tx) => {
    const before = await overspendRuleFor(tx, input.holderId);
    await tx
      .insert(overspendRules)
      .values({ holderId: input.holderId, commissionerId: input.commissionerId, rule: input.rule })
      .onConflictDoUpdate({ target: overspendRules.holderId, set: { rule: input.rule } });
    await recordAudit(
      tx,
      { ...input.actor, onBehalfOfHolderId: input.actor.onBehalfOfHolderId ?? input.holderId },
      {
        action: "spending.overspend-rule-set",
        entityType: "holder",
        entityId: input.holderId,
        before: { rule: before },
        after: { rule: input.rule },
      },
    );
  });
}

export async function setNoReceiptThreshold(db: Database, input: { actor: Actor; commissionerId: string; pence: Pence }) {
  await db.transaction(async (tx) => {
    await tx
      .insert(spendingSettings)
      .values({ commissionerId: input.commissionerId, noReceiptThresholdPence: input.pence })
      .onConflictDoUpdate({ target: spendingSettings.commissionerId, set: { noReceiptThresholdPence: input.pence } });
    await recordAudit(tx, input.actor, {
      action: "spending.no-receipt-threshold-set",
      entityType: "commissioner",
      entityId: input.commissionerId,
      after: { pence: input.pence },
    });
  });
}

/**
 * The commissioner's spending rules for the finance page: the no-receipt amount, the periods closed and those that
 * can be closed next, every restricted category in use and those retired.
 */
export async function loadSpendingSettings(db: Database, input: { commissionerId: string; today: string }) {
  const categories = await listRestrictedCategories(db, input.commissionerId);
  const retired = await db
    .select({ id: restrictedSpendingCategories.id, name: restrictedSpendingCategories.name, retiredAt: restrictedSpendingCategories.retiredAt })
    .from(restrictedSpendingCategories)
    .where(and(eq(restrictedSpendingCategories.commissionerId, input.commissionerId), sql`${restrictedSpendingCategories.retiredAt} is not null`))
    .orderBy(asc(restrictedSpendingCategories.name));
  const settings = await readSpendingSettings(db, input.commissionerId);
  return { ...settings, closableMonths: closableMonths({ closedThrough: settings.closedThrough, today: input.today }), categories, retired };
}

/**
 * Finance closes a month that has ended: from then on the ledger refuses any entry dated on or before its last day
 * (spends, instalments, payroll, refunds, reversals alike), so the figures finance reconciled stay as they were.
 * Closing is one way; a correction is an entry in the open period that names the one it corrects.
 */
export async function closeSpendingPeriod(db: Database, input: { actor: Actor; commissionerId: string; month: string; today: string }) {
  // The row exists, committed, before the close locks it: a posting reads it for key share, so it waits for a close in
  // progress (a row inserted in the close's own transaction would be invisible to it until the commit).
  await db.insert(spendingSettings).values({ commissionerId: input.commissionerId }).onConflictDoNothing();
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(spendingSettings).where(eq(spendingSettings.commissionerId, input.commissionerId)).for("update");
    const month = closableMonths({ closedThrough: before.closedThrough, today: input.today }).find((m) => m.month === input.month);
    if (!month) return { ok: false as const, message: "Select a month that has ended and is not closed yet" };
    await tx.update(spendingSettings).set({ closedThrough: month.lastDay }).where(eq(spendingSettings.commissionerId, input.commissionerId));
    await recordAudit(tx, input.actor, {
      action: "spending.period-closed",
      entityType: "commissioner",
      entityId: input.commissionerId,
      before: { closedThrough: before.closedThrough },
      after: { closedThrough: month.lastDay },
    });
    return { ok: true as const, closedThrough: month.lastDay, name: month.name };
  });
}

type CategoryText = { name: string; rule: "refused" | "needs-agreement"; reason: string; whatToDoInstead: string };

/** Finance adds a category to the list, at the end; its key comes from its name and stays the same if renamed later. */
export async function addRestrictedCategory(db: Database, input: { actor: Actor; commissionerId: string } & CategoryText) {
  const name = input.name.trim();
  const key = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
  if (!key) return { ok: false as const, message: "Enter a name made of letters or numbers" };
  return db.transaction(async (tx) => {
    await startRestrictedCategories(tx, input.commissionerId);
    const [clash] = await tx
      .select()
      .from(restrictedSpendingCategories)
      .where(
        and(
          eq(restrictedSpendingCategories.commissionerId, input.commissionerId),
          sql`(${restrictedSpendingCategories.key} = ${key} or lower(${restrictedSpendingCategories.name}) = lower(${name}))`,
        ),
      );
    if (clash) {
      return {
        ok: false as const,
        message: clash.retiredAt
          ? `There is already a category called ${clash.name} that is no longer used: use it again instead`
          : `There is already a category called ${clash.name}`,
      };
    }
    const [{ next }] = await tx
      .select({ next: sql<number>`coalesce(max(${restrictedSpendingCategories.position}), -1) + 1` })
      .from(restrictedSpendingCategories)
      .where(eq(restrictedSpendingCategories.commissionerId, input.commissionerId));
    const [category] = await tx
      .insert(restrictedSpendingCategories)
      .values({
        commissionerId: input.commissionerId,
        key,
        name,
        rule: input.rule,
        reason: input.reason.trim(),
        whatToDoInstead: input.whatToDoInstead.trim(),
        position: Number(next),
      })
      .returning();
    await recordAudit(tx, input.actor, {
      action: "spending.restricted-category-added",
      entityType: "restricted-spending-category",
      entityId: category.id,
      after: { key, name, rule: category.rule, reason: category.reason, whatToDoInstead: category.whatToDoInstead },
    });
    return { ok: true as const, category };
  });
}

/**
 * Finance stops using a category, or uses a retired one again. A retired category is no longer offered; spends
 * that named it keep it.
 */
export async function setRestrictedCategoryRetired(db: Database, input: { actor: Actor; commissionerId: string; categoryId: string; retired: boolean }) {
  return db.transaction(async (tx) => {
    const [category] = await tx
      .update(restrictedSpendingCategories)
      .set({ retiredAt: input.retired ? new Date() : null })
      .where(
        and(
          eq(restrictedSpendingCategories.id, input.categoryId),
          eq(restrictedSpendingCategories.commissionerId, input.commissionerId),
          input.retired ? isNull(restrictedSpendingCategories.retiredAt) : sql`${restrictedSpendingCategories.retiredAt} is not null`,
        ),
      )
      .returning();
    if (!category) return { ok: false as const, message: "There is no such category" };
    await recordAudit(tx, input.actor, {
      action: input.retired ? "spending.restricted-category-retired" : "spending.restricted-category-restored",
      entityType: "restricted-spending-category",
      entityId: category.id,
      after: { name: category.name },
    });
    return { ok: true as const, category };
  });
}

/** Finance changes a restricted category: whether it is refused or needs agreement, the reason and what to do instead. */
export async function updateRestrictedCategory(
  db: Database,
  input: { actor: Actor; commissionerId: string; categoryId: string; rule: "refused" | "needs-agreement"; reason: string; whatToDoInstead: string },
) {
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(restrictedSpendingCategories)
      .where(and(eq(restrictedSpendingCategories.id, input.categoryId), eq(restrictedSpendingCategories.commissionerId, input.commissionerId)));
    if (!before) return { ok: false as const, message: "There is no such category" };
    const [after] = await tx
      .update(restrictedSpendingCategories)
      .set({ rule: input.rule, reason: input.reason.trim(), whatToDoInstead: input.whatToDoInstead.trim() })
      .where(eq(restrictedSpendingCategories.id, before.id))
      .returning();
    await recordAudit(tx, input.actor, {
      action: "spending.restricted-category-changed",
      entityType: "restricted-spending-category",
      entityId: before.id,
      before: { rule: before.rule, reason: before.reason, whatToDoInstead: before.whatToDoInstead },
      after: { rule: after.rule, reason: after.reason, whatToDoInstead: after.whatToDoInstead },
    });
    return { ok: true as const, category: after };
  });
}
