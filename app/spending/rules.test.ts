import { describe, expect, it } from "vitest";
import {
  checkMayChangeSpend,
  checkPeriodOpen,
  checkSpentOn,
  closableMonths,
  decideOverspend,
  decideRestricted,
  DEFAULT_RESTRICTED_CATEGORIES,
  lineTotals,
  outcomeFigures,
  sharedLinesNote,
  projectionText,
  projectRunOut,
} from "./rules";

const category = (key: string) => ({ id: key, ...DEFAULT_RESTRICTED_CATEGORIES.find((c) => c.key === key)! });

describe("decideRestricted", () => {
  it("allows a spend with no restricted category", () => {
    expect(decideRestricted(null)).toEqual({ outcome: "allowed" });
  });
  it("refuses alcohol with the reason and what to do instead", () => {
    const decision = decideRestricted(category("alcohol"));
    expect(decision.outcome).toBe("refused");
    expect(decision).toMatchObject({ message: expect.stringContaining("cannot be spent on alcohol") });
    expect(decision).toMatchObject({ message: expect.stringContaining("Pay for this with your own money") });
  });
  it("records paying a family member in the same household as needing agreement", () => {
    expect(decideRestricted(category("family-member-same-household")).outcome).toBe("needs-agreement");
  });
  it("seeds every category the handbook names", () => {
    expect(DEFAULT_RESTRICTED_CATEGORIES.map((c) => c.key)).toEqual([
      "alcohol",
      "tobacco",
      "gambling",
      "debt-repayment",
      "illegal",
      "gp-services",
      "urgent-emergency-care",
      "nhs-charges",
      "family-member-same-household",
    ]);
  });
});

describe("decideOverspend", () => {
  it("is within when the amount is at most what is left", () => {
    expect(decideOverspend({ amountPence: 1_000, leftPence: 1_000, rule: "block", lineName: "PA" })).toEqual({ outcome: "within" });
  });
  it("warns above what is left when the rule is warn", () => {
    expect(decideOverspend({ amountPence: 1_001, leftPence: 1_000, rule: "warn", lineName: "PA" })).toMatchObject({ outcome: "warn" });
  });
  it("blocks above what is left when the rule is block, saying how much is left", () => {
    expect(decideOverspend({ amountPence: 1_001, leftPence: 1_000, rule: "block", lineName: "PA" })).toMatchObject({
      outcome: "block",
      message: expect.stringContaining("£10.00 left"),
    });
  });
});

describe("lineTotals and projection", () => {
  it("counts spent and committed against the allocation", () => {
    expect(lineTotals({ allocatedPence: 10_000, spentPence: 2_500, committedPence: 500 })).toEqual({ leftPence: 7_000, percentUsed: 30 });
  });
  it("projects the month the line runs out at the current rate", () => {
    // £1,200 a year, £600 spent in the first 61 days: the other £600 lasts another 61 days, to 1 July.
    const p = projectRunOut({ allocatedPence: 120_000, usedPence: 60_000, periodStart: "2026-04-01", periodEnd: "2027-03-31", today: "2026-05-31" });
    expect(p).toEqual({ kind: "runs-out", on: "2026-07-31", month: "July 2026" });
    expect(projectionText(p)).toBe("At this rate the line runs out in July 2026");
  });
  it("says the money lasts the year at a slow rate, and nothing when nothing was spent", () => {
    expect(projectRunOut({ allocatedPence: 120_000, usedPence: 100, periodStart: "2026-04-01", periodEnd: "2027-03-31", today: "2026-05-31" }).kind).toBe(
      "lasts",
    );
    expect(projectRunOut({ allocatedPence: 120_000, usedPence: 0, periodStart: "2026-04-01", periodEnd: "2027-03-31", today: "2026-05-31" }).kind).toBe(
      "nothing-spent",
    );
    expect(projectRunOut({ allocatedPence: 100, usedPence: 100, periodStart: "2026-04-01", periodEnd: "2027-03-31", today: "2026-05-31" }).kind).toBe(
      "used-up",
    );
  });
  it("says the money lasts when a penny is spent against a large line late in the year, rather than projecting past any date", () => {
    expect(projectRunOut({ allocatedPence: 2_600_000_00, usedPence: 1, periodStart: "2026-04-01", periodEnd: "2027-03-31", today: "2027-03-31" }).kind).toBe(
      "lasts",
    );
    expect(projectRunOut({ allocatedPence: 36_500, usedPence: 100, periodStart: "2026-04-01", periodEnd: "2027-03-31", today: "2026-04-01" })).toEqual({
      kind: "runs-out",
      on: "2027-03-31",
      month: "March 2027",
    });
  });
});

describe("outcomeFigures", () => {
  const outcomes = [
    { position: 1, outcome: "Go out in my community every week" },
    { position: 2, outcome: "Be more independent at home" },
  ];
  const line = (lineKey: string, outcomePositions: number[], allocatedPence: number, spentPence: number, committedPence = 0) => ({
    lineKey,
    outcomePositions,
    allocatedPence,
    spentPence,
    committedPence,
  });
  // Aisha's plan: her personal assistant serves both outcomes; the plan states no share of it for either.
  const lines = [
    line("pa", [1, 2], 2_080_000, 1_000_000),
    line("art", [1], 60_000, 20_000),
    line("days-out", [1], 400_000, 50_000, 10_000),
    line("training", [2], 60_000, 0),
  ];

  it("counts a line serving two outcomes in full under each, and once in the budget", () => {
    const figures = outcomeFigures(outcomes, lines);
    expect(figures.outcomes).toEqual([
      {
        position: 1,
        outcome: "Go out in my community every week",
        lineCount: 3,
        sharedLineCount: 1,
        allocatedPence: 2_540_000,
        spentPence: 1_070_000,
        committedPence: 10_000,
        leftPence: 1_460_000,
        percentUsed: 43,
      },
      {
        position: 2,
        outcome: "Be more independent at home",
        lineCount: 2,
        sharedLineCount: 1,
        allocatedPence: 2_140_000,
        spentPence: 1_000_000,
        committedPence: 0,
        leftPence: 1_140_000,
        percentUsed: 47,
      },
    ]);
    expect(figures.budget).toEqual({ allocatedPence: 2_600_000, spentPence: 1_070_000, committedPence: 10_000, leftPence: 1_520_000, percentUsed: 42 });
    expect(figures.outcomesOverlap).toBe(true);
    // The outcome rows add up to more than the budget, which is why the page must not total them.
    expect(figures.outcomes.reduce((t, o) => t + o.allocatedPence, 0)).toBe(4_680_000);
  });

  it("says the outcomes do not overlap when every line serves one outcome, and then they add up to the budget", () => {
    const apart = [line("art", [1], 60_000, 0), line("training", [2], 60_000, 0)];
    const figures = outcomeFigures(outcomes, apart);
    expect(figures.outcomesOverlap).toBe(false);
    expect(figures.outcomes.map((o) => o.sharedLineCount)).toEqual([0, 0]);
    expect(figures.outcomes.reduce((t, o) => t + o.allocatedPence, 0)).toBe(figures.budget.allocatedPence);
  });

  it("does not call a line shared because it names an outcome the plan no longer has", () => {
    const figures = outcomeFigures([outcomes[0]], [line("art", [1, 2], 60_000, 0)]);
    expect(figures.outcomes[0].sharedLineCount).toBe(0);
    expect(figures.outcomesOverlap).toBe(false);
  });
});

describe("checkSpentOn", () => {
  it("refuses a date in the future or before the plan started", () => {
    expect(checkSpentOn("2026-11-24", { today: "2026-11-23", planStartsOn: "2026-01-01" })).toMatch(/today or in the past/);
    expect(checkSpentOn("2025-12-31", { today: "2026-11-23", planStartsOn: "2026-01-01" })).toMatch(/on or after the plan started \(1 January 2026\)/);
    expect(checkSpentOn("2026-01-01", { today: "2026-11-23", planStartsOn: "2026-01-01" })).toBeNull();
  });
});

describe("attributionText", () => {
  it("tells the holder their representative logged a spend, and when", async () => {
    const { attributionText } = await import("./rules");
    const base = { loggedByName: "Sam Carter", loggedBy: "sam", byRepresentative: true, loggedAt: new Date("2026-03-03T10:00:00Z") };
    expect(attributionText({ ...base, viewerUserId: "leo", viewerIsHolder: true })).toBe("Logged by Sam Carter (your representative) on 3 March");
    expect(attributionText({ ...base, viewerUserId: "sam", viewerIsHolder: false })).toBe("Logged by you on 3 March");
    expect(attributionText({ ...base, viewerUserId: "staff", viewerIsHolder: false })).toBe("Logged by Sam Carter (representative) on 3 March");
  });
});

describe("checkPeriodOpen", () => {
  it("is open when finance has closed nothing", () => {
    expect(checkPeriodOpen("2026-04-01", null)).toBeNull();
  });
  it("is open the day after the last closed day", () => {
    expect(checkPeriodOpen("2026-11-01", "2026-10-31")).toBeNull();
  });
  it("is closed on and before the last closed day, naming the date", () => {
    expect(checkPeriodOpen("2026-10-31", "2026-10-31")).toContain("up to 31 October 2026 has been closed");
    expect(checkPeriodOpen("2026-04-02", "2026-10-31")).not.toBeNull();
  });
});

describe("closableMonths", () => {
  it("offers the ended months after the last closed one, newest first", () => {
    expect(closableMonths({ closedThrough: "2026-08-31", today: "2026-11-23" })).toEqual([
      { month: "2026-10", name: "October 2026", lastDay: "2026-10-31" },
      { month: "2026-09", name: "September 2026", lastDay: "2026-09-30" },
    ]);
  });
  it("never offers the month still going", () => {
    expect(closableMonths({ closedThrough: null, today: "2026-11-01" })[0].month).toBe("2026-10");
  });
  it("offers nothing when last month is already closed", () => {
    expect(closableMonths({ closedThrough: "2026-10-31", today: "2026-11-23" })).toEqual([]);
  });
  it("goes back at most a year", () => {
    expect(closableMonths({ closedThrough: null, today: "2026-11-23" })).toHaveLength(12);
  });
});

describe("checkMayChangeSpend", () => {
  it("lets only staff change an invoice the NHS paid", () => {
    expect(checkMayChangeSpend({ howPaid: "invoice" }, "holder-or-representative")).toBe(
      "Only your personal health budget team can change an invoice the NHS paid: contact them if it is wrong",
    );
    expect(checkMayChangeSpend({ howPaid: "invoice" }, "staff")).toBeNull();
  });
  it("lets the holder's side change what they paid themselves", () => {
    for (const howPaid of ["account-transfer", "card", "cash"]) expect(checkMayChangeSpend({ howPaid }, "holder-or-representative")).toBeNull();
  });
});

describe("sharedLinesNote", () => {
  it("says 'its one support line' rather than '1 of its 1', and 'all' when every line is shared", () => {
    expect(sharedLinesNote(1, 1)).toBe("Its one support line also helps with another outcome.");
    expect(sharedLinesNote(2, 2)).toBe("All 2 of its support lines also help with other outcomes.");
    expect(sharedLinesNote(1, 3)).toBe("1 of its 3 support lines also helps with another outcome.");
    expect(sharedLinesNote(2, 3)).toBe("2 of its 3 support lines also help with another outcome.");
  });
});
