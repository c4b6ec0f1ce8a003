import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatPence, parseMoney, penceToDecimal } from "./money";

describe("parseMoney", () => {
  it.each([
    ["1,234.56", 123456],
    ["£1234.5", 123450],
    ["0.01", 1],
    ["12", 1200],
    [" £ 7.05 ", 705],
    ["1,000,000", 100000000],
  ])("reads %j as %i pence", (input, pence) => {
    expect(parseMoney(input)).toEqual({ ok: true, pence });
  });

  it.each([
    ["1.234", "The amount must not have more than 2 decimal places, like 12.50"],
    ["-5", "The amount must be more than £0.00"],
    ["abc", "The amount must be a number of pounds and pence, like 12.50"],
    ["", "Enter the amount, like 12.50"],
    ["1,23.00", "The amount must be a number of pounds and pence, like 12.50"],
    ["1e3", "The amount must be a number of pounds and pence, like 12.50"],
  ])("refuses %j with a message", (input, message) => {
    expect(parseMoney(input)).toEqual({ ok: false, message });
  });

  it("names the field in its messages", () => {
    expect(parseMoney("", "cost per unit")).toEqual({ ok: false, message: "Enter the cost per unit, like 12.50" });
  });
});

describe("formatPence", () => {
  it("formats en-GB pounds with separators", () => {
    expect(formatPence(123456)).toBe("£1,234.56");
    expect(formatPence(5)).toBe("£0.05");
    expect(formatPence(-1000)).toBe("-£10.00");
  });

  it("round-trips pence -> text -> pence for 10,000 values", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (pence) => {
        expect(parseMoney(formatPence(pence))).toEqual({ ok: true, pence });
      }),
      { numRuns: 10_000 },
    );
  });
});

describe("penceToDecimal", () => {
  it("writes pence exactly as pounds for spreadsheets", () => {
    expect(penceToDecimal(123456)).toBe("1234.56");
    expect(penceToDecimal(5)).toBe("0.05");
    expect(penceToDecimal(-100)).toBe("-1.00");
    // Read back by dropping the point, never through floating point.
    fc.assert(
      fc.property(fc.integer({ min: -1e15, max: 1e15 }), (p) => {
        expect(Number(penceToDecimal(p).replace(".", ""))).toBe(p);
      }),
      { numRuns: 1_000 },
    );
  });
});
