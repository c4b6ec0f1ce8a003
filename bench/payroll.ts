/**
 * `npm run bench:payroll -- [--database-url postgres://postgres@127.0.0.1:5432/phb_bench_payroll] [--holders 2000]
 *   [--assistants 5000] [--runs 3] [--baseline-seconds 5]`
 *
 * One payroll organisation's month, at the size the issue names: --holders employing holders with --assistants PAs
 * between them, each holder's direct-payment account funded by an instalment. The database is made afresh (dropped if
 * it exists), migrated and loaded in bulk SQL; the funding goes through the ledger (postEntries). Then, --runs times,
 * each for the next month so that no line was posted before:
 *  1. a page's queries on a connection of their own, one after another for --baseline-seconds, with nothing else
 *     running: a random holder's statement (page 1) and what they owe (owedByHolder);
 *  2. the preview: the export read, checked against the portal and kept (previewPayrollRun);
 *  3. the posting as the job does it (requestPayrollPosting, then performPayrollRun with the job's progress writes),
 *     while the page's queries run again beside it, in the same process.
 * Reports seconds and lines/s for the preview and the posting, the queries' p95 before and during, and the medians
 * of the runs; then checks the whole ledger with verifyLedger. PostgreSQL only, as the owner (the job's connection).
 */
import os from "node:os";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { eq, sql } from "drizzle-orm";
import { openDatabase, rowsOf, type Database } from "../db/client.server";
import { commissioners, payrollRuns, supportOrganisations, users } from "../db/schema";
import type { Actor } from "../app/audit/audit.server";
import { ensureOutsideAccount } from "../app/ledger/accounts.server";
import { todayInUk } from "../app/ledger/entries";
import { postEntries } from "../app/ledger/post-entry.server";
import { loadStatement } from "../app/ledger/statement.server";
import { verifyLedger } from "../app/ledger/verify.server";
import { owedByHolder } from "../app/payroll/employers.server";
import { addDays, addMonths } from "../app/payroll/pay-periods";
import { PAYROLL_COLUMNS, readPayrollFile } from "../app/payroll/payroll-file";
import { checkRun, previewPayrollRun } from "../app/payroll/payroll-runs.server";
import { performPayrollRun, requestPayrollPosting } from "../app/payroll/post-payroll.server";
import { argValue, fail } from "../scripts/open-database";
import { adminQuery, withDatabase } from "../test/setup/database";

const argv = process.argv.slice(2);
const url = argValue(argv, "database-url") ?? "postgres://postgres@127.0.0.1:5432/phb_bench_payroll";
const HOLDERS = Number(argValue(argv, "holders") ?? 2000);
const ASSISTANTS = Number(argValue(argv, "assistants") ?? 5000);
const RUNS = Number(argValue(argv, "runs") ?? 3);
const BASELINE_SECONDS = Number(argValue(argv, "baseline-seconds") ?? 5);
if (ASSISTANTS < HOLDERS) fail("Every holder employs at least one PA: --assistants must be at least --holders.");
/** Each holder's account is paid this once, on 1 April: seven months of three PAs at the most the file pays them. */
const FUNDING_PENCE = 6_000_000;
if (RUNS > 7) fail("Each holder's account is funded for 7 months of pay: --runs must be 7 or fewer.");
const FIRST_PERIOD = "2026-06-01";
const ODS = "BPAY1";

const name = new URL(url).pathname.slice(1);
// The database is dropped first: only one whose name says it is a benchmark's.
if (!/^phb_bench[a-z0-9_]*$/.test(name)) fail(`The benchmark drops and makes its database: give it one named phb_bench..., not "${name}".`);

/** The commissioner, its payroll organisation and the person there who uploads the files, all employers and PAs. */
async function loadEmployers(db: Database) {
  const [commissioner] = await db.insert(commissioners).values({ name: "Payroll benchmark ICB", odsCode: ODS }).returning();
  const c = commissioner.id;
  const [organisation] = await db.insert(supportOrganisations).values({ commissionerId: c, name: "Bench Payroll Ltd", runsPayroll: true }).returning();
  const [user] = await db
    .insert(users)
    .values({
      commissionerId: c,
      kind: "support",
      email: "payroll@bench.example",
      name: "Bench Payroll",
      passwordHash: "-",
      supportOrganisationId: organisation.id,
    })
    .returning();
  const funding = await ensureOutsideAccount(db, c, "commissioner-funding");
  await db.transaction(async (tx) => {
    await tx.execute(sql`
      with h as (
        insert into holders (commissioner_id, nhs_number, given_name, family_name, date_of_birth, cohort)
        select ${c}::uuid, (9992000000 + g)::text, 'Bench', 'Employer ' || g, date '1950-01-01' + g * 7, 'chc'::cohort
          from generate_series(1, ${HOLDERS}::int) g
        returning id
      ), ar as (
        insert into arrangements (commissioner_id, holder_id, holding, name, opened_on)
        select ${c}::uuid, h.id, 'direct-payment', 'Direct payment account', date '2026-04-01' from h
        returning id
      )
      insert into ledger_accounts (commissioner_id, kind, arrangement_id, code, name, may_overdraw)
      select ${c}::uuid, 'direct-payment'::ledger_account_kind, ar.id, 'arrangement:' || ar.id, 'Direct payment account', false from ar`);
    // The accounts saveEmployer opens, by the codes it gives them.
    await tx.execute(sql`
      insert into ledger_accounts (commissioner_id, kind, code, name, may_overdraw)
      select ${c}::uuid, k.kind::ledger_account_kind, 'employer:' || h.id || ':' || k.what, k.name, true
        from holders h
        cross join (values ('hmrc', 'hmrc', 'HMRC, PAYE'), ('pension-provider', 'pension', 'Workplace pension schemes'),
                           ('employer-costs', 'costs', 'Costs as an employer')) k(kind, what, name)
       where h.commissioner_id = ${c}::uuid`);
    await tx.execute(sql`
      insert into employers (holder_id, commissioner_id, paye_reference, accounts_office_reference, insurer, insurance_policy,
                             insurance_expires_on, hmrc_account_id, pension_account_id, costs_account_id)
      select h.id, ${c}::uuid, '123/B' || right(h.nhs_number, 5), '123PX' || right(h.nhs_number, 8), 'Acme Mutual', 'EL-' || h.nhs_number,
             date '2027-03-31', hm.id, pe.id, co.id
        from holders h
        join ledger_accounts hm on hm.commissioner_id = h.commissioner_id and hm.code = 'employer:' || h.id || ':hmrc'
        join ledger_accounts pe on pe.commissioner_id = h.commissioner_id and pe.code = 'employer:' || h.id || ':pension'
        join ledger_accounts co on co.commissioner_id = h.commissioner_id and co.code = 'employer:' || h.id || ':costs'
       where h.commissioner_id = ${c}::uuid`);
    // PA j works for holder (j mod holders) + 1: with 5,000 PAs and 2,000 holders, half the holders employ 3, half 2.
    await tx.execute(sql`
      create temp table bench_assistants on commit drop as
      select gen_random_uuid() as id, j, h.id as holder_id
        from generate_series(0, ${ASSISTANTS - 1}::int) j
        join holders h on h.commissioner_id = ${c}::uuid and h.nhs_number = (9992000001 + j % ${HOLDERS}::int)::text`);
    await tx.execute(sql`
      insert into ledger_accounts (commissioner_id, kind, code, name, may_overdraw)
      select ${c}::uuid, 'payee'::ledger_account_kind, 'pa:' || id, 'Bench Assistant ' || j || ' (personal assistant)', true from bench_assistants`);
    await tx.execute(sql`
      insert into personal_assistants (id, commissioner_id, holder_id, given_name, family_name, national_insurance_number, starts_on,
                                       hourly_rate_pence, contracted_minutes_per_week, pension_scheme, payroll_reference, account_id)
      select p.id, ${c}::uuid, p.holder_id, 'Bench', 'Assistant ' || p.j, 'AB' || lpad(p.j::text, 6, '0') || 'C', date '2026-01-01',
             1250, 1200, 'NEST', 'BPA' || lpad(p.j::text, 5, '0'), a.id
        from bench_assistants p join ledger_accounts a on a.commissioner_id = ${c}::uuid and a.code = 'pa:' || p.id`);
    await tx.execute(sql`
      insert into support_assignments (support_organisation_id, holder_id, scopes, starts_on)
      select ${organisation.id}::uuid, id, '{payroll}', date '2026-01-01' from holders where commissioner_id = ${c}::uuid`);
  });

  const actor: Actor = { userId: user.id, commissionerId: c };
  const accounts = rowsOf<{ holder_id: string; account_id: string }>(
    await db.execute(sql`
      select ar.holder_id, a.id as account_id from arrangements ar join ledger_accounts a on a.arrangement_id = ar.id
       where ar.commissioner_id = ${c}::uuid order by ar.holder_id`),
  );
  await db.transaction(async (tx) => {
    const results = await postEntries(
      tx,
      accounts.map((a) => ({
        idempotencyKey: `bench-instalment:${a.account_id}`,
        kind: "instalment" as const,
        effectiveDate: "2026-04-01",
        description: "Direct payment instalment",
        lines: [
          { accountId: funding.id, amountPence: -FUNDING_PENCE },
          { accountId: Number(a.account_id), amountPence: FUNDING_PENCE },
        ],
        actor: { userId: null, commissionerId: c },
        onBehalfOf: a.holder_id,
      })),
    );
    const refused = results.find((r) => !r.ok);
    if (refused && !refused.ok) throw new Error(`An instalment was refused: ${refused.message}`);
  });
  await db.execute(sql`analyze`);
  const references = rowsOf<{ payroll_reference: string }>(
    await db.execute(sql`select payroll_reference from personal_assistants where commissioner_id = ${c}::uuid order by payroll_reference`),
  ).map((r) => r.payroll_reference);
  return { commissionerId: c, organisationId: organisation.id, actor, holderIds: accounts.map((a) => a.holder_id), references };
}

/** A small seeded generator, so that each run's file is the same from one invocation to the next. */
function randomFrom(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const pounds = (pence: number) => `${Math.floor(pence / 100)}.${String(pence % 100).padStart(2, "0")}`;
const ukDate = (iso: string) => iso.split("-").reverse().join("/");

/**
 * The payroll software's export for one month: every PA, gross pay of £600 to £2,400, deductions roughly as a
 * month's PAYE, NI and auto-enrolment would take them (the benchmark needs plausible sizes, not the tax rules).
 */
function monthlyFile(references: string[], periodStartsOn: string, paymentDate: string, seed: number) {
  const random = randomFrom(seed);
  const lines = references.map((ref) => {
    const gross = 60_000 + Math.floor(random() * 180_000);
    const tax = Math.max(0, Math.floor((gross - 104_800) * 0.2));
    const eeNi = Math.max(0, Math.floor((gross - 104_800) * 0.08));
    const erNi = Math.max(0, Math.floor((gross - 41_700) * 0.15));
    const eePension = Math.floor(gross * 0.05);
    const erPension = Math.floor(gross * 0.03);
    const net = gross - tax - eeNi - eePension;
    return [ref, ukDate(periodStartsOn), ...[gross, tax, eeNi, erNi, eePension, erPension, net].map(pounds), ukDate(paymentDate)].join(",");
  });
  return [PAYROLL_COLUMNS.join(","), ...lines].join("\n");
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
const median = (values: number[]) => percentile(values, 50);

/** A page's two queries for random holders, one after another on their own connection, until told to stop. */
async function pageQueries(db: Database, holderIds: string[], random: () => number, keepGoing: () => boolean) {
  const statement: number[] = [];
  const owed: number[] = [];
  while (keepGoing()) {
    const holderId = holderIds[Math.floor(random() * holderIds.length)];
    const t0 = performance.now();
    const s = await loadStatement(db, { holderId, page: 1 });
    const t1 = performance.now();
    await owedByHolder(db, [holderId]);
    statement.push(t1 - t0);
    owed.push(performance.now() - t1);
    if (s.lines.length === 0) throw new Error("A benchmark holder has an empty statement");
  }
  return { statement, owed };
}

const admin = withDatabase(url, "postgres");
await adminQuery(admin, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
await adminQuery(admin, `CREATE DATABASE ${name}`);
// The job's pool, as the portal opens it; the page's queries on a connection of their own.
const database = await openDatabase({ url, maxConnections: 4 });
const pages = await openDatabase({ url, maxConnections: 1 });
try {
  const { db } = database;
  const loadStarted = performance.now();
  await database.migrate();
  const world = await loadEmployers(db);
  const [version] = rowsOf<{ server_version: string }>(await db.execute(sql`show server_version`));
  console.log(
    `Machine: ${os.cpus().length} x ${os.cpus()[0].model}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, load ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")}; PostgreSQL ${version.server_version}; Node ${process.version}`,
  );
  console.log(
    `${name}: ${HOLDERS} employing holders, ${world.references.length} PAs, made and funded in ${((performance.now() - loadStarted) / 1000).toFixed(1)} s\n`,
  );

  const today = todayInUk();
  const random = randomFrom(1);
  // Warm the page's queries and the caches they read.
  let warming = 50;
  await pageQueries(pages.db, world.holderIds, random, () => warming-- > 0);
  const results: {
    preview: number;
    check: number;
    post: number;
    before: { statement: number; owed: number; n: number };
    during: { statement: number; owed: number; n: number };
    eventLoop: { p95: number; max: number };
  }[] = [];
  for (let r = 0; r < RUNS; r++) {
    const periodStartsOn = addMonths(FIRST_PERIOD, r);
    const text = monthlyFile(world.references, periodStartsOn, addDays(periodStartsOn, 27), r + 1);

    const baselineEnds = performance.now() + BASELINE_SECONDS * 1000;
    const before = await pageQueries(pages.db, world.holderIds, random, () => performance.now() < baselineEnds);

    let t = performance.now();
    const preview = await previewPayrollRun(db, {
      actor: world.actor,
      organisationId: world.organisationId,
      commissionerId: world.commissionerId,
      frequency: "monthly",
      periodStartsOn,
      fileName: `bench-${periodStartsOn}.csv`,
      text,
      today,
    });
    const previewSeconds = (performance.now() - t) / 1000;
    if (!preview.ok) fail(`The preview refused the file: ${JSON.stringify(preview).slice(0, 2000)}`);

    // The check alone, as the preview and the job each run it: what of their time is the portal's SQL and its answer.
    const read = readPayrollFile(text, { startsOn: periodStartsOn, endsOn: preview.run.periodEndsOn });
    if (!read.ok) fail("The file read in the preview did not read again");
    t = performance.now();
    await checkRun(db, {
      organisationId: world.organisationId,
      commissionerId: world.commissionerId,
      period: { startsOn: periodStartsOn, endsOn: preview.run.periodEndsOn },
      lines: read.lines,
      today,
    });
    const checkSeconds = (performance.now() - t) / 1000;

    // How long this process's own work (building and reading the ledger's batches) kept the page's queries waiting.
    const eventLoop = monitorEventLoopDelay({ resolution: 5 });
    eventLoop.enable();
    let posting = true;
    const during = pageQueries(pages.db, world.holderIds, random, () => posting);
    t = performance.now();
    await requestPayrollPosting(db, { actor: world.actor, organisationId: world.organisationId, runId: preview.run.id });
    // The job's progress, written outside the run's transaction (app/integrations/jobs/jobs.server.ts).
    const run = await performPayrollRun(db, preview.run.id, {
      today,
      progress: async (holdersDone) => {
        await db.update(payrollRuns).set({ holdersDone }).where(eq(payrollRuns.id, preview.run.id));
      },
    }).finally(() => (posting = false));
    const postSeconds = (performance.now() - t) / 1000;
    const duringRun = await during;
    eventLoop.disable();
    if (run?.status !== "finished" || run.postedLines !== world.references.length) {
      fail(`The run did not post every line: ${JSON.stringify({ status: run?.status, postedLines: run?.postedLines, error: run?.error?.slice(0, 2000) })}`);
    }

    const result = {
      preview: previewSeconds,
      check: checkSeconds,
      post: postSeconds,
      before: { statement: percentile(before.statement, 95), owed: percentile(before.owed, 95), n: before.statement.length },
      during: { statement: percentile(duringRun.statement, 95), owed: percentile(duringRun.owed, 95), n: duringRun.statement.length },
      eventLoop: { p95: eventLoop.percentile(95) / 1e6, max: eventLoop.max / 1e6 },
    };
    results.push(result);
    const lines = world.references.length;
    console.log(
      `run ${r + 1} (${periodStartsOn}): preview ${result.preview.toFixed(2)} s (${(lines / result.preview).toFixed(0)} lines/s; checkRun alone ${result.check.toFixed(2)} s), ` +
        `post ${result.post.toFixed(2)} s (${(lines / result.post).toFixed(0)} lines/s, ${run.holdersDone} holders)`,
    );
    console.log(
      `  p95 before / during: statement ${result.before.statement.toFixed(1)} / ${result.during.statement.toFixed(1)} ms ` +
        `(${(result.during.statement / result.before.statement).toFixed(2)}x), owedByHolder ${result.before.owed.toFixed(1)} / ${result.during.owed.toFixed(1)} ms ` +
        `(${(result.during.owed / result.before.owed).toFixed(2)}x); ${result.before.n} / ${result.during.n} samples; ` +
        `event loop delay during: p95 ${result.eventLoop.p95.toFixed(1)} ms, max ${result.eventLoop.max.toFixed(0)} ms`,
    );
  }

  const lines = world.references.length;
  const m = (pick: (r: (typeof results)[number]) => number) => median(results.map(pick));
  const statementRatio = m((r) => r.during.statement / r.before.statement);
  const owedRatio = m((r) => r.during.owed / r.before.owed);
  console.log(`\nMedians of ${RUNS} runs, ${lines} lines for ${HOLDERS} holders:`);
  console.log(`  preview (read, check, keep): ${m((r) => r.preview).toFixed(2)} s, ${(lines / m((r) => r.preview)).toFixed(0)} lines/s  (target < 3 s)`);
  console.log(`    of which checkRun:         ${m((r) => r.check).toFixed(2)} s`);
  console.log(`  posting (request + job):     ${m((r) => r.post).toFixed(2)} s, ${(lines / m((r) => r.post)).toFixed(0)} lines/s  (target < 10 s)`);
  console.log(
    `  statement p95:     ${m((r) => r.before.statement).toFixed(1)} ms before, ${m((r) => r.during.statement).toFixed(1)} ms during, ${statementRatio.toFixed(2)}x  (target within 2x)`,
  );
  console.log(
    `  owedByHolder p95:  ${m((r) => r.before.owed).toFixed(1)} ms before, ${m((r) => r.during.owed).toFixed(1)} ms during, ${owedRatio.toFixed(2)}x  (target within 2x)`,
  );
  console.log(`  event loop delay during the posting: p95 ${m((r) => r.eventLoop.p95).toFixed(1)} ms, max ${m((r) => r.eventLoop.max).toFixed(0)} ms`);

  const t = performance.now();
  const verified = await verifyLedger(db);
  const s = verified.summary;
  console.log(
    `\nverifyLedger: ${s.entries} entries, ${s.postings} postings, ${s.accounts} accounts checked in ${((performance.now() - t) / 1000).toFixed(1)} s; ` +
      `${verified.breaks.length} breaks, trial balance ${s.trialBalancePence}p`,
  );
  if (verified.breaks.length)
    fail(
      verified.breaks
        .slice(0, 10)
        .map((b) => b.message)
        .join("\n"),
    );
} finally {
  await pages.close();
  await database.close();
}
