import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { arrangements, auditLog, bankAccounts, holders, instalments } from "#db/schema";
import { instalmentReference } from "~/ledger/instalments";
import { action, loader } from "~/routes/staff.holders.$holderId.bank-account";
import { cookieFor, get, post, run, statusOf } from "../factories/requests";
import { payrollWorld } from "./payroll-fixtures";

describe("a direct payment's bank account", () => {
  it("carries a reference on every instalment that the bank statement shows", async () => {
    const w = await payrollWorld();
    const [holder] = await getDb().select().from(holders).where(eq(holders.id, w.a.holder.id));
    const paid = await getDb()
      .select({ number: instalments.number, paymentReference: instalments.paymentReference })
      .from(instalments)
      .innerJoin(arrangements, eq(arrangements.id, instalments.arrangementId))
      .where(eq(arrangements.holderId, holder.id));
    expect(paid.length).toBeGreaterThan(3);
    for (const i of paid) expect(i.paymentReference).toBe(instalmentReference(holder.paymentNumber, i.number));
    expect(paid[0].paymentReference).toMatch(/^PHB \d{4,} INST \d{2}$/);
    // Two holders never share a payment number, so never a reference.
    const [other] = await getDb().select().from(holders).where(eq(holders.id, w.b.holder.id));
    expect(other.paymentNumber).not.toBe(holder.paymentNumber);
  });

  it("is recorded by finance, shown masked, kept when replaced, and audited without the whole number", async () => {
    const w = await payrollWorld();
    const holderId = w.a.holder.id;
    const finance = await cookieFor(w.finance.email);
    const path = `/staff/holders/${holderId}/bank-account`;
    const bad = (await run(action, post(path, { accountName: "", sortCode: "30-94", accountNumber: "12AB" }, finance), { holderId })) as {
      data: { errors: { fieldId: string }[] };
    };
    expect(statusOf(bad)).toBe(400);
    expect(bad.data.errors.map((e) => e.fieldId)).toEqual(["accountName", "sortCode", "accountNumber"]);
    const [arrangement] = await getDb()
      .select()
      .from(arrangements)
      .where(and(eq(arrangements.holderId, holderId), eq(arrangements.holding, "direct-payment")));
    expect(await getDb().select().from(bankAccounts).where(eq(bankAccounts.arrangementId, arrangement.id))).toEqual([]);

    const record = (sortCode: string, accountNumber: string) =>
      run(action, post(path, { accountName: "Aisha Rahman PHB", sortCode, accountNumber }, finance), { holderId });
    expect(((await record("30-94-30", "0073 3445")) as Response).headers.get("Location")).toBe(`${path}?done=recorded`);
    expect(statusOf(await record("20 00 00", "55779911"))).toBe(302);

    const kept = await getDb().select().from(bankAccounts).where(eq(bankAccounts.arrangementId, arrangement.id)).orderBy(bankAccounts.recordedAt);
    expect(kept.map((a) => [a.sortCode, a.accountNumber, a.replacedAt === null])).toEqual([
      ["309430", "00733445", false],
      ["200000", "55779911", true],
    ]);
    const page = (await run(loader, get(path, finance), { holderId })) as Awaited<ReturnType<typeof loader>>;
    expect(page.banking?.account).toMatchObject({ accountName: "Aisha Rahman PHB", sortCode: "**-**-00", accountNumber: "****9911" });
    expect(page.banking?.recent[0].paymentReference).toMatch(/^PHB \d{4,} INST \d{2}$/);

    const audited = await getDb().select().from(auditLog).where(eq(auditLog.entityId, arrangement.id));
    expect(audited.map((a) => a.action).sort()).toEqual(["bank-account.changed", "bank-account.recorded"]);
    expect(JSON.stringify(audited)).not.toMatch(/55779911|00733445/);

    // A coordinator reads it; only finance records it.
    const coordinator = await cookieFor(w.coordinator.email);
    expect(statusOf(await run(loader, get(path, coordinator), { holderId }))).toBe(200);
    expect(statusOf(await run(action, post(path, { accountName: "X", sortCode: "309430", accountNumber: "00733445" }, coordinator), { holderId }))).toBe(403);
  });
});
