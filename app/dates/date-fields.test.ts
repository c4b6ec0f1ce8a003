import { describe, expect, it } from "vitest";
import { readDateFields, withDateErrors } from "./date-fields";

describe("reading dates from a form or a query", () => {
  it("puts the three boxes back as one ISO date under the field's name", () => {
    const form = new FormData();
    form.set("spentOn-day", "2");
    form.set("spentOn-month", "4");
    form.set("spentOn-year", "2026");
    expect(readDateFields(form, [{ name: "spentOn", label: "Date of the spend", rules: { required: true } }])).toEqual([]);
    expect(form.get("spentOn")).toBe("2026-04-02");
  });

  it("takes out a date that is wrong and links its message to the first box at fault", () => {
    const query = new URLSearchParams("from-day=2&from-month=&from-year=2026&from=2026-01-01");
    expect(readDateFields(query, [{ name: "from", label: "From" }])).toEqual([
      { fieldId: "from-month", message: "From must include a month", parts: ["month"] },
    ]);
    expect(query.has("from")).toBe(false);
  });

  it("leaves a date sent under its plain name alone when none of its boxes were sent", () => {
    const query = new URLSearchParams("from=2026-01-01");
    expect(readDateFields(query, [{ name: "from", label: "From" }])).toEqual([]);
    expect(query.get("from")).toBe("2026-01-01");
  });

  it("drops the schema's message for a date that already has its own", () => {
    const dateErrors = [{ fieldId: "spentOn-day", message: "Date of the spend must include a day", parts: ["day" as const] }];
    expect(
      withDateErrors(dateErrors, [
        { fieldId: "spentOn", message: "Enter the date" },
        { fieldId: "amount", message: "Enter the amount" },
      ]).map((e) => e.message),
    ).toEqual(["Date of the spend must include a day", "Enter the amount"]);
  });

  it("links a message about a whole date to its day box", () => {
    const dates = [{ name: "endsOn", label: "Date the care ends" }];
    expect(
      withDateErrors(
        [],
        [
          { fieldId: "endsOn", message: "The end date must be after the start" },
          { fieldId: "amount", message: "Enter the amount" },
        ],
        dates,
      ),
    ).toEqual([
      { fieldId: "endsOn-day", message: "The end date must be after the start" },
      { fieldId: "amount", message: "Enter the amount" },
    ]);
  });
});
