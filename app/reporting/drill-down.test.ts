import { describe, expect, it } from "vitest";
import { drillDownHref, drillDownTitle, readDrillDown, type DrillDown } from "./drill-down";
import { financialYear } from "./financial-year";

const TODAY = "2026-06-15";
const read = (href: string) => readDrillDown(new URL(href, "http://x").searchParams, TODAY);

describe("drill-down links", () => {
  it("read back as the list they were made for", () => {
    const lists: DrillDown[] = [
      { list: "phbs", cohort: null, held: null },
      { list: "phbs", cohort: "chc", held: "direct-payment" },
      { list: "money", measure: "recovered", held: "third-party", year: financialYear(2025) },
      { list: "money", measure: "paid", held: null, year: financialYear(2026) },
      { list: "reconciliation", month: "2026-03", state: "not-started" },
    ];
    for (const list of lists) expect(read(drillDownHref(list))).toEqual(list);
  });

  it("take this financial year when none is named", () => {
    expect(read("/staff/dashboard/holders?measure=spent")).toEqual({ list: "money", measure: "spent", held: null, year: financialYear(2026) });
  });

  it("name no list when a value is wrong", () => {
    for (const href of ["?held=cash", "?cohort=pirates", "?measure=stolen", "?month=2026-13&state=reconciled", "?month=2026-03", "?measure=paid&year=1900"]) {
      expect(read(href), href).toBeNull();
    }
  });

  it("say in words what the list holds", () => {
    expect(drillDownTitle({ list: "phbs", cohort: "chc", held: "direct-payment" })).toBe(
      "People with a personal health budget (NHS Continuing Healthcare) held as a direct payment",
    );
    expect(drillDownTitle({ list: "money", measure: "recovered", held: null, year: financialYear(2026) })).toBe("Recovered: all budgets, 2026 to 2027");
    expect(drillDownTitle({ list: "reconciliation", month: "2026-03", state: "in-progress" })).toBe("Direct payments for March 2026: in progress");
  });
});
