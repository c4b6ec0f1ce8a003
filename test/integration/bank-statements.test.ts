import { readFileSync } from "node:fs";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { auditLog, bankLayouts, bankStatementImports, bankStatementLines, bankStatementUploads } from "#db/schema";
import { recordBankAccount } from "~/budgets/bank-accounts.server";
import { importBankStatement } from "~/reconciliation/statement-imports.server";
import { removeUnconfirmedUploads } from "~/reconciliation/statement-uploads.server";
import { action } from "~/routes/staff.holders.$holderId.bank-statements";
import { BASE, cookieFor, run } from "../factories/requests";
import { actorOf } from "./plan-fixtures";
import { payrollWorld, type PayrollWorld } from "./payroll-fixtures";

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../../app/reconciliation/fixtures/${name}`, import.meta.url)));
const csv = (text: string) => new TextEncoder().encode(text);

async function withAccount() {
  const w = await payrollWorld();
  const recorded = await recordBankAccount(getDb(), {
    actor: actorOf(w.finance),
    holderId: w.a.holder.id,
    details: { accountName: "PHB ACCOUNT", sortCode: "600173", accountNumber: "12345678" },
  });
  if (!recorded.ok) throw new Error(recorded.message);
  return w;
}

const linesOf = async (w: PayrollWorld) =>
  (await getDb().select().from(bankStatementLines).where(eq(bankStatementLines.commissionerId, w.commissioner.id)))
    .map((l) => [l.lineDate, l.amountPence, l.description, l.balancePence])
    .sort((a, b) => String(a[0]).localeCompare(String(b[0])) || Number(a[1]) - Number(b[1]));

describe("importing a bank statement", () => {
  it("asks once to confirm a new layout's columns, keeps them, and adds nothing when the same or an overlapping statement comes again", async () => {
    const w = await withAccount();
    const db = getDb();
    const base = { actor: actorOf(w.finance), holderId: w.a.holder.id };
    const march = "Date,Description,Amount,Balance\n27/03/2026,TESCO STORES,-12.40,987.60\n28/03/2026,CARE AGENCY LTD,-234.56,753.04\n";
    const first = await importBankStatement(db, { ...base, fileName: "march.csv", bytes: csv(march) });
    expect(first).toMatchObject({
      state: "confirm-columns",
      header: ["Date", "Description", "Amount", "Balance"],
      mapping: { date: 0, description: [1], amount: { kind: "signed", column: 2 }, balance: 3 },
    });
    if (first.state !== "confirm-columns") throw new Error("expected to confirm");
    expect(await linesOf(w)).toEqual([]);

    const confirmed = await importBankStatement(db, { ...base, fileName: "march.csv", uploadId: first.uploadId, mapping: first.mapping! });
    expect(confirmed).toMatchObject({ state: "imported", linesRead: 2, linesAdded: 2, firstDate: "2026-03-27", lastDate: "2026-03-28" });
    expect(await linesOf(w)).toEqual([
      ["2026-03-27", -1240, "TESCO STORES", 98760],
      ["2026-03-28", -23456, "CARE AGENCY LTD", 75304],
    ]);
    expect(await db.select().from(bankStatementUploads).where(eq(bankStatementUploads.id, first.uploadId))).toEqual([]);
    expect(await db.select().from(bankLayouts).where(eq(bankLayouts.commissionerId, w.commissioner.id))).toHaveLength(1);

    // The same file again: read with the kept layout, and nothing added.
    expect(await importBankStatement(db, { ...base, fileName: "march.csv", bytes: csv(march) })).toMatchObject({ state: "imported", linesAdded: 0 });
    // A statement overlapping it adds only its new line; two identical coffees on one day are both kept.
    const overlap = `Date,Description,Amount,Balance\n28/03/2026,CARE AGENCY LTD,-234.56,753.04\n29/03/2026,COFFEE,-2.00,751.04\n29/03/2026,COFFEE,-2.00,749.04\n`;
    expect(await importBankStatement(db, { ...base, fileName: "late-march.csv", bytes: csv(overlap) })).toMatchObject({ linesRead: 3, linesAdded: 2 });
    expect((await linesOf(w)).length).toBe(4);

    // Columns no guess recognises are chosen by hand once; the next statement in that layout is read without asking.
    const april = (day: string) => `Posted,Details,Paid out,Paid in\n${day}/04/2026,NHS PHB,,250.00\n`;
    const unknown = await importBankStatement(db, { ...base, fileName: "april.csv", bytes: csv(april("01")) });
    expect(unknown).toMatchObject({ state: "confirm-columns", mapping: null, header: ["Posted", "Details", "Paid out", "Paid in"] });
    if (unknown.state !== "confirm-columns") throw new Error("expected to confirm");
    const chosen = { date: 0, description: [1], reference: null, amount: { kind: "in-out" as const, moneyIn: 3, moneyOut: 2 }, balance: null, currency: null };
    expect(await importBankStatement(db, { ...base, fileName: "april.csv", uploadId: unknown.uploadId, mapping: chosen })).toMatchObject({ linesAdded: 1 });
    expect(await importBankStatement(db, { ...base, fileName: "april-2.csv", bytes: csv(april("02")) })).toMatchObject({ state: "imported", linesAdded: 1 });
  });

  it("reads an OFX without asking, refuses one in dollars, and a file with a bad line stores nothing", async () => {
    const w = await withAccount();
    const db = getDb();
    const base = { actor: actorOf(w.finance), holderId: w.a.holder.id };
    expect(await importBankStatement(db, { ...base, fileName: "statement.ofx", bytes: fixture("statement-sgml.ofx") })).toMatchObject({
      state: "imported",
      linesAdded: 3,
    });
    expect(await linesOf(w)).toEqual([
      ["2026-03-27", -1240, "TESCO STORES 3217 CARD 1234 M&S <3", null],
      ["2026-03-27", 125000, "NHS HAMPSHIRE PHB", null],
      ["2026-03-28", -123456, "CARE AGENCY LTD", null],
    ]);
    expect(await importBankStatement(db, { ...base, fileName: "usd.qfx", bytes: fixture("statement-usd.qfx") })).toEqual({
      state: "refused",
      problems: [{ line: 30, message: "This statement is in USD: only statements in pounds can be imported" }],
      more: 0,
    });
    const imports = async () => (await db.select().from(bankStatementImports).where(eq(bankStatementImports.commissionerId, w.commissioner.id))).length;
    const before = await imports();
    const bad = await importBankStatement(db, { ...base, fileName: "bad.csv", bytes: fixture("bad-lines.csv") });
    expect(bad.state === "refused" && bad.problems.map((p) => p.line)).toEqual([3, 4, 5, 6]);
    expect(await imports()).toBe(before);
    expect((await linesOf(w)).length).toBe(3);
  });

  it("is refused until the account is recorded, and through the page tells finance which lines are wrong", async () => {
    const w = await payrollWorld();
    const db = getDb();
    expect(
      await importBankStatement(db, { actor: actorOf(w.finance), holderId: w.a.holder.id, fileName: "x.ofx", bytes: fixture("statement-sgml.ofx") }),
    ).toEqual({
      state: "refused",
      problems: [{ line: null, message: "Record the bank account the direct payment is paid into before importing its statements" }],
      more: 0,
    });
    await recordBankAccount(db, {
      actor: actorOf(w.finance),
      holderId: w.a.holder.id,
      details: { accountName: "PHB ACCOUNT", sortCode: "600173", accountNumber: "12345678" },
    });
    const finance = await cookieFor(w.finance.email);
    const form = new FormData();
    form.set("intent", "upload");
    form.set(
      "file",
      new File(
        [
          "OFXHEADER:100\n\n<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>GBP<BANKTRANLIST>\n<STMTTRN>\n<DTPOSTED>20260231\n<TRNAMT>-1.00\n</STMTTRN>\n</BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>",
        ],
        "x.ofx",
      ),
    );
    const path = `/staff/holders/${w.a.holder.id}/bank-statements`;
    const reply = (await run(action, new Request(`${BASE}${path}`, { method: "POST", body: form, headers: { Cookie: finance } }), {
      holderId: w.a.holder.id,
    })) as {
      data: { errors: { fieldId: string; message: string }[] };
      init: { status: number };
    };
    expect(reply.init.status).toBe(400);
    expect(reply.data.errors).toEqual([{ fieldId: "file", message: expect.stringMatching(/^Line 5: .*31\/02\/2026|^Line 5: .*20260231/) }]);
  });

  it("removes a statement whose columns were not confirmed within a day, keeps a fresh one, and says how many went", async () => {
    const w = await withAccount();
    const db = getDb();
    const base = { actor: actorOf(w.finance), holderId: w.a.holder.id };
    const unknown = (day: string) => csv(`Posted,Details,Paid out,Paid in\n${day}/06/2026,NHS PHB,,250.00\n`);
    const stale = await importBankStatement(db, { ...base, fileName: "old.csv", bytes: unknown("01") });
    const fresh = await importBankStatement(db, { ...base, fileName: "new.csv", bytes: unknown("02") });
    if (stale.state !== "confirm-columns" || fresh.state !== "confirm-columns") throw new Error("expected to confirm");
    const now = new Date();
    await db
      .update(bankStatementUploads)
      .set({ uploadedAt: new Date(now.getTime() - 24 * 3_600_000 - 60_000) })
      .where(eq(bankStatementUploads.id, stale.uploadId));
    await db
      .update(bankStatementUploads)
      .set({ uploadedAt: new Date(now.getTime() - 23 * 3_600_000) })
      .where(eq(bankStatementUploads.id, fresh.uploadId));

    expect(await removeUnconfirmedUploads(db, { now })).toBe(1);
    const kept = await db.select({ id: bankStatementUploads.id }).from(bankStatementUploads).where(eq(bankStatementUploads.commissionerId, w.commissioner.id));
    expect(kept).toEqual([{ id: fresh.uploadId }]);
    const audits = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.commissionerId, w.commissioner.id), eq(auditLog.action, "bank-statement.unconfirmed-uploads-removed")));
    expect(audits).toMatchObject([{ actorUserId: null, entityId: "unconfirmed", after: { uploads: 1 } }]);

    // Confirming the removed one asks for the file again; the kept one imports.
    const mapping = { date: 0, description: [1], reference: null, amount: { kind: "in-out" as const, moneyIn: 3, moneyOut: 2 }, balance: null, currency: null };
    expect(await importBankStatement(db, { ...base, fileName: "old.csv", uploadId: stale.uploadId, mapping })).toMatchObject({
      state: "refused",
      problems: [{ line: null, message: expect.stringContaining("Upload it again") }],
    });
    expect(await importBankStatement(db, { ...base, fileName: "new.csv", uploadId: fresh.uploadId, mapping })).toMatchObject({
      state: "imported",
      linesAdded: 1,
    });
    expect(await removeUnconfirmedUploads(db, { now })).toBe(0);
  });
});
