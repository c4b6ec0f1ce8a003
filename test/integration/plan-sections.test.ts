import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { planOutcomes, planSupportLines, planVersions } from "#db/schema";
import { startPlanVersion } from "~/plans/plans.server";
import { pastDates, sectionStatus } from "~/plans/sections";
import { action as checkAction, loader as checkLoader } from "~/routes/staff.holders.$holderId.plan_.edit_.check";
import { action as sectionAction } from "~/routes/staff.holders.$holderId.plan_.edit_.$section";
import { loader as taskListLoader } from "~/routes/staff.holders.$holderId.plan_.edit";
import { BASE, cookieFor, get, post, run, statusOf } from "../factories/requests";
import { rowCounts } from "../factories/row-counts";
import { actorOf, approveVersion, planContent, planWorld } from "./plan-fixtures";

/**
 * The first version was agreed in April; the change is drafted later, so its carried dates are past (the routes
 * read today's date, which is after April 2026 wherever these tests run).
 */
const APPROVED_ON = "2026-04-01";
const TODAY = "2026-11-23";

type Errors = { data: { errors: { fieldId: string; message: string }[] } };

async function draftOfChange() {
  const w = await planWorld();
  await approveVersion(
    w,
    planContent(APPROVED_ON, [{ description: "Personal assistant", amountPence: 520_000, holding: "notional", outcomePositions: [1] }]),
    APPROVED_ON,
  );
  const started = await startPlanVersion(getDb(), { actor: actorOf(w.coordinator), holderId: w.holder.id, today: TODAY });
  if (!started.ok) throw new Error(started.message);
  return { w, draft: started.version, cookie: await cookieFor(w.coordinator.email), base: `/staff/holders/${w.holder.id}/plan/edit` };
}

const versionRow = async (id: string) => (await getDb().select().from(planVersions).where(eq(planVersions.id, id)))[0];

describe("the plan's task list", () => {
  it("starts a new version with the five criteria unconfirmed, no section completed and the carried past dates flagged", async () => {
    const { w, draft, cookie, base } = await draftOfChange();
    expect(draft).toMatchObject({ version: 2, criteriaMet: [], completedSections: [], startsOn: APPROVED_ON, firstReviewOn: APPROVED_ON });
    expect(pastDates(draft, TODAY)).toEqual(["startsOn", "firstReviewOn"]);

    const list = (await run(taskListLoader, get(base, cookie), { holderId: w.holder.id })) as { sections: { key: string; status: string }[] };
    expect(list.sections.map((s) => [s.key, s.status])).toEqual([
      ["about", "incomplete"],
      ["outcomes", "incomplete"],
      ["support", "incomplete"],
      ["dates", "incomplete"],
      ["criteria", "not-started"],
    ]);
    expect(sectionStatus("criteria", { ...draft, outcomeCount: 1, supportLineCount: 1 })).toBe("not-started");

    // Saving the dates as carried is refused until each past date is confirmed as right.
    const dates = { planVersionId: draft.id, "startsOn-day": "1", "startsOn-month": "4", "startsOn-year": "2026", reviewEveryMonths: "12" };
    const review = { "firstReviewOn-day": "1", "firstReviewOn-month": "4", "firstReviewOn-year": "2026" };
    const refused = await run(sectionAction, post(`${base}/dates`, { ...dates, ...review }, cookie), { holderId: w.holder.id, section: "dates" });
    expect(statusOf(refused)).toBe(400);
    expect((refused as Errors).data.errors.map((e) => e.fieldId)).toEqual(["startsOnPastConfirmed", "firstReviewOnPastConfirmed"]);
    expect((refused as Errors).data.errors[0].message).toBe(
      "The start date, 1 April 2026, is in the past. Check it is right, then tick the box to say so, or change it",
    );
    expect((await versionRow(draft.id)).completedSections).toEqual([]);

    // Both confirmed as right (the boxes come in as several values of one field): saved, and the section completed.
    const body = new URLSearchParams({ ...dates, ...review });
    body.append("confirmedPast", "startsOn");
    body.append("confirmedPast", "firstReviewOn");
    const saved = await run(
      sectionAction,
      new Request(`${BASE}${base}/dates`, { method: "POST", body, headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie } }),
      { holderId: w.holder.id, section: "dates" },
    );
    expect(statusOf(saved)).toBe(302);
    expect(await versionRow(draft.id)).toMatchObject({ startsOn: APPROVED_ON, firstReviewOn: APPROVED_ON, completedSections: ["dates"] });
  });

  it("a section with errors changes nothing, and gives every error at once in the order of the fields", async () => {
    const { w, draft, cookie, base } = await draftOfChange();
    const before = await rowCounts();
    const beforeVersion = await versionRow(draft.id);
    const beforeLines = await getDb().select().from(planSupportLines).where(eq(planSupportLines.planVersionId, draft.id));
    const reply = await run(
      sectionAction,
      post(
        `${base}/support`,
        {
          planVersionId: draft.id,
          "supportLines[0].description": "Personal assistant",
          "supportLines[0].provider": "",
          "supportLines[0].units": "10",
          "supportLines[0].frequency": "a-week",
          "supportLines[0].costPerUnit": "15.005",
          "supportLines[0].fundingSource": "nhs",
          "supportLines[0].holding": "third-party",
          "supportLines[0].outcomePositions": "1",
          contingency: "lots",
        },
        cookie,
      ),
      { holderId: w.holder.id, section: "support" },
    );
    expect(statusOf(reply)).toBe(400);
    expect((reply as Errors).data.errors.map((e) => e.fieldId)).toEqual([
      "supportLines-0-provider",
      "supportLines-0-costPerUnit",
      "supportLines-0-thirdPartyOrganisationId",
      "contingency",
    ]);
    expect(await rowCounts()).toEqual(before);
    expect(await versionRow(draft.id)).toEqual(beforeVersion);
    expect(await getDb().select().from(planSupportLines).where(eq(planSupportLines.planVersionId, draft.id))).toEqual(beforeLines);

    // The outcomes section with no outcome at all is refused too, and the outcomes stay.
    const none = await run(sectionAction, post(`${base}/outcomes`, { planVersionId: draft.id }, cookie), { holderId: w.holder.id, section: "outcomes" });
    expect((none as Errors).data.errors).toEqual([{ fieldId: "outcomes-0-outcome", message: "Add at least one health and wellbeing outcome" }]);
    expect(await getDb().select().from(planOutcomes).where(eq(planOutcomes.planVersionId, draft.id))).toHaveLength(1);
  });

  it("refuses to send a draft for approval while a section is not completed, saying which", async () => {
    const { w, draft, cookie, base } = await draftOfChange();
    const about = await run(
      sectionAction,
      post(`${base}/about`, { planVersionId: draft.id, whatMatters: "Being at home with my dog", whoWasInvolved: "Me and my sister" }, cookie),
      { holderId: w.holder.id, section: "about" },
    );
    expect(statusOf(about)).toBe(302);
    expect((about as Response).headers.get("Location")).toBe(`${base}?saved=about`);

    const page = (await run(checkLoader, get(`${base}/check`, cookie), { holderId: w.holder.id })) as { preview: { problems: string[] } };
    expect(page.preview.problems[0]).toBe(
      "Complete every section before sending the plan for approval. Not completed yet: Outcomes, Support and its cost, Dates and reviews, The five criteria",
    );
    const refused = await run(checkAction, post(`${base}/check`, { planVersionId: draft.id }, cookie), { holderId: w.holder.id });
    expect(statusOf(refused)).toBe(400);
    expect((refused as Errors).data.errors[0].message).toBe(page.preview.problems[0]);
    // The criteria are not carried from the last version, so they are named too.
    expect((refused as Errors).data.errors.map((e) => e.message)).toContain("All five criteria must be met before the plan is submitted: 5 not met yet");
    expect((await versionRow(draft.id)).status).toBe("draft");
  });
});
