import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { arrangements, financeFlags, instalments, ledgerAccounts, payees, reconciliationSettings, spendReceipts } from "#db/schema";
import { verifyLedger } from "~/ledger/verify.server";
import { loadPlanInForce } from "~/plans/plan-in-force.server";
import { weeklyPence } from "~/reconciliation/flags";
import { loadCommissionerDashboard } from "~/reporting/dashboard.server";
import { financialYearOf } from "~/reporting/financial-year";
import { runFlagChecks } from "~/reconciliation/flags.server";
import { answerQuery, decideQuery, holderQueries, loadQuery, raiseQuery } from "~/reconciliation/queries.server";
import { checkReceipts } from "~/spending/receipts";
import { recordRefund } from "~/spending/refunds.server";
import { logSpend } from "~/spending/spends.server";
import { actorOf } from "./plan-fixtures";
import { balanceOf, payrollWorld, type PayrollWorld } from "./payroll-fixtures";

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
const TODAY = "2026-11-23";

async function directPayment(w: PayrollWorld, holderId: string) {
  const db = getDb();
  const [account] = await db
    .select({ id: ledgerAccounts.id })
    .from(ledgerAccounts)
    .innerJoin(arrangements, eq(arrangements.id, ledgerAccounts.arrangementId))
    .where(and(eq(arrangements.holderId, holderId), eq(arrangements.holding, "direct-payment")));
  const [latest] = await db
    .select({ amountPence: instalments.amountPence })
    .from(instalments)
    .innerJoin(arrangements, eq(arrangements.id, instalments.arrangementId))
    .where(eq(arrangements.holderId, holderId))
    .orderBy(instalments.dueOn)
    .then((rows) => rows.slice(-1));
  const plan = (await loadPlanInForce(db, holderId))!;
  const spend = async (amountPence: number, newPayeeName: string, token: string) => {
    const logged = await logSpend(db, {
      actor: actorOf(w.a.holderUser),
      holderId,
      formToken: `${token}-${holderId}`,
      spentOn: "2026-11-20",
      newPayeeName,
      amountPence,
      whatFor: "Day out",
      supportLineId: plan.lines[0].id,
      howPaid: "card",
      receipts: [],
      today: TODAY,
    });
    if (!logged.ok) throw new Error(logged.message);
    return logged.spend;
  };
  return { accountId: account.id, instalmentPence: latest.amountPence, plan, spend };
}

const flagsOf = (holderId: string) => getDb().select().from(financeFlags).where(eq(financeFlags.holderId, holderId));

describe("flags", () => {
  it("flags a surplus only above the threshold: a balance exactly at it is not one", async () => {
    const w = await payrollWorld();
    const db = getDb();
    const holderId = w.a.holder.id;
    const dp = await directPayment(w, holderId);
    // One week of instalments, so the threshold sits well under what the account holds.
    await db.insert(reconciliationSettings).values({ commissionerId: w.commissioner.id, surplusWeeks: 1 });
    const threshold = weeklyPence(dp.instalmentPence, "four-weekly");
    const balance = await balanceOf(dp.accountId);
    expect(balance).toBeGreaterThan(threshold);
    await dp.spend(balance - threshold, "Garden Centre", "down-to-threshold");
    expect(await balanceOf(dp.accountId)).toBe(threshold);

    await runFlagChecks(db, { commissionerId: w.commissioner.id, today: TODAY });
    expect((await flagsOf(holderId)).filter((f) => f.kind === "surplus")).toEqual([]);

    const [payee] = await db.select().from(payees).where(eq(payees.holderId, holderId));
    const refund = await recordRefund(db, {
      actor: actorOf(w.a.holderUser),
      holderId,
      payeeId: payee.id,
      supportLineId: dp.plan.lines[0].id,
      amountPence: 1,
      receivedOn: "2026-11-21",
      whatFor: "A penny back",
      token: `penny-${holderId}`,
    });
    expect(refund.ok).toBe(true);
    const raised = await runFlagChecks(db, { commissionerId: w.commissioner.id, today: TODAY });
    expect(raised.surplus).toBe(1);
    const [surplus] = (await flagsOf(holderId)).filter((f) => f.kind === "surplus");
    expect(surplus).toMatchObject({ amountPence: 1, status: "open", subjectKey: "balance:2026-11" });
    expect(surplus.explanation).toContain("a surplus of £0.01");
    // The check again adds nothing: each thing is flagged once.
    expect(await runFlagChecks(db, { commissionerId: w.commissioner.id, today: TODAY })).toEqual({});
    expect((await verifyLedger(db, { commissionerId: w.commissioner.id })).breaks).toEqual([]);
  });
});

describe("queries", () => {
  it("raises a flag as a query, the holder answers with a receipt that becomes the spend's, and finance accepts it", async () => {
    const w = await payrollWorld();
    const db = getDb();
    const holderId = w.a.holder.id;
    const dp = await directPayment(w, holderId);
    const spend = await dp.spend(6_000, "Twycross Zoo", "zoo");
    await runFlagChecks(db, { commissionerId: w.commissioner.id, today: TODAY });
    const flag = (await flagsOf(holderId)).find((f) => f.kind === "no-receipt" && f.subjectKey === `spend:${spend.id}`)!;
    expect(flag.explanation).toBe("No receipt for £60.00 paid to Twycross Zoo on 20 November 2026: a receipt is needed above £50.00.");

    const finance = actorOf(w.finance);
    const ask = {
      actor: finance,
      holderId,
      subject: { type: "spend" as const, id: spend.id },
      question: "Please upload the receipt for the zoo.",
      today: TODAY,
    };
    expect(await raiseQuery(db, { ...ask, dueOn: TODAY })).toMatchObject({ ok: false, field: "dueOn" });
    expect(await raiseQuery(db, { ...ask, question: " ", dueOn: "2026-12-07" })).toMatchObject({ ok: false, field: "question" });
    const dashboard = () => loadCommissionerDashboard(db, { commissionerId: w.commissioner.id, today: TODAY, year: financialYearOf(TODAY) });
    expect((await dashboard()).attention.flags.find((f) => f.kind === "no-receipt")).toMatchObject({ open: 1, pence: 6_000 });
    const raised = await raiseQuery(db, { ...ask, dueOn: "2026-12-07", flagId: flag.id });
    if (!raised.ok) throw new Error(raised.message);
    // The commissioner's dashboard counts the flag no longer open and the query waiting for an answer.
    const waiting = (await dashboard()).attention;
    expect(waiting.flags.find((f) => f.kind === "no-receipt")!.open).toBe(0);
    expect(waiting.queries.reduce((sum, q) => sum + q.open, 0)).toBe(1);
    expect((await flagsOf(holderId)).find((f) => f.id === flag.id)).toMatchObject({ status: "raised", queryId: raised.queryId });

    // Holder B sees none of it, and cannot answer it.
    const other = w.b.holder.id;
    expect(await holderQueries(db, other)).toEqual([]);
    expect(await loadQuery(db, { queryId: raised.queryId, holderId: other })).toBeNull();
    const checked = checkReceipts([{ name: "zoo receipt.png", bytes: PNG }]);
    if (!checked.ok) throw new Error("receipt refused");
    const answer = { actor: actorOf(w.a.holderUser), queryId: raised.queryId, answer: "Here it is.", files: checked.receipts };
    expect(await answerQuery(db, { ...answer, holderId: other })).toMatchObject({ ok: false, message: "This query is not yours" });

    expect((await holderQueries(db, holderId)).map((q) => [q.id, q.status, q.subjectLabel])).toEqual([
      [raised.queryId, "open", "Day out: £60.00 to Twycross Zoo on 20 November 2026"],
    ]);
    expect(await answerQuery(db, { ...answer, holderId })).toEqual({ ok: true, queryId: raised.queryId });
    expect(await answerQuery(db, { ...answer, holderId })).toMatchObject({ ok: false, message: expect.stringContaining("answered already") });
    expect(await db.select({ fileName: spendReceipts.fileName }).from(spendReceipts).where(eq(spendReceipts.spendId, spend.id))).toEqual([
      { fileName: "zoo-receipt.png" },
    ]);
    const thread = (await loadQuery(db, { queryId: raised.queryId, commissionerId: w.commissioner.id }))!;
    expect(thread.messages.map((m) => [m.fromFinance, m.body, m.files.map((f) => f.fileName)])).toEqual([
      [true, "Please upload the receipt for the zoo.", []],
      [false, "Here it is.", ["zoo-receipt.png"]],
    ]);

    expect(await decideQuery(db, { actor: finance, queryId: raised.queryId, decision: "send-back", note: "" })).toMatchObject({ ok: false, field: "note" });
    expect(await decideQuery(db, { actor: finance, queryId: raised.queryId, decision: "accept", note: "" })).toEqual({ ok: true, queryId: raised.queryId });
    expect((await loadQuery(db, { queryId: raised.queryId, holderId }))!.query).toMatchObject({ status: "accepted", closedBy: w.finance.id });
    expect((await flagsOf(holderId)).find((f) => f.id === flag.id)).toMatchObject({ status: "resolved", decidedBy: w.finance.id });
    // Another commissioner's finance cannot close it, or even find it.
    expect(
      await decideQuery(db, { actor: { ...finance, commissionerId: w.b.holder.id }, queryId: raised.queryId, decision: "withdraw", note: "x" }),
    ).toMatchObject({
      ok: false,
    });
  });
});
