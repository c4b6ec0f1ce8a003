import { describe, expect, it } from "vitest";
import { checkNhsNumber, formatNhsNumber } from "./nhs-number";

describe("checkNhsNumber", () => {
  it.each(["9434765919", "943 476 5919", "943-476-5919", "4010232137"])("accepts the valid number %s", (input) => {
    expect(checkNhsNumber(input)).toEqual({ ok: true, value: input.replace(/[\s-]/g, "") });
  });

  it("refuses a wrong check digit", () => {
    expect(checkNhsNumber("9434765918")).toEqual({
      ok: false,
      message: "Enter a valid NHS number: check you have typed it correctly",
    });
  });

  it("refuses a number whose check digit would be 10", () => {
    // 1*10 + 1*2 = 12, remainder 1, so the check digit would be 10.
    const nine = "100000001";
    const sum = [...nine].reduce((t, d, i) => t + Number(d) * (10 - i), 0);
    expect(11 - (sum % 11)).toBe(10);
    expect(checkNhsNumber(`${nine}0`).ok).toBe(false);
  });

  it.each([
    ["943476591", "NHS number must be 10 digits, like 943 476 5919"],
    ["94347659190", "NHS number must be 10 digits, like 943 476 5919"],
    ["94347A5919", "NHS number must only include numbers 0 to 9"],
    ["", "Enter the NHS number"],
  ])("refuses %j", (input, message) => {
    expect(checkNhsNumber(input)).toEqual({ ok: false, message });
  });

  it("formats as 3-3-4", () => {
    expect(formatNhsNumber("9434765919")).toBe("943 476 5919");
  });
});
