import { and, desc, eq, gte, lte } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { payslips, personalAssistants, timesheets } from "#db/schema";
import { recordAudit, type Actor } from "~/audit/audit.server";
import { longDate } from "~/dates/long-date";
import { isUuid } from "~/http/ids";
import { isMonday } from "./timesheets";

export const TIMESHEETS_SHOWN = 20;

export type TimesheetResult = { ok: true } | { ok: false; field: "assistantId" | "weekStartsOn" | "hours" | "queryNote" | ""; message: string };

/**
 * Records a PA's hours for a week, entered by the holder, their representative or the organisation that runs their
 * payroll. Hours entered again for the same week replace those waiting or queried; approved hours stay as they are.
 */
export async function enterTimesheet(
  db: Database,
  input: { actor: Actor; commissionerId: string; holderId: string; assistantId: string; weekStartsOn: string; minutes: number },
): Promise<TimesheetResult> {
  if (!isMonday(input.weekStartsOn)) return { ok: false, field: "weekStartsOn", message: "A timesheet's week starts on a Monday: enter the Monday's date" };
  if (input.minutes <= 0 || input.minutes > 7 * 24 * 60) return { ok: false, field: "hours", message: "Enter the hours worked that week, like 20 or 37.5" };
  if (!isUuid(input.assistantId)) return { ok: false, field: "assistantId", message: "Select the PA who worked the hours" };
  return db.transaction(async (tx): Promise<TimesheetResult> => {
    const [assistant] = await tx
      .select({ id: personalAssistants.id })
      .from(personalAssistants)
      .where(and(eq(personalAssistants.id, input.assistantId), eq(personalAssistants.holderId, input.holderId)));
    if (!assistant) return { ok: false, field: "assistantId", message: "Select the PA who worked the hours" };
    // Payroll counts a week in the pay period its Monday falls in (payroll-runs.server.ts): once that is paid, hours
    // entered for it would never be paid or counted, so they are refused rather than left waiting for ever.
    const [paid] = await tx
      .select({ startsOn: payslips.periodStartsOn, endsOn: payslips.periodEndsOn })
      .from(payslips)
      .where(
        and(eq(payslips.personalAssistantId, assistant.id), lte(payslips.periodStartsOn, input.weekStartsOn), gte(payslips.periodEndsOn, input.weekStartsOn)),
      );
    if (paid) {
      return {
        ok: false,
        field: "weekStartsOn",
        message: `The week from ${longDate(input.weekStartsOn)} is in a pay period already paid (${longDate(paid.startsOn)} to ${longDate(paid.endsOn)}): ask whoever runs the payroll to correct the pay`,
      };
    }
    const key = and(eq(timesheets.personalAssistantId, assistant.id), eq(timesheets.weekStartsOn, input.weekStartsOn));
    const [before] = await tx.select().from(timesheets).where(key).for("update");
    if (before?.status === "approved") {
      return { ok: false, field: "weekStartsOn", message: `The hours for the week from ${longDate(input.weekStartsOn)} are approved already` };
    }
    const values = { minutes: input.minutes, status: "submitted" as const, enteredBy: input.actor.userId!, enteredAt: new Date(), queryNote: null };
    const [after] = before
      ? await tx.update(timesheets).set(values).where(key).returning()
      : await tx
          .insert(timesheets)
          .values({
            commissionerId: input.commissionerId,
            holderId: input.holderId,
            personalAssistantId: assistant.id,
            weekStartsOn: input.weekStartsOn,
            ...values,
          })
          .returning();
    await recordAudit(
      tx,
      { ...input.actor, onBehalfOfHolderId: input.holderId },
      {
        action: "timesheet.entered",
        entityType: "timesheet",
        entityId: after.id,
        before: before ?? undefined,
        after,
      },
    );
    return { ok: true };
  });
}

/** The holder, or their representative, approves a week's hours or queries them with a note saying what is wrong. */
export async function decideTimesheet(
  db: Database,
  input: { actor: Actor; holderId: string; timesheetId: string; decision: "approve" | "query"; queryNote?: string },
): Promise<TimesheetResult> {
  const note = input.queryNote?.trim() ?? "";
  if (input.decision === "query" && !note) return { ok: false, field: "queryNote", message: "Say what is wrong with the hours, so they can be put right" };
  if (!isUuid(input.timesheetId)) return { ok: false, field: "", message: "There is no such timesheet" };
  return db.transaction(async (tx): Promise<TimesheetResult> => {
    const key = and(eq(timesheets.id, input.timesheetId), eq(timesheets.holderId, input.holderId));
    const [before] = await tx.select().from(timesheets).where(key).for("update");
    if (!before) return { ok: false, field: "", message: "There is no such timesheet" };
    if (before.status !== "submitted") return { ok: false, field: "", message: `These hours are ${before.status} already` };
    const [after] = await tx
      .update(timesheets)
      .set({
        status: input.decision === "approve" ? "approved" : "queried",
        queryNote: input.decision === "query" ? note : null,
        decidedBy: input.actor.userId,
        decidedAt: new Date(),
      })
      .where(key)
      .returning();
    await recordAudit(
      tx,
      { ...input.actor, onBehalfOfHolderId: input.holderId },
      {
        action: input.decision === "approve" ? "timesheet.approved" : "timesheet.queried",
        entityType: "timesheet",
        entityId: after.id,
        before,
        after,
      },
    );
    return { ok: true };
  });
}

/** The holder's latest timesheets (or one PA's), newest week first, with their PAs' names. */
export function listTimesheets(db: Database, holderId: string, assistantId?: string) {
  return db
    .select({
      id: timesheets.id,
      weekStartsOn: timesheets.weekStartsOn,
      minutes: timesheets.minutes,
      status: timesheets.status,
      queryNote: timesheets.queryNote,
      givenName: personalAssistants.givenName,
      familyName: personalAssistants.familyName,
    })
    .from(timesheets)
    .innerJoin(personalAssistants, eq(personalAssistants.id, timesheets.personalAssistantId))
    .where(and(eq(timesheets.holderId, holderId), assistantId ? eq(timesheets.personalAssistantId, assistantId) : undefined))
    .orderBy(desc(timesheets.weekStartsOn), personalAssistants.familyName)
    .limit(TIMESHEETS_SHOWN);
}
