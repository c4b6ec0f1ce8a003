import { addDays, differenceInCalendarDays, format, parseISO } from "date-fns";
import fc from "fast-check";
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
  notionalFigures,
  outcomeFigures,
  reportScope,
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

const YEAR = { periodStart: "2026-04-01", periodEnd: "2027-03-31" };
const spentOnly = (allocatedPence: number, spentPence: number) => ({ allocatedPence, spentPence, committedPence: 0, ...YEAR });

describe("lineTotals and projection", () => {
  it("counts spent and committed against the allocation", () => {
    expect(lineTotals({ allocatedPence: 10_000, spentPence: 2_500, committedPence: 500 })).toEqual({ leftPence: 7_000, percentUsed: 30 });
  });
  it("says 100% used only when nothing is left, and over 100% only when over budget", () => {
    expect(lineTotals({ allocatedPence: 120_000, spentPence: 119_960, committedPence: 0 })).toEqual({ leftPence: 40, percentUsed: 99 });
    expect(lineTotals({ allocatedPence: 120_000, spentPence: 120_040, committedPence: 0 })).toEqual({ leftPence: -40, percentUsed: 101 });
    expect(lineTotals({ allocatedPence: 120_000, spentPence: 40_000, committedPence: 80_000 })).toEqual({ leftPence: 0, percentUsed: 100 });
  });
  it("projects the month the line runs out at the current rate", () => {
    // £1,200 a year, £600 spent in the first 61 days: the other £600 lasts another 61 days, to 31 July.
    const p = projectRunOut({ ...spentOnly(120_000, 60_000), today: "2026-05-31" });
    expect(p).toEqual({ kind: "runs-out", on: "2026-07-31", month: "July 2026" });
    expect(projectionText(p, { committedPence: 0 })).toBe("At this rate the line runs out in July 2026");
  });
  it("says the money lasts the year at a slow rate, and nothing when nothing was spent", () => {
    expect(projectRunOut({ ...spentOnly(120_000, 100), today: "2026-05-31" }).kind).toBe("lasts");
    expect(projectRunOut({ ...spentOnly(120_000, 0), today: "2026-05-31" }).kind).toBe("nothing-spent");
    expect(projectRunOut({ ...spentOnly(100, 100), today: "2026-05-31" })).toEqual({ kind: "fully-used", committed: false });
  });
  it("says the money lasts when a penny is spent against a large line late in the year, rather than projecting past any date", () => {
    expect(projectRunOut({ ...spentOnly(2_600_000_00, 1), today: "2027-03-31" }).kind).toBe("lasts");
    expect(projectRunOut({ ...spentOnly(36_500, 100), today: "2026-04-01" })).toEqual({ kind: "runs-out", on: "2027-03-31", month: "March 2027" });
  });
  it("says Leo's short breaks are fully used or committed, not that they run out next year, when the rest is set aside", () => {
    // £460 a month set aside for the year, eight months invoiced: nothing left, so no month to run out in.
    const shortBreaks = { allocatedPence: 12 * 46_000, spentPence: 8 * 46_000, committedPence: 4 * 46_000 };
    const p = projectRunOut({ ...shortBreaks, ...YEAR, today: "2026-12-02" });
    expect(p).toEqual({ kind: "fully-used", committed: true });
    expect(projectionText(p, shortBreaks)).toBe("Fully used or committed: nothing is left to spend");
    expect(lineTotals(shortBreaks)).toEqual({ leftPence: 0, percentUsed: 100 });
  });
  it("says a line wholly committed with nothing invoiced yet is fully committed, not that nothing is spent", () => {
    const p = projectRunOut({ allocatedPence: 120_000, spentPence: 0, committedPence: 120_000, ...YEAR, today: "2026-04-10" });
    expect(p).toEqual({ kind: "fully-used", committed: true });
  });
  it("says over budget, and by how much, when more is spent and committed than allocated", () => {
    const f = { allocatedPence: 100_000, spentPence: 90_000, committedPence: 20_000 };
    const p = projectRunOut({ ...f, ...YEAR, today: "2026-09-01" });
    expect(p).toEqual({ kind: "over", overPence: 10_000 });
    expect(projectionText(p, f)).toBe("Over budget by £100.00");
  });
  it("counts committed money as gone: the money not committed runs out sooner than the money not spent would", () => {
    // £1,200 a year; £300 spent in 61 days, £300 committed: £600 left lasts 122 more days at £300 per 61 days.
    const f = { allocatedPence: 120_000, spentPence: 30_000, committedPence: 30_000 };
    const p = projectRunOut({ ...f, ...YEAR, today: "2026-05-31" });
    expect(p).toEqual({ kind: "runs-out", on: "2026-09-30", month: "September 2026" });
    expect(projectionText(p, f)).toBe("At this rate the money not already committed runs out in September 2026");
  });
});

describe("reportScope", () => {
  const year = { start: "2026-04-01", end: "2027-03-31" };
  it("gives every column for the whole plan year", () => {
    expect(reportScope(year, year)).toEqual({
      filtered: false,
      covers: "from 1 April 2026 to 31 March 2027",
      columns: ["Allocated", "Spent", "Committed", "Left", "Used"],
    });
  });
  it("says the dates in the headings for dates within the year, and shows no left or used", () => {
    expect(reportScope({ start: "2026-06-01", end: "2026-06-30" }, year)).toEqual({
      filtered: true,
      covers: "from 1 June 2026 to 30 June 2026",
      columns: ["Allocated for the plan year", "Spent from 1 June 2026 to 30 June 2026", "Committed from 1 June 2026 to 30 June 2026"],
    });
  });
});

describe("the figures of a line agree with each other, over random histories", () => {
  const day = (iso: string, n: number) => format(addDays(parseISO(iso), n), "yyyy-MM-dd");
  const history = fc.record({
    allocatedPence: fc.integer({ min: 0, max: 5_000_000 }),
    spends: fc.array(fc.record({ onDay: fc.integer({ min: 0, max: 364 }), amountPence: fc.integer({ min: -20_000, max: 400_000 }) }), { maxLength: 20 }),
    commitmentsPence: fc.integer({ min: 0, max: 3_000_000 }),
    // As Leo's short breaks: the whole allocation set aside, so nothing is left however much is invoiced within it.
    commitsAll: fc.boolean(),
    notional: fc.boolean(),
    todayDay: fc.integer({ min: 0, max: 400 }),
  });
  it("left, % used and the projection never contradict one another", () => {
    fc.assert(
      fc.property(history, (h) => {
        const periodEnd = YEAR.periodEnd;
        // As the report does: a past year is seen as at its last day.
        const today = day(YEAR.periodStart, Math.min(h.todayDay, 364));
        const spentPence = h.spends.filter((s) => day(YEAR.periodStart, s.onDay) <= today).reduce((t, s) => t + s.amountPence, 0);
        const f = h.notional
          ? notionalFigures({
              allocatedPence: h.allocatedPence,
              invoicedPence: spentPence,
              commitmentsPence: h.commitsAll ? h.allocatedPence : h.commitmentsPence,
            })
          : { allocatedPence: h.allocatedPence, spentPence, committedPence: 0 };
        const { leftPence, percentUsed } = lineTotals(f);
        const used = f.spentPence + f.committedPence;
        expect(leftPence).toBe(f.allocatedPence - f.spentPence - f.committedPence);
        if (f.allocatedPence > 0) {
          // Spent and committed over allocated, to the nearest whole per cent, and 100% exactly when nothing is left.
          const near = Math.abs(percentUsed * f.allocatedPence - used * 100) <= f.allocatedPence / 2;
          expect(near || percentUsed === 99 || percentUsed === 101).toBe(true);
          expect(percentUsed === 100).toBe(leftPence === 0);
          expect(percentUsed > 100).toBe(leftPence < 0);
        }
        const p = projectRunOut({ ...f, ...YEAR, today });
        const text = projectionText(p, f);
        if (leftPence < 0) expect(p).toEqual({ kind: "over", overPence: -leftPence });
        if (leftPence <= 0) expect(text).not.toMatch(/runs out|lasts/);
        if (leftPence > 0) expect(p.kind).not.toMatch(/over|fully-used/);
        if (p.kind === "runs-out") {
          expect(p.on > today).toBe(true);
          expect(p.on <= periodEnd).toBe(true);
          expect(p.month).toBe(format(parseISO(p.on), "MMMM yyyy"));
          expect(text).toContain(p.month);
          // The first day on which spending at the rate so far has used up what is left.
          const daysGone = differenceInCalendarDays(parseISO(today), parseISO(YEAR.periodStart)) + 1;
          const daysToRunOut = differenceInCalendarDays(parseISO(p.on), parseISO(today));
          expect(daysToRunOut * f.spentPence).toBeGreaterThanOrEqual(leftPence * daysGone);
          expect((daysToRunOut - 1) * f.spentPence).toBeLessThan(leftPence * daysGone);
        }
        if (p.kind === "lasts") {
          const daysGone = differenceInCalendarDays(parseISO(today), parseISO(YEAR.periodStart)) + 1;
          expect(differenceInCalendarDays(parseISO(periodEnd), parseISO(today)) * f.spentPence).toBeLessThan(leftPence * daysGone);
        }
      }),
      { numRuns: 1_000 },
    );
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
    expect(checkMayChangeSpend({ howPaid: "invoice", heldByOrganisation: false }, "holder-or-representative")).toBe(
      "Only your personal health budget team can change an invoice the NHS paid: contact them if it is wrong",
    );
    expect(checkMayChangeSpend({ howPaid: "invoice", heldByOrganisation: false }, "staff")).toBeNull();
  });
  it("lets the holder's side change what they paid themselves", () => {
    for (const howPaid of ["account-transfer", "card", "cash"]) {
      expect(checkMayChangeSpend({ howPaid, heldByOrganisation: false }, "holder-or-representative")).toBeNull();
    }
  });
  it("leaves a third-party budget's spending to the organisation holding it (and staff): the holder's side reads it", () => {
    const held = { howPaid: "account-transfer", heldByOrganisation: true };
    expect(checkMayChangeSpend(held, "holder-or-representative")).toMatch(/^Your support organisation holds this money/);
    expect(checkMayChangeSpend(held, "organisation")).toBeNull();
    expect(checkMayChangeSpend(held, "staff")).toBeNull();
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
