import { count, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb, pgErrorOf } from "#db/client.server";
import { auditLog, journalEntries, ledgerAccounts, postings } from "#db/schema";
import { postEntry, reverseEntry } from "~/ledger/post-entry.server";
import { verifyLedger } from "~/ledger/verify.server";
import { dpLedger, spend } from "./ledger-fixtures";

async function entriesWithKey(key: string) {
  const [{ n }] = await getDb().select({ n: count() }).from(journalEntries).where(eq(journalEntries.idempotencyKey, key));
  return n;
}

async function balanceOf(accountId: number) {
  const [a] = await getDb().select({ b: ledgerAccounts.balancePence }).from(ledgerAccounts).where(eq(ledgerAccounts.id, accountId));
  return a.b;
}

describe("posting to the ledger", () => {
  it("posts a balanced entry with its audit row and updates the cached balances", async () => {
    const ledger = await dpLedger({ fundedPence: 100_000 });
    const result = await spend(ledger, "spend-1", 2_550);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.replayed).toBe(false);
    expect(await balanceOf(ledger.dp.id)).toBe(97_450);
    expect(await balanceOf(ledger.payee.id)).toBe(2_550);
    const audit = await getDb()
      .select()
      .from(auditLog)
      .where(eq(auditLog.entityId, String(result.entry.id)));
    expect(audit.map((a) => [a.action, a.entityType, a.onBehalfOfHolderId])).toEqual([["ledger.entry-posted", "journal-entry", ledger.holder.id]]);
    expect((await verifyLedger(getDb(), { commissionerId: ledger.commissioner.id })).breaks).toEqual([]);
  });

  it("refuses unbalanced, zero and one-line entries in code, and unbalanced postings in the database", async () => {
    const ledger = await dpLedger({ fundedPence: 10_000 });
    const base = { idempotencyKey: "bad", kind: "adjustment" as const, effectiveDate: "2026-04-03", actor: ledger.actor };
    expect(
      await postEntry(getDb(), {
        ...base,
        lines: [
          { accountId: ledger.dp.id, amountPence: -5 },
          { accountId: ledger.payee.id, amountPence: 4 },
        ],
      }),
    ).toMatchObject({ ok: false, message: "The lines must add up to £0.00, not -£0.01" });
    expect(
      await postEntry(getDb(), {
        ...base,
        lines: [
          { accountId: ledger.dp.id, amountPence: 0 },
          { accountId: ledger.payee.id, amountPence: 0 },
        ],
      }),
    ).toMatchObject({ ok: false, message: "Amounts must not be £0.00" });
    expect(await postEntry(getDb(), { ...base, lines: [{ accountId: ledger.dp.id, amountPence: 5 }] })).toMatchObject({
      ok: false,
      message: "An entry needs at least two lines",
    });

    // Going round the code: the deferred constraint trigger refuses the commit.
    const error = await getDb()
      .transaction(async (tx) => {
        const [entry] = await tx
          .insert(journalEntries)
          .values({
            commissionerId: ledger.commissioner.id,
            kind: "adjustment",
            effectiveDate: "2026-04-03",
            description: "forged",
            idempotencyKey: "forged",
            contentHash: "x",
          })
          .returning();
        await tx.insert(postings).values([
          { entryId: entry.id, accountId: ledger.payee.id, amountPence: 500, effectiveDate: "2026-04-03" },
          { entryId: entry.id, accountId: ledger.funding.id, amountPence: -499, effectiveDate: "2026-04-03" },
        ]);
      })
      .then(() => null, pgErrorOf);
    expect(error?.code).toBe("23514");
    expect(error?.message).toMatch(/does not balance: its postings sum to 1 pence, not 0/);
    const zero = await getDb()
      .execute(sql`insert into postings (entry_id, account_id, amount_pence, effective_date) values (1, ${ledger.payee.id}, 0, '2026-04-03')`)
      .then(() => null, pgErrorOf);
    expect(zero?.code).toBe("23514");
    expect(await entriesWithKey("forged")).toBe(0);
  });

  it("refuses a spend that would overdraw, saying how much is available", async () => {
    const ledger = await dpLedger({ fundedPence: 1_000 });
    expect(await spend(ledger, "too-much", 1_001)).toEqual({
      ok: false,
      reason: "not-enough-money",
      message: "not enough money in the account: £10.00 available",
      accountId: ledger.dp.id,
    });
    expect((await spend(ledger, "exact", 1_000)).ok).toBe(true);
    expect(await balanceOf(ledger.dp.id)).toBe(0);
    // The refused entry was written before the check and rolled back with it: no entry, no audit row.
    expect(await entriesWithKey("too-much")).toBe(0);
    const audit = await getDb().select({ id: auditLog.id }).from(auditLog).where(eq(auditLog.commissionerId, ledger.commissioner.id));
    expect(audit).toHaveLength(2); // the funding instalment and "exact"
  });

  it("inside a caller's transaction, a refusal leaves that transaction usable and undoes only the refused entry", async () => {
    const ledger = await dpLedger({ fundedPence: 1_000 });
    const results = await getDb().transaction(async (tx) => {
      const refused = await postEntry(tx, {
        idempotencyKey: "tx-too-much",
        kind: "spend",
        effectiveDate: "2026-04-02",
        lines: [
          { accountId: ledger.dp.id, amountPence: -1_001 },
          { accountId: ledger.payee.id, amountPence: 1_001 },
        ],
        actor: ledger.actor,
      });
      const posted = await postEntry(tx, {
        idempotencyKey: "tx-fits",
        kind: "spend",
        effectiveDate: "2026-04-02",
        lines: [
          { accountId: ledger.dp.id, amountPence: -600 },
          { accountId: ledger.payee.id, amountPence: 600 },
        ],
        actor: ledger.actor,
      });
      return { refused, posted };
    });
    expect(results.refused).toMatchObject({ ok: false, reason: "not-enough-money", message: "not enough money in the account: £10.00 available" });
    expect(results.posted).toMatchObject({ ok: true, replayed: false });
    expect(await entriesWithKey("tx-too-much")).toBe(0);
    expect(await entriesWithKey("tx-fits")).toBe(1);
    expect(await balanceOf(ledger.dp.id)).toBe(400);
    expect((await verifyLedger(getDb(), { commissionerId: ledger.commissioner.id })).breaks).toEqual([]);
  });

  it("refuses a backdated spend that would make a later balance negative", async () => {
    const ledger = await dpLedger({ fundedPence: 1_000 }); // paid in on 1 April
    expect((await spend(ledger, "may", 800, "2026-05-01")).ok).toBe(true);
    // Before 1 April there was nothing; on 2 April there is £10.00 but £8.00 of it is spent in May.
    expect(await spend(ledger, "march", 100, "2026-03-31")).toMatchObject({ ok: false, message: "not enough money in the account: £0.00 available" });
    expect(await spend(ledger, "april", 300, "2026-04-02")).toMatchObject({ ok: false, message: "not enough money in the account: £2.00 available" });
    expect((await spend(ledger, "april-ok", 200, "2026-04-02")).ok).toBe(true);
    expect((await verifyLedger(getDb(), { commissionerId: ledger.commissioner.id })).breaks).toEqual([]);
  });

  it("replay: the same posting submitted 5 times, one after another, leaves one entry", async () => {
    const ledger = await dpLedger({ fundedPence: 100_000 });
    const results = [];
    for (let i = 0; i < 5; i++) results.push(await spend(ledger, "replayed-sequentially", 1_000));
    expect(results.map((r) => r.ok && r.replayed)).toEqual([false, true, true, true, true]);
    expect(new Set(results.map((r) => r.ok && r.entry.id)).size).toBe(1);
    expect(await entriesWithKey("replayed-sequentially")).toBe(1);
    expect(await balanceOf(ledger.dp.id)).toBe(99_000);
  });

  it("replay: the same posting submitted 5 times at once leaves one entry", async () => {
    const ledger = await dpLedger({ fundedPence: 100_000 });
    const results = await Promise.all(Array.from({ length: 5 }, () => spend(ledger, "replayed-concurrently", 1_000)));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(results.filter((r) => r.ok && !r.replayed)).toHaveLength(1);
    expect(new Set(results.map((r) => r.ok && r.entry.id)).size).toBe(1);
    expect(await entriesWithKey("replayed-concurrently")).toBe(1);
    expect(await balanceOf(ledger.dp.id)).toBe(99_000);
  });

  it("refuses the same key with different content, clearly, and posts nothing", async () => {
    const ledger = await dpLedger({ fundedPence: 100_000 });
    const first = await spend(ledger, "same-key", 1_000);
    const second = await spend(ledger, "same-key", 1_001);
    expect(second).toEqual({
      ok: false,
      reason: "idempotency-conflict",
      message: `The idempotency key "same-key" was already used for entry ${first.ok && first.entry.id} with different details: nothing was posted`,
    });
    expect(await entriesWithKey("same-key")).toBe(1);
    expect(await balanceOf(ledger.dp.id)).toBe(99_000);
  });

  it("reverses an entry once, with its mirror image pointing at it", async () => {
    const ledger = await dpLedger({ fundedPence: 100_000 });
    const posted = await spend(ledger, "mistake", 4_200);
    if (!posted.ok) throw new Error(posted.message);
    const reversed = await reverseEntry(getDb(), { entryId: posted.entry.id, reason: "Logged twice", actor: ledger.actor });
    expect(reversed).toMatchObject({
      ok: true,
      entry: { kind: "reversal", reversesEntryId: posted.entry.id, reason: "Logged twice", effectiveDate: posted.entry.effectiveDate },
    });
    expect(await balanceOf(ledger.dp.id)).toBe(100_000);
    expect(await reverseEntry(getDb(), { entryId: posted.entry.id, reason: "Again", actor: ledger.actor })).toMatchObject({
      ok: false,
      reason: "already-reversed",
    });
    if (!reversed.ok) return;
    expect(await reverseEntry(getDb(), { entryId: reversed.entry.id, reason: "Undo the undo", actor: ledger.actor })).toMatchObject({
      ok: false,
      message: "A reversal cannot itself be reversed: post a new entry instead",
    });
    const both = await Promise.all([1, 2, 3].map(() => reverseEntry(getDb(), { entryId: posted.entry.id, reason: "Race", actor: ledger.actor })));
    expect(both.every((r) => !r.ok && r.reason === "already-reversed")).toBe(true);
    expect((await verifyLedger(getDb(), { commissionerId: ledger.commissioner.id })).breaks).toEqual([]);
  });

  it("refuses to reverse an instalment whose money has been spent", async () => {
    const ledger = await dpLedger({ fundedPence: 1_000 });
    await spend(ledger, "spent", 600);
    const [instalment] = await getDb()
      .select()
      .from(journalEntries)
      .where(eq(journalEntries.idempotencyKey, `fund:${ledger.dp.id}`));
    expect(await reverseEntry(getDb(), { entryId: instalment.id, reason: "Paid in error", actor: ledger.actor })).toMatchObject({
      ok: false,
      message: "not enough money in the account: £4.00 available",
    });
  });
});
