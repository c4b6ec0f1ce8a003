import { describe, expect, it } from "vitest";
import { checkScopes, inForce } from "./assignments";

describe("assigning a support organisation", () => {
  const payrollOnly = { runsPayroll: true, holdsThirdPartyBudgets: false };
  it("keeps what the organisation does, in a fixed order", () => {
    expect(checkScopes(["managed-account", "payroll", "nonsense"], payrollOnly)).toEqual({ ok: true, scopes: ["payroll", "managed-account"] });
  });
  it("refuses nothing chosen, and what the organisation does not do", () => {
    expect(checkScopes([], payrollOnly)).toMatchObject({ ok: false, message: "Select what the organisation will do for them" });
    expect(checkScopes(["third-party-budget"], payrollOnly)).toMatchObject({ ok: false, message: "This organisation does not hold third-party budgets" });
    expect(checkScopes(["payroll"], { runsPayroll: false, holdsThirdPartyBudgets: true })).toMatchObject({ ok: false });
  });
  it("is in force from its first day to its last", () => {
    const a = { startsOn: "2026-04-01", endsOn: "2026-06-30" };
    expect(["2026-03-31", "2026-04-01", "2026-06-30", "2026-07-01"].map((d) => inForce(a, d))).toEqual([false, true, true, false]);
    expect(inForce({ startsOn: "2026-04-01", endsOn: null }, "2030-01-01")).toBe(true);
  });
});
