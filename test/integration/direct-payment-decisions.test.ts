import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { arrangements } from "#db/schema";
import { loadHolderMoney } from "~/budgets/money.server";
import { yearShare } from "~/ledger/instalments";
import { loadFundingTerms, postDueInstalments } from "~/ledger/instalments.server";
import { askToReconsider, decideReconsideration, refuseDirectPayment } from "~/plans/holding.server";
import { endPlan } from "~/plans/plan-decisions.server";
import { expectLedgerClean, paidInto } from "./ledger-fixtures";
import { actorOf, approveVersion, planContent, planWorld } from "./plan-fixtures";

const PA = 1_300_000;

describe("a stopped or refused direct payment", () => {
  it("a stopped direct payment stops its instalments; an overturned stop starts them again; the plan's end ends them", async () => {
    const w = await planWorld();
    const db = getDb();
    await approveVersion(
      w,
      planContent("2026-04-01", [{ description: "Personal assistant", amountPence: PA, holding: "direct-payment", outcomePositions: [1] }]),
      "2026-03-25",
    );
    await postDueInstalments(db, { until: "2026-06-01", holderId: w.holder.id });
    const stop = await refuseDirectPayment(db, {
      actor: actorOf(w.coordinator),
      holderId: w.holder.id,
      kind: "stopped",
      reason: "Not spent on the plan",
      effectiveOn: "2026-06-02",
    });
    if (!stop.ok) throw new Error(stop.message);
    await postDueInstalments(db, { until: "2026-08-31", holderId: w.holder.id });
    expect((await paidInto(w.holder.id)).map((i) => i.dueOn)).toEqual(["2026-04-01", "2026-04-29", "2026-05-27"]);

    const asked = await askToReconsider(db, {
      actor: actorOf(w.holderUser),
      holderId: w.holder.id,
      decisionId: stop.decision.id,
      why: "I have a support organisation now",
    });
    if (!asked.ok) throw new Error(asked.message);
    const overturned = await decideReconsideration(db, {
      actor: actorOf(w.coordinator),
      holderId: w.holder.id,
      decisionId: stop.decision.id,
      overturn: true,
      outcome: "Restarted",
      today: "2026-09-01",
    });
    expect(overturned).toMatchObject({ ok: true, decision: { overturnedOn: "2026-09-01" } });
    // The instalment due on 19 August, while stopped, is paid on the day it is overturned; then the regular dates.
    await postDueInstalments(db, { until: "2026-10-31", holderId: w.holder.id });
    expect((await paidInto(w.holder.id)).map((i) => i.dueOn).slice(3)).toEqual(["2026-09-01", "2026-09-16", "2026-10-14"]);

    const ended = await endPlan(db, {
      actor: actorOf(w.coordinator),
      holderId: w.holder.id,
      endedOn: "2026-12-31",
      reason: "Moved to another area",
      today: "2026-11-01",
    });
    expect(ended).toMatchObject({ ok: true });
    await postDueInstalments(db, { until: "2027-12-31", holderId: w.holder.id });
    const all = await paidInto(w.holder.id);
    expect(all.at(-1)!.dueOn).toBe("2026-12-09");
    // What was paid is the share of the days with a direct payment: April to 1 June, 1 September to 31 December.
    expect(all.reduce((t, i) => t + i.amountPence, 0)).toBe(
      Math.max(
        Math.round((PA * 62) / 365) + Math.round((PA * 122) / 365),
        // Instalments are paid in advance: what was paid before the stop stands.
        all.slice(0, 3).reduce((t, i) => t + i.amountPence, 0),
      ),
    );
    await expectLedgerClean(w.commissioner.id);
  });

  it("a refused direct payment pays nothing while refused; overturned on reconsideration it pays again, and the year never more than its share", async () => {
    const w = await planWorld();
    const db = getDb();
    await approveVersion(
      w,
      planContent("2026-04-01", [{ description: "Personal assistant", amountPence: PA, holding: "direct-payment", outcomePositions: [1] }]),
      "2026-03-25",
    );
    // Five instalments of £1,000.00, every four weeks from 1 April; the one on 22 July pays in advance into August.
    await postDueInstalments(db, { until: "2026-07-31", holderId: w.holder.id });
    const beforeRefusal = [
      ["2026-04-01", 100_000],
      ["2026-04-29", 100_000],
      ["2026-05-27", 100_000],
      ["2026-06-24", 100_000],
      ["2026-07-22", 100_000],
    ];
    expect((await paidInto(w.holder.id)).map((i) => [i.dueOn, i.amountPence])).toEqual(beforeRefusal);

    const refusal = await refuseDirectPayment(db, {
      actor: actorOf(w.coordinator),
      holderId: w.holder.id,
      kind: "refused",
      reason: "No one is able to manage the money with you yet",
      effectiveOn: "2026-08-01",
    });
    if (!refusal.ok) throw new Error(refusal.message);
    expect(refusal.decision).toMatchObject({ kind: "refused", effectiveOn: "2026-08-01", overturnedOn: null });
    // Nothing is due while refused: the instalments of 19 August to 11 November are not paid, and nothing is refused by the ledger.
    expect(await postDueInstalments(db, { until: "2026-11-30", holderId: w.holder.id })).toMatchObject({ posted: 0, alreadyPosted: 5, refused: [] });
    expect((await paidInto(w.holder.id)).map((i) => [i.dueOn, i.amountPence])).toEqual(beforeRefusal);
    // The holder's home page shows no next instalment, this year or next.
    const refused = (await loadHolderMoney(db, { holderId: w.holder.id, today: "2026-11-30" }))!;
    expect(refused.accounts).toMatchObject([{ holding: "direct-payment", next: null }]);

    const asked = await askToReconsider(db, {
      actor: actorOf(w.holderUser),
      holderId: w.holder.id,
      decisionId: refusal.decision.id,
      why: "My sister has agreed to manage the account with me",
    });
    if (!asked.ok) throw new Error(asked.message);
    // Still refused while the reconsideration waits.
    expect(await postDueInstalments(db, { until: "2026-11-30", holderId: w.holder.id })).toMatchObject({ posted: 0 });
    const overturned = await decideReconsideration(db, {
      actor: actorOf(w.coordinator),
      holderId: w.holder.id,
      decisionId: refusal.decision.id,
      overturn: true,
      outcome: "Direct payment agreed",
      today: "2026-12-01",
    });
    expect(overturned).toMatchObject({ ok: true, decision: { kind: "refused", overturnedOn: "2026-12-01" } });

    // The year's share is the days with a direct payment: 1 April to 31 July (122 days) and 1 December to 31 March (121).
    const share = Math.round((PA * 122) / 365) + Math.round((PA * 121) / 365);
    expect(share).toBe(865_480);
    const [arrangement] = await db.select().from(arrangements).where(eq(arrangements.holderId, w.holder.id));
    const terms = (await loadFundingTerms(db, arrangement))!;
    expect(yearShare({ yearStart: "2026-04-01", yearEnd: "2027-03-31", rates: terms.rates })).toBe(share);
    // £5,000.00 was paid before the refusal, so the rest of the share, £3,654.80, is spread over what is left of the year.
    const rest = (share - 500_000) / 5;
    expect(rest).toBe(73_096);
    const overturnedMoney = (await loadHolderMoney(db, { holderId: w.holder.id, today: "2026-12-01" }))!;
    expect(overturnedMoney.accounts[0]).toMatchObject({ yearPence: share, next: { dueOn: "2026-12-01", amountPence: rest } });

    // The instalment due on 11 November, while refused, is paid on the day the refusal is overturned; then the regular dates.
    expect(await postDueInstalments(db, { until: "2027-03-31", holderId: w.holder.id })).toMatchObject({ posted: 5, refused: [] });
    const year = (await paidInto(w.holder.id)).filter((i) => i.yearStart === "2026-04-01");
    expect(year.map((i) => [i.number, i.dueOn, i.amountPence])).toEqual([
      ...beforeRefusal.map(([dueOn, pence], k) => [k + 1, dueOn, pence]),
      [9, "2026-12-01", rest],
      [10, "2026-12-09", rest],
      [11, "2027-01-06", rest],
      [12, "2027-02-03", rest],
      [13, "2027-03-03", rest],
    ]);
    expect(year.reduce((t, i) => t + i.amountPence, 0)).toBe(share);
    // Run again: nothing more for the year. The next year is paid in full, every four weeks.
    expect(await postDueInstalments(db, { until: "2027-03-31", holderId: w.holder.id })).toMatchObject({ posted: 0, alreadyPosted: 10 });
    await postDueInstalments(db, { until: "2027-04-30", holderId: w.holder.id });
    expect((await paidInto(w.holder.id)).slice(10).map((i) => [i.yearStart, i.dueOn, i.amountPence])).toEqual([
      ["2027-04-01", "2027-04-01", 100_000],
      ["2027-04-01", "2027-04-29", 100_000],
    ]);
    await expectLedgerClean(w.commissioner.id);
  });
});
