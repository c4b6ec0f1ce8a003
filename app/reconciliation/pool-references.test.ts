import { describe, expect, it } from "vitest";
import { poolClosingBalance, poolReferenceKey, readPoolReference, routePooledLines, tidyPoolReference } from "./pool-references";
import type { StatementLine } from "./statement-read";

const members = [
  { bankAccountId: "a", poolReference: "PHB 0034" },
  { bankAccountId: "b", poolReference: "PHB 0035" },
  { bankAccountId: "c", poolReference: "SMITH J" },
];

let n = 1;
const line = (reference: string | null, description = "Payment", amountPence = 100, balancePence: number | null = null): StatementLine => ({
  line: ++n,
  date: "2026-03-01",
  amountPence,
  description,
  reference,
  balancePence,
});

describe("a pool reference", () => {
  it("is kept in capitals with single spaces and compared without spaces", () => {
    expect(tidyPoolReference("  phb   0034 ")).toBe("PHB 0034");
    expect(poolReferenceKey("phb 00 34")).toBe(poolReferenceKey("PHB0034"));
    expect(poolReferenceKey("PHB-0034")).toBe("PHB0034");
  });

  it("is refused empty, too long for Bacs or with characters a payment cannot carry", () => {
    expect(readPoolReference("")).toMatchObject({ ok: false, message: expect.stringContaining("Enter the reference") });
    expect(readPoolReference("A".repeat(19))).toMatchObject({ ok: false, message: "The reference must be 18 characters or fewer" });
    expect(readPoolReference("PHB #34")).toMatchObject({ ok: false });
    expect(readPoolReference("--")).toMatchObject({ ok: false });
    expect(readPoolReference(" phb 0034")).toEqual({ ok: true, value: "PHB 0034" });
  });
});

describe("routing a pooled statement's lines", () => {
  it("gives each line to the holder whose reference its reference column has, whatever its spaces and capitals", () => {
    const lines = [line("PHB 0034"), line("phb0035"), line(" Smith  j "), line("PHB-0034"), line("PHB 0034 INST 09"), line("PHB0035INST10")];
    const routed = routePooledLines(lines, members, "reference");
    expect(routed.ok && Object.fromEntries(routed.byMember)).toEqual({ a: [0, 3, 4], b: [1, 5], c: [2] });
  });

  it("refuses the file with every line that is no one's, by its line number", () => {
    const lines = [line("PHB 0034"), line("XYZ 99"), line("PHB 00345"), line("XPHB 0034"), line("SMITH JONES")];
    const routed = routePooledLines(lines, members, "reference");
    expect(routed).toEqual({
      ok: false,
      more: 0,
      problems: [
        { line: lines[1].line, message: `Line ${lines[1].line}: the reference "XYZ 99" is no holder's in this pooled account` },
        { line: lines[2].line, message: `Line ${lines[2].line}: the reference "PHB 00345" is no holder's in this pooled account` },
        { line: lines[3].line, message: `Line ${lines[3].line}: the reference "XPHB 0034" is no holder's in this pooled account` },
        { line: lines[4].line, message: `Line ${lines[4].line}: the reference "SMITH JONES" is no holder's in this pooled account` },
      ],
    });
  });

  it("reads the reference in the description when there is no reference column, or the line's is empty", () => {
    const lines = [line(null, "BACS PHB0034 NHS"), line("", "Transfer phb 0035"), line(null, "SMITH J CARE"), line(null, "NHS WEST PHB0034INST09")];
    const routed = routePooledLines(lines, members, "reference");
    expect(routed.ok && Object.fromEntries(routed.byMember)).toEqual({ a: [0, 3], b: [1], c: [2] });
  });

  it("does not find a reference inside a longer one, nor guess between two", () => {
    const longer = line(null, "PHB 00345 instalment");
    const both = line(null, "PHB 0034 and PHB 0035");
    const routed = routePooledLines([longer, both], members, "description");
    expect(routed.ok).toBe(false);
    if (routed.ok) return;
    expect(routed.problems.map((p) => p.line)).toEqual([longer.line, both.line]);
    expect(routed.problems[1].message).toContain("could be more than one holder's (PHB 0034, PHB 0035)");
  });

  it("routes by description even where a line has a bank id in its reference (OFX's FITID)", () => {
    const routed = routePooledLines([line("202603010001", "PHB 0035 instalment")], members, "description");
    expect(routed.ok && Object.fromEntries(routed.byMember)).toEqual({ b: [0] });
  });
});

describe("the pool's closing balance", () => {
  it("is the bank's balance at the end of the last day, whichever order the file lists it", () => {
    const oldestFirst = [line("PHB 0034", "x", 500, 1_500), { ...line("PHB 0035", "y", -200, 1_300), date: "2026-03-02" }];
    expect(poolClosingBalance(oldestFirst)).toBe(1_300);
    expect(poolClosingBalance([...oldestFirst].reverse())).toBe(1_300);
    expect(poolClosingBalance([line("PHB 0034")])).toBeNull();
  });
});
