import { eq, sql } from "drizzle-orm";
import { getDb, rowsOf } from "#db/client.server";
import { ledgerAccounts, payslips } from "#db/schema";
import { postDueInstalments } from "~/ledger/instalments.server";
import { todayInUk } from "~/ledger/entries";
import { addPersonalAssistant, saveEmployer } from "~/payroll/employers.server";
import { PAYROLL_COLUMNS } from "~/payroll/payroll-file";
import type { PayFrequency } from "~/payroll/pay-periods";
import { previewPayrollRun } from "~/payroll/payroll-runs.server";
import { performPayrollRun, requestPayrollPosting, type PostingOptions } from "~/payroll/post-payroll.server";
import { loadPlanInForce } from "~/plans/plan-in-force.server";
import { insertHolder } from "../factories";
import { actorOf, approveVersion, planContent, planWorld, type PlanWorld } from "./plan-fixtures";

export const NOVEMBER = { frequency: "monthly" as const, periodStartsOn: "2026-11-01" };

/** A holder who employs PAs on a direct payment with money in the account, and their PAs' support line. */
async function employingHolder(w: PlanWorld, refs: string[]) {
  const db = getDb();
  await approveVersion(
    w,
    planContent("2026-04-01", [{ description: "Personal assistants", amountPence: 2_600_000, holding: "direct-payment", outcomePositions: [1] }]),
    "2026-03-25",
  );
  await postDueInstalments(db, { until: "2026-11-23", holderId: w.holder.id });
  const plan = (await loadPlanInForce(db, w.holder.id))!;
  const lineKey = plan.lines[0].lineKey;
  const actor = actorOf(w.organisationUser);
  await saveEmployer(db, {
    actor,
    commissionerId: w.commissioner.id,
    holderId: w.holder.id,
    details: {
      payeReference: "123/AB45678",
      accountsOfficeReference: "123PX00123456",
      insurer: "Acme Mutual",
      insurancePolicy: "EL-1",
      insuranceExpiresOn: "2027-03-31",
    },
  });
  const assistants = [];
  for (const ref of refs) {
    const added = await addPersonalAssistant(db, {
      actor,
      commissionerId: w.commissioner.id,
      holderId: w.holder.id,
      details: {
        givenName: "Pat",
        familyName: ref,
        nationalInsuranceNumber: "AB123456C",
        startsOn: "2026-01-01",
        endsOn: null,
        hourlyRatePence: 1_250,
        contractedMinutesPerWeek: 20 * 60,
        pensionScheme: "NEST",
        payrollReference: ref,
        supportLineKey: lineKey,
      },
    });
    if (!added.ok) throw new Error(added.message);
    assistants.push(added.assistant);
  }
  return { holder: w.holder, holderUser: w.holderUser, lineKey, assistants };
}

/** One payroll organisation assigned to two employing holders: A employs PA-A1 and PA-A2, B employs PA-B1. */
export async function payrollWorld() {
  const w = await planWorld();
  const tag = w.organisation.id.slice(0, 6).toUpperCase();
  const a = await employingHolder(w, [`A1-${tag}`, `A2-${tag}`]);
  const { holder, user } = await insertHolder(w.commissioner.id);
  await getDb().execute(sql`insert into support_assignments (support_organisation_id, holder_id) values (${w.organisation.id}, ${holder.id})`);
  const b = await employingHolder({ ...w, holder, holderUser: user! }, [`B1-${tag}`]);
  const actor = actorOf(w.organisationUser);
  return { ...w, a, b, actor, actorFor: { actor, commissionerId: w.commissioner.id }, refs: { a1: `A1-${tag}`, a2: `A2-${tag}`, b1: `B1-${tag}` } };
}

export type PayrollWorld = Awaited<ReturnType<typeof payrollWorld>>;

type Amounts = [gross: string, tax: string, eeNi: string, erNi: string, eePension: string, erPension: string, net: string];

/** A payroll export: one line per PA, with the period and payment date given. */
export function payrollFile(lines: [ref: string, ...Amounts][], period = "01/11/2026", paid = "28/11/2026") {
  return [PAYROLL_COLUMNS.join(","), ...lines.map(([ref, ...amounts]) => [ref, period, ...amounts, paid].join(","))].join("\n");
}

/** Previews the file, asks for it to be posted and runs the job here, as a worker would. */
export async function postFile(
  w: PayrollWorld,
  text: string,
  options: Partial<PostingOptions> & { period?: { frequency: PayFrequency; periodStartsOn: string } } = {},
) {
  const db = getDb();
  const preview = await previewPayrollRun(db, {
    actor: w.actor,
    organisationId: w.organisation.id,
    commissionerId: w.commissioner.id,
    ...(options.period ?? NOVEMBER),
    fileName: "november.csv",
    text,
    today: todayInUk(),
  });
  if (!preview.ok) return { preview, run: null };
  await requestPayrollPosting(db, { actor: w.actor, organisationId: w.organisation.id, runId: preview.run.id });
  const run = await performPayrollRun(db, preview.run.id, { today: todayInUk(), ...options });
  return { preview, run };
}

export async function balanceOf(accountId: number) {
  const [a] = await getDb().select({ balance: ledgerAccounts.balancePence }).from(ledgerAccounts).where(eq(ledgerAccounts.id, accountId));
  return a.balance;
}

/** Every account's balance in the commissioner's ledger, and how many postings it has: what "nothing changed" compares. */
export async function ledgerSnapshot(commissionerId: string) {
  return rowsOf<{ id: string; balance: string; postings: string }>(
    await getDb().execute(sql`
      select a.id, a.balance_pence as balance, (select count(*) from postings p where p.account_id = a.id) as postings
        from ledger_accounts a where a.commissioner_id = ${commissionerId} order by a.id`),
  );
}

/**
 * A holder set up as an employer with one PA, whose payroll the organisation of `organisationUser` runs; with
 * `postPeriod`, a month's pay posted through a run (for pages that show a run and a payslip).
 */
export async function employOnePa(input: {
  commissionerId: string;
  holderId: string;
  organisationUser: { id: string; commissionerId: string; supportOrganisationId: string | null };
  payrollReference: string;
  startsOn: string;
  lineKey: string | null;
  postPeriod?: { periodStartsOn: string; paymentDate: string };
}) {
  const db = getDb();
  const actor = actorOf(input.organisationUser);
  await saveEmployer(db, {
    actor,
    commissionerId: input.commissionerId,
    holderId: input.holderId,
    details: {
      payeReference: "123/AB45678",
      accountsOfficeReference: "123PX00123456",
      insurer: "Acme Mutual",
      insurancePolicy: "EL-1",
      insuranceExpiresOn: "2030-03-31",
    },
  });
  const added = await addPersonalAssistant(db, {
    actor,
    commissionerId: input.commissionerId,
    holderId: input.holderId,
    details: {
      givenName: "Jane",
      familyName: "Smith",
      nationalInsuranceNumber: "AB123456C",
      startsOn: input.startsOn,
      endsOn: null,
      hourlyRatePence: 1_250,
      contractedMinutesPerWeek: 600,
      pensionScheme: "NEST",
      payrollReference: input.payrollReference,
      supportLineKey: input.lineKey,
    },
  });
  if (!added.ok) throw new Error(added.message);
  if (!input.postPeriod) return { assistant: added.assistant, run: null, payslipId: null };
  const { periodStartsOn, paymentDate } = input.postPeriod;
  const uk = (iso: string) => iso.split("-").reverse().join("/");
  const preview = await previewPayrollRun(db, {
    actor,
    organisationId: input.organisationUser.supportOrganisationId!,
    commissionerId: input.commissionerId,
    frequency: "monthly",
    periodStartsOn,
    fileName: "payroll.csv",
    text: payrollFile([[input.payrollReference, "100.00", "0", "0", "0", "3.00", "2.00", "97.00"]], uk(periodStartsOn), uk(paymentDate)),
    today: todayInUk(),
  });
  if (!preview.ok) throw new Error(JSON.stringify(preview));
  await requestPayrollPosting(db, { actor, organisationId: input.organisationUser.supportOrganisationId!, runId: preview.run.id });
  const run = await performPayrollRun(db, preview.run.id, { today: todayInUk() });
  if (run?.status !== "finished") throw new Error(run?.error ?? "The run did not finish");
  const [slip] = await db.select({ id: payslips.id }).from(payslips).where(eq(payslips.payrollRunId, run.id));
  return { assistant: added.assistant, run, payslipId: slip.id };
}
