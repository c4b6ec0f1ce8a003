import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { openDatabase, pgErrorOf, type OpenDatabase } from "#db/client.server";
import { ledgerAccounts } from "#db/schema";
import { postEntry } from "~/ledger/post-entry.server";
import { verifyLedger } from "~/ledger/verify.server";
import { createTestDatabase } from "../setup/database";
import { dpLedger, spend } from "./ledger-fixtures";

describe("ledger under concurrency", () => {
  // On PostgreSQL a pool of 20 separate connections; on PGlite its one connection serialises them.
  let database: OpenDatabase & { url?: string };
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

  it("the same 200 spends from four separate pools (four batchers, separate connections): still exactly 100 succeed", async () => {
    // On PostgreSQL each pool batches its own postings, so batches on the one account meet in the database and
    // queue on its row lock; on PGlite the pools are the one connection.
    const pools = database.url ? await Promise.all([1, 2, 3, 4].map(() => openDatabase({ url: database.url, maxConnections: 5 }))) : [];
    try {
      const ledger = await dpLedger({ db: database.db, fundedPence: 100_000 });
      const dbs = pools.length ? pools.map((p) => p.db) : [database.db];
      const results = await Promise.all(Array.from({ length: 200 }, (_, i) => spend({ ...ledger, db: dbs[i % dbs.length] }, `pooled-${i}`, 1_000)));
      expect(results.filter((r) => r.ok)).toHaveLength(100);
      expect(new Set(results.filter((r) => !r.ok).map((r) => !r.ok && r.message))).toEqual(new Set(["not enough money in the account: £0.00 available"]));
      const [dp] = await database.db.select().from(ledgerAccounts).where(eq(ledgerAccounts.id, ledger.dp.id));
      expect(dp.balancePence).toBe(0);
      expect((await verifyLedger(database.db)).breaks).toEqual([]);
    } finally {
      await Promise.all(pools.map((p) => p.close()));
    }
  });

  it("postings sent together: a refusal and an error stay with their own entry, the rest are posted", async () => {
    const ledger = await dpLedger({ db: database.db, fundedPence: 5_000 });
    const line = (key: string, pence: number, onBehalfOf: string | null = ledger.holder.id) =>
      postEntry(database.db, {
        idempotencyKey: key,
        kind: "spend",
        effectiveDate: "2026-04-02",
        onBehalfOf,
        actor: ledger.actor,
        lines: [
          { accountId: ledger.dp.id, amountPence: -pence },
          { accountId: ledger.payee.id, amountPence: pence },
        ],
      }).then(
        (r) => r,
        (e: unknown) => ({ error: pgErrorOf(e)?.code }),
      );
    const results = await Promise.all([
      line("together-1", 1_000),
      line("together-2", 1_000),
      line("together-too-much", 9_000),
      line("together-no-such-holder", 1_000, randomUUID()),
      line("together-3", 1_000),
      line("together-1", 1_000),
    ]);
    expect(results[0]).toMatchObject({ ok: true, replayed: false });
    expect(results[1]).toMatchObject({ ok: true, replayed: false });
    expect(results[2]).toMatchObject({ ok: false, reason: "not-enough-money" });
    expect(results[3]).toEqual({ error: "23503" }); // the foreign key to holders
    expect(results[4]).toMatchObject({ ok: true, replayed: false });
    expect(results[5]).toMatchObject({ ok: true, replayed: true });
    const [dp] = await database.db.select().from(ledgerAccounts).where(eq(ledgerAccounts.id, ledger.dp.id));
    expect(dp.balancePence).toBe(2_000);
    expect((await verifyLedger(database.db)).breaks).toEqual([]);
  });
});
