import { describe, expect, it } from "vitest";
import {
  endDateProblem,
  planYear,
  diffVersions,
  differenceFromIndicative,
  finalBudget,
  FIVE_CRITERIA,
  firstReviewProblem,
  fourEyesProblem,
  latestFirstReview,
  nextReviewOn,
  splitBudget,
  submissionProblems,
  supportLineAmount,
  type SupportLine,
  type VersionForDiff,
} from "./rules";

const line = (over: Partial<SupportLine>): SupportLine => ({
  lineKey: crypto.randomUUID(),
  description: "PA support",
  provider: "PA",
  units: 10,
  frequency: "a-week",
  costPerUnitPence: 1_250,
  fundingSource: "nhs",
  holding: "direct-payment",
  thirdPartyOrganisationId: null,
  outcomePositions: [1],
  ...over,
});
const ALL = FIVE_CRITERIA.map((c) => c.key);

describe("final budget", () => {
  it("is every support line for the year plus the contingency, in pence", () => {
    expect(supportLineAmount({ units: 10, frequency: "a-week", costPerUnitPence: 1_250 })).toBe(650_000);
    expect(supportLineAmount({ units: 3, frequency: "a-month", costPerUnitPence: 3_333 })).toBe(119_988);
    expect(finalBudget([line({}), line({ units: 1, frequency: "a-year", costPerUnitPence: 1 })], 50_000)).toBe(700_001);
  });

  it("splits an integrated budget by funding source and by how it is held", () => {
    const split = splitBudget(
      [
        line({ fundingSource: "nhs", holding: "direct-payment" }),
        line({ fundingSource: "local-authority", holding: "notional", units: 1, frequency: "a-year", costPerUnitPence: 10_000 }),
        line({ fundingSource: "education", holding: "third-party", units: 2, frequency: "a-month", costPerUnitPence: 500 }),
      ],
      1_000,
    );
    expect(split.totalPence).toBe(650_000 + 10_000 + 12_000 + 1_000);
    expect(split.byFundingSource).toEqual({ nhs: 651_000, "local-authority": 10_000, education: 12_000 });
    expect(split.byHolding).toEqual({ notional: 11_000, "third-party": 12_000, "direct-payment": 650_000 });
  });
});

describe("threshold rule", () => {
  it("needs a second approval only above 10% of the indicative budget, either way", () => {
    expect(differenceFromIndicative(110_000, 100_000)).toEqual({ differencePence: 10_000, needsSecondApproval: false });
    expect(differenceFromIndicative(110_001, 100_000)).toEqual({ differencePence: 10_001, needsSecondApproval: true });
    expect(differenceFromIndicative(90_000, 100_000)).toEqual({ differencePence: -10_000, needsSecondApproval: false });
    expect(differenceFromIndicative(89_999, 100_000)).toEqual({ differencePence: -10_001, needsSecondApproval: true });
  });
  it("uses the commissioner's threshold, and with no indicative budget always asks for the second approval", () => {
    expect(differenceFromIndicative(104_000, 100_000, 5).needsSecondApproval).toBe(false);
    expect(differenceFromIndicative(106_000, 100_000, 5).needsSecondApproval).toBe(true);
    expect(differenceFromIndicative(1, null).needsSecondApproval).toBe(true);
  });
});

describe("five criteria gate", () => {
  const ready = { criteriaMet: [...ALL], whatMatters: "Being at home with my dog", outcomes: [{}], supportLines: [line({})] };
  it("lets a plan with all five criteria, what matters, outcomes and linked lines be submitted", () => {
    expect(submissionProblems(ready)).toEqual([]);
  });
  it("refuses while any one of the five criteria is not met", () => {
    for (const key of ALL) {
      expect(submissionProblems({ ...ready, criteriaMet: ALL.filter((k) => k !== key) })).toEqual([
        "All five criteria must be met before the plan is submitted: 1 not met yet",
      ]);
    }
  });
  it("refuses a support line that is not linked to an outcome", () => {
    expect(submissionProblems({ ...ready, supportLines: [line({ outcomePositions: [] })] })).toContain("Link every support line to at least one outcome");
  });
});

describe("review dates", () => {
  it("first review no later than 3 months after the start and not in the past", () => {
    expect(latestFirstReview("2026-11-30")).toBe("2027-02-28");
    expect(firstReviewProblem("2027-02-28", "2026-11-30", "2026-11-23")).toBeNull();
    expect(firstReviewProblem("2027-03-01", "2026-11-30", "2026-11-23")).toMatch(/no more than 3 months/);
    expect(firstReviewProblem("2026-11-22", "2026-11-30", "2026-11-23")).toMatch(/today or in the future/);
  });
  it("then at least every 12 months", () => {
    expect(nextReviewOn("2026-07-01", 12, "2026-06-01")).toBe("2026-07-01");
    expect(nextReviewOn("2026-07-01", 12, "2026-07-02")).toBe("2027-07-01");
    expect(nextReviewOn("2026-07-01", 6, "2026-11-23")).toBe("2027-01-01");
  });
});

describe("version diff", () => {
  it("lists lines added, removed, changed cost and holding, and outcomes", () => {
    const keep = { lineKey: "a", description: "PA support", holding: "direct-payment" as const, amountPence: 100 };
    const from: VersionForDiff = {
      whatMatters: "Home",
      contingencyPence: 0,
      outcomes: [{ outcome: "Walk to the shop" }],
      supportLines: [keep, { lineKey: "b", description: "Respite", holding: "notional", amountPence: 500 }],
    };
    const to: VersionForDiff = {
      whatMatters: "Home",
      contingencyPence: 2_000,
      outcomes: [{ outcome: "Walk to the shop" }, { outcome: "Sleep well" }],
      supportLines: [
        { ...keep, amountPence: 150, holding: "third-party" },
        { lineKey: "c", description: "Gym", holding: "direct-payment", amountPence: 300 },
      ],
    };
    expect(diffVersions(from, to)).toEqual([
      { kind: "line-cost-changed", lineKey: "a", description: "PA support", fromPence: 100, toPence: 150 },
      { kind: "line-holding-changed", lineKey: "a", description: "PA support", from: "direct-payment", to: "third-party" },
      { kind: "line-added", lineKey: "c", description: "Gym", amountPence: 300 },
      { kind: "line-removed", lineKey: "b", description: "Respite", amountPence: 500 },
      { kind: "outcome-added", outcome: "Sleep well" },
      { kind: "contingency-changed", fromPence: 0, toPence: 2_000 },
    ]);
    expect(diffVersions(from, from)).toEqual([]);
  });
});

describe("planYear", () => {
  it("finds the plan year a date falls in", () => {
    expect(planYear("2025-12-01", "2026-11-23")).toEqual({ start: "2025-12-01", end: "2026-11-30" });
    expect(planYear("2024-12-01", "2026-11-23")).toEqual({ start: "2025-12-01", end: "2026-11-30" });
  });
  it("anchors every year on the plan's start, through a leap day", () => {
    expect(planYear("2027-03-01", "2028-02-29")).toEqual({ start: "2027-03-01", end: "2028-02-29" });
    expect(planYear("2027-03-01", "2028-03-01")).toEqual({ start: "2028-03-01", end: "2029-02-28" });
  });
});

describe("four eyes", () => {
  const version = { authoredBy: "yvonne", lastEditedBy: "yvonne", submittedBy: "yvonne" };
  const history = [
    { actorUserId: "yvonne", action: "plan.version-started" },
    { actorUserId: "xavier", action: "plan.draft-saved" },
    { actorUserId: "yvonne", action: "plan.draft-saved" },
    { actorUserId: "yvonne", action: "plan.submitted" },
  ];
  const problem = (deciderId: string | null, over: Partial<Parameters<typeof fourEyesProblem>[0]> = {}) =>
    fourEyesProblem({ deciderId, decision: "approve", version, history, ...over });

  it("refuses anyone who saved any draft of the version, even when someone else saved it last", () => {
    expect(problem("xavier")).toBe("You wrote, changed or submitted this version of the plan, so someone else must approve it");
    expect(problem("xavier", { decision: "reject" })).toBe("You wrote, changed or submitted this version of the plan, so someone else must decide on it");
  });
  it("refuses whoever started, saved last or submitted it, with or without its history", () => {
    expect(problem("yvonne", { history: [] })).not.toBeNull();
    expect(problem("sam", { version: { ...version, submittedBy: "sam" }, history: [] })).not.toBeNull();
  });
  it("counts any change to the version, such as a holding change accepted into it", () => {
    expect(problem("zara", { history: [{ actorUserId: "zara", action: "plan.holding-changed" }] })).not.toBeNull();
  });
  it("lets someone who took no part decide, and a first approver's own approval is not a change", () => {
    expect(problem("zara")).toBeNull();
    expect(problem("zara", { history: [...history, { actorUserId: "zara", action: "plan.first-approval" }] })).toBeNull();
  });
  it("refuses a decision by no one", () => {
    expect(problem(null)).toBe("Sign in to decide on a plan");
  });
});

describe("ending a personal health budget", () => {
  it("may end today or later, never on a day already past", () => {
    expect(endDateProblem("2026-05-01", "2026-05-01")).toBeNull();
    expect(endDateProblem("2027-03-31", "2026-05-01")).toBeNull();
    expect(endDateProblem("2026-04-30", "2026-05-01")).toMatch(/today or in the future/);
  });
});
