import { describe, expect, it } from "vitest";
import { budgetTotal, describeHolding, splitByHolding } from "./budget-summary";

describe("budget summary", () => {
  const mixed = { notionalPence: 1_800_000, thirdPartyPence: 0, directPaymentPence: 1_560_000 };

  it("splits a mixed budget by how it is held, largest first, without unused ways", () => {
    expect(splitByHolding(mixed)).toEqual([
      { holding: "notional", pence: 1_800_000 },
      { holding: "direct-payment", pence: 1_560_000 },
    ]);
    expect(budgetTotal(mixed)).toBe(3_360_000);
  });

  it("describes the holding in plain words", () => {
    expect(describeHolding(mixed)).toBe("Mixed: notional budget and direct payment");
    expect(describeHolding({ notionalPence: 0, thirdPartyPence: 5, directPaymentPence: 0 })).toBe("Third-party budget");
    expect(describeHolding({ notionalPence: 0, thirdPartyPence: 0, directPaymentPence: 0 })).toBe("Not set up yet");
  });
});
