import { parseWithZod } from "@conform-to/zod/v4";
import { describe, expect, it } from "vitest";
import { AddHolderSchema, inFieldOrder } from "./add-holder";

const VALID = {
  nhsNumber: "943 476 5919",
  givenName: " Ann ",
  familyName: "Smith",
  dateOfBirth: "1948-03-15",
  cohort: "chc",
  phone: "",
  email: "ann@example.com",
  postalAddress: "",
  referredBy: "gp",
  referredByOther: "",
};

const form = (values: Record<string, string>) => {
  const data = new FormData();
  for (const [k, v] of Object.entries(values)) data.set(k, v);
  return data;
};
const errorsOf = (values: Record<string, string>) => {
  const s = parseWithZod(form(values), { schema: AddHolderSchema });
  return (s.status === "success" ? null : s.error) ?? {};
};

describe("adding a person: what is typed", () => {
  it("keeps the NHS number's digits, trims names and leaves empty optional fields out", () => {
    expect(AddHolderSchema.parse(VALID)).toEqual({
      nhsNumber: "9434765919",
      givenName: "Ann",
      familyName: "Smith",
      dateOfBirth: "1948-03-15",
      cohort: "chc",
      phone: undefined,
      email: "ann@example.com",
      postalAddress: undefined,
      referredBy: "gp",
      referredByOther: undefined,
    });
  });

  it.each([
    ["", "Enter the NHS number"],
    ["943 476 591", "NHS number must be 10 digits, like 943 476 5919"],
    ["943 476 5918", "Enter a valid NHS number: check you have typed it correctly"],
    // The nine digits of this one make a check digit of 10, which no NHS number has.
    ["100 000 0010", "Enter a valid NHS number: check you have typed it correctly"],
  ])("refuses the NHS number %j: %s", (nhsNumber, message) => {
    expect(errorsOf({ ...VALID, nhsNumber })?.nhsNumber).toEqual([message]);
  });

  it.each(["943 476 5919", "401 023 2137", "9990000034"])("accepts the real NHS number %s", (nhsNumber) => {
    expect(errorsOf({ ...VALID, nhsNumber })).toEqual({});
  });

  it("needs a phone number or an email address, and a valid one", () => {
    expect(errorsOf({ ...VALID, email: "" }).phone).toEqual(["Enter a phone number or an email address, so we can reach them or their family"]);
    expect(errorsOf({ ...VALID, email: "", phone: "0116 496 0000" })).toEqual({});
    expect(errorsOf({ ...VALID, email: "ann at example" }).email).toEqual(["Enter an email address in the correct format, like name@example.com"]);
    expect(errorsOf({ ...VALID, phone: "call Ann" }).phone).toEqual(["Enter a phone number using only numbers, spaces and brackets, like 0116 496 0000"]);
  });

  it("asks who referred them when it was someone else", () => {
    expect(errorsOf({ ...VALID, referredBy: "other" }).referredByOther).toEqual(["Enter who referred them"]);
    expect(AddHolderSchema.parse({ ...VALID, referredBy: "other", referredByOther: "Community nurse" }).referredByOther).toBe("Community nurse");
    expect(errorsOf({ ...VALID, referredBy: "" }).referredBy).toEqual(["Select who referred them"]);
  });

  it("lists errors in the order of the form, a date's boxes where the date is", () => {
    const errors = [
      { fieldId: "dateOfBirth-day", message: "d" },
      { fieldId: "referredByOther", message: "r" },
      { fieldId: "phone", message: "p" },
      { fieldId: "nhsNumber", message: "n" },
    ];
    expect(inFieldOrder(errors).map((e) => e.fieldId)).toEqual(["nhsNumber", "dateOfBirth-day", "phone", "referredByOther"]);
  });
});
