import { describe, expect, it } from "vitest";
import { rejectPlan } from "~/plans/plan-decisions.server";
import { savePlanDraft, startPlanVersion, submitPlan } from "~/plans/plans.server";
import { loader as homeLoader } from "~/routes/_index";
import { loader as planLoader } from "~/routes/plan";
import { loader as caseloadLoader } from "~/routes/staff._index";
import { action as actingForAction } from "~/routes/acting-for";
import { insertRepresentative } from "../factories";
import { cookieFor, get, post, run } from "../factories/requests";
import { actorOf, approveVersion, planContent, planWorld, type PlanWorld } from "./plan-fixtures";

const TODAY = "2026-11-23";
const REASON = "The short breaks need a quote first";

/** Version 1 approved; version 2 drafted by the coordinator and, unless told otherwise, rejected by the approver. */
async function withChange(w: PlanWorld, stage: "draft" | "rejected") {
  const v1 = await approveVersion(
    w,
    planContent("2026-12-01", [{ description: "Personal assistant", holding: "notional", amountPence: 520_000, outcomePositions: [1] }]),
    TODAY,
  );
  const started = await startPlanVersion(w.db, { actor: actorOf(w.coordinator), holderId: w.holder.id, today: TODAY });
  if (!started.ok) throw new Error(started.message);
  const ids = { holderId: w.holder.id, planVersionId: started.version.id };
  const content = planContent("2027-01-01", [{ description: "Short breaks", holding: "notional", amountPence: 900_000, outcomePositions: [1] }]);
  const saved = await savePlanDraft(w.db, { ...ids, actor: actorOf(w.coordinator), content, today: TODAY });
  if (!saved.ok) throw new Error(saved.message);
  if (stage === "rejected") {
    expect(await submitPlan(w.db, { ...ids, actor: actorOf(w.coordinator) })).toMatchObject({ ok: true });
    expect(await rejectPlan(w.db, { ...ids, actor: actorOf(w.approver), reason: REASON })).toMatchObject({ ok: true });
  }
  return v1;
}

type Home = { plan: { approved: { version: number } | null; change: unknown; attention: { text: string }[] } };
type PlanPage = {
  page: { current: { version: number; status: string }; inForceVersion: number | null; change: unknown; versions: { version: number }[] } | null;
};

describe("the plan in force after a rejected change", () => {
  it("stays version 1 for the holder, a representative, the caseload and the support organisation, with the change beside it", async () => {
    const w = await planWorld();
    await withChange(w, "rejected");
    const notAgreed = { version: 2, state: "not-agreed", reason: REASON };

    const holder = await cookieFor(w.holderUser.email);
    const home = (await run(homeLoader, get("/", holder))) as Home;
    expect(home.plan.approved).toMatchObject({ version: 1 });
    expect(home.plan.change).toEqual(notAgreed);
    expect(home.plan.attention.map((a) => a.text)).toContain("Changes to your plan were not agreed: see why. The plan you have still applies");
    expect(home.plan.attention.map((a) => a.text).join()).not.toMatch(/Your plan was not approved/);

    const plan = (await run(planLoader, get("/plan", holder))) as PlanPage;
    expect(plan.page).toMatchObject({ current: { version: 1, status: "approved" }, inForceVersion: 1, change: { ...notAgreed, viewable: true } });
    // The rejected version can still be read, as what it is: not in force.
    const asked = (await run(planLoader, get("/plan?version=2&compare=1", holder))) as PlanPage;
    expect(asked.page).toMatchObject({ current: { version: 2, status: "rejected" }, inForceVersion: 1 });

    const { user: rep } = await insertRepresentative(w.holder, ["view"]);
    const repCookie = await cookieFor(rep.email);
    await run(actingForAction, post("/acting-for", { holderId: w.holder.id }, repCookie));
    const repHome = (await run(homeLoader, get("/", repCookie))) as Home;
    expect(repHome.plan).toMatchObject({ approved: { version: 1 }, change: notAgreed });
    expect(repHome.plan.attention.map((a) => a.text)).toContain(
      `Changes to ${w.holder.givenName}'s plan were not agreed: see why. The plan ${w.holder.givenName} has still applies`,
    );

    const staff = await cookieFor(w.coordinator.email);
    const caseload = (await run(caseloadLoader, get("/staff", staff))) as { rows: { id: string; plan: unknown }[] };
    expect(caseload.rows.find((r) => r.id === w.holder.id)?.plan).toMatchObject({ status: "approved", change: "not-agreed", changeReason: REASON });
    const approvedFilter = (await run(caseloadLoader, get("/staff?plan=approved", staff))) as { rows: { id: string }[] };
    expect(approvedFilter.rows.map((r) => r.id)).toContain(w.holder.id);

    const organisation = await cookieFor(w.organisationUser.email);
    const seen = (await run(planLoader, get(`/plan?holder=${w.holder.id}`, organisation))) as PlanPage;
    expect(seen.page).toMatchObject({ current: { version: 1 }, change: null, versions: [{ version: 1 }] });
    // Nor can it ask for another version by number.
    const other = (await run(planLoader, get(`/plan?holder=${w.holder.id}&version=2`, organisation))) as PlanPage;
    expect(other.page).toMatchObject({ current: { version: 1 }, change: null });
  });

  it("shows a coordinator's draft of changes as being considered, without its content", async () => {
    const w = await planWorld();
    await withChange(w, "draft");
    const holder = await cookieFor(w.holderUser.email);
    const plan = (await run(planLoader, get("/plan", holder))) as PlanPage;
    expect(plan.page).toMatchObject({
      current: { version: 1 },
      change: { version: 2, state: "being-considered", viewable: false },
      versions: [{ version: 1 }],
    });
    const staff = await cookieFor(w.coordinator.email);
    const caseload = (await run(caseloadLoader, get("/staff", staff))) as { rows: { id: string; plan: unknown }[] };
    expect(caseload.rows.find((r) => r.id === w.holder.id)?.plan).toMatchObject({ status: "approved", change: "being-considered" });
  });
});
