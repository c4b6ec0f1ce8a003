import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { timesheets } from "#db/schema";
import { todayInUk } from "~/ledger/entries";
import { previewPayrollRun } from "~/payroll/payroll-runs.server";
import { enterTimesheet } from "~/payroll/timesheets.server";
import { action as employerAction } from "~/routes/employer";
import { cookieFor, dateFields, post, run, statusOf } from "../factories/requests";
import { NOVEMBER, payrollFile, payrollWorld, type PayrollWorld } from "./payroll-fixtures";

const preview = (w: PayrollWorld, gross: string) =>
  previewPayrollRun(getDb(), {
    actor: w.actor,
    organisationId: w.organisation.id,
    commissionerId: w.commissioner.id,
    ...NOVEMBER,
    fileName: "november.csv",
    text: payrollFile([[w.refs.a1, gross, "0", "0", "0", "0", "0", gross]]),
    today: todayInUk(),
  });

describe("timesheets", () => {
  it("are entered by the organisation, approved by the holder, and then the period's pay must be what the approved hours pay", async () => {
    const w = await payrollWorld();
    const a1 = w.a.assistants[0];
    const organisation = await cookieFor(w.organisationUser.email);
    const holder = await cookieFor(w.holderUser.email);
    const enter = (week: string, hours: string) =>
      run(
        employerAction,
        post(`/employer?holder=${w.a.holder.id}`, { intent: "hours", assistantId: a1.id, ...dateFields("weekStartsOn", week), hours }, organisation),
      );

    const notMonday = (await enter("2026-11-03", "20")) as { data: { errors: { fieldId: string; message: string }[] } };
    expect(notMonday.data.errors).toEqual([{ fieldId: "weekStartsOn-day", message: "A timesheet's week starts on a Monday: enter the Monday's date" }]);
    expect(statusOf(await enter("2026-11-02", "20"))).toBe(302);
    expect(statusOf(await enter("2026-11-09", "20:30"))).toBe(302);

    // Not approved yet: November's pay for this PA is refused, the weeks named.
    expect(await preview(w, "506.25")).toMatchObject({
      ok: false,
      problems: [{ line: 2, message: expect.stringMatching(/must be approved before they are paid: the week from 2 November 2026 \(not approved yet\)/) }],
    });

    const sheets = await getDb().select().from(timesheets).where(eq(timesheets.personalAssistantId, a1.id)).orderBy(timesheets.weekStartsOn);
    // Only the employer approves: the payroll organisation cannot.
    expect(statusOf(await run(employerAction, post(`/employer?holder=${w.a.holder.id}`, { intent: "approve", timesheetId: sheets[0].id }, organisation)))).toBe(
      403,
    );
    const noReason = (await run(employerAction, post("/employer", { intent: "query", timesheetId: sheets[1].id, queryNote: " " }, holder))) as {
      data: { errors: { fieldId: string }[] };
    };
    expect(noReason.data.errors).toEqual([{ fieldId: `queryNote-${sheets[1].id}`, message: "Say what is wrong with the hours, so they can be put right" }]);
    for (const sheet of sheets) expect(statusOf(await run(employerAction, post("/employer", { intent: "approve", timesheetId: sheet.id }, holder)))).toBe(302);

    // 40 hours 30 minutes at £12.50 is £506.25.
    expect(await preview(w, "500.00")).toMatchObject({
      ok: false,
      problems: [
        {
          line: 2,
          message: expect.stringMatching(/gross pay of £500.00 is not what the approved timesheets pay: 40 hours 30 minutes at £12.50 an hour is £506.25/),
        },
      ],
    });
    expect(await preview(w, "506.25")).toMatchObject({ ok: true });
    // Approved hours stay as they are.
    expect(
      await enterTimesheet(getDb(), { ...w.actorFor, holderId: w.a.holder.id, assistantId: a1.id, weekStartsOn: "2026-11-02", minutes: 60 }),
    ).toMatchObject({
      ok: false,
      message: "The hours for the week from 2 November 2026 are approved already",
    });
  });

  it("queried hours go back to the organisation to enter again", async () => {
    const w = await payrollWorld();
    const a1 = w.a.assistants[0];
    const holder = await cookieFor(w.holderUser.email);
    expect(await enterTimesheet(getDb(), { ...w.actorFor, holderId: w.a.holder.id, assistantId: a1.id, weekStartsOn: "2026-11-16", minutes: 1500 })).toEqual({
      ok: true,
    });
    const [sheet] = await getDb().select().from(timesheets).where(eq(timesheets.personalAssistantId, a1.id));
    expect(
      statusOf(await run(employerAction, post("/employer", { intent: "query", timesheetId: sheet.id, queryNote: "Chloe was off on Friday" }, holder))),
    ).toBe(302);
    const [queried] = await getDb().select().from(timesheets).where(eq(timesheets.id, sheet.id));
    expect(queried).toMatchObject({ status: "queried", queryNote: "Chloe was off on Friday", decidedBy: w.holderUser.id });
    expect(await enterTimesheet(getDb(), { ...w.actorFor, holderId: w.a.holder.id, assistantId: a1.id, weekStartsOn: "2026-11-16", minutes: 1200 })).toEqual({
      ok: true,
    });
    const [again] = await getDb().select().from(timesheets).where(eq(timesheets.id, sheet.id));
    expect(again).toMatchObject({ status: "submitted", minutes: 1200, queryNote: null });
  });
});
