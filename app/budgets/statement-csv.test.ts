import { describe, expect, it } from "vitest";
import { readStatementCsv, writeStatementCsv } from "./statement-csv";

const HEADER = "cohort,band,service,provider,purpose,costingMethod,unit,unitsPerYear,costPerUnit,includedInPersonalBudgets,availableFrom";

describe("statement of resources CSV", () => {
  it("reads good lines, quoted commas included, in pence", () => {
    const result = readStatementCsv(
      `${HEADER}\nchc,High,Personal care,"Care, Ltd",Daily living,local-cost,hour,520,14.50,yes,\nchc,,Nursing,NHS,Wounds,reference-cost,visit,24,50,no,2027-04-01\n`,
    );
    expect(result).toEqual({
      ok: true,
      lines: [
        {
          cohort: "chc",
          band: "High",
          service: "Personal care",
          provider: "Care, Ltd",
          purpose: "Daily living",
          costingMethod: "local-cost",
          unit: "hour",
          unitsPerYear: 520,
          costPerUnit: 1_450,
          includedInPersonalBudgets: true,
          availableFrom: null,
        },
        {
          cohort: "chc",
          band: null,
          service: "Nursing",
          provider: "NHS",
          purpose: "Wounds",
          costingMethod: "reference-cost",
          unit: "visit",
          unitsPerYear: 24,
          costPerUnit: 5_000,
          includedInPersonalBudgets: false,
          availableFrom: "2027-04-01",
        },
      ],
    });
  });

  it("is all or nothing: every bad line is numbered", () => {
    const result = readStatementCsv(
      `${HEADER}\nchc,,Personal care,P,For,local-cost,hour,520,14.50,yes,\nchc,,Nursing,NHS,Wounds,guess,visit,2.5,£50.001,maybe,\nxyz,,Gym,G,Fit,unit-cost,session,1,1,yes,\n`,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.line)).toEqual([3, 3, 3, 3, 4]);
    expect(result.errors[1].message).toBe("unitsPerYear: Units per year must be a whole number, like 52");
    expect(result.errors[2].message).toBe("costPerUnit: The cost per unit must not have more than 2 decimal places, like 12.50");
  });

  it("refuses a file without the columns", () => {
    expect(readStatementCsv("service,cost\nx,1\n")).toMatchObject({ ok: false, errors: [{ line: 1 }] });
  });

  it("exports what it imports", () => {
    const csv = writeStatementCsv([
      {
        cohort: "chc",
        band: null,
        service: "Care, at home",
        provider: "P",
        purpose: 'The "best"',
        costingMethod: "local-cost",
        unit: "hour",
        unitsPerYear: 520,
        costPerUnitPence: 123_456,
        includedInPersonalBudgets: true,
        availableFrom: null,
      },
    ]);
    const back = readStatementCsv(csv);
    expect(back).toMatchObject({ ok: true, lines: [{ service: "Care, at home", purpose: 'The "best"', costPerUnit: 123_456 }] });
  });
});
