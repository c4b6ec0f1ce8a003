import { and, desc, eq } from "drizzle-orm";
import type { Database } from "../../db/client.server";
import { payslips, personalAssistants, supportAssignments, users } from "../../db/schema";
import type { Actor } from "../../app/audit/audit.server";
import { todayInUk } from "../../app/dates/uk-day";
import { addPersonalAssistant, saveEmployer } from "../../app/payroll/employers.server";
import { addDays } from "../../app/payroll/pay-periods";
import { PAYROLL_COLUMNS } from "../../app/payroll/payroll-file";
import { previewPayrollRun } from "../../app/payroll/payroll-runs.server";
import { performPayrollRun, requestPayrollPosting } from "../../app/payroll/post-payroll.server";
import { owedMonths, recordRemittance } from "../../app/payroll/remittances.server";
import { enterTimesheet } from "../../app/payroll/timesheets.server";

/** A holder's payroll as their support organisation runs it: who runs it, and the PA's payroll reference. */
export interface SeededPayroll {
  holderId: string;
  commissionerId: string;
  organisationId: string;
  actor: Actor;
  payrollReference: string;
}

/**
 * Makes the holder an employer of one PA, with the references and insurance their support organisation keeps, so
 * that their pay is recorded as every organisation's is: a run, owed, paid.
 */
export async function seedEmployer(
  db: Database,
  input: { holderId: string; commissionerId: string; assistant: { givenName: string; familyName: string }; lineKey: string; startsOn: string },
): Promise<SeededPayroll> {
  const [organisation] = await db
    .select({ organisationId: supportAssignments.supportOrganisationId, userId: users.id })
    .from(supportAssignments)
    .innerJoin(users, and(eq(users.supportOrganisationId, supportAssignments.supportOrganisationId), eq(users.kind, "support")))
    .where(eq(supportAssignments.holderId, input.holderId));
  if (!organisation) throw new Error("seeding payroll: no support organisation is assigned to run it");
  const actor: Actor = { userId: organisation.userId, commissionerId: input.commissionerId };
  await saveEmployer(db, {
    actor,
    commissionerId: input.commissionerId,
    holderId: input.holderId,
    details: {
      payeReference: "120/AR96021",
      accountsOfficeReference: "120PA00096021",
      insurer: "Premier Care Insurance",
      insurancePolicy: "ELI-4471-0923",
      // Runs out within the month, so the demo shows the warning.
      insuranceExpiresOn: addDays(todayInUk(), 21),
    },
  });
  const payrollReference = "PA-0001";
  const added = await addPersonalAssistant(db, {
    actor,
    commissionerId: input.commissionerId,
    holderId: input.holderId,
    details: {
      ...input.assistant,
      nationalInsuranceNumber: "JE381246B",
      startsOn: input.startsOn,
      endsOn: null,
      hourlyRatePence: 1_250,
      contractedMinutesPerWeek: 20 * 60,
      pensionScheme: "NEST",
      payrollReference,
      supportLineKey: input.lineKey,
    },
  });
  if (!added.ok) throw new Error(`seeding payroll: ${added.message}`);
  return { holderId: input.holderId, commissionerId: input.commissionerId, organisationId: organisation.organisationId, actor, payrollReference };
}

const pounds = (pence: number) => `${Math.floor(pence / 100)}.${String(pence % 100).padStart(2, "0")}`;
const uk = (iso: string) => iso.split("-").reverse().join("/");

/** One week's pay, paid on `paidOn`, run through a payroll file as the organisation would upload it. */
export async function seedPayrollWeek(
  db: Database,
  payroll: SeededPayroll,
  week: { paidOn: string; netPence: number; taxPence: number; pensionPence: number },
) {
  // The pension is split as auto-enrolment splits it, 5 parts the PA's and 3 the employer's.
  const employerPension = Math.floor((week.pensionPence * 3) / 8);
  const employeePension = week.pensionPence - employerPension;
  const gross = week.netPence + week.taxPence + employeePension;
  const startsOn = addDays(week.paidOn, -6);
  const line = [
    payroll.payrollReference,
    uk(startsOn),
    pounds(gross),
    pounds(week.taxPence),
    "0",
    "0",
    pounds(employeePension),
    pounds(employerPension),
    pounds(week.netPence),
    uk(week.paidOn),
  ];
  const preview = await previewPayrollRun(db, {
    actor: payroll.actor,
    organisationId: payroll.organisationId,
    commissionerId: payroll.commissionerId,
    frequency: "weekly",
    periodStartsOn: startsOn,
    fileName: `payroll-${week.paidOn}.csv`,
    text: [PAYROLL_COLUMNS.join(","), line.join(",")].join("\n"),
    today: todayInUk(),
  });
  if (!preview.ok) throw new Error(`seeding payroll for ${week.paidOn}: ${JSON.stringify(preview)}`);
  await requestPayrollPosting(db, { actor: payroll.actor, organisationId: payroll.organisationId, runId: preview.run.id });
  const run = await performPayrollRun(db, preview.run.id, { today: todayInUk() });
  if (run?.status !== "finished") throw new Error(`seeding payroll for ${week.paidOn}: ${run?.error}`);
}

/** What payroll left owed to HMRC and the pension scheme, paid 3 days before it is due, for each month due by `on`. */
export async function seedPaymentsDue(db: Database, payroll: SeededPayroll, on: string) {
  for (const month of await owedMonths(db, payroll.holderId)) {
    const paidOn = addDays(month.dueOn, -3);
    if (month.owedPence <= month.paidPence || paidOn > on) continue;
    const paid = await recordRemittance(db, { ...payroll, paidTo: month.paidTo, monthStartsOn: month.monthStartsOn, paidOn });
    if (!paid.ok) throw new Error(`seeding payments to ${month.paidTo}: ${paid.message}`);
  }
}

/**
 * The PA signs in as themselves, as if they had taken up their employer's invitation, and has submitted the hours
 * of the first week their payroll has not paid yet, once it has begun, waiting for their employer to approve them.
 */
export async function seedAssistantSignIn(
  db: Database,
  input: { commissionerId: string; email: string; passwordHash: string; payrollReference: string; today: string },
) {
  const [assistant] = await db
    .select()
    .from(personalAssistants)
    .where(and(eq(personalAssistants.commissionerId, input.commissionerId), eq(personalAssistants.payrollReference, input.payrollReference)));
  if (!assistant) throw new Error(`seeding a PA's sign-in: no PA ${input.payrollReference}`);
  const [user] = await db
    .insert(users)
    .values({
      commissionerId: input.commissionerId,
      kind: "assistant",
      email: input.email,
      name: `${assistant.givenName} ${assistant.familyName}`,
      passwordHash: input.passwordHash,
    })
    .returning({ id: users.id });
  await db.update(personalAssistants).set({ userId: user.id }).where(eq(personalAssistants.id, assistant.id));
  // Hours belong to the pay period their Monday falls in: the first Monday after the last period paid, if it has come.
  const [last] = await db
    .select({ endsOn: payslips.periodEndsOn })
    .from(payslips)
    .where(eq(payslips.personalAssistantId, assistant.id))
    .orderBy(desc(payslips.periodEndsOn))
    .limit(1);
  const after = addDays(last?.endsOn ?? addDays(input.today, -7), 1);
  const monday = addDays(after, (8 - new Date(`${after}T00:00:00Z`).getUTCDay()) % 7);
  if (monday > input.today) return;
  const entered = await enterTimesheet(db, {
    actor: { userId: user.id, commissionerId: input.commissionerId, onBehalfOfHolderId: assistant.holderId },
    commissionerId: input.commissionerId,
    holderId: assistant.holderId,
    assistantId: assistant.id,
    weekStartsOn: monday,
    minutes: 15 * 60,
  });
  if (!entered.ok) throw new Error(`seeding a PA's hours: ${entered.message}`);
}
