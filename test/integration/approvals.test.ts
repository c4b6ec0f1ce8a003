import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { holders, planVersions, users } from "#db/schema";
import { savePlanDraft, startPlanVersion, submitPlan } from "~/plans/plans.server";
import { approvePlan } from "~/plans/plan-decisions.server";
import { loader as homeLoader } from "~/routes/staff._index";
import { action as planAction, loader as planLoader } from "~/routes/staff.holders.$holderId.plan";
import { action as approveAction, loader as checkLoader } from "~/routes/staff.holders.$holderId.plan_.approve";
import { loader as approvedLoader } from "~/routes/staff.holders.$holderId.plan_.approved";
import { insertCommissioner, insertHolder, insertStaff } from "../factories";
import { cookieFor, get, post, run, statusOf } from "../factories/requests";
import { actorOf, planContent } from "./plan-fixtures";

const TODAY = "2026-11-23";
const db = () => getDb();

async function named<T extends { id: string }>(user: T, name: string) {
  await db().update(users).set({ name }).where(eq(users.id, user.id));
  return { ...user, name };
}

/** A commissioner's coordinator and two approvers, with no indicative budgets: every plan needs two approvals. */
async function team() {
  const commissioner = await insertCommissioner();
  const coordinator = await named(await insertStaff(commissioner.id, "coordinator"), "Priya Shah");
  const grace = await named(await insertStaff(commissioner.id, "approver"), "Grace Okafor");
  const daniel = await named(await insertStaff(commissioner.id, "approver"), "Daniel Mensah");
  return { commissioner, coordinator, grace, daniel };
}

/** A holder whose first plan the coordinator has written and submitted, submitted at `submittedAt`. */
async function waitingPlan(t: Awaited<ReturnType<typeof team>>, name: [string, string], submittedAt: Date) {
  const { holder } = await insertHolder(t.commissioner.id);
  await db().update(holders).set({ givenName: name[0], familyName: name[1] }).where(eq(holders.id, holder.id));
  const actor = actorOf(t.coordinator);
  const started = await startPlanVersion(db(), { actor, holderId: holder.id, today: TODAY });
  if (!started.ok) throw new Error(started.message);
  const ids = { holderId: holder.id, planVersionId: started.version.id };
  const content = planContent("2026-12-01", [{ description: "Personal assistant", holding: "notional", amountPence: 1_000_000, outcomePositions: [1] }]);
  const saved = await savePlanDraft(db(), { ...ids, actor, content, today: TODAY });
  if (!saved.ok) throw new Error(saved.message);
  const submitted = await submitPlan(db(), { ...ids, actor });
  if (!submitted.ok) throw new Error(submitted.message);
  await db().update(planVersions).set({ submittedAt }).where(eq(planVersions.id, started.version.id));
  return { holder, ...ids };
}

type HomeData = {
  queue: { holderName: string; stage: string; waited: string; mayApprove: boolean; firstApprover: string | null; whyNot: string | null }[] | null;
};

describe("the approval queue", () => {
  it("lists this commissioner's plans waiting for a first or second approval, the longest wait first, with how long each has waited", async () => {
    const t = await team();
    // Midday on the UK calendar day n days ago: n × 24 hours from now can land on another day near midnight when the
    // clocks change, and the queue counts calendar days in the UK.
    const todayUk = new Date().toLocaleDateString("en-CA", { timeZone: "Europe/London" });
    const daysAgo = (n: number) => new Date(Date.parse(`${todayUk}T12:00:00Z`) - n * 86_400_000);
    await waitingPlan(t, ["Brenda", "Newer"], daysAgo(2));
    const older = await waitingPlan(t, ["Arthur", "Older"], daysAgo(9));
    const second = await waitingPlan(t, ["Carol", "Second"], daysAgo(20));
    await approvePlan(db(), { actor: actorOf(t.grace), holderId: second.holderId, planVersionId: second.planVersionId, today: TODAY });
    await db()
      .update(planVersions)
      .set({ approvedAt: daysAgo(5) })
      .where(eq(planVersions.id, second.planVersionId));
    // Another commissioner's plan never shows.
    await waitingPlan(await team(), ["Elsewhere", "Person"], daysAgo(30));

    const asGrace = (await run(homeLoader, get("/staff", await cookieFor(t.grace.email)))) as HomeData;
    expect(asGrace.queue).toEqual([
      expect.objectContaining({ holderName: "Arthur Older", stage: "first", waited: "9 days", mayApprove: true, firstApprover: null }),
      // A second approval waits from the first.
      expect.objectContaining({
        holderName: "Carol Second",
        stage: "second",
        waited: "5 days",
        mayApprove: false,
        firstApprover: "Grace Okafor",
        whyNot: "You gave the first approval, so a different approver must give the second",
      }),
      expect.objectContaining({ holderName: "Brenda Newer", stage: "first", waited: "2 days", mayApprove: true }),
    ]);
    const asDaniel = (await run(homeLoader, get("/staff", await cookieFor(t.daniel.email)))) as HomeData;
    expect(asDaniel.queue?.find((r) => r.holderName === "Carol Second")).toMatchObject({ mayApprove: true, whyNot: null });

    // Once approved, a plan leaves the queue.
    await approvePlan(db(), { actor: actorOf(t.grace), ...older, today: TODAY });
    await approvePlan(db(), { actor: actorOf(t.daniel), ...older, today: TODAY });
    const after = (await run(homeLoader, get("/staff", await cookieFor(t.grace.email)))) as HomeData;
    expect(after.queue?.map((r) => r.holderName)).toEqual(["Carol Second", "Brenda Newer"]);
  });

  it("is empty when nothing waits, and is not shown to staff who do not approve", async () => {
    const t = await team();
    expect(((await run(homeLoader, get("/staff", await cookieFor(t.grace.email)))) as HomeData).queue).toEqual([]);
    expect(((await run(homeLoader, get("/staff", await cookieFor(t.coordinator.email)))) as HomeData).queue).toBeNull();
  });
});

type PlanData = {
  approval: { stage: string; approveProblem: string | null; rejectProblem: string | null; whoMayApprove: string[]; firstApprover: { name: string } | null };
};
type CheckData = { state: { stage: string; approveProblem: string | null; planVersionId: string } };
type Outcome = { outcome: { title: string; next: string; stage: string } };

describe("approving a plan that needs two approvals", () => {
  it("checks first, records the first approval, offers the first approver nothing more, and the second approver finishes it", async () => {
    const t = await team();
    const plan = await waitingPlan(t, ["Margaret", "Collins"], new Date());
    const path = `/staff/holders/${plan.holderId}/plan`;
    const params = { holderId: plan.holderId };
    const grace = await cookieFor(t.grace.email);
    const daniel = await cookieFor(t.daniel.email);

    // The check step: a summary, and the approval only when confirmed there.
    const check = (await run(checkLoader, get(`${path}/approve`, grace), params)) as CheckData;
    expect(check.state).toMatchObject({ stage: "first", approveProblem: null, planVersionId: plan.planVersionId });
    const first = await run(approveAction, post(`${path}/approve`, { planVersionId: plan.planVersionId }, grace), params);
    expect(statusOf(first)).toBe(302);
    expect((first as Response).headers.get("Location")).toBe(`${path}/approved?version=1`);
    const recorded = (await run(approvedLoader, get(`${path}/approved?version=1`, grace), params)) as Outcome;
    expect(recorded.outcome).toMatchObject({
      stage: "first-approval",
      title: "Your approval is recorded",
      next: "It needs a second approval from Daniel Mensah.",
    });

    // The first approver is told who can give the second, and offered neither approve nor reject.
    const page = (await run(planLoader, get(path, grace), params)) as PlanData;
    expect(page.approval).toMatchObject({
      stage: "second",
      firstApprover: { name: "Grace Okafor" },
      whoMayApprove: ["Daniel Mensah"],
      approveProblem: "You gave the first approval, so a different approver must give the second",
      rejectProblem: "You gave the first approval, so a different approver decides on it now",
    });
    expect(((await run(checkLoader, get(`${path}/approve`, grace), params)) as CheckData).state.approveProblem).toMatch(/different approver/);
    // And the use-cases refuse what the page does not offer.
    const again = await run(approveAction, post(`${path}/approve`, { planVersionId: plan.planVersionId }, grace), params);
    expect(statusOf(again)).toBe(400);
    expect((again as { data: { errors: { message: string }[] } }).data.errors[0].message).toBe(
      "You gave the first approval, so a different approver must give the second",
    );
    const reject = await run(planAction, post(path, { intent: "reject", planVersionId: plan.planVersionId, reason: "Changed my mind" }, grace), params);
    expect(statusOf(reject)).toBe(400);

    // The second approver sees they may give it, and does.
    expect(((await run(planLoader, get(path, daniel), params)) as PlanData).approval.approveProblem).toBeNull();
    const second = await run(approveAction, post(`${path}/approve`, { planVersionId: plan.planVersionId }, daniel), params);
    expect((second as Response).headers.get("Location")).toBe(`${path}/approved?version=1`);
    const done = (await run(approvedLoader, get(`${path}/approved?version=1`, daniel), params)) as Outcome;
    expect(done.outcome).toMatchObject({
      stage: "approved",
      title: "The plan is approved",
      next: "Margaret Collins can now see it and tell us they agree to it.",
    });
    const [version] = await db().select().from(planVersions).where(eq(planVersions.id, plan.planVersionId));
    expect(version).toMatchObject({ status: "approved", approvedBy: t.grace.id, secondApprovedBy: t.daniel.id });

    // Nothing waits now: the check page sends the approver back to the plan.
    const nothing = await run(checkLoader, get(`${path}/approve`, daniel), params);
    expect((nothing as Response).headers.get("Location")).toBe(path);
  });

  it("the coordinator who wrote the plan sees who can approve it, and cannot reach the check step", async () => {
    const t = await team();
    const plan = await waitingPlan(t, ["David", "Okoro"], new Date());
    const path = `/staff/holders/${plan.holderId}/plan`;
    const cookie = await cookieFor(t.coordinator.email);
    const page = (await run(planLoader, get(path, cookie), { holderId: plan.holderId })) as PlanData;
    expect(page.approval).toMatchObject({ stage: "first", whoMayApprove: ["Daniel Mensah", "Grace Okafor"] });
    expect(statusOf(await run(checkLoader, get(`${path}/approve`, cookie), { holderId: plan.holderId }))).toBe(403);
  });
});
