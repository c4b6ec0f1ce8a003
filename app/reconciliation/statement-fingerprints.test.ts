import { describe, expect, test } from "vitest";
import { fingerprintLines } from "./statement-fingerprints";
import type { StatementLine } from "./statement-read";

const coffee: StatementLine = { line: 4, date: "2026-03-28", amountPence: -310, description: "COSTA COFFEE", reference: null, balancePence: null };
const tesco: StatementLine = { line: 2, date: "2026-03-27", amountPence: -1240, description: "TESCO STORES", reference: "A1", balancePence: 123760 };

describe("fingerprintLines", () => {
  test("two identical coffees in one file both count", () => {
    const [a, b] = fingerprintLines("acct-1", [coffee, { ...coffee, line: 5 }]);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(a).not.toBe(b);
  });

  test("an overlapping statement gives the same fingerprints for the lines it shares, whatever spacing, capitals and line numbers", () => {
    const march = fingerprintLines("acct-1", [tesco, coffee, { ...coffee, line: 5 }]);
    const overlap = fingerprintLines("acct-1", [
      { ...coffee, line: 9, description: " costa  coffee ", reference: "X" },
      { ...coffee, line: 10 },
      { ...coffee, line: 11 },
    ]);
    expect(overlap.slice(0, 2)).toEqual(march.slice(1, 3));
    expect(march).not.toContain(overlap[2]);
  });

  test("account, date, amount, description and balance each change the fingerprint", () => {
    const [base] = fingerprintLines("acct-1", [tesco]);
    const changed = [
      fingerprintLines("acct-2", [tesco]),
      fingerprintLines("acct-1", [{ ...tesco, date: "2026-03-28" }]),
      fingerprintLines("acct-1", [{ ...tesco, amountPence: -1241 }]),
      fingerprintLines("acct-1", [{ ...tesco, description: "TESCO EXPRESS" }]),
      fingerprintLines("acct-1", [{ ...tesco, balancePence: 123761 }]),
    ].map(([f]) => f);
    for (const f of changed) expect(f).not.toBe(base);
  });
});
