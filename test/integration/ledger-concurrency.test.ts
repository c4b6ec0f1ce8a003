import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OpenDatabase } from "#db/client.server";
import { ledgerAccounts } from "#db/schema";
import { verifyLedger } from "~/ledger/verify.server";
import { createTestDatabase } from "../setup/database";
import { dpLedger, spend } from "./ledger-fixtures";

describe("ledger under concurrency", () => {
  // On PostgreSQL a pool of 20 separate connections; on PGlite its one connection serialises them.
  let database: OpenDatabase;
  beforeAll(async () => {
    database = await createTestDatabase({ maxConnections: 20 });
  });
  afterAll(() => database.close());

  it("200 concurrent £10 spends against £1,000: exactly 100 succeed, 100 are refused, the balance ends at £0.00", async () => {
    const ledger = await dpLedger({ db: database.db, fundedPence: 100_000 });
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => spend(ledger, `spend-${i}`, 1_000)));
    const refused = results.filter((r) => !r.ok);
    expect(results.filter((r) => r.ok)).toHaveLength(100);
    expect(refused).toHaveLength(100);
    expect(new Set(refused.map((r) => !r.ok && r.message))).toEqual(new Set(["not enough money in the account: £0.00 available"]));
    const [dp] = await database.db.select().from(ledgerAccounts).where(eq(ledgerAccounts.id, ledger.dp.id));
    expect(dp.balancePence).toBe(0);
    // Never negative at any point: verify-ledger replays the running balance in order.
    expect((await verifyLedger(database.db)).breaks).toEqual([]);
  });
});
