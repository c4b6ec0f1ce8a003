import { describe, expect, it } from "vitest";
import { CASH_WORDS, explain, surplusOf, surplusThreshold, weeklyPence } from "./flags";

describe("surplus", () => {
  it("is the balance above the contingency or the weeks of instalments, whichever is more: at the threshold there is none", () => {
    expect(weeklyPence(200_000, "four-weekly")).toBe(50_000);
    expect(weeklyPence(120_000, "monthly")).toBe(27_692);
    const threshold = surplusThreshold({ weeklyPence: 50_000, weeks: 8, contingencyPence: 100_000 });
    expect(threshold).toBe(400_000);
    expect(surplusThreshold({ weeklyPence: 50_000, weeks: 1, contingencyPence: 100_000 })).toBe(100_000);
    expect(surplusOf(400_000, threshold)).toBe(0);
    expect(surplusOf(400_001, threshold)).toBe(1);
  });

  it("says in words what was found", () => {
    expect(explain.surplus({ balancePence: 450_000, thresholdPence: 400_000, weeks: 8, contingencyPence: 0 })).toBe(
      "The account holds £4,500.00, more than 8 weeks of instalments or the agreed contingency of £0.00 (£4,000.00): a surplus of £500.00.",
    );
    expect(CASH_WORDS.test("LINK ATM 0412")).toBe(true);
    expect(CASH_WORDS.test("CASHMERE SHOP")).toBe(false);
  });
});
