import { and, eq, inArray, sql, type SQL } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database, OpenDatabase } from "#db/client.server";
import {
  auditLog,
  holders,
  instalments,
  journalEntries,
  ledgerAccounts,
  payees,
  planSupportLines,
  planVersions,
  postings,
  spendReceipts,
  spends,
  users,
} from "#db/schema";
import { listArrangements } from "~/budgets/arrangements.server";
import { seedDemoData } from "../../scripts/seed";
import { verifyLedger } from "~/ledger/verify.server";
import { loadSpendVsPlan } from "~/spending/report.server";
import { planYear } from "~/plans/rules";
import { createTestDatabase } from "../setup/database";

const TODAY = "2026-11-23";

/** What a holder would read of their spending, without the ids a fresh database gives out. */
async function spendingAsSeeded(db: Database) {
  return db
    .select({
      holder: holders.givenName,
      spentOn: spends.spentOn,
      amountPence: spends.amountPence,
      whatFor: spends.whatFor,
      payee: payees.name,
      line: planSupportLines.description,
      loggedBy: users.email,
      reversed: sql<boolean>`${spends.reversedAt} is not null`,
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
      expect(
        all.filter((s) => s.journalEntryId === entry.id),
        entry.description,
      ).toHaveLength(1);
      expect(entry.sourceId).toBe(all.find((s) => s.journalEntryId === entry.id)!.id);
    }
    for (const reversal of entries.filter((e) => e.kind === "reversal" && byId.get(e.reversesEntryId!)?.kind === "spend")) {
      expect(all.filter((s) => s.reversalEntryId === reversal.id)).toHaveLength(1);
    }
    for (const spend of all) {
      const entry = byId.get(spend.journalEntryId)!;
      expect(entry).toMatchObject({ kind: "spend", effectiveDate: spend.spentOn, onBehalfOfHolderId: spend.holderId });
      const [audit] = await db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.entityType, "spend"), eq(auditLog.entityId, spend.id)));
      expect(audit).toMatchObject({ actorUserId: spend.loggedBy, action: spend.replacesSpendId ? "spending.edited" : "spending.logged" });
    }
    expect(all.length).toBeGreaterThan(50);
    // One spend corrected through an edit: the first reversed with the reason, the second pointing back at it.
    const corrected = all.filter((s) => s.replacesSpendId);
    expect(corrected).toHaveLength(1);
    expect(all.find((s) => s.id === corrected[0].replacesSpendId)).toMatchObject({
      reversalReason: "I typed £3.60 instead of £36.00",
      replacedBySpendId: corrected[0].id,
    });
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
    expect(entries.map((e) => e.description)).toContain("Net pay to Chloe Evans, 11 November 2026 to 17 November 2026");
  });

  it("has spending Sam Carter logged for Leo, receipts, and a spend over £50 without a receipt flagged for finance", async () => {
    const [leo] = await db.select().from(holders).where(eq(holders.givenName, "Leo"));
    const [sam] = await db.select().from(users).where(eq(users.email, "sam.carter@demo.example"));
    const bySam = await db
      .select()
      .from(spends)
      .where(and(eq(spends.loggedBy, sam.id), eq(spends.onBehalfOfHolderId, leo.id)));
    expect(bySam.length).toBeGreaterThan(0);
    expect(bySam.every((s) => s.holderId === leo.id)).toBe(true);
    const [entry] = await db.select().from(journalEntries).where(eq(journalEntries.id, bySam[0].journalEntryId));
    expect(entry).toMatchObject({ actorUserId: sam.id, onBehalfOfHolderId: leo.id });
    const [audit] = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, "spend"), eq(auditLog.entityId, bySam[0].id)));
    expect(audit).toMatchObject({ actorUserId: sam.id, onBehalfOfHolderId: leo.id, action: "spending.logged" });

    const [aisha] = await db.select().from(holders).where(eq(holders.givenName, "Aisha"));
    const aishas = await db.select().from(spends).where(eq(spends.holderId, aisha.id));
    expect(aishas.every((s) => s.loggedBy === aisha.userId && s.onBehalfOfHolderId === null)).toBe(true);
    const receipts = await db
      .select()
      .from(spendReceipts)
      .where(
        inArray(
          spendReceipts.spendId,
          aishas.map((s) => s.id),
        ),
      );
    expect(receipts.length).toBeGreaterThan(0);
    expect(receipts.every((r) => r.contentType === "application/pdf")).toBe(true);
    expect(aishas.filter((s) => s.flaggedForFinance)).toEqual([
      expect.objectContaining({
        whatFor: "Twycross Zoo tickets and lunch for Aisha and Chloe",
        amountPence: 5_900,
        flagReason: "No receipt for a spend over £50.00",
      }),
    ]);
  });

  it("shows spend against the plan that adds up to what the ledger moved out of each budget, line by line, payroll and refunds included", async () => {
    for (const name of ["Aisha", "Leo"]) {
      const [holder] = await db.select().from(holders).where(eq(holders.givenName, name));
      const report = (await loadSpendVsPlan(db, { holderId: holder.id, today: TODAY }))!;
      const accounts = (await listArrangements(db, holder.id)).flatMap((a) => a.accountIds);
      const year = planYear(report.planStartsOn, TODAY);
      const movedOn = async (where: SQL) => {
        const [moved] = await db
          .select({ pence: sql<string>`coalesce(-sum(${postings.amountPence}), 0)` })
          .from(postings)
          .innerJoin(journalEntries, eq(journalEntries.id, postings.entryId))
          .where(and(inArray(postings.accountId, accounts), sql`${postings.effectiveDate} between ${year.start} and ${year.end}`, where));
        return Number(moved.pence);
      };
      for (const line of report.lines) {
        // Every entry counted against this line (spends, payroll, refunds and the reversals of any of them).
        expect(line.spentPence, `${name}: ${line.description}`).toBe(await movedOn(eq(journalEntries.supportLineKey, line.lineKey)));
      }
      // And in total: everything out of the holder's accounts, less what came back, but the instalments.
      expect(report.notMatchedPence).toBe(0);
      expect(report.totals.spentPence).toBe(await movedOn(sql`${journalEntries.kind} <> 'instalment'`));
      // Spread across the plan: more than one line, and every outcome, has spending against it.
      expect(report.lines.filter((l) => l.spentPence + l.committedPence > 0).length).toBeGreaterThan(1);
      expect(report.outcomes.every((o) => o.spentPence + o.committedPence > 0)).toBe(true);
    }
    // Aisha's personal assistant is paid through payroll, which counts against the line her assistant is paid from.
    const [aisha] = await db.select().from(holders).where(eq(holders.givenName, "Aisha"));
    const report = (await loadSpendVsPlan(db, { holderId: aisha.id, today: TODAY }))!;
    const pa = report.lines.find((l) => l.description === "Personal assistant")!;
    // What payroll took out of her account: net pay on pay days, and HMRC and the pension scheme paid each month.
    const [{ payroll }] = await db
      .select({ payroll: sql<string>`sum(-${postings.amountPence})` })
      .from(postings)
      .innerJoin(journalEntries, eq(journalEntries.id, postings.entryId))
      .innerJoin(ledgerAccounts, eq(ledgerAccounts.id, postings.accountId))
      .where(and(eq(journalEntries.kind, "payroll"), eq(journalEntries.onBehalfOfHolderId, aisha.id), sql`${ledgerAccounts.arrangementId} is not null`));
    expect(Number(payroll)).toBeGreaterThan(1_000_000);
    expect(pa.spentPence).toBeGreaterThan(Number(payroll));
    expect(pa.percentUsed).toBeGreaterThan(50);
  });

  it("carries Aisha's account across her three-month review: one account, one statement, a year paid at the new rate from July", async () => {
    const [aisha] = await db.select().from(holders).where(eq(holders.givenName, "Aisha"));
    const versions = await db.select().from(planVersions).where(eq(planVersions.holderId, aisha.id)).orderBy(planVersions.version);
    expect(versions.map((v) => [v.version, v.status, v.inForceFrom])).toEqual([
      [1, "approved", "2026-04-01"],
      [2, "approved", "2026-07-01"],
    ]);
    const held = await listArrangements(db, aisha.id);
    expect(held.map((a) => [a.holding, a.accountIds.length])).toEqual([["direct-payment", 1]]);
    const paid = await db.select().from(instalments).where(eq(instalments.arrangementId, held[0].id)).orderBy(instalments.number);
    // Four at £26,000 a year, then the rest of the year's share spread over the nine left.
    expect(paid.slice(0, 4).map((i) => i.amountPence)).toEqual([200_000, 200_000, 200_000, 200_000]);
    const share = Math.round((2_600_000 * 91) / 365) + Math.round((2_604_000 * 274) / 365);
    expect(paid.slice(4).every((i) => i.amountPence === Math.floor((share - 800_000) / 9))).toBe(true);
  });

  it("sets aside a year of Leo's short breaks, committed for what is not yet invoiced", async () => {
    const [leo] = await db.select().from(holders).where(eq(holders.givenName, "Leo"));
    const report = (await loadSpendVsPlan(db, { holderId: leo.id, today: TODAY }))!;
    const shortBreaks = report.lines.find((l) => l.description === "Short breaks")!;
    expect(shortBreaks.holding).toBe("notional");
    expect(shortBreaks.spentPence).toBeGreaterThan(0);
    expect(shortBreaks.committedPence).toBe(12 * 46_000 - shortBreaks.spentPence);
    expect(shortBreaks.leftPence).toBe(0);
    // Nothing left, so no month to run out in: it was "at this rate the line runs out in February 2027".
    expect(shortBreaks.percentUsed).toBe(100);
    expect(shortBreaks.projection).toBe("Fully used or committed: nothing is left to spend");
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
