import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { DatabaseBusy, getDb, pgErrorOf, retryConflicts, rowsOf } from "#db/client.server";
import { ledgerAccounts, payees } from "#db/schema";
import type { StatementLine } from "~/ledger/statement";
import { verifyLedger } from "~/ledger/verify.server";
import { loadPlanInForce } from "~/plans/plan-in-force.server";
import { loader as statementLoader } from "~/routes/budget.statement";
import { editSpend, logSpend, type SpendInput } from "~/spending/spends.server";
import { insertHolder } from "../factories";
import { cookieFor, get, run } from "../factories/requests";
import { actorOf, approveVersion, planContent, planWorld, type PlanWorld } from "./plan-fixtures";
import { postDueInstalments } from "~/ledger/instalments.server";

/** Two holders of one commissioner, each on a direct payment with money in the account. */
async function twoHolders() {
  const a = await planWorld();
  const { holder, user } = await insertHolder(a.commissioner.id);
  const b: PlanWorld = { ...a, holder, holderUser: user! };
  for (const w of [a, b]) {
    await approveVersion(
      w,
      planContent("2026-04-01", [{ description: "Personal assistant", amountPence: 1_300_000, holding: "direct-payment", outcomePositions: [1] }]),
      "2026-03-25",
    );
    await postDueInstalments(getDb(), { until: "2026-11-23", holderId: w.holder.id });
  }
  return { a, b };
}

async function spendInput(w: PlanWorld, payee: string, pence = 1_000): Promise<SpendInput> {
  const plan = (await loadPlanInForce(getDb(), w.holder.id))!;
  return {
    actor: actorOf(w.holderUser),
    holderId: w.holder.id,
    formToken: randomUUID(),
    spentOn: "2026-11-02",
    newPayeeName: payee,
    amountPence: pence,
    whatFor: "Personal care",
    supportLineId: plan.lines[0].id,
    howPaid: "account-transfer",
    restrictedCategoryId: null,
    receipts: [],
    today: "2026-11-23",
  };
}

describe("payees", () => {
  it("gives each holder's payee an account of its own, however it is spelt and whatever its letters", async () => {
    const { a, b } = await twoHolders();
    const db = getDb();
    for (const [w, name] of [
      [a, "Jane Smith"],
      [b, "jane smith"],
      [b, "张伟"],
      [a, "!!!"],
    ] as const) {
      expect(await logSpend(db, await spendInput(w, name))).toMatchObject({ ok: true });
    }
    const rows = await db
      .select({ holderId: payees.holderId, name: payees.name, code: ledgerAccounts.code, accountName: ledgerAccounts.name })
      .from(payees)
      .innerJoin(ledgerAccounts, eq(ledgerAccounts.id, payees.ledgerAccountId));
    expect(rows).toHaveLength(4);
    expect(new Set(rows.map((r) => r.code)).size).toBe(4);
    expect(rows.every((r) => /^payee:[0-9a-f-]{36}$/.test(r.code) && r.accountName === r.name)).toBe(true);
    // Each holder's statement names the payee as they wrote it.
    const counterparties = async (w: PlanWorld) =>
      ((await run(statementLoader, get("/budget/statement", await cookieFor(w.holderUser.email)))) as { lines: StatementLine[] }).lines.map(
        (l) => l.counterparty,
      );
    expect(await counterparties(a)).toEqual(expect.arrayContaining(["Jane Smith", "!!!"]));
    expect(await counterparties(b)).toEqual(expect.arrayContaining(["jane smith", "张伟"]));
    expect(await counterparties(b)).not.toContain("Jane Smith");
    expect((await verifyLedger(db, { commissionerId: a.commissioner.id })).breaks).toEqual([]);
  });

  it("lets two holders change spends to each other's payee names at the same time without a deadlock", async () => {
    const { a, b } = await twoHolders();
    const db = getDb();
    const logged = async (w: PlanWorld, payee: string) => {
      const input = await spendInput(w, payee);
      const result = await logSpend(db, input);
      if (!result.ok) throw new Error(result.message);
      return { input, id: result.spend.id };
    };
    // Each holder has paid both a Jane and a Bob; each changes a spend from one to the other while the other does the reverse.
    for (const w of [a, b]) await logged(w, "Bob Brown");
    const deadlocks = async () => {
      if (!process.env.DATABASE_URL) return 0;
      await db.execute(sql`select pg_stat_force_next_flush()`);
      const [row] = rowsOf<{ deadlocks: string }>(await db.execute(sql`select deadlocks from pg_stat_database where datname = current_database()`));
      return Number(row.deadlocks);
    };
    const deadlocksBefore = await deadlocks();
    const pairs = await Promise.all(Array.from({ length: 6 }, async (_, i) => [await logged(a, "Jane Smith"), await logged(b, "Bob Brown"), i] as const));
    const results = await Promise.all(
      pairs.flatMap(([fromA, fromB]) => [
        editSpend(db, { ...fromA.input, formToken: randomUUID(), newPayeeName: "Bob Brown", spendId: fromA.id, reason: "Paid Bob, not Jane" }),
        editSpend(db, { ...fromB.input, formToken: randomUUID(), newPayeeName: "Jane Smith", spendId: fromB.id, reason: "Paid Jane, not Bob" }),
      ]),
    );
    expect(results.map((r) => r.ok)).toEqual(Array(12).fill(true));
    // Not even one deadlock retried away: the two holders' payees share no account, so they never wait on each other.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await deadlocks()).toBe(deadlocksBefore);
    expect((await verifyLedger(db, { commissionerId: a.commissioner.id })).breaks).toEqual([]);
  });

  it.skipIf(!process.env.DATABASE_URL)(
    "retries a transaction that lost a deadlock, and answers 503 rather than 500 when conflicts go on (PostgreSQL only: PGlite has one connection, so two transactions cannot interleave)",
    async () => {
      const db = getDb();
      const { a } = await twoHolders();
      const ids = (await db.select({ id: ledgerAccounts.id }).from(ledgerAccounts).where(eq(ledgerAccounts.commissionerId, a.commissioner.id)).limit(2)).map(
        (r) => r.id,
      );
      let attempts = 0;
      let arrived = 0;
      const bothHoldOne = () =>
        new Promise<void>((resolve) => {
          arrived++;
          const wait = () => (arrived >= 2 ? resolve() : setTimeout(wait, 5));
          wait();
        });
      // Two transactions lock the same two rows in opposite orders: PostgreSQL ends one with 40P01, which is run again.
      const lockBoth = (first: number, second: number) =>
        db.transaction(async (tx) => {
          attempts++;
          await tx.execute(sql`select 1 from ledger_accounts where id = ${first} for update`);
          if (attempts <= 2) await bothHoldOne();
          await tx.execute(sql`select 1 from ledger_accounts where id = ${second} for update`);
          return first;
        });
      expect(await Promise.all([lockBoth(ids[0], ids[1]), lockBoth(ids[1], ids[0])])).toEqual([ids[0], ids[1]]);
      expect(attempts).toBe(3);

      let tries = 0;
      const busy = await retryConflicts(() => {
        tries++;
        return Promise.reject(Object.assign(new Error("could not serialize access"), { code: "40001" }));
      }).catch((error: unknown) => error);
      expect(busy).toBeInstanceOf(DatabaseBusy);
      expect((busy as Response).status).toBe(503);
      expect(pgErrorOf(busy)).toBeNull();
      expect(tries).toBe(6);
      expect((await verifyLedger(db, { commissionerId: a.commissioner.id })).breaks).toEqual([]);
    },
  );
});
