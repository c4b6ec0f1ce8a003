import { and, desc, eq } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { holders, payslips, personalAssistants } from "#db/schema";
import { PAYSLIPS_SHOWN } from "./employer-page.server";
import { listTimesheets } from "./timesheets.server";

/**
 * What a PA sees of their own work for one employer: who employs them and on what terms, their latest timesheets
 * and their payslips. Nothing of the employer's budget or of other PAs.
 */
export async function assistantHome(db: Database, input: { assistantId: string; holderId: string }) {
  const [[record], sheets, own] = await Promise.all([
    db
      .select({
        givenName: personalAssistants.givenName,
        familyName: personalAssistants.familyName,
        startsOn: personalAssistants.startsOn,
        endsOn: personalAssistants.endsOn,
        hourlyRatePence: personalAssistants.hourlyRatePence,
        contractedMinutesPerWeek: personalAssistants.contractedMinutesPerWeek,
        employerGivenName: holders.givenName,
        employerFamilyName: holders.familyName,
      })
      .from(personalAssistants)
      .innerJoin(holders, eq(holders.id, personalAssistants.holderId))
      .where(and(eq(personalAssistants.id, input.assistantId), eq(personalAssistants.holderId, input.holderId))),
    listTimesheets(db, input.holderId, input.assistantId),
    db
      .select({
        id: payslips.id,
        periodStartsOn: payslips.periodStartsOn,
        periodEndsOn: payslips.periodEndsOn,
        paymentDate: payslips.paymentDate,
        netPayPence: payslips.netPayPence,
      })
      .from(payslips)
      .where(and(eq(payslips.holderId, input.holderId), eq(payslips.personalAssistantId, input.assistantId)))
      .orderBy(desc(payslips.paymentDate))
      .limit(PAYSLIPS_SHOWN),
  ]);
  if (!record) return null;
  const { employerGivenName, employerFamilyName, ...assistant } = record;
  return { assistant, employerName: `${employerGivenName} ${employerFamilyName}`, timesheets: sheets, payslips: own };
}
