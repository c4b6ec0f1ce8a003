import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { availableAt, checkEffectiveDate, checkLines, hashContent, mirrorLines, notEnoughMoneyMessage, todayInUk, type EntryContent } from "./entries";

describe("checkLines", () => {
  it("accepts two or more lines on different accounts summing to zero", () => {
    expect(
      checkLines([
        { accountId: 1, amountPence: -500 },
        { accountId: 2, amountPence: 300 },
        { accountId: 3, amountPence: 200 },
      ]),
    ).toEqual({ ok: true });
  });
  it.each([
    [[{ accountId: 1, amountPence: 5 }], "An entry needs at least two lines"],
    [
      [
        { accountId: 1, amountPence: 5 },
        { accountId: 2, amountPence: -4 },
      ],
      "The lines must add up to £0.00, not £0.01",
    ],
    [
      [
        { accountId: 1, amountPence: 0 },
        { accountId: 2, amountPence: 0 },
      ],
      "Amounts must not be £0.00",
    ],
    [
      [
        { accountId: 1, amountPence: 0.5 },
        { accountId: 2, amountPence: -0.5 },
      ],
      "Amounts must be whole pence",
    ],
    [
      [
        { accountId: 1, amountPence: 5 },
        { accountId: 1, amountPence: -5 },
      ],
      "Each account can appear on only one line of an entry",
    ],
  ])("refuses %j", (lines, message) => {
    expect(checkLines(lines)).toEqual({ ok: false, message });
  });
});

describe("checkEffectiveDate", () => {
  it("accepts real dates only", () => {
    expect(checkEffectiveDate("2028-02-29")).toEqual({ ok: true });
    expect(checkEffectiveDate("2026-02-29").ok).toBe(false);
    expect(checkEffectiveDate("29/02/2028").ok).toBe(false);
  });
});

describe("hashContent", () => {
  const content: EntryContent = {
    kind: "spend",
    effectiveDate: "2026-04-02",
    description: "Carer hours",
    onBehalfOfHolderId: null,
    lines: [
      { accountId: 7, amountPence: -100 },
      { accountId: 3, amountPence: 100 },
    ],
  };
  it("ignores the order of the lines and notices any change of content", () => {
    expect(hashContent({ ...content, lines: [...content.lines].reverse() })).toBe(hashContent(content));
    expect(hashContent({ ...content, description: "Carer hours." })).not.toBe(hashContent(content));
    expect(hashContent({ ...content, lines: mirrorLines(content.lines) })).not.toBe(hashContent(content));
  });
});

describe("availableAt", () => {
  it("is the least of the balance at the date and every later balance", () => {
    const history = [
      { effectiveDate: "2026-04-01", amountPence: 1_000 },
      { effectiveDate: "2026-05-01", amountPence: -800 },
      { effectiveDate: "2026-06-01", amountPence: 500 },
    ];
    expect(availableAt(history, "2026-03-31")).toBe(0);
    expect(availableAt(history, "2026-04-15")).toBe(200);
    expect(availableAt(history, "2026-07-01")).toBe(700);
  });

  it("agrees with trying the posting and replaying every balance (1,000 runs)", () => {
    const posting = fc.record({ day: fc.integer({ min: 1, max: 28 }), amountPence: fc.integer({ min: -5_000, max: 5_000 }).filter((n) => n !== 0) });
    fc.assert(
      fc.property(fc.array(posting, { maxLength: 12 }), fc.integer({ min: 1, max: 28 }), fc.integer({ min: 1, max: 10_000 }), (raw, day, spend) => {
        const date = (d: number) => `2026-04-${String(d).padStart(2, "0")}`;
        const history = raw
          .map((p) => ({ effectiveDate: date(p.day), amountPence: p.amountPence }))
          .sort((a, b) => a.effectiveDate.localeCompare(b.effectiveDate));
        const prefixMin = (h: typeof history) =>
          h.reduce((acc, p) => ({ run: acc.run + p.amountPence, min: Math.min(acc.min, acc.run + p.amountPence) }), { run: 0, min: 0 }).min;
        if (prefixMin(history) < 0) return; // only histories that were themselves never overdrawn
        const withSpend = [...history, { effectiveDate: date(day), amountPence: -spend }].sort((a, b) => a.effectiveDate.localeCompare(b.effectiveDate));
        expect(availableAt(history, date(day)) >= spend).toBe(prefixMin(withSpend) >= 0);
      }),
      { numRuns: 1_000 },
    );
  });
});

describe("messages and dates", () => {
  it("says how much is available", () => {
    expect(notEnoughMoneyMessage(123_456)).toBe("not enough money in the account: £1,234.56 available");
  });
  it("gives today's date in the UK", () => {
    expect(todayInUk(new Date("2026-06-30T23:30:00Z"))).toBe("2026-07-01");
    expect(todayInUk(new Date("2026-12-31T23:30:00Z"))).toBe("2026-12-31");
  });
});
