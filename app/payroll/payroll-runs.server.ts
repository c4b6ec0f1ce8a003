import { createHash } from "node:crypto";
import { and, between, gte, inArray, lte, sql } from "drizzle-orm";
import { rowsOf, type Database } from "#db/client.server";
import { payrollRuns, payslips, timesheets } from "#db/schema";
import { recordAudit, type Actor } from "~/audit/audit.server";
import { longDate } from "~/dates/long-date";
import { formatPence, type Pence } from "~/ledger/money";
import type { PayslipAccounts } from "./payroll-entries";
import { employerCost, readPayrollFile, type LineProblem, type PayPeriod, type PayrollLine } from "./payroll-file";
import { periodEndsOn, type PayFrequency } from "./pay-periods";
import { checkAgainstTimesheets } from "./timesheets";

export type PayrollRun = typeof payrollRuns.$inferSelect;

/** One holder's part of a run: their PAs' lines, what they cost, and what the holder's account has for them. */
export interface HolderPayroll {
  holderId: string;
  holderName: string;
  lines: (PayrollLine & { assistantId: string; assistantName: string; supportLineKey: string | null; accounts: PayslipAccounts })[];
  /** Lines whose payslip was posted before, with the same amounts: posted again, they change nothing. */
  alreadyPosted: number;
  employerCostPence: Pence;
  /** The account's balance less what is owed already, before this run. */
  availablePence: Pence;
}

export interface RunCheck {
  problems: LineProblem[];
  holders: HolderPayroll[];
  alreadyPosted: number;
}

interface AssistantRow {
  id: string;
  holder_id: string;
  payroll_reference: string;
  given_name: string;
  family_name: string;
  starts_on: string;
  ends_on: string | null;
  hourly_rate_pence: string;
  support_line_key: string | null;
  account_id: string;
  holder_name: string;
  hmrc_account_id: string;
  pension_account_id: string;
  costs_account_id: string;
  assigned: boolean;
  holder_account_id: string | null;
  holder_balance: string | null;
  owed: string;
}

/**
 * Checks a period's lines against the portal, as the preview shows them and as the job checks them again before it
 * posts: each PA is one the organisation runs payroll for today and was employed in the period; a line posted before
 * is left alone if it is the same and refused if it differs; where the PA's hours are kept on timesheets, the gross pay
 * is what the approved hours pay; and each holder's account covers the employer's whole
 * cost of the run (net pay now, HMRC and pension later) on top of what it owes already.
 */
export async function checkRun(
  db: Database,
  input: { organisationId: string; commissionerId: string; period: PayPeriod; lines: PayrollLine[]; today: string },
) {
  const refs = [...new Set(input.lines.map((l) => l.payrollReference))];
  // What each holder owes is added up once per holder, from their accounts found by id: written as one condition
  // (`a.id in (...) or a.id in (select ...)`) per PA, it read every ledger account for each line: 9 s for 5,000 lines.
  const found = rowsOf<AssistantRow>(
    await db.execute(sql`
      with pa as (
        select * from personal_assistants
         where commissioner_id = ${input.commissionerId}
           and payroll_reference in (${sql.join(
             refs.map((r) => sql`${r}`),
             sql`, `,
           )})
      ), owed as (
        select e.holder_id, sum(greatest(-a.balance_pence, 0)) as owed
          from employers e
          cross join lateral (select e.hmrc_account_id as account_id union select e.pension_account_id
                              union select o.account_id from personal_assistants o where o.holder_id = e.holder_id) owing
          join ledger_accounts a on a.id = owing.account_id
         where e.holder_id in (select holder_id from pa)
         group by e.holder_id
      )
      select pa.id, pa.holder_id, pa.payroll_reference, pa.given_name, pa.family_name, pa.starts_on::text, pa.ends_on::text, pa.hourly_rate_pence,
             pa.support_line_key, pa.account_id, h.given_name || ' ' || h.family_name as holder_name,
             e.hmrc_account_id, e.pension_account_id, e.costs_account_id,
             exists (select 1 from support_assignments s
                      where s.holder_id = pa.holder_id and s.support_organisation_id = ${input.organisationId}
                        and 'payroll' = any(s.scopes) and s.starts_on <= ${input.today}::date
                        and (s.ends_on is null or s.ends_on >= ${input.today}::date)) as assigned,
             dp.id as holder_account_id, dp.balance_pence as holder_balance, coalesce(owed.owed, 0) as owed
        from pa
        join employers e on e.holder_id = pa.holder_id
        join holders h on h.id = pa.holder_id
        left join owed on owed.holder_id = pa.holder_id
        left join arrangements ar on ar.holder_id = pa.holder_id and ar.holding = 'direct-payment'
        left join ledger_accounts dp on dp.arrangement_id = ar.id and dp.budget_id is null`),
  );
  const byRef = new Map(found.filter((a) => a.assigned).map((a) => [a.payroll_reference, a]));
  const earlier = byRef.size
    ? await db
        .select()
        .from(payslips)
        .where(
          and(
            inArray(
              payslips.personalAssistantId,
              [...byRef.values()].map((a) => a.id),
            ),
            // Any payslip whose period overlaps this one: the same period posted again, or pay for some of the same
            // days under another frequency (a change from weekly to monthly pay, say), which would pay them twice.
            lte(payslips.periodStartsOn, input.period.endsOn),
            gte(payslips.periodEndsOn, input.period.startsOn),
          ),
        )
    : [];
  const earlierOf = new Map(earlier.filter((p) => p.periodStartsOn === input.period.startsOn).map((p) => [p.personalAssistantId, p]));
  const overlapping = new Map(earlier.filter((p) => p.periodStartsOn !== input.period.startsOn).map((p) => [p.personalAssistantId, p]));
  // The weeks of timesheets that start in the period are the period's hours.
  const sheets = byRef.size
    ? await db
        .select({ assistantId: timesheets.personalAssistantId, weekStartsOn: timesheets.weekStartsOn, minutes: timesheets.minutes, status: timesheets.status })
        .from(timesheets)
        .where(
          and(
            inArray(
              timesheets.personalAssistantId,
              [...byRef.values()].map((a) => a.id),
            ),
            between(timesheets.weekStartsOn, input.period.startsOn, input.period.endsOn),
          ),
        )
    : [];

  const sheetsOf = new Map<string, typeof sheets>();
  for (const sheet of sheets) sheetsOf.set(sheet.assistantId, [...(sheetsOf.get(sheet.assistantId) ?? []), sheet]);
  const problems: LineProblem[] = [];
  const holders = new Map<string, HolderPayroll>();
  let alreadyPosted = 0;
  for (const line of input.lines) {
    const pa = byRef.get(line.payrollReference);
    if (!pa) {
      problems.push({ line: line.line, message: `Payroll reference ${line.payrollReference} is not a PA of anyone your organisation runs payroll for` });
      continue;
    }
    const assistantName = `${pa.given_name} ${pa.family_name}`;
    if (pa.starts_on > input.period.endsOn || (pa.ends_on !== null && pa.ends_on < input.period.startsOn)) {
      const employed = pa.ends_on ? `from ${longDate(pa.starts_on)} to ${longDate(pa.ends_on)}` : `from ${longDate(pa.starts_on)}`;
      problems.push({
        line: line.line,
        message: `${assistantName} (${line.payrollReference}) was not employed by ${pa.holder_name} in this period: employed ${employed}`,
      });
      continue;
    }
    const timesheetProblem = checkAgainstTimesheets({
      name: assistantName,
      grossPence: line.grossPence,
      hourlyRatePence: Number(pa.hourly_rate_pence),
      sheets: sheetsOf.get(pa.id) ?? [],
    });
    if (timesheetProblem && !earlierOf.has(pa.id)) {
      problems.push({ line: line.line, message: timesheetProblem });
      continue;
    }
    if (!pa.holder_account_id) {
      problems.push({ line: line.line, message: `${pa.holder_name} has no direct payment account to pay ${assistantName} from` });
      continue;
    }
    let holder = holders.get(pa.holder_id);
    if (!holder) {
      holder = {
        holderId: pa.holder_id,
        holderName: pa.holder_name,
        lines: [],
        alreadyPosted: 0,
        employerCostPence: 0,
        availablePence: Number(pa.holder_balance) - Number(pa.owed),
      };
      holders.set(pa.holder_id, holder);
    }
    const overlap = overlapping.get(pa.id);
    if (overlap) {
      problems.push({
        line: line.line,
        message: `${assistantName} (${line.payrollReference}) was already paid for ${longDate(overlap.periodStartsOn)} to ${longDate(overlap.periodEndsOn)}, which overlaps this period: a day is paid once`,
      });
      continue;
    }
    const before = earlierOf.get(pa.id);
    if (before) {
      if (samePay(before, line)) {
        holder.alreadyPosted++;
        alreadyPosted++;
      } else {
        problems.push({
          line: line.line,
          message: `${assistantName} (${line.payrollReference}) was already paid for this period on ${longDate(before.createdAt)} with different amounts: correct it in the payroll software, then ask the commissioner's finance team to reverse the first payment`,
        });
      }
      continue;
    }
    holder.lines.push({
      ...line,
      assistantId: pa.id,
      assistantName,
      supportLineKey: pa.support_line_key,
      accounts: {
        holderAccountId: Number(pa.holder_account_id),
        assistantAccountId: Number(pa.account_id),
        hmrcAccountId: Number(pa.hmrc_account_id),
        pensionAccountId: Number(pa.pension_account_id),
        costsAccountId: Number(pa.costs_account_id),
      },
    });
    holder.employerCostPence += employerCost(line);
  }
  for (const holder of holders.values()) {
    if (holder.lines.length && holder.employerCostPence > holder.availablePence) {
      problems.push({
        line: holder.lines[0].line,
        message: `${holder.holderName}'s account has ${formatPence(holder.availablePence)} once what is owed is paid, less than the ${formatPence(holder.employerCostPence)} this payroll costs them (lines ${holder.lines.map((l) => l.line).join(", ")})`,
      });
    }
  }
  problems.sort((a, b) => a.line - b.line);
  return { problems, holders: [...holders.values()], alreadyPosted } satisfies RunCheck;
}

function samePay(before: typeof payslips.$inferSelect, line: PayrollLine) {
  return (
    before.grossPence === line.grossPence &&
    before.employeeTaxPence === line.employeeTaxPence &&
    before.employeeNiPence === line.employeeNiPence &&
    before.employerNiPence === line.employerNiPence &&
    before.employeePensionPence === line.employeePensionPence &&
    before.employerPensionPence === line.employerPensionPence &&
    before.netPayPence === line.netPayPence &&
    before.paymentDate === line.paymentDate
  );
}

export type PreviewResult = { ok: true; run: PayrollRun } | { ok: false; problems: LineProblem[] } | { ok: false; alreadyPosted: string; problems?: undefined };

/**
 * Reads and checks a period's payroll file, or the lines entered on the form. A file with any problem is refused
 * whole, with every problem by line. A good one is kept as a run to preview, and nothing is posted until someone asks
 * for it.
 */
export async function previewPayrollRun(
  db: Database,
  input: {
    actor: Actor;
    organisationId: string;
    commissionerId: string;
    frequency: PayFrequency;
    periodStartsOn: string;
    today: string;
  } & ({ fileName: string | null; text: string } | { fileName: null; entered: PayrollLine[] }),
): Promise<PreviewResult> {
  const period = { startsOn: input.periodStartsOn, endsOn: periodEndsOn(input.frequency, input.periodStartsOn) };
  const read = "text" in input ? readPayrollFile(input.text, period) : ({ ok: true, lines: input.entered } as const);
  if (!read.ok) return read;
  const checked = await checkRun(db, { ...input, period, lines: read.lines });
  if (checked.problems.length) return { ok: false, problems: checked.problems };
  if (checked.alreadyPosted === read.lines.length) {
    const what = "text" in input ? "Every line of this file was" : "This pay was";
    return { ok: false, alreadyPosted: `${what} posted before: nothing was posted again, and nothing changed` };
  }
  const contentSha256 = createHash("sha256")
    .update("text" in input ? input.text : JSON.stringify(input.entered), "utf8")
    .digest("hex");
  return db.transaction(async (tx) => {
    const [run] = await tx
      .insert(payrollRuns)
      .values({
        commissionerId: input.commissionerId,
        supportOrganisationId: input.organisationId,
        frequency: input.frequency,
        periodStartsOn: period.startsOn,
        periodEndsOn: period.endsOn,
        fileName: input.fileName,
        contentSha256,
        lines: read.lines,
        lineCount: read.lines.length,
        holderCount: checked.holders.length,
        employerCostPence: checked.holders.reduce((t, h) => t + h.employerCostPence, 0),
        requestedBy: input.actor.userId!,
      })
      .returning();
    await recordAudit(tx, input.actor, {
      action: "payroll-run.previewed",
      entityType: "payroll-run",
      entityId: run.id,
      after: { period, fileName: input.fileName, lineCount: run.lineCount, employerCostPence: run.employerCostPence, contentSha256 },
    });
    return { ok: true as const, run };
  });
}
