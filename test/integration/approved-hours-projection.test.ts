import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { timesheets } from "#db/schema";
import { decideTimesheet, enterTimesheet } from "~/payroll/timesheets.server";
import { payForHours } from "~/payroll/timesheets";
import { loadSpendVsPlan } from "~/spending/report.server";
import { actorOf, approveVersion, planContent } from "./plan-fixtures";
import { payrollFile, payrollWorld, postFile, type PayrollWorld } from "./payroll-fixtures";

const TODAY = "2026-12-10";
const RATE = 1_250;

/** Enters a week's hours for a PA of holder A as the payroll organisation, then approves or queries them as the holder. */
async function week(w: PayrollWorld, assistantId: string, weekStartsOn: string, minutes: number, decision?: "approve" | "query") {
  const db = getDb();
  const entered = await enterTimesheet(db, { ...w.actorFor, holderId: w.a.holder.id, assistantId, weekStartsOn, minutes });
  if (!entered.ok) throw new Error(entered.message);
  if (!decision) return;
  const [sheet] = await db
    .select({ id: timesheets.id })
    .from(timesheets)
    .where(and(eq(timesheets.personalAssistantId, assistantId), eq(timesheets.weekStartsOn, weekStartsOn)));
  const decided = await decideTimesheet(db, {
    actor: actorOf(w.a.holderUser),
    holderId: w.a.holder.id,
    timesheetId: sheet.id,
    decision,
    queryNote: decision === "query" ? "Chloe was off on Friday" : undefined,
  });
  if (!decided.ok) throw new Error(decided.message);
}

async function paLine(w: PayrollWorld, dates: { from?: string; to?: string } = {}) {
  const report = (await loadSpendVsPlan(getDb(), { holderId: w.a.holder.id, today: TODAY, ...dates }))!;
  return report.lines.find((l) => l.lineKey === w.a.lineKey)!;
}

describe("approved hours on the spending against the plan", () => {
  it("count as committed on the PA's line until a payslip covers their week, and only weeks in the period", async () => {
    const w = await payrollWorld();
    const [a1, a2] = w.a.assistants;
    const before = await paLine(w);
    expect(before).toMatchObject({ allocatedPence: 2_600_000, spentPence: 0, committedPence: 0, leftPence: 2_600_000, approvedHours: null });

    await week(w, a1.id, "2026-03-30", 300, "approve"); // before the plan year: not counted
    await week(w, a1.id, "2026-10-26", 120, "approve"); // October's pay, not November's
    await week(w, a1.id, "2026-11-02", 1200, "approve");
    await week(w, a1.id, "2026-12-07", 180, "approve");
    await week(w, a2.id, "2026-11-09", 900, "query"); // queried: not counted
    await week(w, a2.id, "2026-11-16", 600); // waiting for approval: not counted
    await week(w, a2.id, "2026-11-23", 600, "approve");
    await week(w, a2.id, "2026-12-07", 450, "approve");

    // PA 1: 25 hours at £12.50 is £312.50, of which November's 20 hours are £250.00. PA 2: 17 hours 30 minutes is £218.75.
    expect(payForHours(120 + 1200 + 180, RATE)).toBe(31_250);
    expect(payForHours(1200, RATE)).toBe(25_000);
    expect(payForHours(600 + 450, RATE)).toBe(21_875);
    const approved = await paLine(w);
    expect(approved).toMatchObject({
      spentPence: 0,
      committedPence: 53_125,
      leftPence: 2_600_000 - 53_125,
      percentUsed: 2, // £531.25 of £26,000 is 2.04%
      approvedHours:
        "Includes £531.25 for 42 hours 30 minutes of approved timesheets not paid yet, at each PA's hourly rate, before the employer's National Insurance and pension",
    });

    // Dates within the year count only the weeks starting in them.
    expect(await paLine(w, { from: "2026-12-01", to: "2026-12-31" })).toMatchObject({
      committedPence: payForHours(180, RATE) + payForHours(450, RATE),
      projection: null,
      approvedHours:
        "Includes £131.25 for 10 hours 30 minutes of approved timesheets not paid yet, at each PA's hourly rate, before the employer's National Insurance and pension",
    });

    // November's payroll pays PA 1's November week: it moves from committed to spent. PA 1's weeks either side of
    // November, and PA 2, not on the file, are still owed.
    const { run } = await postFile(w, payrollFile([[w.refs.a1, "250.00", "0", "0", "0", "0", "0", "250.00"]]));
    expect(run?.status).toBe("finished");
    expect(await paLine(w)).toMatchObject({
      spentPence: 25_000,
      committedPence: payForHours(120 + 180, RATE) + 21_875,
      leftPence: 2_600_000 - 25_000 - 6_250 - 21_875,
      projection: "At this rate the money lasts the year",
      approvedHours:
        "Includes £281.25 for 22 hours 30 minutes of approved timesheets not paid yet, at each PA's hourly rate, before the employer's National Insurance and pension",
    });

    // Holder B, whose PA has no timesheets, sees none of A's hours.
    const b = (await loadSpendVsPlan(getDb(), { holderId: w.b.holder.id, today: TODAY }))!;
    expect(b.lines.map((l) => [l.lineKey, l.committedPence, l.approvedHours])).toEqual([[w.b.lineKey, 0, null]]);
  });

  it("stay on the PA's line after a new plan version leaves it out, shown as no longer in the plan", async () => {
    const w = await payrollWorld();
    await week(w, w.a.assistants[0].id, "2026-11-02", 1200, "approve");
    await approveVersion(
      w,
      planContent("2026-04-01", [{ description: "Outings", amountPence: 100_000, holding: "direct-payment", outcomePositions: [1] }]),
      "2026-11-23",
    );
    const report = (await loadSpendVsPlan(getDb(), { holderId: w.a.holder.id, today: TODAY }))!;
    expect(report.lines.find((l) => l.lineKey === w.a.lineKey)).toMatchObject({
      lineId: null,
      description: "Personal assistants (no longer in the plan)",
      committedPence: 25_000,
      approvedHours:
        "Includes £250.00 for 20 hours of approved timesheets not paid yet, at the PA's hourly rate, before the employer's National Insurance and pension",
    });
    expect(report.totals.committedPence).toBe(25_000);
  });
});
