import { and, eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database, OpenDatabase } from "#db/client.server";
import { auditLog, holders, journalEntries, ledgerAccounts, payees, planSupportLines, planVersions, postings, spendReceipts, spends, users } from "#db/schema";
import { seedDemoData } from "../../scripts/seed";
import { verifyLedger } from "~/ledger/verify.server";
import { loadSpendVsPlan } from "~/spending/report.server";
import { planYear } from "~/spending/rules";
import { createTestDatabase } from "../setup/database";

const TODAY = "2026-11-23";

/** What a holder would read of their spending, without the ids a fresh database gives out. */
async function spendingAsSeeded(db: Database) {
  return db
    .select({
      holder: holders.givenName, spentOn: spends.spentOn, amountPence: spends.amountPence, whatFor: spends.whatFor, payee: payees.name,
      line: planSupportLines.description, loggedBy: users.email, reversed: sql<boolean>`${spends.reversedAt} is not null`,
    })
    .from(spends)
    .innerJoin(holders, eq(holders.id, spends.holderId))
    .innerJoin(payees, eq(payees.id, spends.payeeId))
    .innerJoin(planSupportLines, eq(planSupportLines.id, spends.supportLineId))
    .innerJoin(users, eq(users.id, spends.loggedBy))
    .orderBy(holders.givenName, spends.spentOn, spends.formToken, spends.amountPence);
}

describe("demo spending", () => {
  let database: OpenDatabase;
  let db: Database;
  beforeAll(async () => {
    database = await createTestDatabase();
    db = database.db;
    await seedDemoData(db, { today: TODAY });
  });
  afterAll(() => database.close());

  it("logs every spend in the ledger as a spend, and every spend entry (or its reversal) belongs to exactly one spend", async () => {
    const all = await db.select().from(spends);
    const entries = await db.select().from(journalEntries);
    const byId = new Map(entries.map((e) => [e.id, e]));
    for (const entry of entries.filter((e) => e.kind === "spend")) {
      expect(all.filter((s) => s.journalEntryId === entry.id), entry.description).toHaveLength(1);
      expect(entry.sourceId).toBe(all.find((s) => s.journalEntryId === entry.id)!.id);
    }
    for (const reversal of entries.filter((e) => e.kind === "reversal" && byId.get(e.reversesEntryId!)?.kind === "spend")) {
      expect(all.filter((s) => s.reversalEntryId === reversal.id)).toHaveLength(1);
    }
    for (const spend of all) {
      const entry = byId.get(spend.journalEntryId)!;
      expect(entry).toMatchObject({ kind: "spend", effectiveDate: spend.spentOn, onBehalfOfHolderId: spend.holderId });
      const [audit] = await db.select().from(auditLog).where(and(eq(auditLog.entityType, "spend"), eq(auditLog.entityId, spend.id)));
      expect(audit).toMatchObject({ actorUserId: spend.loggedBy, action: spend.replacesSpendId ? "spending.edited" : "spending.logged" });
    }
    expect(all.length).toBeGreaterThan(50);
    // One spend corrected through an edit: the first reversed with the reason, the second pointing back at it.
    const corrected = all.filter((s) => s.replacesSpendId);
    expect(corrected).toHaveLength(1);
    expect(all.find((s) => s.id === corrected[0].replacesSpendId)).toMatchObject({ reversalReason: "I typed £3.60 instead of £36.00", replacedBySpendId: corrected[0].id });
  });

  it("dates every spend in its plan year, on or after the plan started and before today, in words rather than ISO dates", async () => {
    const rows = await db
      .select({ spentOn: spends.spentOn, whatFor: spends.whatFor, startsOn: planVersions.startsOn })
      .from(spends)
      .innerJoin(planVersions, eq(planVersions.id, spends.planVersionId));
    for (const row of rows) {
      const year = planYear(row.startsOn, row.startsOn);
      expect(row.spentOn >= year.start && row.spentOn <= year.end && row.spentOn < TODAY, `${row.whatFor} on ${row.spentOn}`).toBe(true);
      expect(row.whatFor).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    }
    const entries = await db.select({ effectiveDate: journalEntries.effectiveDate, description: journalEntries.description }).from(journalEntries);
    for (const entry of entries) {
      expect(entry.effectiveDate >= "2026-04-01" && entry.effectiveDate < TODAY, `${entry.description} on ${entry.effectiveDate}`).toBe(true);
      expect(entry.description).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    }
    expect(entries.map((e) => e.description)).toContain("Personal assistant wages for Chloe Evans, week to 17 November 2026");
  });

  it("has spending Sam Carter logged for Leo, receipts, and a spend over £50 without a receipt flagged for finance", async () => {
    const [leo] = await db.select().from(holders).where(eq(holders.givenName, "Leo"));
    const [sam] = await db.select().from(users).where(eq(users.email, "sam.carter@demo.example"));
    const bySam = await db.select().from(spends).where(and(eq(spends.loggedBy, sam.id), eq(spends.onBehalfOfHolderId, leo.id)));
    expect(bySam.length).toBeGreaterThan(0);
    expect(bySam.every((s) => s.holderId === leo.id)).toBe(true);
    const [entry] = await db.select().from(journalEntries).where(eq(journalEntries.id, bySam[0].journalEntryId));
    expect(entry).toMatchObject({ actorUserId: sam.id, onBehalfOfHolderId: leo.id });
    const [audit] = await db.select().from(auditLog).where(and(eq(auditLog.entityType, "spend"), eq(auditLog.entityId, bySam[0].id)));
    expect(audit).toMatchObject({ actorUserId: sam.id, onBehalfOfHolderId: leo.id, action: "spending.logged" });

    const [aisha] = await db.select().from(holders).where(eq(holders.givenName, "Aisha"));
    const aishas = await db.select().from(spends).where(eq(spends.holderId, aisha.id));
    expect(aishas.every((s) => s.loggedBy === aisha.userId && s.onBehalfOfHolderId === null)).toBe(true);
    const receipts = await db.select().from(spendReceipts).where(inArray(spendReceipts.spendId, aishas.map((s) => s.id)));
    expect(receipts.length).toBeGreaterThan(0);
    expect(receipts.every((r) => r.contentType === "application/pdf")).toBe(true);
    expect(aishas.filter((s) => s.flaggedForFinance)).toEqual([
      expect.objectContaining({ whatFor: "Twycross Zoo tickets and lunch for Aisha and Chloe", amountPence: 5_900, flagReason: "No receipt for a spend over £50.00" }),
    ]);
  });

  it("shows spend against the plan that adds up to what the ledger moved out of each budget, line by line", async () => {
    for (const name of ["Aisha", "Leo"]) {
      const [holder] = await db.select().from(holders).where(eq(holders.givenName, name));
      const report = (await loadSpendVsPlan(db, { holderId: holder.id, today: TODAY }))!;
      const [version] = await db.select().from(planVersions).where(eq(planVersions.holderId, holder.id));
      const accounts = await db.select().from(ledgerAccounts).where(eq(ledgerAccounts.budgetId, version.budgetId!));
      for (const line of report.lines) {
        // The entries of the spends on this line, and of the reversals that undid any of them.
        const its = await db.select().from(spends).where(and(eq(spends.holderId, holder.id), eq(spends.lineKey, line.lineKey)));
        const entryIds = its.flatMap((s) => [s.journalEntryId, ...(s.reversalEntryId ? [s.reversalEntryId] : [])]);
        const [moved] = entryIds.length
          ? await db
              .select({ pence: sql<string>`coalesce(-sum(${postings.amountPence}), 0)` })
              .from(postings)
              .where(and(inArray(postings.entryId, entryIds), inArray(postings.accountId, accounts.map((a) => a.id))))
          : [{ pence: "0" }];
        // Spent is money the ledger moved; committed is money set aside, which moves nothing.
        expect(line.spentPence, `${name}: ${line.description}`).toBe(Number(moved.pence));
      }
      // And in total: every spend entry (less its reversal) out of the budget's accounts.
      const [total] = await db
        .select({ pence: sql<string>`-sum(${postings.amountPence})` })
        .from(postings)
        .innerJoin(journalEntries, eq(journalEntries.id, postings.entryId))
        .leftJoin(sql`journal_entries as reversed`, sql`reversed.id = ${journalEntries.reversesEntryId}`)
        .where(and(
          inArray(postings.accountId, accounts.map((a) => a.id)),
          sql`(${journalEntries.kind} = 'spend' or reversed.kind = 'spend')`,
        ));
      expect(report.totals.spentPence).toBe(Number(total.pence));
      // Spread across the plan: more than one line, and every outcome, has spending against it.
      expect(report.lines.filter((l) => l.spentPence + l.committedPence > 0).length).toBeGreaterThan(1);
      expect(report.outcomes.every((o) => o.spentPence + o.committedPence > 0)).toBe(true);
    }
  });

  it("sets aside a year of Leo's short breaks, committed for what is not yet invoiced", async () => {
    const [leo] = await db.select().from(holders).where(eq(holders.givenName, "Leo"));
    const report = (await loadSpendVsPlan(db, { holderId: leo.id, today: TODAY }))!;
    const shortBreaks = report.lines.find((l) => l.description === "Short breaks")!;
    expect(shortBreaks.holding).toBe("notional");
    expect(shortBreaks.spentPence).toBeGreaterThan(0);
    expect(shortBreaks.committedPence).toBe(12 * 46_000 - shortBreaks.spentPence);
    expect(shortBreaks.leftPence).toBe(0);
  });

  it("seeds the same spending again for the same day, only up to the day before it, and verify-ledger finds it clean", async () => {
    const [one, two] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    try {
      await seedDemoData(one.db, { today: "2026-06-10" });
      await seedDemoData(two.db, { today: "2026-06-10" });
      const seeded = await spendingAsSeeded(one.db);
      expect(await spendingAsSeeded(two.db)).toEqual(seeded);
      expect(seeded.length).toBeGreaterThan(0);
      expect(seeded.every((s) => s.spentOn >= "2026-04-01" && s.spentOn <= "2026-06-09")).toBe(true);
      expect((await verifyLedger(one.db)).breaks).toEqual([]);
    } finally {
      await Promise.all([one.close(), two.close()]);
    }
  });
});
