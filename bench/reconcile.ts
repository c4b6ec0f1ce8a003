/**
 * `npm run bench:reconcile -- [--database-url postgres://postgres@127.0.0.1:5432/phb_bench_reconcile] [--holders 2000]
 *   [--lines 10000] [--runs 3] [--sessions 20] [--seconds 10] [--processes 1]`
 *
 * Finance's reconciliation at the size issue 16 names. The database is made afresh (dropped if it exists), migrated,
 * given the demo data and, in bulk SQL beside it in the demo commissioner (bench/reconcile-data.ts): --holders holders
 * with a direct payment and a plan in force, each with three months (August to October 2026) of an instalment and four
 * spends, the bank's lines for them all matched; and --runs busy holders, each with --lines spends over eight months.
 * Then, --runs times:
 *  (a) a busy holder's statement of --lines lines (95% of them its spends, some cleared a day later, by amount, date
 *      and payee; the rest unknown to the ledger) imported with its columns given, so matched at once: checked and kept
 *      by importBankStatement, then, being over LARGE_STATEMENT_LINES, written and matched as the job does it
 *      (performStatementImport: writeStatementLines, then matchAutomatically inside it);
 *  (b) one month reconciled for all --holders holders at once, as finance does from the worklist with "Reconcile the
 *      months that agree" (reconcileAgreeingPeriods): each holder's standing worked out, and reconciled if it agrees;
 *  (c) the dashboard over HTTP: the built portal started as bench/http.ts starts it (--processes of it), --sessions clients signed in as
 *      finance@demo.nhs.uk asking for /staff/dashboard as fast as it is answered for --seconds, after /healthz and
 *      /accessibility (the signed-in layout alone) in the same way, as yardsticks; then the dashboard again while a
 *      holder's spend is logged every second, each one a change its kept figures must be worked out afresh for.
 * Reports each run and the medians, then checks the ledger with verifyLedger. PostgreSQL only.
 */
import os from "node:os";
import { eq, sql } from "drizzle-orm";
import { openDatabase, rowsOf } from "../db/client.server";
import { createPortalRole } from "../db/roles.server";
import { bankStatementImports } from "../db/schema";
import type { Actor } from "../app/audit/audit.server";
import { postEntry } from "../app/ledger/post-entry.server";
import { verifyLedger } from "../app/ledger/verify.server";
import { todayInUk } from "../app/dates/uk-day";
import { reconcileAgreeingPeriods } from "../app/reconciliation/worklist.server";
import { performStatementImport } from "../app/reconciliation/statement-import-job.server";
import { importBankStatement } from "../app/reconciliation/statement-imports.server";
import { DEMO_PASSWORD, seedDemoData } from "../scripts/seed";
import { argValue, fail } from "../scripts/open-database";
import { adminQuery, withDatabase } from "../test/setup/database";
import { freePort } from "../test/setup/processes";
import { httpClient, median, percentile, PORTAL_ROLE, signIn, startPortal } from "./portal";
import { addBusyHolder, addHolders, addMatchedMonth, benchCommissioner, MONTHS } from "./reconcile-data";

const argv = process.argv.slice(2);
const url = argValue(argv, "database-url") ?? "postgres://postgres@127.0.0.1:5432/phb_bench_reconcile";
const HOLDERS = Number(argValue(argv, "holders") ?? 2000);
const LINES = Number(argValue(argv, "lines") ?? 10_000);
const RUNS = Number(argValue(argv, "runs") ?? 3);
const SESSIONS = Number(argValue(argv, "sessions") ?? 20);
const SECONDS = Number(argValue(argv, "seconds") ?? 10);
/** How many processes serve the portal for (c) (PORTAL_PROCESSES): one per core is how it is run on a server of its own. */
const PROCESSES = Number(argValue(argv, "processes") ?? 1);
if (RUNS > MONTHS.length) fail(`Each run reconciles a month of its own: --runs must be ${MONTHS.length} or fewer.`);
/**
 * What (c) measures: two yardsticks, the dashboard, and the dashboard again while a holder's spend is logged every
 * second, so that the figures it keeps are worked out afresh after each (app/reporting/dashboard-figures.server.ts).
 */
const MEASURES = [
  { name: "/healthz", path: "/healthz", writing: false },
  { name: "/accessibility", path: "/accessibility", writing: false },
  { name: "/staff/dashboard", path: "/staff/dashboard", writing: false },
  { name: "/staff/dashboard, a spend logged every second", path: "/staff/dashboard", writing: true },
];

const name = new URL(url).pathname.slice(1);
if (!/^phb_bench[a-z0-9_]*$/.test(name)) fail(`The benchmark drops and makes its database: give it one named phb_bench..., not "${name}".`);

const seconds = (from: number) => (performance.now() - from) / 1000;

const admin = withDatabase(url, "postgres");
await adminQuery(admin, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
await adminQuery(admin, `CREATE DATABASE ${name}`);
const database = await openDatabase({ url, maxConnections: 4 });
const { db } = database;
try {
  let t = performance.now();
  await database.migrate();
  await createPortalRole(db, PORTAL_ROLE);
  await seedDemoData(db);
  const bench = await benchCommissioner(db);
  await addHolders(db, bench, { count: HOLDERS, family: "Reconciler", firstNhsNumber: 9993000000 });
  for (const month of MONTHS) await addMatchedMonth(db, bench, "Reconciler", month);
  const busy = await addHolders(db, bench, { count: RUNS, family: "Busy", firstNhsNumber: 9994000000 });
  const statements: string[] = [];
  for (const holderId of busy) statements.push(await addBusyHolder(db, bench, holderId, LINES));
  await db.execute(sql`analyze`);
  const [counts] = rowsOf<{ entries: string; lines: string; version: string }>(
    await db.execute(
      sql`select (select count(*) from journal_entries) as entries, (select count(*) from bank_statement_lines) as lines, current_setting('server_version') as version`,
    ),
  );
  console.log(
    `Machine: ${os.cpus().length} x ${os.cpus()[0].model}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, load ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")}; PostgreSQL ${counts.version}; Node ${process.version}`,
  );
  console.log(`${name}: ${HOLDERS} + ${RUNS} holders, ${counts.entries} entries, ${counts.lines} bank lines, made in ${seconds(t).toFixed(1)} s\n`);

  const actor: Actor = { userId: bench.financeId, commissionerId: bench.commissionerId };
  const mapping = { date: 0, description: [1], reference: null, amount: { kind: "signed" as const, column: 2 }, balance: null, currency: null };
  const imports: number[] = [];
  const months: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    t = performance.now();
    const imported = await importBankStatement(db, {
      actor,
      holderId: busy[r],
      fileName: "busy.csv",
      bytes: new TextEncoder().encode(statements[r]),
      mapping,
    });
    if (imported.state !== "imported" && imported.state !== "importing") fail(`The statement was refused: ${JSON.stringify(imported).slice(0, 1000)}`);
    // A statement over LARGE_STATEMENT_LINES is checked in the request and its lines written by the job: both are timed,
    // the job as it runs on a server, writing its progress on another connection.
    if (imported.state === "importing") {
      await performStatementImport(db, imported.importId, {
        progress: async (done) => {
          await db.update(bankStatementImports).set({ linesDone: done }).where(eq(bankStatementImports.id, imported.importId));
        },
      });
    }
    imports.push(seconds(t));
    const [done] = rowsOf<{ state: string; lines_added: number; matched: string }>(
      await db.execute(sql`
        select i.state, i.lines_added, (select count(*) from bank_line_matches m join bank_statement_lines l on l.id = m.bank_line_id
          where l.import_id = i.id and m.unmatched_at is null) as matched
        from bank_statement_imports i where i.id = ${imported.importId}`),
    );
    if (done.state !== "imported" || Number(done.lines_added) !== LINES) fail(`The statement was not imported whole: ${JSON.stringify(done)}`);
    const matched = done.matched;
    console.log(`run ${r + 1}: (a) ${LINES} lines imported and ${matched} matched in ${imports[r].toFixed(2)} s`);

    const month = MONTHS[r];
    t = performance.now();
    const together = await reconcileAgreeingPeriods(db, { actor, period: month });
    months.push(seconds(t));
    // The busy holders' months are left: their statements carry lines the ledger does not have.
    if (together.reconciled !== HOLDERS) fail(`${month}: ${JSON.stringify(together)}, not ${HOLDERS} reconciled`);
    console.log(`       (b) ${month} reconciled for ${together.reconciled} holders at once (${together.left} left) in ${months[r].toFixed(2)} s`);
  }

  // A Reconciler's direct payment pays a supplier 1p, through the ledger's own service, once a second until `until`.
  const [spender] = rowsOf<{ account_id: string; holder_id: string; payee_id: string }>(
    await db.execute(sql`
      select la.id as account_id, a.holder_id, (select id from ledger_accounts where commissioner_id = ${bench.commissionerId} and code = 'payee:bench-1') as payee_id
      from ledger_accounts la join arrangements a on a.id = la.arrangement_id join holders h on h.id = a.holder_id
      where la.commissioner_id = ${bench.commissionerId} and la.kind = 'direct-payment' and h.family_name like 'Reconciler%'
      order by h.family_name limit 1`),
  );
  const logSpendsUntil = async (until: number) => {
    let logged = 0;
    while (performance.now() < until) {
      const posted = await postEntry(db, {
        idempotencyKey: `bench-dashboard-spend:${Date.now()}:${logged}`,
        kind: "spend",
        effectiveDate: todayInUk(),
        description: "Bench spend while the dashboard is read",
        lines: [
          { accountId: Number(spender.account_id), amountPence: -1 },
          { accountId: Number(spender.payee_id), amountPence: 1 },
        ],
        actor,
        onBehalfOf: spender.holder_id,
      });
      if (!posted.ok) fail(`The bench spend was refused: ${posted.message}`);
      logged++;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    return logged;
  };

  const portal = await startPortal(url, await freePort(), PROCESSES);
  const client = httpClient(SESSIONS);
  const rounds: Record<string, { p50: number; p95: number; p99: number; perSecond: number }>[] = [];
  try {
    const cookies: string[] = [];
    for (let i = 0; i < SESSIONS; i++) cookies.push(await signIn(portal.origin, "finance@demo.nhs.uk", DEMO_PASSWORD));
    for (const { path } of MEASURES) await Promise.all(cookies.map((c) => client.get(portal.origin, path, c)));
    for (let r = 0; r < RUNS; r++) {
      const round: (typeof rounds)[number] = {};
      for (const { name, path, writing } of MEASURES) {
        const times: number[] = [];
        let failed = 0;
        const until = performance.now() + SECONDS * 1000;
        const spends = writing ? logSpendsUntil(until) : Promise.resolve(0);
        await Promise.all(
          cookies.map(async (cookie) => {
            while (performance.now() < until) {
              const started = performance.now();
              if ((await client.get(portal.origin, path, cookie)) === 200) times.push(performance.now() - started);
              else failed++;
            }
          }),
        );
        if (failed) fail(`${failed} requests for ${path} did not answer 200.`);
        if (writing && (await spends) < SECONDS - 1) fail(`Only ${await spends} spends were logged in ${SECONDS} s.`);
        round[name] = { p50: percentile(times, 50), p95: percentile(times, 95), p99: percentile(times, 99), perSecond: times.length / SECONDS };
      }
      rounds.push(round);
      console.log(
        `run ${r + 1}: (c) ${MEASURES.map(({ name }) => `${name} ${round[name].perSecond.toFixed(0)}/s p50 ${round[name].p50.toFixed(0)} ms p95 ${round[name].p95.toFixed(0)} ms`).join("; ")}`,
      );
    }
  } finally {
    client.close();
    portal.stop();
  }

  const of = (path: string, key: "p50" | "p95" | "p99" | "perSecond") => median(rounds.map((r) => r[path][key]));
  console.log(`\nMedians of ${RUNS} runs:`);
  console.log(`  (a) import and match ${LINES} lines: ${median(imports).toFixed(2)} s  (target < 2 s)`);
  console.log(`  (b) a month for ${HOLDERS} holders, reconciled together: ${median(months).toFixed(2)} s  (target < 5 s)`);
  for (const { name, path } of MEASURES) {
    console.log(
      `  (c) ${name.padEnd(16)} ${SESSIONS} clients, ${PROCESSES} process(es): ${of(name, "perSecond").toFixed(0)}/s, p50 ${of(name, "p50").toFixed(0)} ms, p95 ${of(name, "p95").toFixed(0)} ms, p99 ${of(name, "p99").toFixed(0)} ms${path === "/staff/dashboard" ? "  (target p95 < 200 ms)" : ""}`,
    );
  }
  t = performance.now();
  const verified = await verifyLedger(db);
  console.log(
    `\nverifyLedger: ${verified.summary.entries} entries, ${verified.summary.postings} postings in ${seconds(t).toFixed(1)} s; ${verified.breaks.length} breaks, trial balance ${verified.summary.trialBalancePence}p`,
  );
  if (verified.breaks.length)
    fail(
      verified.breaks
        .slice(0, 10)
        .map((b) => b.message)
        .join("\n"),
    );
} finally {
  await database.close();
}
