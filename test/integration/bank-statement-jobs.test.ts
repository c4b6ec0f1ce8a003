import { and, count, eq, sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { auditLog, bankStatementImports, bankStatementLines } from "#db/schema";
import { setJobs, startJobs, type Jobs } from "~/integrations/jobs/jobs.server";
import { performStatementImport } from "~/reconciliation/statement-import-job.server";
import { importBankStatement, LARGE_STATEMENT_LINES } from "~/reconciliation/statement-imports.server";
import { action, loader } from "~/routes/budget.bank-statements";
import { cookieFor, get, run, statusOf } from "../factories/requests";
import { directPaymentWorld, ofxStatement, upload } from "./bank-statement-fixtures";
import { actorOf } from "./plan-fixtures";
import { jobQueueDatabase } from "./job-queue-database";

const LARGE = LARGE_STATEMENT_LINES + 500;

const importsOf = (commissionerId: string, db = getDb()) =>
  db.select().from(bankStatementImports).where(eq(bankStatementImports.commissionerId, commissionerId));
const lineCount = async (commissionerId: string, db = getDb()) =>
  (await db.select({ n: count() }).from(bankStatementLines).where(eq(bankStatementLines.commissionerId, commissionerId)))[0].n;

/** A queue that keeps what it is asked to do, for the test to carry out as the worker would. */
function queueKept() {
  const queued: string[] = [];
  const jobs: Jobs = {
    runInstalments: async () => {},
    runPayroll: async () => {},
    importStatement: (importId) => {
      queued.push(importId);
      return Promise.resolve();
    },
    importPooledStatement: (pooledImportId) => {
      queued.push(pooledImportId);
      return Promise.resolve();
    },
    stop: async () => {},
  };
  setJobs(jobs);
  return queued;
}

describe("a large bank statement", () => {
  afterEach(() => setJobs(undefined));

  it("is checked in the request, written by the job with its progress, and its page waits for it", async () => {
    const w = await directPaymentWorld();
    const queued = queueKept();
    const cookie = await cookieFor(w.holderUser.email);
    const sent = (await run(action, upload(cookie, "year.ofx", ofxStatement(LARGE)))) as Response;
    expect(sent.status).toBe(302);
    const [waiting] = await importsOf(w.commissioner.id);
    expect(waiting).toMatchObject({ state: "importing", linesRead: LARGE, linesDone: 0, linesAdded: 0 });
    expect(waiting.pendingLines).toHaveLength(LARGE);
    expect(queued).toEqual([waiting.id]);
    expect(await lineCount(w.commissioner.id)).toBe(0);

    // Until the lines are in, the page says how far it has got and reloads itself, with or without JavaScript.
    const page = (await run(loader, get("/budget/bank-statements?done=imported", cookie))) as {
      data: { statements: { imports: { state: string; linesDone: number; pendingLines?: unknown }[] } };
      init: { headers: Record<string, string> };
    };
    expect(page.init.headers).toEqual({ Refresh: "3" });
    expect(page.data.statements.imports[0]).toMatchObject({ state: "importing", linesDone: 0 });
    expect(page.data.statements.imports[0]).not.toHaveProperty("pendingLines");

    const progress: number[] = [];
    expect(await performStatementImport(getDb(), waiting.id, { progress: (done) => Promise.resolve(void progress.push(done)) })).toEqual({
      state: "imported",
      linesAdded: LARGE,
    });
    expect(progress).toEqual([1_000, 2_000, LARGE]);
    const [imported] = await importsOf(w.commissioner.id);
    expect(imported).toMatchObject({ state: "imported", linesRead: LARGE, linesDone: LARGE, linesAdded: LARGE, pendingLines: null });
    expect(await lineCount(w.commissioner.id)).toBe(LARGE);
    const audits = await getDb()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.commissionerId, w.commissioner.id), eq(auditLog.entityId, waiting.id)));
    expect(audits.map((a) => [a.action, a.actorUserId, a.onBehalfOfHolderId])).toEqual([
      ["bank-statement.import-started", w.holderUser.id, w.holder.id],
      ["bank-statement.imported", w.holderUser.id, w.holder.id],
    ]);
    // The job asked again writes nothing twice.
    expect(await performStatementImport(getDb(), waiting.id)).toBeNull();
    const done = (await run(loader, get("/budget/bank-statements?done=imported", cookie))) as {
      data: { statements: { imports: { state: string }[] } };
      init: { headers?: Record<string, string> } | null;
    };
    expect(done.data.statements.imports[0].state).toBe("imported");
    expect(done.init?.headers).toBeUndefined();
  });

  it("with a bad line is refused at once with nothing queued or stored; a job that stops part way writes nothing", async () => {
    const w = await directPaymentWorld();
    const queued = queueKept();
    const cookie = await cookieFor(w.holderUser.email);
    const refused = (await run(action, upload(cookie, "year.ofx", ofxStatement(LARGE, { badLine: 2_300 })))) as {
      data: { errors: { fieldId: string; message: string }[] };
    };
    expect(statusOf(refused)).toBe(400);
    expect(refused.data.errors).toEqual([{ fieldId: "file", message: expect.stringMatching(/^Line 2304: /) }]);
    expect(queued).toEqual([]);
    expect(await importsOf(w.commissioner.id)).toEqual([]);

    const started = await importBankStatement(getDb(), {
      actor: actorOf(w.holderUser),
      holderId: w.holder.id,
      fileName: "year.ofx",
      bytes: new TextEncoder().encode(ofxStatement(LARGE)),
    });
    if (started.state !== "importing") throw new Error(`expected the job to import it: ${started.state}`);
    const stopped = await performStatementImport(getDb(), started.importId, {
      progress: (done) => (done > 1_000 ? Promise.reject(new Error("the worker stopped")) : Promise.resolve()),
    });
    expect(stopped).toEqual({ state: "failed", error: "the worker stopped" });
    expect(await importsOf(w.commissioner.id)).toMatchObject([{ state: "failed", linesAdded: 0, pendingLines: null }]);
    expect(await lineCount(w.commissioner.id)).toBe(0);
  });
});

describe("the statement import job on the job queue (pg-boss)", () => {
  const ownDatabase = jobQueueDatabase();

  it("writes the lines of a large statement queued by the request, and ends imported with its lines counted", async () => {
    const w = await directPaymentWorld();
    const database = ownDatabase();
    const jobs = await startJobs(database.db, database.jobConnection, { schedule: true, catchUp: false, pollSeconds: 1 });
    try {
      const schedules = await database.db.execute(sql`select name, cron, options->>'tz' as tz from pgboss.schedule`);
      const rows = (Array.isArray(schedules) ? schedules : (schedules as { rows: unknown[] }).rows) as { name: string; cron: string; tz: string }[];
      // Statements no one confirmed the columns of are removed daily (removeUnconfirmedUploads, in bank-statements.test.ts).
      expect(rows).toContainEqual({ name: "bank-statement-uploads-daily", cron: "0 3 * * *", tz: "Europe/London" });

      const started = await importBankStatement(database.db, {
        actor: actorOf(w.holderUser),
        holderId: w.holder.id,
        fileName: "year.ofx",
        bytes: new TextEncoder().encode(ofxStatement(LARGE)),
      });
      if (started.state !== "importing") throw new Error(`expected the job to import it: ${started.state}`);
      await jobs.importStatement(started.importId);
      let [row] = await importsOf(w.commissioner.id, database.db);
      for (let i = 0; i < 60 && row.state === "importing"; i++) {
        await new Promise((r) => setTimeout(r, 500));
        [row] = await importsOf(w.commissioner.id, database.db);
      }
      expect(row).toMatchObject({ state: "imported", linesRead: LARGE, linesDone: LARGE, linesAdded: LARGE, pendingLines: null });
      expect(await lineCount(w.commissioner.id, database.db)).toBe(LARGE);
    } finally {
      await jobs.stop();
    }
  });
});
