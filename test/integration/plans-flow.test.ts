import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { arrangements, auditLog, budgetSettingRules, budgets, instalments, planVersions } from "#db/schema";
import { listArrangements } from "~/budgets/arrangements.server";
import { postDueInstalments } from "~/ledger/instalments.server";
import type { Actor } from "~/audit/audit.server";
import {
  addStatementLines,
  calculateIndicativeBudget,
  editStatementLine,
  listIndicativeBudgets,
  recalculateIndicativeBudget,
} from "~/budgets/statement.server";
import {
  askToReconsider,
  decideHoldingChange,
  decideReconsideration,
  listDirectPaymentDecisions,
  refuseDirectPayment,
  requestHoldingChange,
} from "~/plans/holding.server";
import { agreePlan, approvePlan, rejectPlan } from "~/plans/plan-decisions.server";
import { savePlanDraft, startPlanVersion, submitPlan, type PlanContent } from "~/plans/plans.server";
import { loadPlan } from "~/plans/plan-views.server";
import { FIVE_CRITERIA } from "~/plans/rules";
import { insertCommissioner, insertHolder, insertRepresentative, insertStaff, insertSupportOrganisation } from "../factories";
import { confirmEverySection } from "./plan-fixtures";

const TODAY = "2026-11-23";
const actorOf = (user: { id: string; commissionerId: string }): Actor => ({ userId: user.id, commissionerId: user.commissionerId });

async function world() {
  const commissioner = await insertCommissioner();
  const coordinator = await insertStaff(commissioner.id, "coordinator");
  const approver = await insertStaff(commissioner.id, "approver");
  const approver2 = await insertStaff(commissioner.id, "approver");
  const coordinatorApprover = await insertStaff(commissioner.id, "coordinator", "approver");
  const { holder, user: holderUser } = await insertHolder(commissioner.id);
  const { organisation } = await insertSupportOrganisation(commissioner.id, [holder.id]);
  return { commissioner, coordinator, approver, approver2, coordinatorApprover, holder, holderUser: holderUser!, organisation };
}

const resourceLine = (over: Record<string, unknown>) => ({
  cohort: "chc" as const,
  band: null,
  provider: "Leicestershire Community Services",
  purpose: "Personal care at home",
  costingMethod: "local-cost" as const,
  unit: "hour",
  unitsPerYear: 1,
  costPerUnitPence: 100,
  includedInPersonalBudgets: true,
  availableFrom: null,
  service: "Personal care",
  ...over,
});

function content(over: Partial<PlanContent> = {}): PlanContent {
  return {
    startsOn: "2026-12-01",
    whatMatters: "Staying at home with my family and getting out to the allotment.",
    whoWasInvolved: "Me, my daughter Jo and my nurse. I chose them.",
    criteriaMet: FIVE_CRITERIA.map((c) => c.key),
    contingencyPence: 50_000,
    firstReviewOn: "2027-03-01",
    reviewEveryMonths: 12,
    outcomes: [
      { outcome: "Get up and washed at the time I choose", howWillYouKnow: "I am ready by 9am on most days" },
      { outcome: "Get to the allotment every week", howWillYouKnow: "I go at least once a week" },
    ],
    supportLines: [
      {
        description: "Personal assistant for personal care",
        provider: "Jane Smith (PA)",
        units: 10,
        frequency: "a-week",
        costPerUnitPence: 1_500,
        fundingSource: "nhs",
        holding: "direct-payment",
        thirdPartyOrganisationId: null,
        outcomePositions: [1],
      },
      {
        description: "Community nursing",
        provider: "Leicestershire Community Services",
        units: 2,
        frequency: "a-month",
        costPerUnitPence: 5_000,
        fundingSource: "nhs",
        holding: "notional",
        thirdPartyOrganisationId: null,
        outcomePositions: [1],
      },
      {
        description: "Transport to the allotment",
        provider: "Social care",
        units: 1,
        frequency: "a-week",
        costPerUnitPence: 2_000,
        fundingSource: "local-authority",
        holding: "notional",
        thirdPartyOrganisationId: null,
        outcomePositions: [2],
      },
    ],
    ...over,
  };
}

describe("statement of resources -> indicative budget -> plan -> submit -> approve -> arrangements", () => {
  it("runs the whole flow with four eyes, the threshold and the arrangements the money is held in", async () => {
    const w = await world();
    const db = getDb();

    // Statement of resources: 3 lines, one not available until next year, one for another band.
    const [care, nursing, later, high] = await addStatementLines(db, {
      actor: actorOf(w.coordinator),
      commissionerId: w.commissioner.id,
      lines: [
        resourceLine({ service: "Personal care", unitsPerYear: 520, costPerUnitPence: 1_450, band: "Medium" }),
        resourceLine({ service: "Community nursing", unit: "visit", unitsPerYear: 24, costPerUnitPence: 5_000 }),
        resourceLine({ service: "Day opportunities", unit: "session", unitsPerYear: 50, costPerUnitPence: 3_000, availableFrom: "2027-04-01" }),
        resourceLine({ service: "Waking nights", unit: "night", unitsPerYear: 100, costPerUnitPence: 15_000, band: "High" }),
      ],
    });

    // Indicative budget: 520 x £14.50 + 24 x £50.00 = £7,540 + £1,200 = £8,740.00; the later and High lines are out.
    const indicative = await calculateIndicativeBudget(db, {
      actor: actorOf(w.coordinator),
      holderId: w.holder.id,
      lineKeys: [care.lineKey, nursing.lineKey, later.lineKey, high.lineKey],
      band: "Medium",
      on: TODAY,
    });
    expect(indicative).toMatchObject({ ok: true, indicative: { version: 1, totalPence: 874_000 } });

    // The statement changes: a new version of the line; recalculating makes a new indicative version, the old kept.
    const edited = await editStatementLine(db, {
      actor: actorOf(w.coordinator),
      commissionerId: w.commissioner.id,
      lineKey: care.lineKey,
      line: { ...resourceLine({ service: "Personal care", unitsPerYear: 520, costPerUnitPence: 1_500, band: "Medium" }) },
    });
    expect(edited).toMatchObject({ ok: true, line: { version: 2 } });
    const again = await recalculateIndicativeBudget(db, { actor: actorOf(w.coordinator), holderId: w.holder.id, on: TODAY });
    expect(again).toMatchObject({ ok: true, indicative: { version: 2, totalPence: 900_000 } });
    expect((await listIndicativeBudgets(db, w.holder.id)).map((i) => i.totalPence)).toEqual([900_000, 874_000]);

    // The plan: a draft, saved, then refused submission until all five criteria are met.
    const draft = await startPlanVersion(db, { actor: actorOf(w.coordinatorApprover), holderId: w.holder.id, today: TODAY });
    if (!draft.ok) throw new Error(draft.message);
    const versionId = draft.version.id;
    const pastReview = await savePlanDraft(db, {
      actor: actorOf(w.coordinatorApprover),
      holderId: w.holder.id,
      planVersionId: versionId,
      content: content({ firstReviewOn: "2026-11-01" }),
      today: TODAY,
    });
    expect(pastReview).toEqual({ ok: false, message: "The first review date must be today or in the future" });
    expect(
      await savePlanDraft(db, {
        actor: actorOf(w.coordinatorApprover),
        holderId: w.holder.id,
        planVersionId: versionId,
        content: content({ criteriaMet: ["person-central"] }),
        today: TODAY,
      }),
    ).toMatchObject({ ok: true });
    expect(await submitPlan(db, { actor: actorOf(w.coordinatorApprover), holderId: w.holder.id, planVersionId: versionId })).toMatchObject({
      ok: false,
      message: "All five criteria must be met before the plan is submitted: 4 not met yet",
    });
    await savePlanDraft(db, { actor: actorOf(w.coordinatorApprover), holderId: w.holder.id, planVersionId: versionId, content: content(), today: TODAY });

    // Final budget: 10 x 52 x £15 = £7,800 + 2 x 12 x £50 = £1,200 + 52 x £20 = £1,040 + £500 contingency = £10,540.
    // Difference from £9,000 indicative: £1,540 = 17.1%, over the 10% threshold: two approvals.
    const submitted = await submitPlan(db, { actor: actorOf(w.coordinatorApprover), holderId: w.holder.id, planVersionId: versionId });
    expect(submitted).toMatchObject({
      ok: true,
      finalPence: 1_054_000,
      indicativePence: 900_000,
      differencePence: 154_000,
      needsSecondApproval: true,
      thresholdPercent: 10,
    });
    expect(
      await savePlanDraft(db, { actor: actorOf(w.coordinator), holderId: w.holder.id, planVersionId: versionId, content: content(), today: TODAY }),
    ).toMatchObject({ ok: false });

    // Four eyes: the coordinator who wrote it is also an approver, and still may not approve it.
    expect(await approvePlan(db, { actor: actorOf(w.coordinatorApprover), holderId: w.holder.id, planVersionId: versionId, today: TODAY })).toEqual({
      ok: false,
      message: "You wrote, changed or submitted this version of the plan, so someone else must approve it",
    });
    expect(await approvePlan(db, { actor: actorOf(w.approver), holderId: w.holder.id, planVersionId: versionId, today: TODAY })).toMatchObject({
      ok: true,
      stage: "first-approval",
    });
    expect(await approvePlan(db, { actor: actorOf(w.approver), holderId: w.holder.id, planVersionId: versionId, today: TODAY })).toMatchObject({ ok: false });
    const approved = await approvePlan(db, { actor: actorOf(w.approver2), holderId: w.holder.id, planVersionId: versionId, today: TODAY });
    if (!approved.ok || approved.stage !== "approved") throw new Error(JSON.stringify(approved));

    // The budget, split by how it is held, applying from the plan's start; an arrangement with its account for each way
    // the money is held.
    expect(approved.budget).toMatchObject({ startsOn: "2026-12-01", notionalPence: 274_000, thirdPartyPence: 0, directPaymentPence: 780_000 });
    expect(approved.version.inForceFrom).toBe("2026-12-01");
    const held = await listArrangements(db, w.holder.id);
    expect(held.map((a) => [a.holding, a.accountIds.length])).toEqual([
      ["direct-payment", 1],
      ["notional", 1],
    ]);
    expect(approved.version).toMatchObject({ status: "approved", approvedBy: w.approver.id, secondApprovedBy: w.approver2.id });

    // Read-only: saving the approved version is refused; a change starts version 2 copied from it.
    expect(
      await savePlanDraft(db, { actor: actorOf(w.coordinator), holderId: w.holder.id, planVersionId: versionId, content: content(), today: TODAY }),
    ).toMatchObject({
      ok: false,
      message: "This version of the plan can no longer be changed: start a new version",
    });
    const v2 = await startPlanVersion(db, { actor: actorOf(w.coordinator), holderId: w.holder.id, today: TODAY });
    expect(v2).toMatchObject({ ok: true, created: true, version: { version: 2, status: "draft" } });

    // The holder agrees online.
    expect(await agreePlan(db, { actor: actorOf(w.holderUser), holderId: w.holder.id, planVersionId: versionId })).toMatchObject({
      ok: true,
      version: { agreedBy: w.holderUser.id },
    });

    const audit = await db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.commissionerId, w.commissioner.id));
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining([
        "statement-of-resources.line-added",
        "statement-of-resources.line-changed",
        "indicative-budget.calculated",
        "plan.draft-saved",
        "plan.submitted",
        "plan.first-approval",
        "plan.approved",
        "plan.agreed",
      ]),
    );
  });

  it("within the threshold one approval is enough; a rejection keeps its reason; a holder of another commissioner is not found", async () => {
    const w = await world();
    const db = getDb();
    const [line] = await addStatementLines(db, {
      actor: actorOf(w.coordinator),
      commissionerId: w.commissioner.id,
      lines: [resourceLine({ unitsPerYear: 1, costPerUnitPence: 1_000_000 })],
    });
    await calculateIndicativeBudget(db, { actor: actorOf(w.coordinator), holderId: w.holder.id, lineKeys: [line.lineKey], band: null, on: TODAY });
    const draft = await startPlanVersion(db, { actor: actorOf(w.coordinator), holderId: w.holder.id, today: TODAY });
    if (!draft.ok) throw new Error(draft.message);
    await savePlanDraft(db, { actor: actorOf(w.coordinator), holderId: w.holder.id, planVersionId: draft.version.id, content: content(), today: TODAY });
    expect(await submitPlan(db, { actor: actorOf(w.coordinator), holderId: w.holder.id, planVersionId: draft.version.id })).toMatchObject({
      ok: true,
      differencePence: 54_000,
      needsSecondApproval: false,
    });
    expect(await rejectPlan(db, { actor: actorOf(w.approver), holderId: w.holder.id, planVersionId: draft.version.id, reason: "" })).toMatchObject({
      ok: false,
    });
    expect(
      await rejectPlan(db, {
        actor: actorOf(w.approver),
        holderId: w.holder.id,
        planVersionId: draft.version.id,
        reason: "The transport is paid for by social care already",
      }),
    ).toMatchObject({ ok: true });
    const plan = await loadPlan(db, { holderId: w.holder.id });
    expect(plan?.current).toMatchObject({ status: "rejected", rejectionReason: "The transport is paid for by social care already" });

    const v2 = await startPlanVersion(db, { actor: actorOf(w.coordinator), holderId: w.holder.id, today: TODAY });
    if (!v2.ok) throw new Error(v2.message);
    await confirmEverySection(db, { actor: actorOf(w.coordinator), holderId: w.holder.id, planVersionId: v2.version.id, today: TODAY });
    await submitPlan(db, { actor: actorOf(w.coordinator), holderId: w.holder.id, planVersionId: v2.version.id });
    expect(await approvePlan(db, { actor: actorOf(w.approver), holderId: w.holder.id, planVersionId: v2.version.id, today: TODAY })).toMatchObject({
      ok: true,
      stage: "approved",
    });

    const other = await insertCommissioner();
    const { holder: stranger } = await insertHolder(other.id);
    expect(await approvePlan(db, { actor: actorOf(w.approver), holderId: stranger.id, planVersionId: v2.version.id, today: TODAY })).toEqual({
      ok: false,
      message: "There is no such plan version",
    });
  });
});

describe("how the budget is held", () => {
  it("a DP refusal with its reason and date is visible to the holder, blocks a DP plan, and can be reconsidered", async () => {
    const w = await world();
    const db = getDb();
    const refusal = await refuseDirectPayment(db, {
      actor: actorOf(w.coordinator),
      holderId: w.holder.id,
      kind: "refused",
      reason: "Money from the last direct payment was not spent on the plan",
      effectiveOn: "2026-11-20",
    });
    if (!refusal.ok) throw new Error(refusal.message);
    // Visible to the holder: what their pages load.
    expect(await listDirectPaymentDecisions(db, w.holder.id)).toMatchObject([
      { kind: "refused", reason: "Money from the last direct payment was not spent on the plan", effectiveOn: "2026-11-20" },
    ]);

    const draft = await startPlanVersion(db, { actor: actorOf(w.coordinator), holderId: w.holder.id, today: TODAY });
    if (!draft.ok) throw new Error(draft.message);
    await savePlanDraft(db, { actor: actorOf(w.coordinator), holderId: w.holder.id, planVersionId: draft.version.id, content: content(), today: TODAY });
    await submitPlan(db, { actor: actorOf(w.coordinator), holderId: w.holder.id, planVersionId: draft.version.id });
    // While the refusal stands, a plan with a direct payment share cannot be approved.
    expect(await approvePlan(db, { actor: actorOf(w.approver), holderId: w.holder.id, planVersionId: draft.version.id, today: TODAY })).toMatchObject({
      ok: false,
      message: expect.stringMatching(/direct payment has been refused/),
    });

    const { user: rep } = await insertRepresentative(w.holder, ["view", "agree-plans"]);
    expect(
      await askToReconsider(db, {
        actor: { ...actorOf(rep), onBehalfOfHolderId: w.holder.id },
        holderId: w.holder.id,
        decisionId: refusal.decision.id,
        why: "We have a new support organisation to help",
      }),
    ).toMatchObject({ ok: true, decision: { reconsiderStatus: "pending" } });
    expect(
      await decideReconsideration(db, {
        actor: actorOf(w.coordinator),
        holderId: w.holder.id,
        decisionId: refusal.decision.id,
        overturn: true,
        outcome: "With the support organisation in place, the direct payment can start",
        today: TODAY,
      }),
    ).toMatchObject({ ok: true, decision: { reconsiderStatus: "accepted" } });
    // No indicative budget, so two approvals.
    expect(await approvePlan(db, { actor: actorOf(w.approver), holderId: w.holder.id, planVersionId: draft.version.id, today: TODAY })).toMatchObject({
      ok: true,
      stage: "first-approval",
    });
    const approved = await approvePlan(db, { actor: actorOf(w.approver2), holderId: w.holder.id, planVersionId: draft.version.id, today: TODAY });
    if (!approved.ok || approved.stage !== "approved") throw new Error("not approved");

    // Stopping the direct payment later: nothing is paid from the day of the decision.
    await refuseDirectPayment(db, {
      actor: actorOf(w.coordinator),
      holderId: w.holder.id,
      kind: "stopped",
      reason: "Not spent on the plan's outcomes",
      effectiveOn: "2027-01-10",
    });
    await postDueInstalments(db, { until: "2027-06-30", holderId: w.holder.id });
    const paid = await db
      .select()
      .from(instalments)
      .innerJoin(arrangements, eq(arrangements.id, instalments.arrangementId))
      .where(eq(arrangements.holderId, w.holder.id));
    expect(paid.map((p) => p.instalments.dueOn).sort()).toEqual(["2026-12-01", "2026-12-29"]);
  });

  it("uses the commissioner's own threshold for a second approval", async () => {
    const w = await world();
    const db = getDb();
    await db.insert(budgetSettingRules).values({ commissionerId: w.commissioner.id, secondApprovalThresholdPercent: 20 });
    const [line] = await addStatementLines(db, {
      actor: actorOf(w.coordinator),
      commissionerId: w.commissioner.id,
      lines: [resourceLine({ unitsPerYear: 1, costPerUnitPence: 900_000 })],
    });
    await calculateIndicativeBudget(db, { actor: actorOf(w.coordinator), holderId: w.holder.id, lineKeys: [line.lineKey], band: null, on: TODAY });
    const draft = await startPlanVersion(db, { actor: actorOf(w.coordinator), holderId: w.holder.id, today: TODAY });
    if (!draft.ok) throw new Error(draft.message);
    await savePlanDraft(db, { actor: actorOf(w.coordinator), holderId: w.holder.id, planVersionId: draft.version.id, content: content(), today: TODAY });
    // £10,540 against £9,000 is 17.1%: within 20%, so one approval.
    expect(await submitPlan(db, { actor: actorOf(w.coordinator), holderId: w.holder.id, planVersionId: draft.version.id })).toMatchObject({
      ok: true,
      thresholdPercent: 20,
      needsSecondApproval: false,
    });
  });

  it("the holder asks to hold a line differently; staff accept into a new draft or decline with a reason", async () => {
    const w = await world();
    const db = getDb();
    const draft = await startPlanVersion(db, { actor: actorOf(w.coordinator), holderId: w.holder.id, today: TODAY });
    if (!draft.ok) throw new Error(draft.message);
    await savePlanDraft(db, { actor: actorOf(w.coordinator), holderId: w.holder.id, planVersionId: draft.version.id, content: content(), today: TODAY });
    await submitPlan(db, { actor: actorOf(w.coordinator), holderId: w.holder.id, planVersionId: draft.version.id });
    await approvePlan(db, { actor: actorOf(w.approver), holderId: w.holder.id, planVersionId: draft.version.id, today: TODAY });
    await approvePlan(db, { actor: actorOf(w.approver2), holderId: w.holder.id, planVersionId: draft.version.id, today: TODAY });
    const plan = await loadPlan(db, { holderId: w.holder.id });
    const nursing = plan!.content!.supportLines[1];

    const asked = await requestHoldingChange(db, {
      actor: actorOf(w.holderUser),
      holderId: w.holder.id,
      planVersionId: draft.version.id,
      lineKey: nursing.lineKey,
      requestedHolding: "third-party",
      why: "I would like the support organisation to pay",
    });
    if (!asked.ok) throw new Error(asked.message);
    const declined = await decideHoldingChange(db, {
      actor: actorOf(w.coordinator),
      holderId: w.holder.id,
      requestId: asked.request.id,
      accept: false,
      reason: "Community nursing is only available as a notional budget",
      today: TODAY,
    });
    expect(declined).toMatchObject({ ok: true, request: { status: "declined", decisionReason: "Community nursing is only available as a notional budget" } });

    const transport = plan!.content!.supportLines[2];
    const asked2 = await requestHoldingChange(db, {
      actor: actorOf(w.holderUser),
      holderId: w.holder.id,
      planVersionId: draft.version.id,
      lineKey: transport.lineKey,
      requestedHolding: "direct-payment",
      why: "I can book my own taxi",
    });
    if (!asked2.ok) throw new Error(asked2.message);
    const accepted = await decideHoldingChange(db, {
      actor: actorOf(w.coordinator),
      holderId: w.holder.id,
      requestId: asked2.request.id,
      accept: true,
      reason: "",
      today: TODAY,
    });
    expect(accepted).toMatchObject({ ok: true, request: { status: "accepted" } });
    const v2 = await loadPlan(db, { holderId: w.holder.id });
    expect(v2!.current).toMatchObject({ version: 2, status: "draft" });
    expect(v2!.content!.supportLines[2]).toMatchObject({ lineKey: transport.lineKey, holding: "direct-payment" });
    const [budget] = await db.select().from(budgets).where(eq(budgets.holderId, w.holder.id));
    expect(budget.directPaymentPence).toBe(780_000);
  });
});

describe("four eyes when one person holds two roles", () => {
  const FOUR_EYES = "You wrote, changed or submitted this version of the plan, so someone else must approve it";

  /** Everything approving or rejecting could change: the version, the budgets, the arrangements, the audit log. */
  async function snapshot(holderId: string, planVersionId: string) {
    const db = getDb();
    return {
      version: await db.select().from(planVersions).where(eq(planVersions.id, planVersionId)),
      budgets: await db.select().from(budgets).where(eq(budgets.holderId, holderId)),
      arrangements: await db.select().from(arrangements).where(eq(arrangements.holderId, holderId)),
      audit: await db.select().from(auditLog).where(eq(auditLog.entityId, planVersionId)),
    };
  }

  it("a coordinator-approver who saved an earlier draft cannot approve or reject it after someone else saved last; a third approver can", async () => {
    const w = await world();
    const db = getDb();
    const x = w.coordinatorApprover;
    const y = w.coordinator;
    const ids = { holderId: w.holder.id };
    const started = await startPlanVersion(db, { actor: actorOf(y), ...ids, today: TODAY });
    if (!started.ok) throw new Error(started.message);
    const planVersionId = started.version.id;
    expect(await savePlanDraft(db, { actor: actorOf(x), ...ids, planVersionId, content: content({ contingencyPence: 10_000 }), today: TODAY })).toMatchObject({
      ok: true,
    });
    expect(await savePlanDraft(db, { actor: actorOf(y), ...ids, planVersionId, content: content(), today: TODAY })).toMatchObject({ ok: true });
    expect(await submitPlan(db, { actor: actorOf(y), ...ids, planVersionId })).toMatchObject({ ok: true });

    const before = await snapshot(w.holder.id, planVersionId);
    expect(await approvePlan(db, { actor: actorOf(x), ...ids, planVersionId, today: TODAY })).toEqual({ ok: false, message: FOUR_EYES });
    expect(await rejectPlan(db, { actor: actorOf(x), ...ids, planVersionId, reason: "Not like this" })).toEqual({
      ok: false,
      message: "You wrote, changed or submitted this version of the plan, so someone else must decide on it",
    });
    expect(await snapshot(w.holder.id, planVersionId)).toEqual(before);

    expect(await approvePlan(db, { actor: actorOf(w.approver), ...ids, planVersionId, today: TODAY })).toMatchObject({ ok: true });
  });

  it("accepting a request to hold a line differently into someone else's draft counts as changing it", async () => {
    const w = await world();
    const db = getDb();
    const ids = { holderId: w.holder.id };
    const v1 = await startPlanVersion(db, { actor: actorOf(w.coordinator), ...ids, today: TODAY });
    if (!v1.ok) throw new Error(v1.message);
    await savePlanDraft(db, { actor: actorOf(w.coordinator), ...ids, planVersionId: v1.version.id, content: content(), today: TODAY });
    await submitPlan(db, { actor: actorOf(w.coordinator), ...ids, planVersionId: v1.version.id });
    await approvePlan(db, { actor: actorOf(w.approver), ...ids, planVersionId: v1.version.id, today: TODAY });
    await approvePlan(db, { actor: actorOf(w.approver2), ...ids, planVersionId: v1.version.id, today: TODAY });
    const transport = (await loadPlan(db, ids))!.content!.supportLines[2];

    const v2 = await startPlanVersion(db, { actor: actorOf(w.coordinator), ...ids, today: TODAY });
    if (!v2.ok) throw new Error(v2.message);
    const asked = await requestHoldingChange(db, {
      actor: actorOf(w.holderUser),
      ...ids,
      planVersionId: v1.version.id,
      lineKey: transport.lineKey,
      requestedHolding: "direct-payment",
      why: "I can book my own taxi",
    });
    if (!asked.ok) throw new Error(asked.message);
    const accepted = await decideHoldingChange(db, {
      actor: actorOf(w.coordinatorApprover),
      ...ids,
      requestId: asked.request.id,
      accept: true,
      reason: "",
      today: TODAY,
    });
    expect(accepted).toMatchObject({ ok: true, draftId: v2.version.id });
    await confirmEverySection(db, { actor: actorOf(w.coordinator), ...ids, planVersionId: v2.version.id, today: TODAY });
    await submitPlan(db, { actor: actorOf(w.coordinator), ...ids, planVersionId: v2.version.id });

    expect(await approvePlan(db, { actor: actorOf(w.coordinatorApprover), ...ids, planVersionId: v2.version.id, today: TODAY })).toEqual({
      ok: false,
      message: FOUR_EYES,
    });
    expect(await approvePlan(db, { actor: actorOf(w.approver), ...ids, planVersionId: v2.version.id, today: TODAY })).toMatchObject({ ok: true });
  });
});
