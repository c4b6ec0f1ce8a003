import { and, eq, lt, or } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { payrollRuns, payslips } from "#db/schema";
import { recordAudit, type Actor } from "~/audit/audit.server";
import { longDate } from "~/dates/long-date";
import { postEntries, type PostEntryInput } from "~/ledger/post-entry.server";
import { netPayEntryLines, owedEntryLines, payslipKey } from "./payroll-entries";
import type { LineProblem, PayrollLine } from "./payroll-file";
import { checkRun, type HolderPayroll, type PayrollRun } from "./payroll-runs.server";

/**
 * How long a run may say "running" before it is taken to have stopped with its process: far longer than the biggest
 * run takes (BENCHMARKS.md), and shorter than the job queue waits before it retries a job whose worker went away.
 * The run's work is one transaction, so a process that died mid-way left nothing posted.
 */
export const STALE_RUN_MINUTES = 10;

const staleBefore = (now: Date) => new Date(now.getTime() - STALE_RUN_MINUTES * 60_000);

/** Whether a run says "running" only because the process posting it stopped. */
export function runStopped(run: Pick<PayrollRun, "status" | "startedAt">, now = new Date()): boolean {
  return run.status === "running" && run.startedAt !== null && run.startedAt < staleBefore(now);
}

export const STOPPED_MESSAGE = "The run stopped before it finished, so nothing was posted. Post it again.";

/**
 * Someone at the organisation asks for a previewed run to be posted; a job does it. A failed run can be asked again,
 * and so can one whose process stopped while it was running; one asked for already, or posted, is left as it is.
 * Null when the organisation has no such run.
 */
export async function requestPayrollPosting(db: Database, input: { actor: Actor; organisationId: string; runId: string }) {
  return db.transaction(async (tx) => {
    const [run] = await tx
      .select()
      .from(payrollRuns)
      .where(and(eq(payrollRuns.id, input.runId), eq(payrollRuns.supportOrganisationId, input.organisationId)))
      .for("update");
    if (!run) return null;
    if (run.status !== "previewed" && run.status !== "failed" && !runStopped(run)) return { run, queued: false };
    const [waiting] = await tx.update(payrollRuns).set({ status: "waiting", error: null }).where(eq(payrollRuns.id, run.id)).returning();
    await recordAudit(tx, input.actor, { action: "payroll-run.requested", entityType: "payroll-run", entityId: run.id });
    return { run: waiting, queued: true };
  });
}

/** Why a run was refused as it was being posted: what changed since its preview. */
export class PayrollRefused extends Error {
  constructor(readonly problems: LineProblem[]) {
    super(problems.map((p) => `Line ${p.line}: ${p.message}`).join("\n"));
  }
}

export interface PostingOptions {
  today: string;
  /** Holders posted per call to the ledger; the job reports its progress after each group. */
  holdersPerGroup?: number;
  /** Told how many holders are posted so far, outside the run's transaction, where the database lets it be seen. */
  progress?: (holdersDone: number) => Promise<void>;
  /** Called inside the transaction after each group of holders: a test throws here to stop a run half way. */
  afterGroup?: (holdersDone: number) => void | Promise<void>;
}

/**
 * Posts a run: for each holder, each PA's pay as owed, then net pay leaving the holder's account on pay day, and the
 * payslip; checked again first, since balances and payslips may have changed since the preview. All of it is one
 * transaction: a problem or a crash anywhere leaves nothing posted, and the run can be asked for again.
 */
export async function performPayrollRun(db: Database, runId: string, options: PostingOptions): Promise<PayrollRun | null> {
  const now = new Date();
  // A run left "running" by a process that stopped is taken up again by the job's retry; one running now is not.
  const [run] = await db
    .update(payrollRuns)
    .set({ status: "running", startedAt: now, holdersDone: 0 })
    .where(
      and(
        eq(payrollRuns.id, runId),
        or(eq(payrollRuns.status, "waiting"), and(eq(payrollRuns.status, "running"), lt(payrollRuns.startedAt, staleBefore(now)))),
      ),
    )
    .returning();
  if (!run) return null;
  try {
    return await db.transaction(async (tx) => {
      const period = { startsOn: run.periodStartsOn, endsOn: run.periodEndsOn };
      const checked = await checkRun(tx, {
        organisationId: run.supportOrganisationId,
        commissionerId: run.commissionerId,
        period,
        lines: run.lines as PayrollLine[],
        today: options.today,
      });
      if (checked.problems.length) throw new PayrollRefused(checked.problems);
      const actor: Actor = { userId: run.requestedBy, commissionerId: run.commissionerId };
      const groupSize = options.holdersPerGroup ?? 100;
      let posted = 0;
      for (let start = 0; start < checked.holders.length; start += groupSize) {
        const group = checked.holders.slice(start, start + groupSize);
        posted += await postHolders(tx, run, actor, group);
        const done = start + group.length;
        await options.afterGroup?.(done);
        await options.progress?.(done);
      }
      const [finished] = await tx
        .update(payrollRuns)
        .set({
          status: "finished",
          finishedAt: new Date(),
          holdersDone: checked.holders.length,
          postedLines: posted,
          alreadyPostedLines: checked.alreadyPosted,
        })
        .where(eq(payrollRuns.id, run.id))
        .returning();
      await recordAudit(tx, actor, {
        action: "payroll-run.posted",
        entityType: "payroll-run",
        entityId: run.id,
        after: { postedLines: posted, alreadyPostedLines: checked.alreadyPosted, employerCostPence: run.employerCostPence },
      });
      return finished;
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const [failed] = await db
      .update(payrollRuns)
      .set({ status: "failed", finishedAt: new Date(), error: message })
      .where(eq(payrollRuns.id, run.id))
      .returning();
    return failed;
  }
}

/** One group of holders' payslips and their entries, in the run's transaction. How many payslips it wrote. */
async function postHolders(tx: Database, run: PayrollRun, actor: Actor, group: HolderPayroll[]): Promise<number> {
  const entries: PostEntryInput[] = [];
  const slips: (typeof payslips.$inferInsert)[] = [];
  const period = `${longDate(run.periodStartsOn)} to ${longDate(run.periodEndsOn)}`;
  for (const holder of group) {
    for (const line of holder.lines) {
      const id = crypto.randomUUID();
      const key = payslipKey({
        organisationId: run.supportOrganisationId,
        holderId: holder.holderId,
        periodStartsOn: run.periodStartsOn,
        payrollReference: line.payrollReference,
      });
      const common = { kind: "payroll" as const, actor, onBehalfOf: holder.holderId, sourceType: "payslip", sourceId: id, supportLineKey: line.supportLineKey };
      entries.push({
        ...common,
        idempotencyKey: `${key}:owed`,
        effectiveDate: line.paymentDate,
        description: `Pay owed to ${line.assistantName} and for them to HMRC and their pension, ${period}`,
        lines: owedEntryLines(line, line.accounts),
      });
      const netLines = netPayEntryLines(line, line.accounts);
      if (netLines) {
        entries.push({
          ...common,
          idempotencyKey: `${key}:net`,
          effectiveDate: line.paymentDate,
          description: `Net pay to ${line.assistantName}, ${period}`,
          lines: netLines,
        });
      }
      slips.push({
        id,
        commissionerId: run.commissionerId,
        payrollRunId: run.id,
        supportOrganisationId: run.supportOrganisationId,
        holderId: holder.holderId,
        personalAssistantId: line.assistantId,
        periodStartsOn: run.periodStartsOn,
        periodEndsOn: run.periodEndsOn,
        paymentDate: line.paymentDate,
        grossPence: line.grossPence,
        employeeTaxPence: line.employeeTaxPence,
        employeeNiPence: line.employeeNiPence,
        employerNiPence: line.employerNiPence,
        employeePensionPence: line.employeePensionPence,
        employerPensionPence: line.employerPensionPence,
        netPayPence: line.netPayPence,
        supportLineKey: line.supportLineKey,
        owedEntryId: 0,
      });
    }
  }
  const results = await postEntries(tx, entries);
  const bySource = new Map<string, { owed?: number; net?: number }>();
  results.forEach((result, i) => {
    const input = entries[i];
    if (!result.ok) throw new Error(`The ledger refused "${input.description}": ${result.message}`);
    const ids = bySource.get(input.sourceId!) ?? {};
    if (input.idempotencyKey.endsWith(":owed")) ids.owed = result.entry.id;
    else ids.net = result.entry.id;
    bySource.set(input.sourceId!, ids);
  });
  if (slips.length === 0) return 0;
  await tx.insert(payslips).values(slips.map((s) => ({ ...s, owedEntryId: bySource.get(s.id!)!.owed!, netPayEntryId: bySource.get(s.id!)!.net ?? null })));
  return slips.length;
}
