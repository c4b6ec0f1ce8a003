import { describe, expect, it } from "vitest";
import { calculateIndicative, explainWorking, type ResourceLine } from "./indicative";

const line = (over: Partial<ResourceLine>): ResourceLine => ({
  lineKey: crypto.randomUUID(),
  version: 1,
  service: "Personal care",
  provider: "Home Care Ltd",
  purpose: "Daily living",
  unit: "hour",
  band: null,
  unitsPerYear: 1,
  costPerUnitPence: 100,
  includedInPersonalBudgets: true,
  availableFrom: null,
  ...over,
});

describe("indicative budget", () => {
  it("adds units per year x cost per unit exactly in pence", () => {
    const result = calculateIndicative(
      [
        line({ unitsPerYear: 520, costPerUnitPence: 2_199 }),
        line({ unitsPerYear: 3, costPerUnitPence: 1 }),
        line({ unitsPerYear: 52, costPerUnitPence: 4_507 }),
      ],
      { band: null, on: "2026-04-01" },
    );
    expect(result.workings.map((w) => w.amountPence)).toEqual([1_143_480, 3, 234_364]);
    expect(result.totalPence).toBe(1_377_847);
  });

  it("leaves out lines not yet available on the day, and counts them from their date", () => {
    const later = line({ unitsPerYear: 10, costPerUnitPence: 5_000, availableFrom: "2026-10-01" });
    const before = calculateIndicative([line({ unitsPerYear: 1, costPerUnitPence: 700 }), later], { band: null, on: "2026-09-30" });
    expect(before.totalPence).toBe(700);
    expect(before.workings[1]).toMatchObject({ included: false, amountPence: 0 });
    expect(explainWorking(before.workings[1])).toBe("Personal care: not included. This service can be included from 1 October 2026.");
    expect(calculateIndicative([later], { band: null, on: "2026-10-01" }).totalPence).toBe(50_000);
  });

  it("leaves out lines that cannot be included in a personal budget", () => {
    const result = calculateIndicative([line({ includedInPersonalBudgets: false, unitsPerYear: 12, costPerUnitPence: 999 })], { band: null, on: "2026-04-01" });
    expect(result.totalPence).toBe(0);
  });

  it("counts only the person's band, and lines for every band", () => {
    const lines = [
      line({ band: "Low", unitsPerYear: 100, costPerUnitPence: 2_000 }),
      line({ band: "High", unitsPerYear: 300, costPerUnitPence: 2_000 }),
      line({ band: null, unitsPerYear: 4, costPerUnitPence: 2_500 }),
    ];
    expect(calculateIndicative(lines, { band: "Low", on: "2026-04-01" }).totalPence).toBe(210_000);
    expect(calculateIndicative(lines, { band: "High", on: "2026-04-01" }).totalPence).toBe(610_000);
  });

  it("explains a line in plain English", () => {
    const [w] = calculateIndicative([line({ service: "Physiotherapy", unit: "session", unitsPerYear: 52, costPerUnitPence: 4_500 })], {
      band: null,
      on: "2026-04-01",
    }).workings;
    expect(explainWorking(w)).toBe("Physiotherapy: 52 sessions a year x £45.00 = £2,340.00");
  });
});
