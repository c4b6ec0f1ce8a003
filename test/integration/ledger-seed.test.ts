import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OpenDatabase } from "#db/client.server";
import { seedDemoData } from "../../scripts/seed";
import { postDueInstalments } from "~/ledger/instalments.server";
import { verifyLedger } from "~/ledger/verify.server";
import { createTestDatabase } from "../setup/database";

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
    // Aisha and Leo: every 4 weeks from 1 April 2026 to 11 November, 9 instalments each, already paid.
    expect(await postDueInstalments(database.db, { until: "2026-11-22" })).toEqual({ posted: 0, alreadyPosted: 18, refused: [] });

    if (database.url) {
      const instalments = (until: string) => run("npx", ["tsx", "scripts/instalments.ts", "--until", until, "--database-url", database.url!]);
      const [one, two] = await Promise.all([instalments("2026-12-31"), instalments("2026-12-31")]);
      const postedNow = (out: string) => Number(/posted now:\s+(\d+)/.exec(out)![1]);
      expect(postedNow(one.stdout) + postedNow(two.stdout)).toBe(2); // 9 December, for each of the two
      expect(postedNow((await instalments("2026-12-31")).stdout)).toBe(0);
    } else {
      expect(await postDueInstalments(database.db, { until: "2026-12-31" })).toMatchObject({ posted: 2, refused: [] });
    }
    expect((await verifyLedger(database.db)).breaks).toEqual([]);
  });
});
