import { describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { postDueInstalments } from "~/ledger/instalments.server";
import { askToReconsider, decideReconsideration, refuseDirectPayment } from "~/plans/holding.server";
import { endPlan } from "~/plans/plan-decisions.server";
import { expectLedgerClean, paidInto } from "./ledger-fixtures";
import { actorOf, approveVersion, planContent, planWorld } from "./plan-fixtures";

const PA = 1_300_000;

describe("a stopped direct payment", () => {
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
});
