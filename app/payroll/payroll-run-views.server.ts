import { and, count, desc, eq, sql } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { holders, payrollRuns, payslips, users } from "#db/schema";
import type { Pence } from "~/ledger/money";
import { owedToHmrc, owedToPension, type LineProblem, type PayrollLine } from "./payroll-file";
import { runStopped, STOPPED_MESSAGE } from "./post-payroll.server";
import { checkRun } from "./payroll-runs.server";

export const RUNS_PAGE_SIZE = 20;

/** An organisation's payroll runs, newest first, a page at a time. */
export async function listPayrollRuns(db: Database, input: { organisationId: string; page: number }) {
  const where = eq(payrollRuns.supportOrganisationId, input.organisationId);
  const [runs, [{ total }]] = await Promise.all([
    db
      .select({
        id: payrollRuns.id,
        frequency: payrollRuns.frequency,
        periodStartsOn: payrollRuns.periodStartsOn,
        periodEndsOn: payrollRuns.periodEndsOn,
        fileName: payrollRuns.fileName,
        lineCount: payrollRuns.lineCount,
        holderCount: payrollRuns.holderCount,
        employerCostPence: payrollRuns.employerCostPence,
        status: payrollRuns.status,
        createdAt: payrollRuns.createdAt,
        by: users.name,
      })
      .from(payrollRuns)
      .innerJoin(users, eq(users.id, payrollRuns.requestedBy))
      .where(where)
      .orderBy(desc(payrollRuns.createdAt))
      .limit(RUNS_PAGE_SIZE)
      .offset((Math.max(1, input.page) - 1) * RUNS_PAGE_SIZE),
    db.select({ total: count() }).from(payrollRuns).where(where),
  ]);
  return { runs, total };
}

/** One holder's share of a run, as the preview and the finished run show it. */
export interface HolderTotals {
  holderId: string;
  name: string;
  lines: number;
  grossPence: Pence;
  netPayPence: Pence;
  hmrcPence: Pence;
  pensionPence: Pence;
  employerCostPence: Pence;
  /** Before the run: the balance less what is owed. Only while the run is not posted. */
  availablePence: Pence | null;
}

/**
 * A run as its organisation sees it: before it is posted, each holder's share and every check made again now (a
 * balance or a payslip may have changed since the file was read); once posted, what its payslips recorded.
 */
export async function payrollRunView(db: Database, input: { runId: string; organisationId: string; today: string }) {
  const [stored] = await db
    .select()
    .from(payrollRuns)
    .where(and(eq(payrollRuns.id, input.runId), eq(payrollRuns.supportOrganisationId, input.organisationId)));
  if (!stored) return null;
  // Left "running" by a process that stopped, it posted nothing: shown as failed, to be posted again.
  const run = runStopped(stored) ? { ...stored, status: "failed" as const, error: STOPPED_MESSAGE } : stored;
  let holderTotals: HolderTotals[];
  let problems: LineProblem[] = [];
  let alreadyPosted = run.alreadyPostedLines;
  if (run.status === "finished" || run.status === "running") {
    holderTotals = await db
      .select({
        holderId: payslips.holderId,
        name: sql<string>`${holders.givenName} || ' ' || ${holders.familyName}`,
        lines: sql<number>`count(*)::int`,
        grossPence: sql<number>`sum(${payslips.grossPence})::bigint`.mapWith(Number),
        netPayPence: sql<number>`sum(${payslips.netPayPence})::bigint`.mapWith(Number),
        hmrcPence: sql<number>`sum(${payslips.employeeTaxPence} + ${payslips.employeeNiPence} + ${payslips.employerNiPence})::bigint`.mapWith(Number),
        pensionPence: sql<number>`sum(${payslips.employeePensionPence} + ${payslips.employerPensionPence})::bigint`.mapWith(Number),
        employerCostPence: sql<number>`sum(${payslips.grossPence} + ${payslips.employerNiPence} + ${payslips.employerPensionPence})::bigint`.mapWith(Number),
        availablePence: sql<null>`null`,
      })
      .from(payslips)
      .innerJoin(holders, eq(holders.id, payslips.holderId))
      .where(eq(payslips.payrollRunId, run.id))
      .groupBy(payslips.holderId, holders.givenName, holders.familyName)
      .orderBy(holders.familyName, holders.givenName);
  } else {
    const checked = await checkRun(db, {
      organisationId: run.supportOrganisationId,
      commissionerId: run.commissionerId,
      period: { startsOn: run.periodStartsOn, endsOn: run.periodEndsOn },
      lines: run.lines as PayrollLine[],
      today: input.today,
    });
    problems = checked.problems;
    alreadyPosted = checked.alreadyPosted;
    holderTotals = checked.holders
      .map((h) => ({
        holderId: h.holderId,
        name: h.holderName,
        lines: h.lines.length,
        grossPence: sum(h.lines, (l) => l.grossPence),
        netPayPence: sum(h.lines, (l) => l.netPayPence),
        hmrcPence: sum(h.lines, owedToHmrc),
        pensionPence: sum(h.lines, owedToPension),
        employerCostPence: h.employerCostPence,
        availablePence: h.availablePence,
      }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }
  const totals = {
    lines: sum(holderTotals, (h) => h.lines),
    grossPence: sum(holderTotals, (h) => h.grossPence),
    netPayPence: sum(holderTotals, (h) => h.netPayPence),
    hmrcPence: sum(holderTotals, (h) => h.hmrcPence),
    pensionPence: sum(holderTotals, (h) => h.pensionPence),
    employerCostPence: sum(holderTotals, (h) => h.employerCostPence),
  };
  const { lines: _lines, ...summary } = run;
  return { run: summary, holders: holderTotals, totals, problems, alreadyPosted };
}

const sum = <T>(items: T[], of: (item: T) => number) => items.reduce((t, i) => t + of(i), 0);
