import { describe, expect, it } from "vitest";
import { readPlanSection } from "./section-forms";
import {
  criteriaProblems,
  DATES_ORDER,
  datesProblems,
  incompleteSectionsProblem,
  inFieldOrder,
  pastDates,
  sectionStatus,
  supportOrder,
  supportRowProblems,
} from "./sections";
import { FIVE_CRITERIA } from "./rules";

const TODAY = "2026-11-23";
const form = (fields: [string, string][]) => {
  const f = new FormData();
  for (const [k, v] of fields) f.append(k, v);
  return f;
};

describe("the dates section's rules", () => {
  it("questions a start date in the past until it is confirmed", () => {
    const input = { startsOn: "2026-10-01", firstReviewOn: "2026-12-01", confirmedPast: [] };
    expect(datesProblems(input, { today: TODAY, carried: { firstReviewOn: null } })).toEqual([
      {
        fieldId: "startsOnPastConfirmed",
        message: "The start date, 1 October 2026, is in the past. Check it is right, then tick the box to say so, or change it",
      },
    ]);
    expect(datesProblems({ ...input, startsOn: "2026-11-01", confirmedPast: ["startsOn"] }, { today: TODAY, carried: { firstReviewOn: null } })).toEqual([]);
  });

  it("refuses a new first review in the past, and questions a carried one", () => {
    const typed = { startsOn: "2026-09-01", firstReviewOn: "2026-11-01", confirmedPast: ["startsOn"] };
    expect(datesProblems(typed, { today: TODAY, carried: { firstReviewOn: "2026-10-01" } })).toEqual([
      { fieldId: "firstReviewOn-day", message: "The first review date must be today or in the future" },
    ]);
    expect(datesProblems(typed, { today: TODAY, carried: { firstReviewOn: "2026-11-01" } })).toMatchObject([{ fieldId: "firstReviewOnPastConfirmed" }]);
    expect(datesProblems({ ...typed, confirmedPast: ["startsOn", "firstReviewOn"] }, { today: TODAY, carried: { firstReviewOn: "2026-11-01" } })).toEqual([]);
  });

  it("names the 3-month rule alongside the past start date, not after it is fixed", () => {
    const problems = datesProblems(
      { startsOn: "2026-04-01", firstReviewOn: "2027-01-15", confirmedPast: [] },
      { today: TODAY, carried: { firstReviewOn: null } },
    );
    expect(problems.map((p) => p.fieldId)).toEqual(["startsOnPastConfirmed", "firstReviewOn-day"]);
    expect(problems[1].message).toBe("The first review must be no more than 3 months after the plan starts: on or before 1 July 2026");
  });

  it("lists the past dates a carried version opens with", () => {
    expect(pastDates({ startsOn: "2026-04-01", firstReviewOn: "2026-07-01" }, TODAY)).toEqual(["startsOn", "firstReviewOn"]);
    expect(pastDates({ startsOn: TODAY, firstReviewOn: "2027-01-01" }, TODAY)).toEqual([]);
  });
});

describe("errors in the order of the fields", () => {
  it("puts every error of the dates page in the page's order, the review rule among them", () => {
    const read = readPlanSection(
      "dates",
      form([
        ["startsOn-day", "1"],
        ["startsOn-month", "4"],
        ["startsOn-year", "2026"],
        ["firstReviewOn-day", "15"],
        ["firstReviewOn-month", "1"],
        ["firstReviewOn-year", "2027"],
        ["reviewEveryMonths", "24"],
      ]),
    );
    if (read.values?.section !== "dates") throw new Error("dates expected");
    const rules = datesProblems(read.values, { today: TODAY, carried: { firstReviewOn: null } });
    // The form's own messages come first in the list given, the rules after: the order is the page's.
    expect(inFieldOrder([...read.formErrors, ...rules], DATES_ORDER).map((e) => e.fieldId)).toEqual([
      "startsOnPastConfirmed",
      "firstReviewOn-day",
      "reviewEveryMonths",
    ]);
  });

  it("puts a missing month before a rule about a later field", () => {
    const read = readPlanSection(
      "dates",
      form([
        ["startsOn-day", "1"],
        ["startsOn-month", ""],
        ["startsOn-year", "2027"],
        ["firstReviewOn-day", "1"],
        ["firstReviewOn-month", "1"],
        ["firstReviewOn-year", "2026"],
        ["reviewEveryMonths", "12"],
      ]),
    );
    if (read.values?.section !== "dates") throw new Error("dates expected");
    const rules = datesProblems(read.values, { today: TODAY, carried: { firstReviewOn: null } });
    expect(inFieldOrder([...rules, ...read.formErrors], DATES_ORDER)).toEqual([
      { fieldId: "startsOn-month", message: "Date the plan starts must include a month", parts: ["month"] },
      { fieldId: "firstReviewOn-day", message: "The first review date must be today or in the future" },
    ]);
  });

  it("orders support line errors row by row, field by field, the organisation among them", () => {
    const read = readPlanSection(
      "support",
      form([
        ["supportLines[0].description", "Personal assistant"],
        ["supportLines[0].provider", ""],
        ["supportLines[0].units", "10"],
        ["supportLines[0].frequency", "a-week"],
        ["supportLines[0].costPerUnit", "abc"],
        ["supportLines[0].fundingSource", "nhs"],
        ["supportLines[0].holding", "third-party"],
        ["supportLines[0].outcomePositions", "1"],
        ["supportLines[1].description", ""],
        ["supportLines[1].provider", ""],
        ["supportLines[1].units", "0"],
        ["supportLines[1].frequency", "a-week"],
        ["supportLines[1].costPerUnit", "5"],
        ["supportLines[1].fundingSource", "nhs"],
        ["supportLines[1].holding", "notional"],
        ["contingency", "x"],
      ]),
    );
    expect(read.rows).toBe(2);
    expect(inFieldOrder(read.formErrors, supportOrder(read.rows)).map((e) => e.fieldId)).toEqual([
      "supportLines-0-provider",
      "supportLines-0-costPerUnit",
      "supportLines-0-thirdPartyOrganisationId",
      "supportLines-1-description",
      "supportLines-1-provider",
      "supportLines-1-units",
      "supportLines-1-outcomePositions",
      "contingency",
    ]);
  });

  it("keeps errors for fields it does not know after the rest, in their own order", () => {
    expect(inFieldOrder([{ fieldId: "" }, { fieldId: "b" }, { fieldId: "a" }], ["a", "b"]).map((e) => e.fieldId)).toEqual(["a", "b", ""]);
  });
});

describe("the other sections' rules", () => {
  it("asks for all five criteria, saying how many are left", () => {
    expect(criteriaProblems([])).toEqual([{ fieldId: "criteriaMet", message: "Confirm each of the five criteria with the person, then tick it" }]);
    expect(criteriaProblems(["person-central", "what-matters"])[0].message).toBe(
      "Confirm each of the five criteria with the person, then tick it: 3 not ticked yet",
    );
    expect(criteriaProblems(FIVE_CRITERIA.map((c) => c.key))).toEqual([]);
  });

  it("asks for the organisation of a line held by a third party, and an outcome for every line, skipping blank rows", () => {
    expect(
      supportRowProblems([
        { description: "Nursing", holding: "notional", outcomePositions: "1" },
        { description: "Day centre", holding: "third-party", thirdPartyOrganisationId: "", outcomePositions: ["1", "2"] },
        { description: "", provider: "", holding: "third-party" },
        { description: "Gym", holding: "notional" },
      ]),
    ).toEqual([
      { fieldId: "supportLines-1-thirdPartyOrganisationId", message: "Choose the organisation that holds support line 2's third-party budget" },
      { fieldId: "supportLines-3-outcomePositions", message: "Choose at least one outcome support line 4 is for" },
    ]);
  });
});

describe("the task list", () => {
  const draft = { completedSections: [], whatMatters: "", whoWasInvolved: "", criteriaMet: [], outcomeCount: 0, supportLineCount: 0, version: 1 };

  it("shows a section Not started, Incomplete or Completed", () => {
    expect(sectionStatus("about", draft)).toBe("not-started");
    expect(sectionStatus("about", { ...draft, whatMatters: "Home" })).toBe("incomplete");
    expect(sectionStatus("about", { ...draft, completedSections: ["about"] })).toBe("completed");
    // A later version opens with the last one's dates: they are there, and still to be checked.
    expect(sectionStatus("dates", { ...draft, version: 2 })).toBe("incomplete");
    expect(sectionStatus("criteria", { ...draft, version: 2 })).toBe("not-started");
  });

  it("names the sections left when a draft is sent too early", () => {
    expect(incompleteSectionsProblem(["about", "outcomes", "support"])).toBe(
      "Complete every section before sending the plan for approval. Not completed yet: Dates and reviews, The five criteria",
    );
    expect(incompleteSectionsProblem(["about", "outcomes", "support", "dates", "criteria"])).toBeNull();
  });
});
