import { parse } from "csv-parse/sync";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { countCell, FORMULA_STARTS, neutraliseCell, penceCell, restoreCell, type CsvCell } from "~/security/spreadsheet-csv";
import { writeCsv } from "~/security/spreadsheet-csv.server";

// Text that leans on the edges: formula characters, apostrophes, spaces, quotes, commas and line breaks.
const awkward = fc.string({
  unit: fc.oneof(
    fc.constantFrom(...FORMULA_STARTS, "'", " ", "\u00A0", '"', ",", ";", "\r\n", "|", "!", "0", "é", "😀"),
    fc.string({ unit: "grapheme", minLength: 1, maxLength: 1 }),
    fc.string({ unit: "binary", minLength: 1, maxLength: 1 }),
  ),
  maxLength: 12,
});
const formulaLike = fc
  .tuple(fc.stringMatching(/^[' \u00A0]{0,3}$/), fc.constantFrom(...FORMULA_STARTS), awkward)
  .map(([lead, start, rest]) => lead + start + rest);

describe("neutraliseCell", () => {
  it("prefixes an apostrophe to every OWASP formula start and its full-width form", () => {
    for (const start of ["=", "+", "-", "@", "\t", "\r", "\uFF1D", "\uFF0B", "\uFF0D", "\uFF20"]) {
      expect(neutraliseCell(`${start}HYPERLINK("https://evil.example")`)).toBe(`'${start}HYPERLINK("https://evil.example")`);
    }
    expect(neutraliseCell(" =1+1")).toBe("' =1+1");
    expect(neutraliseCell("Jane Smith (PA)")).toBe("Jane Smith (PA)");
    expect(neutraliseCell("'Tis the season")).toBe("'Tis the season");
    expect(neutraliseCell("")).toBe("");
  });

  it("never leaves a cell that starts, after spaces and apostrophes, with a formula character unprefixed", () => {
    fc.assert(
      fc.property(formulaLike, (text) => {
        expect(neutraliseCell(text)).toBe(`'${text}`);
      }),
      { numRuns: 2_000 },
    );
  });

  it("changes nothing else, and restoreCell undoes exactly what it added", () => {
    fc.assert(
      fc.property(fc.oneof(awkward, formulaLike), (text) => {
        const cell = neutraliseCell(text);
        expect([text, `'${text}`]).toContain(cell);
        expect(FORMULA_STARTS).not.toContain(cell[0]);
        expect(restoreCell(cell)).toBe(text);
      }),
      { numRuns: 5_000 },
    );
  });
});

describe("writeCsv", () => {
  it("writes numbers the portal formatted as numbers, negative ones too, and the same text as text", () => {
    expect(writeCsv([[penceCell(-1_250), "-12.50", countCell(-3), penceCell(5), "", "a, b", 'say "hi"']])).toBe(
      `-12.50,'-12.50,-3,0.05,,"a, b","say ""hi"""\r\n`,
    );
    expect(() => penceCell(12.5)).toThrow(RangeError);
  });

  it("round-trips any rows through a real CSV parser: the same cells, apart from the documented apostrophe", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }).chain((width) =>
          fc.array(fc.array(fc.oneof(awkward, formulaLike, fc.string({ unit: "binary" })), { minLength: width, maxLength: width }), {
            minLength: 1,
            maxLength: 6,
          }),
        ),
        (rows) => {
          const back = parse(writeCsv(rows), { relax_column_count: false });
          expect(back).toEqual(rows.map((row) => row.map(neutraliseCell)));
          expect(back.map((row) => row.map(restoreCell))).toEqual(rows);
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it("keeps every amount a plain number when read back", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1e13, max: 1e13 }), { minLength: 1, maxLength: 8 }), (amounts) => {
        const cells: CsvCell[] = amounts.map(penceCell);
        const [back] = parse(writeCsv([cells]));
        for (const [i, text] of back.entries()) {
          expect(text).toMatch(/^-?\d+\.\d{2}$/);
          expect(Number(text.replace(".", ""))).toBe(amounts[i]);
        }
      }),
    );
  });
});
