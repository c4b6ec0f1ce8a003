import PgBoss from "pg-boss";
import type { Database, JobConnection } from "#db/client.server";
import { todayInUk } from "~/ledger/entries";
import { performInstalmentRun, runDailyInstalments } from "~/ledger/instalment-runs.server";
import { logger } from "~/logger.server";
import { performPayrollRun } from "~/payroll/post-payroll.server";
import { runDailyFinanceChecks } from "~/reconciliation/flags.server";
import { performPooledStatementImport, performStatementImport } from "~/reconciliation/statement-import-job.server";
import { publicOrigin } from "~/security/public-origin";
import { removeUnconfirmedUploads } from "~/reconciliation/statement-uploads.server";
import { bankStatementImports, payrollRuns } from "#db/schema";
import { eq } from "drizzle-orm";

/** Work that must survive a restart runs as jobs on PostgreSQL (pg-boss), not in one process's memory. */
const INSTALMENT_RUN = "instalment-run";
const DAILY_INSTALMENTS = "instalments-daily";
const PAYROLL_RUN = "payroll-run";
const DAILY_FINANCE_CHECKS = "finance-checks-daily";
/** After the instalments, so a balance is checked with the day's money in it. */
const DAILY_FINANCE_CHECKS_CRON = "0 7 * * *";
const STATEMENT_IMPORT = "bank-statement-import";
const POOLED_STATEMENT_IMPORT = "pooled-statement-import";
const UNCONFIRMED_UPLOADS_DAILY = "bank-statement-uploads-daily";
/** At 3am UK time, when no one is likely to be half way through confirming a statement's columns. */
export const UNCONFIRMED_UPLOADS_AT = { cron: "0 3 * * *", tz: "Europe/London" };
/** Every day at 6am UK time, so instalments due today are in holders' accounts by the start of the day. */
export const DAILY_INSTALMENTS_AT = { cron: "0 6 * * *", tz: "Europe/London", hour: 6 };

const UK_HOUR = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", hour: "numeric", hourCycle: "h23" });

/** When the daily run next happens, as a UK date: today if it is not yet 6am in the UK, else tomorrow. */
export function nextDailyRun(now = new Date()): string {
  const hour = Number(UK_HOUR.format(now));
  return todayInUk(hour < DAILY_INSTALMENTS_AT.hour ? now : new Date(now.getTime() + 24 * 3_600_000));
}

export interface Jobs {
  /** Queues a recorded instalment run; a worker in any portal process carries it out. */
  runInstalments(runId: string): Promise<void>;
  /** Queues a payroll run someone asked to post; the request that asked does not wait for it. */
  runPayroll(runId: string): Promise<void>;
  /** Queues the writing of a large bank statement's lines, checked in the request that sent it. */
  importStatement(importId: string): Promise<void>;
  /** The same for a large pooled account's statement: every holder's lines, in one transaction. */
  importPooledStatement(pooledImportId: string): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts the job queue on the portal's database, its workers and the daily instalment run. On PGlite the queue shares
 * the one connection; on a server pg-boss keeps a small pool of its own.
 */
export async function startJobs(
  db: Database,
  connection: JobConnection,
  options: { schedule?: boolean; catchUp?: boolean; pollSeconds?: number } = {},
): Promise<Jobs> {
  const boss = new PgBoss({ ...connection, schedule: options.schedule ?? true, max: 2 });
  boss.on("error", (error) => logger.error({ err: error }, "job queue error"));
  await boss.start();
  for (const queue of [
    INSTALMENT_RUN,
    DAILY_INSTALMENTS,
    PAYROLL_RUN,
    DAILY_FINANCE_CHECKS,
    STATEMENT_IMPORT,
    POOLED_STATEMENT_IMPORT,
    UNCONFIRMED_UPLOADS_DAILY,
  ])
    await boss.createQueue(queue);
  const poll = { pollingIntervalSeconds: options.pollSeconds ?? 2 };
  await boss.work<{ runId: string }>(INSTALMENT_RUN, poll, async ([job]) => {
    await performInstalmentRun(db, job.data.runId);
  });
  // On a server, a run's or an import's progress is written on another connection, outside its transaction, so its
  // page can show it. PGlite has one connection, held by the job until it commits: its page shows it once finished.
  const onServer = "connectionString" in connection;
  const progress = onServer
    ? async (holdersDone: number, runId: string) => {
        await db.update(payrollRuns).set({ holdersDone }).where(eq(payrollRuns.id, runId));
      }
    : null;
  await boss.work<{ runId: string }>(PAYROLL_RUN, poll, async ([job]) => {
    const runId = job.data.runId;
    await performPayrollRun(db, runId, { today: todayInUk(), progress: progress ? (done) => progress(done, runId) : undefined });
  });
  await boss.work<{ importId: string }>(STATEMENT_IMPORT, poll, async ([job]) => {
    const importId = job.data.importId;
    const linesDone = async (done: number) => {
      await db.update(bankStatementImports).set({ linesDone: done }).where(eq(bankStatementImports.id, importId));
    };
    await performStatementImport(db, importId, { progress: onServer ? linesDone : undefined });
  });
  await boss.work<{ pooledImportId: string }>(POOLED_STATEMENT_IMPORT, poll, async ([job]) => {
    const linesDone = async (importId: string, done: number) => {
      await db.update(bankStatementImports).set({ linesDone: done }).where(eq(bankStatementImports.id, importId));
    };
    await performPooledStatementImport(db, job.data.pooledImportId, { progress: onServer ? linesDone : undefined });
  });
  await boss.work(UNCONFIRMED_UPLOADS_DAILY, poll, async () => {
    const removed = await removeUnconfirmedUploads(db, { now: new Date() });
    if (removed) logger.info({ removed }, "unconfirmed bank statements removed");
  });
  await boss.work(DAILY_INSTALMENTS, poll, async () => {
    await runDailyInstalments(db, todayInUk());
  });
  await boss.work(DAILY_FINANCE_CHECKS, poll, async () => {
    await runDailyFinanceChecks(db, { today: todayInUk(), now: new Date(), origin: publicOrigin(`http://localhost:${process.env.PORT ?? 3000}/`) });
  });
  if (options.schedule ?? true) {
    await boss.schedule(DAILY_INSTALMENTS, DAILY_INSTALMENTS_AT.cron, {}, { tz: DAILY_INSTALMENTS_AT.tz });
    await boss.schedule(DAILY_FINANCE_CHECKS, DAILY_FINANCE_CHECKS_CRON, {}, { tz: DAILY_INSTALMENTS_AT.tz });
    await boss.schedule(UNCONFIRMED_UPLOADS_DAILY, UNCONFIRMED_UPLOADS_AT.cron, {}, { tz: UNCONFIRMED_UPLOADS_AT.tz });
    // A portal that was not running at 6am pays what fell due when it starts; one run however many processes start.
    if (options.catchUp ?? true) await boss.send(DAILY_INSTALMENTS, {}, { singletonKey: `catch-up:${todayInUk()}`, singletonSeconds: 3_600 });
  }
  const jobs: Jobs = {
    runInstalments: async (runId) => {
      await boss.send(INSTALMENT_RUN, { runId });
    },
    runPayroll: async (runId) => {
      await boss.send(PAYROLL_RUN, { runId });
    },
    importStatement: async (importId) => {
      await boss.send(STATEMENT_IMPORT, { importId });
    },
    importPooledStatement: async (pooledImportId) => {
      await boss.send(POOLED_STATEMENT_IMPORT, { pooledImportId });
    },
    stop: () => boss.stop({ graceful: true, timeout: 5_000 }),
  };
  setJobs(jobs);
  return jobs;
}

// The server process and the built Remix bundle each load this module: one shared slot, as for the database.
const slot = Symbol.for("phb.jobs");
type Slot = { [slot]?: Jobs };

export function setJobs(jobs: Jobs | undefined) {
  (globalThis as Slot)[slot] = jobs;
}

export function getJobs(): Jobs {
  const jobs = (globalThis as Slot)[slot];
  if (!jobs) throw new Error("The job queue is not running: the server starts it before serving requests.");
  return jobs;
}
