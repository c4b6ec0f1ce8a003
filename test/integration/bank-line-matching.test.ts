import { and, eq, isNull } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { arrangements, auditLog, bankLineMatches, instalments, journalEntries, payees, spends } from "#db/schema";
import { verifyLedger } from "~/ledger/verify.server";
import { confirmMatch, logBankLineAsRefund, logBankLineAsSpend, markBankLine, unmatchBankLine } from "~/reconciliation/matching.server";
import { loadReconciliationPeriod, reconcilePeriod, reopenPeriod } from "~/reconciliation/periods.server";
import { importBankStatement } from "~/reconciliation/statement-imports.server";
import { loadPlanInForce } from "~/plans/plan-in-force.server";
import { logSpend } from "~/spending/spends.server";
import { novemberWorld } from "./bank-matching-fixtures";

const currentMatches = (holderId: string) =>
  getDb()
    .select()
    .from(bankLineMatches)
    .where(and(eq(bankLineMatches.holderId, holderId), isNull(bankLineMatches.unmatchedAt)));

describe("matching bank lines to the ledger", () => {
  it("matches money in to its instalment by reference and a spend by its payee, and only suggests the rest", async () => {
    const { holderId, imported, instalment, sunrise, swim, lineOf, db, finance, bytes } = await novemberWorld();
    expect(imported).toMatchObject({ linesAdded: 5, matched: 2 });
    const matches = await currentMatches(holderId);
    expect(matches.map((m) => [m.bankLineId, m.journalEntryId, m.how]).sort()).toEqual(
      [
        [lineOf("NHS WEST").id, instalment.journalEntryId, "automatic"],
        [lineOf("CARD SUNRISE").id, sunrise.journalEntryId, "automatic"],
      ].sort(),
    );
    expect(matches.find((m) => m.journalEntryId === instalment.journalEntryId)!.note).toContain(`reference ${instalment.paymentReference}`);

    const month = (await loadReconciliationPeriod(db, { holderId, period: "2026-11" }))!;
    expect(month.status).toBe("in-progress");
    expect(month.suggestions.map((s) => [s.lineId, s.entryId, s.certain])).toEqual([[lineOf("DD 882231").id, swim.journalEntryId, false]]);

    // The same statement again adds no line and no match.
    expect(await importBankStatement(db, { actor: finance, holderId, fileName: "november.csv", bytes })).toMatchObject({ linesAdded: 0, matched: 0 });
    expect(await currentMatches(holderId)).toHaveLength(2);
  });

  it("confirms a suggestion once, explains the lines with no entry, logs an unlogged one as a spend, and reconciles the month", async () => {
    const { w, holderId, swim, lineOf, db, finance, plan } = await novemberWorld();
    const confirm = { actor: finance, holderId, lineId: lineOf("DD 882231").id, entryId: swim.journalEntryId };
    expect(await confirmMatch(db, confirm)).toEqual({ ok: true });
    expect(await confirmMatch(db, confirm)).toMatchObject({ ok: false, message: expect.stringContaining("matched already") });

    const savings = { actor: finance, holderId, lineId: lineOf("TRANSFER TO SAVINGS").id };
    expect(await markBankLine(db, { ...savings, outcome: "not-ours", note: " " })).toMatchObject({ ok: false, field: "note" });
    expect(await currentMatches(holderId)).toHaveLength(3);
    expect(await markBankLine(db, { ...savings, outcome: "own-transfer", note: "Moved to the holder's savings" })).toEqual({ ok: true });

    const shop = {
      actor: finance,
      holderId,
      lineId: lineOf("CORNER SHOP").id,
      supportLineId: plan.lines[0].id,
      whatFor: "Craft materials",
      today: "2026-11-23",
    };
    expect(await logBankLineAsSpend(db, { ...shop, payeeName: "" })).toMatchObject({ ok: false, field: "payeeName" });
    expect(await logBankLineAsSpend(db, { ...shop, payeeName: "Corner Shop" })).toEqual({ ok: true });
    const [logged] = await db
      .select()
      .from(spends)
      .where(eq(spends.formToken, `bank-line:${shop.lineId}`));
    expect(logged).toMatchObject({ amountPence: 750, spentOn: "2026-11-21", loggedBy: w.finance.id, onBehalfOfHolderId: holderId });

    // Every line accounted for, and the £100 to savings explains the whole difference between ledger and bank.
    const month = (await loadReconciliationPeriod(db, { holderId, period: "2026-11" }))!;
    expect(month.bankOnlyPence).toBe(-10_000);
    expect(month.bank.closingPence).toBe(month.ledger.closingPence - 10_000);
    expect(month.unexplainedPence).toBe(0);
    expect(month.status).toBe("ready");
    const reconcile = { actor: finance, holderId, period: "2026-11", agreedBalancePence: month.bank.closingPence!, note: "" };
    expect(await reconcilePeriod(db, reconcile)).toEqual({ ok: true });
    expect(await reconcilePeriod(db, reconcile)).toMatchObject({ ok: false, message: expect.stringContaining("reconciled already") });
    const after = (await loadReconciliationPeriod(db, { holderId, period: "2026-11" }))!;
    expect(after).toMatchObject({ status: "reconciled", reconciled: { agreedBalancePence: month.bank.closingPence, reconciledBy: w.finance.id } });

    // A reconciled month's matches stand until it is reopened; the unmatch is then kept on the record with its reason.
    const unmatch = { actor: finance, holderId, lineId: confirm.lineId, reason: "The direct debit was for the gym" };
    expect(await unmatchBankLine(db, unmatch)).toMatchObject({ ok: false, message: expect.stringContaining("reopen") });
    expect(await reopenPeriod(db, { actor: finance, holderId, period: "2026-11", reason: "" })).toMatchObject({ ok: false, field: "note" });
    expect(await reopenPeriod(db, { actor: finance, holderId, period: "2026-11", reason: "The direct debit was wrong" })).toEqual({ ok: true });
    expect(await unmatchBankLine(db, unmatch)).toEqual({ ok: true });
    const [ended] = await db.select().from(bankLineMatches).where(eq(bankLineMatches.bankLineId, confirm.lineId));
    expect(ended).toMatchObject({ unmatchedBy: w.finance.id, unmatchReason: unmatch.reason, journalEntryId: swim.journalEntryId });
    const [audited] = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, confirm.lineId), eq(auditLog.action, "bank-line.unmatched")));
    expect(audited.before).toMatchObject({ journalEntryId: swim.journalEntryId, how: "confirmed" });
    expect((await loadReconciliationPeriod(db, { holderId, period: "2026-11" }))!.status).toBe("in-progress");

    expect((await verifyLedger(db, { commissionerId: w.commissioner.id })).breaks).toEqual([]);
  });

  it("refuses to match a line to another holder's entry, or another holder's line at all", async () => {
    const { w, holderId, lineOf, db, finance } = await novemberWorld();
    const otherHolder = w.b.holder.id;
    expect(
      await markBankLine(db, { actor: finance, holderId: otherHolder, lineId: lineOf("CORNER SHOP").id, outcome: "own-transfer", note: "" }),
    ).toMatchObject({
      ok: false,
      message: expect.stringContaining("not on this holder's statements"),
    });
    const [otherEntry] = await db
      .select({ entryId: instalments.journalEntryId })
      .from(instalments)
      .innerJoin(arrangements, eq(arrangements.id, instalments.arrangementId))
      .where(eq(arrangements.holderId, otherHolder));
    expect(await confirmMatch(db, { actor: finance, holderId, lineId: lineOf("DD 882231").id, entryId: otherEntry.entryId })).toMatchObject({ ok: false });
    expect(await currentMatches(holderId)).toHaveLength(2);
  });

  it("records money paid back by a payee as the holder's refund, against a line of the plan, and matches it", async () => {
    const { w, db, finance, holderId, plan, sunrise } = await novemberWorld();
    const csv = "Date,Description,Amount\n25/11/2026,SUNRISE CARE REFUND,15.00\n";
    const asked = await importBankStatement(db, { actor: finance, holderId, fileName: "refund.csv", bytes: new TextEncoder().encode(csv) });
    if (asked.state !== "confirm-columns") throw new Error(`expected to confirm the columns, not ${asked.state}`);
    await importBankStatement(db, { actor: finance, holderId, fileName: "refund.csv", uploadId: asked.uploadId, mapping: asked.mapping! });
    const month = (await loadReconciliationPeriod(db, { holderId, period: "2026-11" }))!;
    const line = month.bank.lines.find((l) => l.description === "SUNRISE CARE REFUND")!;
    const payee = month.payees.find((p) => p.name === "Sunrise Care Ltd")!;
    expect(payee).toBeDefined();
    const refund = { actor: finance, holderId, lineId: line.id, supportLineId: plan.lines[0].id, payeeId: payee.id, whatFor: "Visit cancelled" };

    expect(await logBankLineAsRefund(db, { ...refund, whatFor: " " })).toMatchObject({ ok: false, field: "refundFor" });
    expect(await logBankLineAsRefund(db, { ...refund, payeeId: "someone" })).toMatchObject({ ok: false, field: "payeeId" });
    expect(await logBankLineAsRefund(db, { ...refund, supportLineId: w.b.holder.id })).toMatchObject({ ok: false, field: "refundLineId" });
    const otherPlan = (await loadPlanInForce(db, w.b.holder.id))!;
    const otherSpend = await logSpend(db, {
      actor: finance,
      holderId: w.b.holder.id,
      formToken: `other-${w.b.holder.id}`,
      spentOn: "2026-11-20",
      newPayeeName: "Another Care Ltd",
      amountPence: 1_500,
      whatFor: "Support",
      supportLineId: otherPlan.lines[0].id,
      howPaid: "account-transfer",
      receipts: [],
      today: "2026-11-23",
    });
    expect(otherSpend.ok).toBe(true);
    const [otherPayee] = await db.select({ id: payees.id }).from(payees).where(eq(payees.holderId, w.b.holder.id));
    expect(await logBankLineAsRefund(db, { ...refund, payeeId: otherPayee.id })).toMatchObject({ ok: false, field: "payeeId" });
    // Money out is a spend, not a refund.
    const moneyOut = month.bank.lines.find((l) => l.amountPence < 0 && l.outcome === null)!;
    expect(await logBankLineAsRefund(db, { ...refund, lineId: moneyOut.id })).toMatchObject({ ok: false, message: expect.stringContaining("paid into") });
    expect(await currentMatches(holderId)).toHaveLength(2);

    expect(await logBankLineAsRefund(db, refund)).toEqual({ ok: true });
    expect(await logBankLineAsRefund(db, refund)).toMatchObject({ ok: false, message: expect.stringContaining("matched already") });
    const match = (await currentMatches(holderId)).find((m) => m.bankLineId === line.id)!;
    expect(match).toMatchObject({ outcome: "ledger-entry", how: "logged-by-finance", matchedBy: w.finance.id });
    const [entry] = await db.select().from(journalEntries).where(eq(journalEntries.id, match.journalEntryId!));
    expect(entry).toMatchObject({ kind: "refund", effectiveDate: "2026-11-25", description: "Visit cancelled (Sunrise Care Ltd)" });
    const after = (await loadReconciliationPeriod(db, { holderId, period: "2026-11" }))!;
    expect(after.ledger.movements.find((m) => m.group === "refunds")?.pence).toBe(1_500);
    expect(after.ledger.closingPence).toBe(month.ledger.closingPence + 1_500);
    expect(sunrise.journalEntryId).not.toBe(entry.id);
    expect((await verifyLedger(db, { commissionerId: w.commissioner.id })).breaks).toEqual([]);
  });
});
