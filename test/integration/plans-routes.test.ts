import { describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { listStatementLines } from "~/budgets/statement.server";
import { approvePlan } from "~/plans/plan-decisions.server";
import { savePlanDraft, startPlanVersion, submitPlan } from "~/plans/plans.server";
import { FIVE_CRITERIA } from "~/plans/rules";
import { loader as pdfLoader } from "~/routes/plan[.]pdf";
import { action as editAction } from "~/routes/staff.holders.$holderId.plan_.edit_.$section";
import { loader as staffPlanLoader } from "~/routes/staff.holders.$holderId.plan";
import { action as statementAction } from "~/routes/staff.statement-of-resources";
import { loader as caseloadLoader } from "~/routes/staff._index";
import { loader as holderPlanLoader } from "~/routes/plan";
import { refuseDirectPayment } from "~/plans/holding.server";
import { insertCommissioner, insertHolder, insertStaff } from "../factories";
import { BASE, cookieFor, get, post, run, statusOf } from "../factories/requests";

const HEADER = "cohort,band,service,provider,purpose,costingMethod,unit,unitsPerYear,costPerUnit,includedInPersonalBudgets,availableFrom";

function csvUpload(path: string, csv: string, cookie: string) {
  const form = new FormData();
  form.append("intent", "import");
  form.append("file", new File([csv], "statement.csv", { type: "text/csv" }));
  return new Request(`${BASE}${path}`, { method: "POST", body: form, headers: { Cookie: cookie } });
}

describe("plan and budget routes", () => {
  it("a holder of another commissioner is 404 to staff", async () => {
    const mine = await insertCommissioner();
    const other = await insertCommissioner();
    const coordinator = await insertStaff(mine.id, "coordinator");
    const { holder } = await insertHolder(other.id);
    const cookie = await cookieFor(coordinator.email);
    expect(statusOf(await run(staffPlanLoader, get(`/staff/holders/${holder.id}/plan`, cookie), { holderId: holder.id }))).toBe(404);
    expect(statusOf(await run(editAction, post(`/staff/holders/${holder.id}/plan/edit/about`, {}, cookie), { holderId: holder.id, section: "about" }))).toBe(
      404,
    );
  });

  it("the support section refuses a bad amount with a message for the error summary", async () => {
    const c = await insertCommissioner();
    const coordinator = await insertStaff(c.id, "coordinator");
    const { holder } = await insertHolder(c.id);
    const draft = await startPlanVersion(getDb(), { actor: { userId: coordinator.id, commissionerId: c.id }, holderId: holder.id, today: "2026-11-23" });
    if (!draft.ok) throw new Error(draft.message);
    const cookie = await cookieFor(coordinator.email);
    const result = await run(
      editAction,
      post(
        `/staff/holders/${holder.id}/plan/edit/support`,
        {
          planVersionId: draft.version.id,
          "supportLines[0].description": "PA",
          "supportLines[0].provider": "Jo",
          "supportLines[0].units": "0",
          "supportLines[0].frequency": "a-week",
          "supportLines[0].costPerUnit": "abc",
          "supportLines[0].fundingSource": "nhs",
          "supportLines[0].holding": "notional",
          "supportLines[0].outcomePositions": "1",
        },
        cookie,
      ),
      { holderId: holder.id, section: "support" },
    );
    expect(statusOf(result)).toBe(400);
    // In the order of the fields: units come before the cost per unit on the page.
    expect((result as { data: { errors: { fieldId: string; message: string }[] } }).data.errors).toEqual([
      { fieldId: "supportLines-0-units", message: "The number of units must be between 1 and 100,000" },
      { fieldId: "supportLines-0-costPerUnit", message: "The cost per unit must be a number of pounds and pence, like 12.50" },
    ]);
  });

  it("imports a statement of resources CSV all or nothing, numbering every bad line", async () => {
    const c = await insertCommissioner();
    const coordinator = await insertStaff(c.id, "coordinator");
    const cookie = await cookieFor(coordinator.email);
    const bad = `${HEADER}\nchc,,Care,P,For,local-cost,hour,520,14.50,yes,\nchc,,Nursing,P,For,local-cost,visit,-1,50,yes,\nchc,,Gym,P,For,local-cost,session,4,5.001,yes,\n`;
    const refused = await run(statementAction, csvUpload("/staff/statement-of-resources", bad, cookie));
    expect(statusOf(refused)).toBe(400);
    expect((refused as { data: { errors: { message: string }[] } }).data.errors.map((e) => e.message)).toEqual([
      "Line 3: unitsPerYear: Units per year must be a whole number, like 52",
      "Line 4: costPerUnit: The cost per unit must not have more than 2 decimal places, like 12.50",
    ]);
    expect(await listStatementLines(getDb(), { commissionerId: c.id })).toEqual([]);
    const good = await run(statementAction, csvUpload("/staff/statement-of-resources", `${HEADER}\nchc,,Care,P,For,local-cost,hour,520,14.50,yes,\n`, cookie));
    expect(statusOf(good)).toBe(302);
    expect(await listStatementLines(getDb(), { commissionerId: c.id })).toMatchObject([{ service: "Care", costPerUnitPence: 1_450, unitsPerYear: 520 }]);
  });

  it("the holder downloads the plan as a PDF", async () => {
    const c = await insertCommissioner();
    const coordinator = await insertStaff(c.id, "coordinator");
    const approver = await insertStaff(c.id, "approver");
    const { holder, user } = await insertHolder(c.id);
    const db = getDb();
    const actor = { userId: coordinator.id, commissionerId: c.id };
    const draft = await startPlanVersion(db, { actor, holderId: holder.id, today: "2026-11-23" });
    if (!draft.ok) throw new Error(draft.message);
    await savePlanDraft(db, {
      actor,
      holderId: holder.id,
      planVersionId: draft.version.id,
      today: "2026-11-23",
      content: {
        startsOn: "2026-12-01",
        whatMatters: "Home",
        whoWasInvolved: "Me",
        criteriaMet: FIVE_CRITERIA.map((k) => k.key),
        contingencyPence: 0,
        firstReviewOn: "2027-03-01",
        reviewEveryMonths: 12,
        outcomes: [{ outcome: "Walk", howWillYouKnow: "I walk" }],
        supportLines: [
          {
            description: "Physio",
            provider: "NHS",
            units: 1,
            frequency: "a-week",
            costPerUnitPence: 4_000,
            fundingSource: "nhs",
            holding: "notional",
            thirdPartyOrganisationId: null,
            outcomePositions: [1],
          },
        ],
      },
    });
    await submitPlan(db, { actor, holderId: holder.id, planVersionId: draft.version.id });
    await approvePlan(db, { actor: { userId: approver.id, commissionerId: c.id }, holderId: holder.id, planVersionId: draft.version.id, today: "2026-11-23" });
    const response = (await run(pdfLoader, get("/plan.pdf", await cookieFor(user!.email)))) as Response;
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("application/pdf");
    expect(
      Buffer.from(await response.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe("%PDF-");
  });

  it("the caseload filters by plan status and shows plan status, budget and next review", async () => {
    const c = await insertCommissioner();
    const coordinator = await insertStaff(c.id, "coordinator");
    const { holder: withDraft } = await insertHolder(c.id);
    const { holder: without } = await insertHolder(c.id);
    await startPlanVersion(getDb(), { actor: { userId: coordinator.id, commissionerId: c.id }, holderId: withDraft.id, today: "2026-11-23" });
    const cookie = await cookieFor(coordinator.email);
    const drafts = (await run(caseloadLoader, get("/staff?plan=draft", cookie))) as { rows: { id: string; plan: { status: string } | null }[] };
    expect(drafts.rows.map((r) => r.id)).toEqual([withDraft.id]);
    expect(drafts.rows[0].plan).toMatchObject({ status: "draft", nextReviewOn: null });
    const none = (await run(caseloadLoader, get("/staff?plan=none", cookie))) as { rows: { id: string }[] };
    expect(none.rows.map((r) => r.id)).toEqual([without.id]);
  });

  it("a direct payment refusal, its reason and date are on the holder's plan page", async () => {
    const c = await insertCommissioner();
    const coordinator = await insertStaff(c.id, "coordinator");
    const { holder, user } = await insertHolder(c.id);
    await refuseDirectPayment(getDb(), {
      actor: { userId: coordinator.id, commissionerId: c.id },
      holderId: holder.id,
      kind: "stopped",
      reason: "The account was used for things the plan does not cover",
      effectiveOn: "2026-11-01",
    });
    const page = (await run(holderPlanLoader, get("/plan", await cookieFor(user!.email)))) as {
      decisions: { kind: string; reason: string; effectiveOn: string }[];
    };
    expect(page.decisions).toMatchObject([{ kind: "stopped", reason: "The account was used for things the plan does not cover", effectiveOn: "2026-11-01" }]);
  });
});
