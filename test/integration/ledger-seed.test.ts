import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OpenDatabase } from "#db/client.server";
import { seedDemoData } from "../../scripts/seed";
import { postDueInstalments } from "~/ledger/instalments.server";
import { verifyLedger } from "~/ledger/verify.server";
import { createTestDatabase } from "../setup/database";
import { eq } from "drizzle-orm";
import { holders } from "#db/schema";
import { loadReconciliationPeriod } from "~/reconciliation/periods.server";

const run = promisify(execFile);

describe("demo ledger", () => {
  let database: OpenDatabase & { url?: string };
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.close());

  it("seeds instalments and spending since the plans started that verify-ledger finds clean, and the instalments job catches up once", async () => {
    await seedDemoData(database.db, { today: "2026-11-23" });
    const seeded = await verifyLedger(database.db);
    expect(seeded.breaks).toEqual([]);
    expect(seeded.summary.entries).toBeGreaterThan(100);
    // Aisha and Leo: every 4 weeks from 1 April 2026 to 11 November, 9 direct-payment instalments each; David's
    // third-party budget monthly from 1 April to 1 November, 8: all already paid.
    expect(await postDueInstalments(database.db, { until: "2026-11-22" })).toEqual({ posted: 0, postedPence: 0, alreadyPosted: 26, refused: [] });

    if (database.url) {
      const instalments = (until: string) => run("npx", ["tsx", "scripts/instalments.ts", "--until", until, "--database-url", database.url!]);
      const [one, two] = await Promise.all([instalments("2026-12-31"), instalments("2026-12-31")]);
      const postedNow = (out: string) => Number(/posted now:\s+(\d+)/.exec(out)![1]);
      expect(postedNow(one.stdout) + postedNow(two.stdout)).toBe(3); // 1 December for David; 9 December for Aisha and Leo
      expect(postedNow((await instalments("2026-12-31")).stdout)).toBe(0);
    } else {
      expect(await postDueInstalments(database.db, { until: "2026-12-31" })).toMatchObject({ posted: 3, refused: [] });
    }
    expect((await verifyLedger(database.db)).breaks).toEqual([]);
  });

  it("seeds Aisha's October statement as finance finds it: most lines matched, one to confirm, one to explain, one spend still clearing", async () => {
    const [aisha] = await database.db.select().from(holders).where(eq(holders.nhsNumber, "9990000034"));
    const october = (await loadReconciliationPeriod(database.db, { holderId: aisha.id, period: "2026-10" }))!;
    expect(october.status).toBe("in-progress");
    const unmatched = october.bank.lines.filter((l) => l.outcome === null).map((l) => l.description);
    expect(unmatched.sort()).toEqual(["CO-OP GROUP 4471", "DD 00482213"]);
    expect(october.bank.lines.filter((l) => l.how === "automatic").length).toBeGreaterThanOrEqual(5);
    expect(october.suggestions.map((s) => s.certain)).toEqual([false]);
    // Unmatched on each side, the direct debit and its spend, the shop and the spend still clearing explain it all.
    expect(october.ledgerOnly.map((i) => i.description)).toEqual([
      "Steam day at Abbey Pumping Station with Chloe (Abbey Pumping Station)",
      "Pottery painting with Chloe (Leicester Pottery Cafe)",
    ]);
    expect(october.unexplainedPence).toBe(0);
    expect(october.suggestions[0].lineId).toBe(october.bank.lines.find((l) => l.description === "DD 00482213")!.id);
  });

  it("seeds Leo's direct payment in the support organisation's pooled account, its October instalments matched, his share the bank's balance", async () => {
    const [leo] = await database.db.select().from(holders).where(eq(holders.nhsNumber, "9990000042"));
    const october = (await loadReconciliationPeriod(database.db, { holderId: leo.id, period: "2026-10" }))!;
    expect(october.bank.lines.length).toBeGreaterThan(0);
    expect(october.bank.lines.every((l) => l.how === "automatic" && l.balancePence === null)).toBe(true);
    // The pool's statement starts in October: Leo's share at its end is what came in for him then, not the pool's balance.
    expect(october.bank.closingPence).toBe(october.bank.lines.reduce((sum, l) => sum + l.amountPence, 0));
  });
});
