import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decisionProblem, deductionsFrom, outstandingOf, proposalProblems, repayByDate, splitOverInstalments, type InstalmentRecovery } from "./rules";

describe("splitting a recovery over instalments", () => {
  it("takes the same part from each, with the remainder on the last", () => {
    expect(splitOverInstalments(10_000, 3)).toEqual([3_333, 3_333, 3_334]);
    expect(splitOverInstalments(30_000, 3)).toEqual([10_000, 10_000, 10_000]);
    expect(splitOverInstalments(7, 1)).toEqual([7]);
  });

  it("always adds up to the amount, in whole pence, none below 1p", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 26 }), fc.integer({ min: 26, max: 100_000_000 }), (count, amount) => {
        const parts = splitOverInstalments(amount, count);
        expect(parts).toHaveLength(count);
        expect(parts.reduce((t, p) => t + p, 0)).toBe(amount);
        expect(parts.every((p) => Number.isSafeInteger(p) && p >= 1)).toBe(true);
      }),
    );
  });

  it("refuses a count or an amount that is not whole", () => {
    expect(() => splitOverInstalments(100, 0)).toThrow();
    expect(() => splitOverInstalments(0, 2)).toThrow();
    expect(() => splitOverInstalments(10.5, 2)).toThrow();
  });
});

describe("four eyes", () => {
  it("refuses the proposer and allows anyone else", () => {
    expect(decisionProblem({ deciderId: "a", proposedBy: "a" })).toMatch(/another approver/);
    expect(decisionProblem({ deciderId: null, proposedBy: "a" })).toMatch(/Sign in/);
    expect(decisionProblem({ deciderId: "b", proposedBy: "a" })).toBeNull();
  });
});

describe("a proposal's problems", () => {
  it("refuses more than the balance when it is paid back from the account at once", () => {
    expect(proposalProblems({ amountPence: 10_001, method: "account", instalmentCount: null, balancePence: 10_000 })).toEqual([
      { field: "amount", message: "The amount must not be more than the balance of the direct payment account, which is £100.00" },
    ]);
    expect(proposalProblems({ amountPence: 10_000, method: "account", instalmentCount: null, balancePence: 10_000 })).toEqual([]);
  });

  it("takes from instalments more than the balance, but needs a count from 1 to 26 and at least 1p a part", () => {
    expect(proposalProblems({ amountPence: 50_000, method: "instalments", instalmentCount: 4, balancePence: 0 })).toEqual([]);
    expect(proposalProblems({ amountPence: 50_000, method: "instalments", instalmentCount: 27, balancePence: 0 })[0].field).toBe("instalmentCount");
    expect(proposalProblems({ amountPence: 50_000, method: "instalments", instalmentCount: null, balancePence: 0 })[0].field).toBe("instalmentCount");
    expect(proposalProblems({ amountPence: 3, method: "instalments", instalmentCount: 4, balancePence: 0 })[0].message).toMatch(/fewer instalments/);
  });
});

describe("what an instalment gives to the recoveries", () => {
  const recovery = (over: Partial<InstalmentRecovery> = {}): InstalmentRecovery => ({
    id: "r1",
    amountPence: 10_000,
    schedule: splitOverInstalments(10_000, 3),
    taken: [],
    ...over,
  });

  it("takes each agreed part in turn, the last with the remainder", () => {
    const r = recovery();
    for (const expected of [3_333, 3_333, 3_334]) {
      const [d] = deductionsFrom(100_000, [r]);
      expect(d).toEqual({ recoveryId: "r1", part: r.taken.length + 1, amountPence: expected });
      r.taken.push(d.amountPence);
    }
    expect(outstandingOf(r)).toBe(0);
    expect(deductionsFrom(100_000, [r])).toEqual([]);
  });

  it("takes no more than the instalment, and catches up after the agreed number", () => {
    const r = recovery();
    const taken: number[] = [];
    for (const instalment of [2_000, 100_000, 100_000, 100_000]) {
      const [d] = deductionsFrom(instalment, [r]);
      if (!d) break;
      expect(d.amountPence).toBeLessThanOrEqual(instalment);
      r.taken.push(d.amountPence);
      taken.push(d.amountPence);
    }
    expect(taken).toEqual([2_000, 3_333, 4_667]);
    expect(taken.reduce((t, p) => t + p, 0)).toBe(10_000);
  });

  it("shares one instalment between recoveries, oldest first, never taking it below £0.00", () => {
    const older = recovery({ id: "old", amountPence: 5_000, schedule: [5_000] });
    const newer = recovery({ id: "new", amountPence: 5_000, schedule: [2_500, 2_500] });
    expect(deductionsFrom(6_000, [older, newer])).toEqual([
      { recoveryId: "old", part: 1, amountPence: 5_000 },
      { recoveryId: "new", part: 1, amountPence: 1_000 },
    ]);
  });

  it("always ends at exactly the amount approved, whatever the instalments", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 100, max: 1_000_000 }),
        fc.integer({ min: 1, max: 13 }),
        fc.array(fc.integer({ min: 1, max: 200_000 }), { minLength: 40, maxLength: 60 }),
        (amount, count, instalmentAmounts) => {
          const r = recovery({ amountPence: amount, schedule: splitOverInstalments(amount, Math.min(count, amount)) });
          for (const instalment of instalmentAmounts) {
            const given = deductionsFrom(instalment, [r]);
            expect(given.reduce((t, d) => t + d.amountPence, 0)).toBeLessThanOrEqual(instalment);
            r.taken.push(...given.map((d) => d.amountPence));
          }
          expect(r.taken.reduce((t, p) => t + p, 0)).toBeLessThanOrEqual(amount);
          if (instalmentAmounts.reduce((t, p) => t + p, 0) >= amount) expect(outstandingOf(r)).toBe(0);
        },
      ),
    );
  });
});

it("asks for the money back 28 days after the letter", () => {
  expect(repayByDate("2026-11-23")).toBe("2026-12-21");
});
