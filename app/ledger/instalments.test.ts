import { addDays, differenceInCalendarDays, format, parseISO } from "date-fns";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { planYear } from "~/plans/rules";
import {
  arrangementRates,
  instalmentKey,
  instalmentReference,
  rateOn,
  regularDates,
  scheduleYear,
  yearShare,
  type FundingFrequency,
  type Rate,
} from "./instalments";

const day = (start: string, n: number) => format(addDays(parseISO(start), n), "yyyy-MM-dd");

/** Pays a year slot by slot as the job would: each on its due date, knowing only the rates that apply by then. */
function payAsTheJobWould(input: { yearStart: string; frequency: FundingFrequency; rates: Rate[]; endsOn?: string | null }) {
  const { end: yearEnd } = planYear(input.yearStart, input.yearStart);
  const paid = new Map<number, number>();
  for (;;) {
    const next = scheduleYear({ ...input, yearEnd, paid }).slots.find((s) => s.status === "due");
    if (!next) break;
    const known = input.rates.filter((r) => r.from <= next.dueOn);
    const slot = scheduleYear({ ...input, rates: known, yearEnd, paid }).slots.find((s) => s.number === next.number)!;
    paid.set(slot.number, slot.amountPence);
  }
  return { yearEnd, paid, total: [...paid.values()].reduce((t, p) => t + p, 0) };
}

const yearStarts = fc
  .date({ min: new Date("2020-01-01T00:00:00Z"), max: new Date("2040-12-31T00:00:00Z"), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const frequencies = fc.constantFrom<FundingFrequency>("four-weekly", "monthly");
const annual = fc.integer({ min: 0, max: 5_000_000_00 });

describe("regularDates", () => {
  it("gives 13 four-weekly dates, 12 monthly and 4 quarterly, all inside the plan year", () => {
    expect(regularDates("2026-04-01", "four-weekly")).toEqual([
      "2026-04-01",
      "2026-04-29",
      "2026-05-27",
      "2026-06-24",
      "2026-07-22",
      "2026-08-19",
      "2026-09-16",
      "2026-10-14",
      "2026-11-11",
      "2026-12-09",
      "2027-01-06",
      "2027-02-03",
      "2027-03-03",
    ]);
    expect(regularDates("2026-01-31", "monthly").slice(0, 3)).toEqual(["2026-01-31", "2026-02-28", "2026-03-31"]);
    expect(regularDates("2026-04-01", "quarterly")).toEqual(["2026-04-01", "2026-07-01", "2026-10-01", "2027-01-01"]);
  });
});

describe("scheduleYear", () => {
  it("pays a year's share in 13 equal four-weekly instalments with the odd pence in the last, and not 14", () => {
    const { totalPence, slots } = scheduleYear({
      yearStart: "2026-04-01",
      yearEnd: "2027-03-31",
      frequency: "four-weekly",
      rates: [{ from: "2026-04-01", annualPence: 2_600_005 }],
    });
    expect(totalPence).toBe(2_600_005);
    expect(slots).toHaveLength(13);
    expect(slots.slice(0, 12).every((s) => s.amountPence === 200_000)).toBe(true);
    expect(slots[12]).toEqual({ number: 13, dueOn: "2027-03-03", amountPence: 200_005, status: "due" });
  });

  it("pays the rest of the year at the new rate from a change, to the penny", () => {
    // £13,000 a year from 1 April; £26,000 a year from 1 July (91 days in): the year pays 13,000 x 91/365 + 26,000 x 274/365.
    const rates = [
      { from: "2026-04-01", annualPence: 1_300_000 },
      { from: "2026-07-01", annualPence: 2_600_000 },
    ];
    const share = Math.round((1_300_000 * 91) / 365) + Math.round((2_600_000 * 274) / 365);
    expect(yearShare({ yearStart: "2026-04-01", yearEnd: "2027-03-31", rates })).toBe(share);
    const { paid, total } = payAsTheJobWould({ yearStart: "2026-04-01", frequency: "four-weekly", rates });
    expect(total).toBe(share);
    expect([1, 2, 3, 4].map((n) => paid.get(n))).toEqual([100_000, 100_000, 100_000, 100_000]);
    // From the first instalment after the change (22 July), the share left over the 9 left.
    const base = Math.floor((share - 400_000) / 9);
    expect([5, 6, 7, 8, 9, 10, 11, 12].map((n) => paid.get(n))).toEqual(Array(8).fill(base));
    expect(paid.get(13)).toBe(share - 400_000 - 8 * base);
  });

  it("pays the first instalment on the day a direct payment starts, when that is between two due dates", () => {
    const { totalPence, slots } = scheduleYear({
      yearStart: "2026-04-01",
      yearEnd: "2027-03-31",
      frequency: "four-weekly",
      rates: [{ from: "2026-04-10", annualPence: 1_300_000 }],
    });
    expect(slots[0]).toMatchObject({ number: 1, dueOn: "2026-04-10", status: "due" });
    expect(totalPence).toBe(Math.round((1_300_000 * 356) / 365));
    expect(slots.reduce((t, s) => t + s.amountPence, 0)).toBe(totalPence);
  });

  it("pays nothing while stopped, starts again when overturned, and nothing after the plan's end", () => {
    const rates = arrangementRates({
      versions: [{ inForceFrom: "2026-04-01", version: 1, annualPence: 1_300_000 }],
      stops: [{ from: "2026-06-01", until: "2026-09-01" }],
    });
    expect(rates).toEqual([
      { from: "2026-04-01", annualPence: 1_300_000 },
      { from: "2026-06-01", annualPence: 0 },
      { from: "2026-09-01", annualPence: 1_300_000 },
    ]);
    const { totalPence, slots } = scheduleYear({ yearStart: "2026-04-01", yearEnd: "2027-03-31", frequency: "four-weekly", rates, endsOn: "2027-01-31" });
    expect(slots.filter((s) => s.status === "stopped").map((s) => s.dueOn)).toEqual(["2026-06-24", "2026-07-22"]);
    // The one due on 19 August, while stopped, is paid on the day the decision was overturned.
    expect(slots[5]).toMatchObject({ number: 6, dueOn: "2026-09-01", status: "due" });
    expect(slots.filter((s) => s.status === "after-end").map((s) => s.dueOn)).toEqual(["2027-02-03", "2027-03-03"]);
    expect(totalPence).toBe(Math.round((1_300_000 * 61) / 365) + Math.round((1_300_000 * 153) / 365));
    expect(slots.reduce((t, s) => t + s.amountPence, 0)).toBe(totalPence);
  });

  it("lets amounts already paid stand, and pays nothing more once the year has had its share", () => {
    const paid = new Map([
      [1, 150_000],
      [2, 150_000],
      [14, 1_000_000],
    ]);
    const { slots } = scheduleYear({
      yearStart: "2026-04-01",
      yearEnd: "2027-03-31",
      frequency: "four-weekly",
      rates: [{ from: "2026-04-01", annualPence: 1_300_000 }],
      paid,
    });
    expect(slots.slice(0, 2).map((s) => s.status)).toEqual(["paid", "paid"]);
    expect(slots.slice(2).every((s) => s.amountPence === 0 && s.status === "nothing-left")).toBe(true);
  });

  it("adds up to the year's share exactly, four-weekly or monthly, from any start, in leap years, with a mid-year change (1,000 runs)", () => {
    fc.assert(
      // The new rate is above £0.00: a stop is the next test's.
      fc.property(
        yearStarts,
        frequencies,
        annual,
        fc.integer({ min: 1, max: 5_000_000_00 }),
        fc.integer({ min: 1, max: 400 }),
        (yearStart, frequency, before, after, changeDay) => {
          const dates = regularDates(yearStart, frequency);
          // A change applies from its approval at the earliest, so at or before the last instalment it is known in time.
          const change = day(yearStart, changeDay % (differenceInCalendarDays(parseISO(dates[dates.length - 1]), parseISO(yearStart)) + 1));
          const rates =
            change === yearStart
              ? [{ from: yearStart, annualPence: after }]
              : [
                  { from: yearStart, annualPence: before },
                  { from: change, annualPence: after },
                ];
          const { yearEnd, paid, total } = payAsTheJobWould({ yearStart, frequency, rates });
          // Instalments are paid in advance: one paid before a cut (or a stop) stands, so a year whose share falls
          // below what was already paid pays nothing more; otherwise exactly its share.
          const paidBeforeChange = [...paid.entries()].filter(([n]) => dates[n - 1] < change).reduce((t, [, p]) => t + p, 0);
          expect(total).toBe(Math.max(yearShare({ yearStart, yearEnd, rates }), paidBeforeChange));
          expect([...paid.values()].every((p) => Number.isSafeInteger(p) && p >= 0)).toBe(true);
          expect([...paid.keys()].every((n) => n >= 1 && n <= dates.length)).toBe(true);
          if (change === yearStart || before === after) {
            // One rate all year: the share itself, in equal instalments but the last.
            expect(total).toBe(after);
            const amounts = [...paid.entries()].sort(([a], [b]) => a - b).map(([, p]) => p);
            expect(new Set(amounts.slice(0, -1)).size).toBeLessThanOrEqual(1);
          }
        },
      ),
      { numRuns: 1_000 },
    );
  }, 60_000); // a thousand years of schedules: seconds on a quiet machine, more on a busy one
});

describe("arrangementRates", () => {
  it("takes each version's share from when it applied, the later version on the same day", () => {
    const rates = arrangementRates({
      versions: [
        { inForceFrom: "2026-07-01", version: 2, annualPence: 2_000 },
        { inForceFrom: "2026-04-01", version: 1, annualPence: 1_000 },
        { inForceFrom: "2026-07-01", version: 3, annualPence: 3_000 },
      ],
    });
    expect(rateOn(rates, "2026-03-31")).toEqual({ index: -1, annualPence: 0 });
    expect(rateOn(rates, "2026-06-30").annualPence).toBe(1_000);
    expect(rateOn(rates, "2026-07-01").annualPence).toBe(3_000);
  });
  it("keys an instalment by arrangement, plan year and number", () => {
    expect(instalmentKey("a1", "2026-04-01", 9)).toBe("instalment:a1:2026-04-01:9");
  });
});

describe("instalmentReference", () => {
  it("reads as the bank statement shows it, within the 18 characters a Bacs reference holds", () => {
    expect(instalmentReference(34, 9)).toBe("PHB 0034 INST 09");
    expect(instalmentReference(123_456, 52)).toBe("PHB 123456 INST 52");
    expect(instalmentReference(123_456, 52).length).toBeLessThanOrEqual(18);
  });
});
