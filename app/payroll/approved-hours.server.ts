import { and, between, eq, gte, lte, notExists, sql } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { payslips, personalAssistants, timesheets } from "#db/schema";
import { approvedHoursByLine } from "./approved-hours";

/**
 * The holder's approved hours not paid yet, per plan line key, for weeks starting from `from` to `to`. A week is paid
 * once a payslip of its PA covers its Monday: payroll pays a period's approved hours in its gross pay
 * (checkAgainstTimesheets), which the line then counts as spent, so counting the week as committed too would count it twice.
 */
export async function loadApprovedHoursByLine(db: Database, input: { holderId: string; from: string; to: string }) {
  const weeks = await db
    .select({
      assistantId: personalAssistants.id,
      lineKey: personalAssistants.supportLineKey,
      hourlyRatePence: personalAssistants.hourlyRatePence,
      minutes: timesheets.minutes,
    })
    .from(timesheets)
    .innerJoin(personalAssistants, eq(personalAssistants.id, timesheets.personalAssistantId))
    .where(
      and(
        eq(timesheets.holderId, input.holderId),
        eq(timesheets.status, "approved"),
        between(timesheets.weekStartsOn, input.from, input.to),
        notExists(
          db
            .select({ one: sql`1` })
            .from(payslips)
            .where(
              and(
                eq(payslips.personalAssistantId, timesheets.personalAssistantId),
                lte(payslips.periodStartsOn, timesheets.weekStartsOn),
                gte(payslips.periodEndsOn, timesheets.weekStartsOn),
              ),
            ),
        ),
      ),
    );
  return approvedHoursByLine(weeks);
}
