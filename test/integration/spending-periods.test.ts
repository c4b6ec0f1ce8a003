import { randomBytes } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, receiptFiles, spends } from "#db/schema";
import { action as periodsAction, loader as periodsLoader } from "~/routes/staff.spending-periods";
import { checkReceipts } from "~/spending/receipts";
import { closeSpendingPeriod, setOverspendRule } from "~/spending/settings.server";
import { editSpend, logSpend } from "~/spending/spends.server";
import { readReceiptFiles, removeUnconfirmedReceipts, storeReceiptFile } from "~/spending/receipt-files.server";
import { cookieFor, get, post, run, statusOf } from "../factories/requests";
import { actorOf, spendInput, spendingWorld, TODAY } from "./spending-fixtures";

describe("closing a spending period", () => {
  it("once October is closed, no spend dated in it or before can be logged or changed; November still can", async () => {
    const w = await spendingWorld();
    const october = await logSpend(w.db, spendInput(w, { spentOn: "2026-10-15" }));
    if (!october.ok) throw new Error(october.message);

    const closed = await closeSpendingPeriod(w.db, { actor: actorOf(w.finance), commissionerId: w.commissioner.id, month: "2026-10", today: TODAY });
    expect(closed).toEqual({ ok: true, closedThrough: "2026-10-31", name: "October 2026" });

    const before = await w.db.select().from(spends).where(eq(spends.holderId, w.holder.id));
    expect(await logSpend(w.db, spendInput(w, { spentOn: "2026-10-31" }))).toEqual({
      ok: false,
      field: "spentOn",
      message: expect.stringContaining("Spending up to 31 October 2026 has been closed by finance"),
    });
    expect(await logSpend(w.db, spendInput(w, { spentOn: "2026-06-01" }))).toMatchObject({ ok: false, field: "spentOn" });
    // Moving the October spend into November is still a change to October.
    expect(await editSpend(w.db, { ...spendInput(w, { spentOn: "2026-11-02" }), spendId: october.spend.id, reason: "Wrong date" })).toMatchObject({
      ok: false,
      message: expect.stringContaining("has been closed by finance"),
    });
    expect(await w.db.select().from(spends).where(eq(spends.holderId, w.holder.id))).toEqual(before);

    expect(await logSpend(w.db, spendInput(w, { spentOn: "2026-11-01" }))).toMatchObject({ ok: true });
    const [audit] = await w.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "spending.period-closed"), eq(auditLog.entityId, w.commissioner.id)));
    expect(audit).toMatchObject({ actorUserId: w.finance.id, before: { closedThrough: null }, after: { closedThrough: "2026-10-31" } });
  });

  it("refuses a month still going, one already closed and one that is not a month", async () => {
    const w = await spendingWorld();
    const close = (month: string) => closeSpendingPeriod(w.db, { actor: actorOf(w.finance), commissionerId: w.commissioner.id, month, today: TODAY });
    const refusal = { ok: false, message: "Select a month that has ended and is not closed yet" };
    expect(await close("2026-11")).toEqual(refusal);
    expect(await close("October")).toEqual(refusal);
    expect(await close("2026-09")).toMatchObject({ ok: true });
    expect(await close("2026-08")).toEqual(refusal);
    expect(
      await w.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, "spending.period-closed"), eq(auditLog.entityId, w.commissioner.id))),
    ).toHaveLength(1);
  });

  it("/staff/spending-periods: finance closes last month with an error summary for a bad month; a coordinator gets 403", async () => {
    const w = await spendingWorld();
    const cookie = await cookieFor(w.finance.email);
    const page = (await run(periodsLoader, get("/staff/spending-periods", cookie))) as {
      closedThrough: string | null;
      closableMonths: { month: string; lastDay: string }[];
    };
    expect(page.closedThrough).toBeNull();
    expect(page.closableMonths).toHaveLength(12);
    const bad = (await run(periodsAction, post("/staff/spending-periods", { month: "2099-01" }, cookie))) as {
      data: { errors: unknown[] };
      init: { status: number };
    };
    expect(bad.data.errors).toEqual([{ fieldId: "month", message: "Select a month that has ended and is not closed yet" }]);
    const last = page.closableMonths[0];
    expect(statusOf(await run(periodsAction, post("/staff/spending-periods", { month: last.month, confirm: "yes" }, cookie)))).toBe(302);
    const after = (await run(periodsLoader, get("/staff/spending-periods", cookie))) as typeof page;
    expect(after).toMatchObject({ closedThrough: last.lastDay, closableMonths: [] });

    const coordinator = await cookieFor(w.coordinator.email);
    expect(statusOf(await run(periodsLoader, get("/staff/spending-periods", coordinator)))).toBe(403);
    expect(statusOf(await run(periodsAction, post("/staff/spending-periods", { month: last.month, confirm: "yes" }, coordinator)))).toBe(403);
  });
});

describe("overspend block under concurrency", () => {
  it("ten £100 spends at once on a £300 line that blocks: exactly three are logged", async () => {
    // On PostgreSQL these run on separate connections of the pool; the holder's spending lock makes them queue.
    const w = await spendingWorld({ fundedPence: 100_000 });
    await setOverspendRule(w.db, { actor: actorOf(w.finance), holderId: w.holder.id, commissionerId: w.commissioner.id, rule: "block" });
    const results = await Promise.all(Array.from({ length: 10 }, () => logSpend(w.db, spendInput(w, { supportLineId: w.activities.id, amountPence: 10_000 }))));
    expect(results.filter((r) => r.ok)).toHaveLength(3);
    expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.field)).toEqual(Array(7).fill("amount"));
    const [{ total }] = await w.db
      .select({ total: sql<string>`sum(${spends.amountPence})` })
      .from(spends)
      .where(eq(spends.lineKey, w.activities.lineKey));
    expect(Number(total)).toBe(30_000);
  });
});

describe("receipts never confirmed", () => {
  it("are removed after a day unless a spend holds them; a receipt checked again today is kept", async () => {
    const w = await spendingWorld();
    const png = (n: number) => new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...randomBytes(8), n]);
    const attached = png(1);
    const abandoned = png(2);
    const checkedAgain = png(3);
    const checked = checkReceipts([{ name: "a.png", bytes: attached }]);
    if (!checked.ok) throw new Error(checked.messages.join());
    const logged = await logSpend(w.db, spendInput(w, { receipts: checked.receipts }));
    expect(logged.ok).toBe(true);
    const hashes = [await storeReceiptFile(w.db, abandoned), await storeReceiptFile(w.db, checkedAgain)];
    await w.db.update(receiptFiles).set({ createdAt: new Date(Date.now() - 25 * 3_600_000) });
    await storeReceiptFile(w.db, checkedAgain);

    const removed = await removeUnconfirmedReceipts(w.db, { now: new Date(), actor: { userId: null, commissionerId: null } });
    expect(removed).toBe(1);
    const left = await readReceiptFiles(w.db, [
      ...hashes,
      (await w.db.select().from(receiptFiles)).find((f) => f.sizeBytes === attached.length && !hashes.includes(f.sha256))!.sha256,
    ]);
    expect(left.has(hashes[0])).toBe(false);
    expect(left.has(hashes[1])).toBe(true);
    expect(left.size).toBe(2);
    const [audit] = await w.db.select().from(auditLog).where(eq(auditLog.action, "spending.unconfirmed-receipts-removed"));
    expect(audit.after).toMatchObject({ files: 1, bytes: abandoned.length });
    expect(await removeUnconfirmedReceipts(w.db, { now: new Date(), actor: { userId: null, commissionerId: null } })).toBe(0);
  });
});
