import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { arrangements, auditLog, ledgerAccounts, postings } from "#db/schema";
import { listArrangements } from "~/budgets/arrangements.server";
import { loadHolderMoney } from "~/budgets/money.server";
import { ensureOutsideAccount } from "~/ledger/accounts.server";
import { yearShare } from "~/ledger/instalments";
import { loadFundingTerms, postDueInstalments } from "~/ledger/instalments.server";
import { postEntry } from "~/ledger/post-entry.server";
import type { StatementLine } from "~/ledger/statement";
import { loadPlanInForce } from "~/plans/plan-in-force.server";
import { loader as statementLoader } from "~/routes/budget.statement";
import { findOrAddPayee } from "~/spending/payees.server";
import { recordRefund } from "~/spending/refunds.server";
import { loadSpendVsPlan } from "~/spending/report.server";
import { setOverspendRule } from "~/spending/settings.server";
import { editSpend, logSpend, type SpendInput } from "~/spending/spends.server";
import { cookieFor, get, post, run, statusOf } from "../factories/requests";
import { action as planAction, loader as planLoader } from "~/routes/staff.holders.$holderId.plan";
import { expectLedgerClean, paidInto } from "./ledger-fixtures";
import { actorOf, approveVersion, planContent, planWorld, type PlanWorld } from "./plan-fixtures";

const PA = 1_300_000;
const ACTIVITIES = 260_000;

function spend(w: PlanWorld, lineId: string, over: Partial<SpendInput>): SpendInput {
  return {
    actor: actorOf(w.holderUser),
    holderId: w.holder.id,
    formToken: randomUUID(),
    spentOn: "2026-05-01",
    newPayeeName: "Jane Smith (PA)",
    amountPence: 10_000,
    whatFor: "Personal care",
    supportLineId: lineId,
    howPaid: "account-transfer",
    restrictedCategoryId: null,
    receipts: [],
    today: "2026-11-23",
    ...over,
  };
}

/** A year on a direct payment: version 1 from 1 April, spends, payroll and a refund, and version 2 from the 3-month review. */
/** Version 1 from 1 April 2026: a personal assistant and activities, both paid as a direct payment. */
function approveFirstYear(w: PlanWorld) {
  return approveVersion(
    w,
    planContent("2026-04-01", [
      { description: "Personal assistant", amountPence: PA, holding: "direct-payment", outcomePositions: [1] },
      { description: "Activities", amountPence: ACTIVITIES, holding: "direct-payment", outcomePositions: [1] },
    ]),
    "2026-03-25",
  );
}

async function reviewedMidYear() {
  const w = await planWorld();
  const db = getDb();
  const v1 = await approveFirstYear(w);
  expect(v1.inForceFrom).toBe("2026-04-01");
  await postDueInstalments(db, { until: "2026-06-30", holderId: w.holder.id });
  const plan1 = (await loadPlanInForce(db, w.holder.id))!;
  const [pa, activities] = plan1.lines;

  const first = await logSpend(db, spend(w, pa.id, { spentOn: "2026-05-01", amountPence: 40_000 }));
  if (!first.ok) throw new Error(first.message);
  const [dp] = await listArrangements(db, w.holder.id);
  const jane = await findOrAddPayee(db, { holderId: w.holder.id, commissionerId: w.commissioner.id, newPayeeName: "Jane Smith (PA)" });
  if (!jane.ok) throw new Error(jane.message);
  const hmrc = await ensureOutsideAccount(db, w.commissioner.id, "hmrc");
  const payroll = await postEntry(db, {
    idempotencyKey: `payroll:${w.holder.id}:2026-06-05`,
    kind: "payroll",
    effectiveDate: "2026-06-05",
    description: "Wages for Jane, May",
    lines: [
      { accountId: dp.accountId!, amountPence: -55_000 },
      { accountId: jane.payee.ledgerAccountId, amountPence: 50_000 },
      { accountId: hmrc.id, amountPence: 5_000 },
    ],
    actor: actorOf(w.holderUser),
    onBehalfOf: w.holder.id,
    sourceType: "payroll-run",
    supportLineKey: pa.lineKey,
  });
  if (!payroll.ok) throw new Error(payroll.message);
  const swim = await logSpend(
    db,
    spend(w, activities.id, { spentOn: "2026-06-10", amountPence: 6_000, newPayeeName: "Leisure centre", whatFor: "Swimming", howPaid: "card" }),
  );
  if (!swim.ok) throw new Error(swim.message);
  const refund = await recordRefund(db, {
    actor: actorOf(w.holderUser),
    holderId: w.holder.id,
    payeeId: swim.spend.payeeId,
    supportLineId: activities.id,
    amountPence: 1_500,
    receivedOn: "2026-06-20",
    whatFor: "One session cancelled",
    token: "refund-1",
  });
  if (!refund.ok) throw new Error(refund.message);

  // The 3-month review: the personal assistant line rises, the activities line stays, a gym line is added.
  const v2 = await approveVersion(
    w,
    planContent("2026-04-01", [
      { lineKey: pa.lineKey, description: "Personal assistant", amountPence: 1_560_000, holding: "direct-payment", outcomePositions: [1] },
      { lineKey: activities.lineKey, description: "Activities", amountPence: ACTIVITIES, holding: "direct-payment", outcomePositions: [1] },
      { description: "Gym", amountPence: 36_500, holding: "direct-payment", outcomePositions: [1] },
    ]),
    "2026-07-01",
  );
  const plan2 = (await loadPlanInForce(db, w.holder.id))!;
  const second = await logSpend(db, spend(w, plan2.lines[0].id, { spentOn: "2026-07-15", amountPence: 30_000, today: "2026-07-20" }));
  if (!second.ok) throw new Error(second.message);
  return { w, db, v1, v2, pa, activities, plan2, dp };
}

describe("money follows the person", () => {
  it("a re-approval mid-year keeps one account: the balance, the statement and spend against the plan carry on", async () => {
    const { w, db, v2, pa, activities, dp } = await reviewedMidYear();
    expect(v2).toMatchObject({ version: 2, inForceFrom: "2026-07-01" });

    // Still one direct-payment arrangement with one account, holding everything paid in and spent since April.
    const held = await listArrangements(db, w.holder.id);
    expect(held.map((a) => [a.holding, a.accountIds.length])).toEqual([["direct-payment", 1]]);
    expect(held[0].accountId).toBe(dp.accountId);
    const paidBefore = (await paidInto(w.holder.id)).reduce((t, i) => t + i.amountPence, 0);
    expect(held[0].balancePence).toBe(paidBefore - 40_000 - 55_000 - 6_000 + 1_500 - 30_000);

    // The statement is one history from April, through the review.
    const page = (await run(statementLoader, get("/budget/statement", await cookieFor(w.holderUser.email)))) as {
      lines: StatementLine[];
      total: number;
      closingPence: number;
    };
    expect(page.closingPence).toBe(held[0].balancePence);
    expect(page.lines.map((l) => l.effectiveDate).at(-1)).toBe("2026-04-01");
    expect(page.lines.some((l) => l.effectiveDate === "2026-07-15")).toBe(true);

    // Spend against the plan for the year adds up both versions, payroll and the refund included, line by line.
    const report = (await loadSpendVsPlan(db, { holderId: w.holder.id, today: "2026-07-20" }))!;
    const line = (key: string) => report.lines.find((l) => l.lineKey === key)!;
    expect(line(pa.lineKey).spentPence).toBe(40_000 + 55_000 + 30_000);
    expect(line(activities.lineKey).spentPence).toBe(6_000 - 1_500);
    // Allocated: the old amount for April to June, the new one from July, to the penny.
    expect(line(pa.lineKey).allocatedPence).toBe(Math.round((PA * 91) / 365) + Math.round((1_560_000 * 274) / 365));
    expect(report.notMatchedPence).toBe(0);
    await expectLedgerClean(w.commissioner.id);
  });

  it("a budget that blocks overspending still blocks after a re-approval mid-year, counting what was spent on the line under both versions", async () => {
    const w = await planWorld();
    const db = getDb();
    await approveFirstYear(w);
    await setOverspendRule(db, { actor: actorOf(w.finance), holderId: w.holder.id, commissionerId: w.commissioner.id, rule: "block" });
    await postDueInstalments(db, { until: "2026-06-30", holderId: w.holder.id });
    const [pa, activities] = (await loadPlanInForce(db, w.holder.id))!.lines;
    // £2,000.00 of the £2,600.00 a year on activities is spent before the review.
    const art = { newPayeeName: "Art centre", whatFor: "Art classes", howPaid: "card" } as const;
    const before = await logSpend(db, spend(w, activities.id, { ...art, spentOn: "2026-06-10", amountPence: 200_000, today: "2026-06-10" }));
    expect(before).toMatchObject({ ok: true, warnings: [] });

    // The 3-month review raises activities to £3,650.00 a year from 1 July.
    await approveVersion(
      w,
      planContent("2026-04-01", [
        { lineKey: pa.lineKey, description: "Personal assistant", amountPence: PA, holding: "direct-payment", outcomePositions: [1] },
        { lineKey: activities.lineKey, description: "Activities", amountPence: 365_000, holding: "direct-payment", outcomePositions: [1] },
      ]),
      "2026-07-01",
    );
    const activities2 = (await loadPlanInForce(db, w.holder.id))!.lines.find((l) => l.lineKey === activities.lineKey)!;
    expect(activities2.id).not.toBe(activities.id);
    // For the year: £2,600.00 a year for April to June (91 days), £3,650.00 a year from July (274 days), less the £2,000.00 spent.
    const allocated = Math.round((ACTIVITIES * 91) / 365) + Math.round((365_000 * 274) / 365);
    expect(allocated - 200_000).toBe(138_822);

    // £1,500.00 is within the line if spending starts again from nothing at the review; counting the £2,000.00 before it, it is over.
    const over = await logSpend(db, spend(w, activities2.id, { ...art, spentOn: "2026-07-15", amountPence: 150_000, today: "2026-07-20" }));
    expect(over).toEqual({
      ok: false,
      field: "amount",
      message:
        'The amount is more than is left on "Activities" (£1,388.22 left). Enter £1,388.22 or less, or ask your care coordinator about changing your plan',
    });
    // What is left is within the line; a penny more is not.
    const rest = await logSpend(db, spend(w, activities2.id, { ...art, spentOn: "2026-07-15", amountPence: 138_822, today: "2026-07-20" }));
    expect(rest).toMatchObject({ ok: true, warnings: [], spend: { overspendWarning: false } });
    expect(await logSpend(db, spend(w, activities2.id, { ...art, spentOn: "2026-07-16", amountPence: 1, today: "2026-07-20" }))).toMatchObject({
      ok: false,
      field: "amount",
      message: expect.stringContaining("(£0.00 left)"),
    });
    const report = (await loadSpendVsPlan(db, { holderId: w.holder.id, today: "2026-07-20" }))!;
    expect(report.lines.find((l) => l.lineKey === activities.lineKey)).toMatchObject({ allocatedPence: allocated, spentPence: allocated });
    await expectLedgerClean(w.commissioner.id);
  });

  it("a plan year pays exactly its share over 13 instalments, at the new rate from a change", async () => {
    const { w, db } = await reviewedMidYear();
    // The holder's home page tells them the next one, the first at the new rate.
    const before = (await loadHolderMoney(db, { holderId: w.holder.id, today: "2026-07-20" }))!;
    const run1 = await postDueInstalments(db, { until: "2027-03-31", holderId: w.holder.id });
    expect(run1.refused).toEqual([]);
    const paid = await paidInto(w.holder.id);
    expect(paid).toHaveLength(13);
    expect(paid.map((i) => i.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
    const [arrangement] = await db.select().from(arrangements).where(eq(arrangements.holderId, w.holder.id));
    const terms = (await loadFundingTerms(db, arrangement))!;
    const share = yearShare({ yearStart: "2026-04-01", yearEnd: "2027-03-31", rates: terms.rates });
    expect(share).toBe(Math.round(((PA + ACTIVITIES) * 91) / 365) + Math.round(((1_560_000 + ACTIVITIES + 36_500) * 274) / 365));
    expect(paid.reduce((t, i) => t + i.amountPence, 0)).toBe(share);
    // Run again: nothing more.
    expect(await postDueInstalments(db, { until: "2027-03-31", holderId: w.holder.id })).toMatchObject({ posted: 0, alreadyPosted: 13 });
    expect(before.accounts[0]).toMatchObject({ holding: "direct-payment", next: { dueOn: "2026-07-22", amountPence: paid[4].amountPence } });
    expect(before.accounts[0].yearPence).toBe(share);
    await expectLedgerClean(w.commissioner.id);
  });

  it("funds a third-party budget on the organisation's own schedule, shown on the holder's and the organisation's statements", async () => {
    const w = await planWorld({ thirdPartyFrequency: "quarterly" });
    const db = getDb();
    await approveVersion(
      w,
      planContent("2026-04-01", [
        { description: "Support worker", amountPence: 1_040_000, holding: "third-party", thirdPartyOrganisationId: w.organisation.id, outcomePositions: [1] },
        { description: "Community nursing", amountPence: 120_000, holding: "notional", outcomePositions: [1] },
      ]),
      "2026-03-25",
    );
    await postDueInstalments(db, { until: "2027-03-31", holderId: w.holder.id });
    const paid = await paidInto(w.holder.id);
    expect(paid.map((i) => [i.holding, i.dueOn, i.amountPence])).toEqual([
      ["third-party", "2026-04-01", 260_000],
      ["third-party", "2026-07-01", 260_000],
      ["third-party", "2026-10-01", 260_000],
      ["third-party", "2027-01-01", 260_000],
    ]);
    // The money is there to spend: the organisation that holds it logs a spend (the holder reads it, as below).
    const plan = (await loadPlanInForce(db, w.holder.id))!;
    const logged = await logSpend(
      db,
      spend(w, plan.lines[0].id, { actor: actorOf(w.organisationUser), spentOn: "2026-04-10", amountPence: 25_000, newPayeeName: "Support worker agency" }),
    );
    expect(logged).toMatchObject({ ok: true });
    for (const user of [w.holderUser, w.organisationUser]) {
      const query = user === w.organisationUser ? `?holder=${w.holder.id}` : "";
      const page = (await run(statementLoader, get(`/budget/statement${query}`, await cookieFor(user.email)))) as {
        account: { name: string };
        closingPence: number;
        lines: StatementLine[];
      };
      expect(page.account.name).toMatch(/^Third-party budget held by /);
      expect(page.closingPence).toBe(4 * 260_000 - 25_000);
      expect(page.lines).toHaveLength(5);
    }
    await expectLedgerClean(w.commissioner.id);
  });

  it("counts payroll and refunds against their lines, and shows what has no line as not yet matched", async () => {
    const { w, db, pa } = await reviewedMidYear();
    const [dp] = await listArrangements(db, w.holder.id);
    const bank = await ensureOutsideAccount(db, w.commissioner.id, "bank-clearing");
    const unplaced = await postEntry(db, {
      idempotencyKey: `cash:${w.holder.id}`,
      kind: "adjustment",
      effectiveDate: "2026-07-16",
      description: "Cash withdrawal, not explained yet",
      lines: [
        { accountId: dp.accountId!, amountPence: -2_000 },
        { accountId: bank.id, amountPence: 2_000 },
      ],
      actor: actorOf(w.finance),
      onBehalfOf: w.holder.id,
    });
    if (!unplaced.ok) throw new Error(unplaced.message);
    const report = (await loadSpendVsPlan(db, { holderId: w.holder.id, today: "2026-07-20" }))!;
    expect(report.notMatchedPence).toBe(2_000);
    expect(report.lines.find((l) => l.lineKey === pa.lineKey)!.spentPence).toBe(125_000);
    expect(report.totals.spentPence).toBe(125_000 + 4_500 + 2_000);
    await expectLedgerClean(w.commissioner.id);
  });

  it("for random histories, the lines plus what is not matched add up to the money out less refunds, per plan year", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            kind: fc.constantFrom("spend", "edit", "payroll", "refund", "unmatched"),
            line: fc.nat({ max: 1 }),
            pence: fc.integer({ min: 1, max: 20_000 }),
            day: fc.integer({ min: 0, max: 500 }),
          }),
          { maxLength: 12 },
        ),
        async (history) => {
          const w = await planWorld();
          const db = getDb();
          await approveFirstYear(w);
          const today = "2027-08-14";
          await postDueInstalments(db, { until: today, holderId: w.holder.id });
          const plan = (await loadPlanInForce(db, w.holder.id))!;
          const [dp] = await listArrangements(db, w.holder.id);
          const other = await ensureOutsideAccount(db, w.commissioner.id, "bank-clearing");
          const logged: { input: SpendInput; id: string }[] = [];
          for (const [i, h] of history.entries()) {
            const on = new Date(Date.UTC(2026, 3, 1 + h.day)).toISOString().slice(0, 10);
            const line = plan.lines[h.line];
            if (h.kind === "spend" || (h.kind === "edit" && logged.length === 0)) {
              const input = spend(w, line.id, { spentOn: on, amountPence: h.pence, today });
              const r = await logSpend(db, input);
              if (r.ok) logged.push({ input, id: r.spend.id });
            } else if (h.kind === "edit") {
              const last = logged.pop()!;
              const r = await editSpend(db, { ...last.input, formToken: randomUUID(), amountPence: h.pence, spendId: last.id, reason: "Wrong amount" });
              if (r.ok) logged.push({ input: { ...last.input, amountPence: h.pence }, id: r.spend.id });
            } else if (h.kind === "refund" && logged.length) {
              const payeeId = await findOrAddPayee(db, { holderId: w.holder.id, commissionerId: w.commissioner.id, newPayeeName: "Jane Smith (PA)" });
              if (!payeeId.ok) throw new Error(payeeId.message);
              await recordRefund(db, {
                actor: actorOf(w.holderUser),
                holderId: w.holder.id,
                payeeId: payeeId.payee.id,
                supportLineId: line.id,
                amountPence: h.pence,
                receivedOn: on,
                whatFor: "Refund",
                token: `r${i}`,
              });
            } else {
              await postEntry(db, {
                idempotencyKey: `${h.kind}:${i}`,
                kind: h.kind === "payroll" ? "payroll" : "adjustment",
                effectiveDate: on,
                description: h.kind,
                lines: [
                  { accountId: dp.accountId!, amountPence: -h.pence },
                  { accountId: other.id, amountPence: h.pence },
                ],
                actor: actorOf(w.holderUser),
                onBehalfOf: w.holder.id,
                supportLineKey: h.kind === "payroll" ? line.lineKey : null,
              });
            }
          }
          for (const year of [
            { start: "2026-04-01", end: "2027-03-31", today: "2027-03-31" },
            { start: "2027-04-01", end: "2028-03-31", today },
          ]) {
            const report = (await loadSpendVsPlan(db, { holderId: w.holder.id, today: year.today }))!;
            const counted = report.lines.reduce((t, l) => t + l.spentPence, 0) + report.notMatchedPence;
            // Straight from the postings: money out of the account, less money back in, leaving out the instalments.
            const [{ net }] = await db
              .select({ net: sql<string>`coalesce(sum(-${postings.amountPence}), 0)` })
              .from(postings)
              .innerJoin(ledgerAccounts, eq(ledgerAccounts.id, postings.accountId))
              .where(
                and(
                  eq(ledgerAccounts.arrangementId, dp.id),
                  sql`${postings.effectiveDate} between ${year.start} and ${year.end}`,
                  sql`${postings.entryId} not in (select journal_entry_id from instalments)`,
                ),
              );
            expect(counted).toBe(Number(net));
          }
          await expectLedgerClean(w.commissioner.id);
        },
      ),
      { numRuns: 15 },
    );
  });
});

describe("ending a personal health budget", () => {
  it("the coordinator ends it from the plan page after confirming it; a finance officer may not; it ends once", async () => {
    const w = await planWorld();
    const db = getDb();
    await approveVersion(
      w,
      planContent("2026-04-01", [{ description: "Personal assistant", amountPence: PA, holding: "direct-payment", outcomePositions: [1] }]),
      "2026-03-25",
    );
    const path = `/staff/holders/${w.holder.id}/plan`;
    const ending = { intent: "end-plan", endedOn: "2099-05-31", reason: "Moved to another area" };
    expect(statusOf(await run(planAction, post(path, { ...ending, confirm: "yes" }, await cookieFor(w.finance.email)), { holderId: w.holder.id }))).toBe(403);
    const coordinator = await cookieFor(w.coordinator.email);
    const unconfirmed = await run(planAction, post(path, ending, coordinator), { holderId: w.holder.id });
    // Without confirming, the answer is the check page, and nothing has ended.
    expect(unconfirmed).toMatchObject({ endCheck: { endedOn: "2099-05-31", reason: "Moved to another area" } });
    expect(((await run(planLoader, get(path, coordinator), { holderId: w.holder.id })) as { ended: unknown }).ended).toBeNull();
    expect(statusOf(await run(planAction, post(path, { ...ending, confirm: "yes" }, coordinator), { holderId: w.holder.id }))).toBe(302);
    const page = (await run(planLoader, get(path, coordinator), { holderId: w.holder.id })) as { ended: { on: string; reason: string } };
    expect(page.ended).toEqual({ on: "2099-05-31", reason: "Moved to another area" });
    // A second ending is refused; the audit log has the first.
    expect(statusOf(await run(planAction, post(path, { ...ending, confirm: "yes" }, coordinator), { holderId: w.holder.id }))).toBe(400);
    const [audit] = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.commissionerId, w.commissioner.id), eq(auditLog.action, "plan.ended")));
    expect(audit).toMatchObject({ actorUserId: w.coordinator.id, after: { endedOn: "2099-05-31", reason: "Moved to another area" } });
  });
});
