import { describe, expect, it } from "vitest";
import { readAssistantForm, readEmployerForm, readHours } from "./forms";

const LINE = "6f1c1f1e-0000-4000-8000-000000000001";

describe("the employer form", () => {
  it("keeps tidy references and the insurance", () => {
    expect(
      readEmployerForm({
        payeReference: "123/ab456",
        accountsOfficeReference: "123px00123456",
        insurer: " Acme ",
        insurancePolicy: "EL-9",
        insuranceExpiresOn: "2027-03-31",
      }),
    ).toEqual({
      ok: true,
      value: {
        payeReference: "123/AB456",
        accountsOfficeReference: "123PX00123456",
        insurer: "Acme",
        insurancePolicy: "EL-9",
        insuranceExpiresOn: "2027-03-31",
      },
    });
  });
  it("names every field at fault", () => {
    const read = readEmployerForm({ payeReference: "AB456", accountsOfficeReference: "", insurer: "", insurancePolicy: "", insuranceExpiresOn: "" });
    expect(read.ok ? [] : read.errors.map((e) => e.fieldId)).toEqual([
      "payeReference",
      "accountsOfficeReference",
      "insurer",
      "insurancePolicy",
      "insuranceExpiresOn",
    ]);
  });
});

describe("the PA form", () => {
  const good = {
    givenName: "Sam",
    familyName: "Okafor",
    nationalInsuranceNumber: "ab 12 34 56 c",
    startsOn: "2026-05-01",
    hourlyRate: "12.60",
    contractedHours: "37.5",
    pensionScheme: "NEST",
    payrollReference: "pa-0042",
    supportLineKey: LINE,
  };
  it("reads pay in pence and hours in minutes", () => {
    expect(readAssistantForm(good, [LINE])).toMatchObject({
      ok: true,
      value: { nationalInsuranceNumber: "AB123456C", hourlyRatePence: 1260, contractedMinutesPerWeek: 2250, payrollReference: "PA-0042", supportLineKey: LINE },
    });
  });
  it("refuses a line that is not the plan's, a rate of nothing and hours that are not hours", () => {
    const read = readAssistantForm({ ...good, hourlyRate: "0", contractedHours: "lots", supportLineKey: "other" }, [LINE]);
    expect(read.ok ? [] : read.errors.map((e) => e.fieldId)).toEqual(["hourlyRate", "contractedHours", "supportLineKey"]);
  });
  it("reads hours as decimals or hours and minutes", () => {
    expect([readHours("20"), readHours("37.5"), readHours("7:30"), readHours("x")]).toEqual([1200, 2250, 450, null]);
  });
});
