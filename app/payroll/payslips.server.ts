import { and, eq } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { employers, holders, payslips, personalAssistants } from "#db/schema";
import { isUuid } from "~/http/ids";

/** One payslip of the holder's (of one PA's, if named), with who was paid and who employed them; null if it is not theirs. */
export async function loadPayslip(db: Database, input: { payslipId: string; holderId: string; assistantId?: string | null }) {
  if (!isUuid(input.payslipId)) return null;
  const [row] = await db
    .select({
      payslip: payslips,
      assistant: { givenName: personalAssistants.givenName, familyName: personalAssistants.familyName, payrollReference: personalAssistants.payrollReference },
      employer: { payeReference: employers.payeReference, givenName: holders.givenName, familyName: holders.familyName },
    })
    .from(payslips)
    .innerJoin(personalAssistants, eq(personalAssistants.id, payslips.personalAssistantId))
    .innerJoin(employers, eq(employers.holderId, payslips.holderId))
    .innerJoin(holders, eq(holders.id, payslips.holderId))
    .where(
      and(
        eq(payslips.id, input.payslipId),
        eq(payslips.holderId, input.holderId),
        input.assistantId ? eq(payslips.personalAssistantId, input.assistantId) : undefined,
      ),
    );
  return row ?? null;
}

export type LoadedPayslip = NonNullable<Awaited<ReturnType<typeof loadPayslip>>>;

/** The payslip's lines, as the page and the PDF both show them: what was earned, what came off, and what it cost. */
export function payslipRows(p: LoadedPayslip["payslip"]): [string, number][] {
  return [
    ["Gross pay", p.grossPence],
    ["Income Tax", -p.employeeTaxPence],
    ["National Insurance", -p.employeeNiPence],
    ["Pension", -p.employeePensionPence],
    ["Net pay", p.netPayPence],
  ];
}

export function employerCostRows(p: LoadedPayslip["payslip"]): [string, number][] {
  return [
    ["Employer's National Insurance", p.employerNiPence],
    ["Employer's pension contribution", p.employerPensionPence],
    ["Cost to the employer", p.grossPence + p.employerNiPence + p.employerPensionPence],
  ];
}
