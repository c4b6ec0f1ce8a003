import { describe, expect, it } from "vitest";
import {
  checkAccountsOfficeReference,
  checkNationalInsuranceNumber,
  checkPayeReference,
  formatNationalInsuranceNumber,
  maskNationalInsuranceNumber,
} from "./references";

describe("employer references", () => {
  it("accepts a PAYE reference however it is spaced and cased, and keeps it tidy", () => {
    expect(checkPayeReference(" 123/ab45678 ")).toEqual({ ok: true, value: "123/AB45678" });
  });
  it.each(["", "12/AB456", "123AB456", "123/", "123/AB456789012", "ABC/123"])("refuses the PAYE reference %j", (input) => {
    expect(checkPayeReference(input).ok).toBe(false);
  });
  it("accepts an accounts office reference, including one ending in X", () => {
    expect(checkAccountsOfficeReference("123px00123456")).toEqual({ ok: true, value: "123PX00123456" });
    expect(checkAccountsOfficeReference("123PX0012345X")).toEqual({ ok: true, value: "123PX0012345X" });
  });
  it.each(["", "123PX0012345", "123QX00123456", "12PX001234567", "123P100123456"])("refuses the accounts office reference %j", (input) => {
    expect(checkAccountsOfficeReference(input).ok).toBe(false);
  });
});

describe("National Insurance numbers", () => {
  it("accepts one written with spaces and keeps it without", () => {
    expect(checkNationalInsuranceNumber("ab 12 34 56 c")).toEqual({ ok: true, value: "AB123456C" });
  });
  it.each(["", "QQ123456C", "AB123456", "AB123456E", "A1234567C", "DA123456A", "AO123456A", "GB123456A", "TN123456B"])("refuses %j", (input) => {
    expect(checkNationalInsuranceNumber(input).ok).toBe(false);
  });
  it("is written in pairs, and masked to its last numbers and letter", () => {
    expect(formatNationalInsuranceNumber("QQ123456C")).toBe("QQ 12 34 56 C");
    expect(maskNationalInsuranceNumber("QQ123456C")).toBe("XX XX XX 56 C");
  });
});
