import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isoToDateParts, parseDateInput } from "./date-input";

const LABEL = "Date of the spend";
const parse = (day: string, month: string, year: string, rules: Parameters<typeof parseDateInput>[2] = {}) =>
  parseDateInput({ day, month, year }, LABEL, rules);

/** Any real calendar date PostgreSQL can hold, as an ISO string. */
const realDate = fc
  .date({ min: new Date("0001-01-01T00:00:00Z"), max: new Date("9999-12-31T00:00:00Z"), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

describe("the three-field date input", () => {
  it("reads back any real date, typed with or without leading zeros and with spaces around", () => {
    fc.assert(
      fc.property(realDate, fc.boolean(), fc.boolean(), fc.constantFrom("", " ", "  "), (iso, padDay, padMonth, space) => {
        const [year, month, day] = iso.split("-");
        const typed = (s: string, pad: boolean) => space + (pad ? s : String(Number(s))) + space;
        expect(parse(typed(day, padDay), typed(month, padMonth), ` ${year} `)).toEqual({ ok: true, iso });
      }),
    );
  });

  it("turns an ISO date into the parts that read back to it", () => {
    fc.assert(
      fc.property(realDate, (iso) => {
        expect(parseDateInput(isoToDateParts(iso), LABEL, {})).toEqual({ ok: true, iso });
      }),
    );
    expect(isoToDateParts("2026-03-07")).toEqual({ day: "7", month: "3", year: "2026" });
    expect(isoToDateParts(undefined)).toEqual({ day: "", month: "", year: "" });
  });

  it("refuses any part that is not digits, as not a real date", () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 4 }).filter((s) => !/^\s*\d*\s*$/.test(s)),
        fc.constantFrom("day", "month", "year"),
        (junk, part) => {
          const parts = { day: "12", month: "6", year: "2026", [part]: junk };
          expect(parseDateInput(parts, LABEL, {})).toEqual({ ok: false, message: "Date of the spend must be a real date", parts: [part] });
        },
      ),
    );
  });

  it("knows the leap years", () => {
    expect(parse("29", "2", "2028")).toEqual({ ok: true, iso: "2028-02-29" });
    expect(parse("29", "2", "2000")).toEqual({ ok: true, iso: "2000-02-29" });
    expect(parse("29", "2", "2027")).toMatchObject({ ok: false, message: "Date of the spend must be a real date" });
    expect(parse("29", "2", "1900")).toMatchObject({ ok: false, message: "Date of the spend must be a real date" });
    expect(parse("30", "2", "2027")).toEqual({ ok: false, message: "Date of the spend must be a real date", parts: ["day", "month"] });
    expect(parse("31", "4", "2026")).toMatchObject({ ok: false, message: "Date of the spend must be a real date" });
  });

  it("asks for whatever is missing, naming the parts", () => {
    expect(parse("27", "", "2026")).toEqual({ ok: false, message: "Date of the spend must include a month", parts: ["month"] });
    expect(parse("", "3", "2026")).toEqual({ ok: false, message: "Date of the spend must include a day", parts: ["day"] });
    expect(parse("27", "3", " ")).toEqual({ ok: false, message: "Date of the spend must include a year", parts: ["year"] });
    expect(parse("", "", "2026")).toEqual({ ok: false, message: "Date of the spend must include a day and month", parts: ["day", "month"] });
    expect(parse("", "3", "")).toEqual({ ok: false, message: "Date of the spend must include a day and year", parts: ["day", "year"] });
    expect(parse("27", "", "")).toEqual({ ok: false, message: "Date of the spend must include a month and year", parts: ["month", "year"] });
  });

  it("asks for the date when it is required and nothing was typed, and takes nothing when it is optional", () => {
    expect(parse("", " ", "", { required: true })).toEqual({ ok: false, message: "Enter date of the spend", parts: ["day", "month", "year"] });
    expect(parse("", "", "")).toEqual({ ok: true, iso: undefined });
  });

  it("wants a year of 4 numbers", () => {
    expect(parse("27", "3", "26")).toEqual({ ok: false, message: "Year must include 4 numbers", parts: ["year"] });
    expect(parse("27", "3", "20266")).toEqual({ ok: false, message: "Year must include 4 numbers", parts: ["year"] });
    expect(parse("27", "3", "0000")).toEqual({ ok: false, message: "Date of the spend must be a real date", parts: ["year"] });
  });

  it("refuses days and months that cannot be", () => {
    expect(parse("32", "3", "2026")).toEqual({ ok: false, message: "Date of the spend must be a real date", parts: ["day"] });
    expect(parse("0", "3", "2026")).toEqual({ ok: false, message: "Date of the spend must be a real date", parts: ["day"] });
    expect(parse("27", "13", "2026")).toEqual({ ok: false, message: "Date of the spend must be a real date", parts: ["month"] });
    expect(parse("027", "3", "2026")).toEqual({ ok: false, message: "Date of the spend must be a real date", parts: ["day"] });
  });

  it("refuses a future date where the date must have happened, and takes today", () => {
    const rules = { notInFuture: true, today: "2026-03-27" };
    expect(parse("28", "3", "2026", rules)).toEqual({ ok: false, message: "Date of the spend must be today or in the past", parts: ["day", "month", "year"] });
    expect(parse("27", "3", "2026", rules)).toEqual({ ok: true, iso: "2026-03-27" });
  });
});
