import { and, desc, eq, gte, lte, sql } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { payslips, personalAssistants } from "#db/schema";
import { listArrangements } from "~/budgets/arrangements.server";
import { loadPlanInForce } from "~/plans/plan-in-force.server";
import { employerOf, owedByHolder } from "./employers.server";
import { owedMonths } from "./remittances.server";
import { listTimesheets } from "./timesheets.server";

/** The tax year a day falls in: 6 April to 5 April. */
export function taxYearOf(day: string): { startsOn: string; endsOn: string } {
  const year = Number(day.slice(0, 4)) - (day.slice(5) < "04-06" ? 1 : 0);
  return { startsOn: `${year}-04-06`, endsOn: `${year + 1}-04-05` };
}

export const PAYSLIPS_SHOWN = 24;

/**
 * What a holder's employer page shows: their references and insurance, their PAs, the money in their account less
 * what payroll has left owed, each month's payments due to HMRC and the pension schemes, this tax year's totals for
 * each PA (what a P60 would show), the latest timesheets and the latest payslips.
 */
export async function employerPage(db: Database, input: { holderId: string; today: string }) {
  const taxYear = taxYearOf(input.today);
  const [record, arrangements, owed, months, plan, recent, yearTotals, sheets] = await Promise.all([
    employerOf(db, input.holderId),
    listArrangements(db, input.holderId),
    owedByHolder(db, [input.holderId]),
    owedMonths(db, input.holderId),
    loadPlanInForce(db, input.holderId),
    db
      .select({
        id: payslips.id,
        periodStartsOn: payslips.periodStartsOn,
        periodEndsOn: payslips.periodEndsOn,
        paymentDate: payslips.paymentDate,
        grossPence: payslips.grossPence,
        netPayPence: payslips.netPayPence,
        givenName: personalAssistants.givenName,
        familyName: personalAssistants.familyName,
      })
      .from(payslips)
      .innerJoin(personalAssistants, eq(personalAssistants.id, payslips.personalAssistantId))
      .where(eq(payslips.holderId, input.holderId))
      .orderBy(desc(payslips.paymentDate), personalAssistants.familyName)
      .limit(PAYSLIPS_SHOWN),
    db
      .select({
        assistantId: payslips.personalAssistantId,
        grossPence: sql<string>`sum(${payslips.grossPence})`.mapWith(Number),
        taxPence: sql<string>`sum(${payslips.employeeTaxPence})`.mapWith(Number),
        employeeNiPence: sql<string>`sum(${payslips.employeeNiPence})`.mapWith(Number),
        employerNiPence: sql<string>`sum(${payslips.employerNiPence})`.mapWith(Number),
        employeePensionPence: sql<string>`sum(${payslips.employeePensionPence})`.mapWith(Number),
        employerPensionPence: sql<string>`sum(${payslips.employerPensionPence})`.mapWith(Number),
        netPayPence: sql<string>`sum(${payslips.netPayPence})`.mapWith(Number),
      })
      .from(payslips)
      .where(and(eq(payslips.holderId, input.holderId), gte(payslips.paymentDate, taxYear.startsOn), lte(payslips.paymentDate, taxYear.endsOn)))
      .groupBy(payslips.personalAssistantId),
    listTimesheets(db, input.holderId),
  ]);
  const account = arrangements.find((a) => a.holding === "direct-payment");
  const owedPence = owed.get(input.holderId) ?? 0;
  return {
    employer: record?.employer ?? null,
    assistants: record?.assistants ?? [],
    balancePence: account ? account.balancePence : null,
    owedPence,
    availablePence: account ? account.balancePence - owedPence : null,
    months: months.map(({ byLine: _byLine, ...m }) => m),
    lines: (plan?.lines ?? []).map((l) => ({ lineKey: l.lineKey, description: l.description })),
    payslips: recent,
    taxYear,
    yearTotals,
    timesheets: sheets,
  };
}
