/**
 * `npm run bench -- --database-url postgres://.../phb_bench [--seconds 15] [--clients 8]`
 *
 * Against a PostgreSQL server (after `npm run bench:seed` on the same database):
 *  1. pgbench's built-in tpcb-like on its own database on the same server, for the yardstick;
 *  2. postEntry on disjoint accounts: each client spends from its own direct-payment account;
 *  3. postEntry on one hot account: every client spends from the same direct-payment account;
 *  4. postEntry from one client: nothing to batch, so each entry is its own transaction (the solitary cost);
 *  5. the statement use-case (page 1) for random holders of the seeded commissioner: p50 and p95.
 * Each postEntry run also gives the time one call took, p50 and p95 (batched calls wait for the batch).
 * Bounded: about 4 x --seconds plus pgbench's set-up.
 */
import { execFileSync } from "node:child_process";
import os from "node:os";
import { eq, sql } from "drizzle-orm";
import { openDatabase, rowsOf, type Database } from "../db/client.server";
import { commissioners, holders } from "../db/schema";
import { openArrangement } from "../app/budgets/arrangements.server";
import { ensureOutsideAccount } from "../app/ledger/accounts.server";
import { postEntry } from "../app/ledger/post-entry.server";
import { loadStatement } from "../app/ledger/statement.server";
import { argValue, fail } from "../scripts/open-database";

const argv = process.argv.slice(2);
const url = argValue(argv, "database-url") ?? process.env.DATABASE_URL;
if (!url) fail("The benchmark needs a PostgreSQL server: pass --database-url postgres://... or set DATABASE_URL.");
const seconds = Number(argValue(argv, "seconds") ?? 15);
const clients = Number(argValue(argv, "clients") ?? 8);
const target = new URL(url);

function pgbench(): number {
  const db = "phb_pgbench";
  const env = {
    ...process.env,
    PGHOST: target.hostname,
    PGPORT: target.port || "5432",
    PGUSER: decodeURIComponent(target.username),
    PGPASSWORD: decodeURIComponent(target.password),
  };
  execFileSync("psql", ["-q", "-d", "postgres", "-c", `drop database if exists ${db}`, "-c", `create database ${db}`], { env, stdio: "ignore" });
  execFileSync("pgbench", ["-i", "-q", "-s", "10", db], { env, stdio: "ignore" });
  const out = execFileSync(
    "pgbench",
    ["-b", "tpcb-like", "-n", "-c", String(clients), "-j", String(Math.min(clients, os.cpus().length)), "-T", String(seconds), db],
    { env, encoding: "utf8" },
  );
  execFileSync("psql", ["-q", "-d", "postgres", "-c", `drop database if exists ${db}`], { env, stdio: "ignore" });
  return Number(/tps = ([\d.]+)/.exec(out)![1]);
}

/** Spends 1p at a time for `seconds` from each client's account; returns entries posted and call times (ms). */
async function spendFor(db: Database, accounts: { from: number; to: number }[], label: string) {
  const deadline = Date.now() + seconds * 1000;
  let entries = 0;
  let refused = 0;
  const times: number[] = [];
  const runId = `${label}:${Date.now()}`;
  await Promise.all(
    accounts.map(async ({ from, to }, client) => {
      for (let i = 0; Date.now() < deadline; i++) {
        const t = performance.now();
        const r = await postEntry(db, {
          idempotencyKey: `${runId}:${client}:${i}`,
          kind: "spend",
          effectiveDate: "2026-11-23",
          description: "Benchmark spend",
          lines: [
            { accountId: from, amountPence: -1 },
            { accountId: to, amountPence: 1 },
          ],
          actor: { userId: null, commissionerId: null },
        });
        times.push(performance.now() - t);
        if (r.ok) entries++;
        else refused++;
      }
    }),
  );
  if (refused) throw new Error(`${refused} benchmark postings were refused`);
  times.sort((a, b) => a - b);
  return { entries, latency: `call p50 ${percentile(times, 50).toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(1)} ms` };
}

async function fundedAccounts(db: Database, commissionerId: string, count: number) {
  const funding = await ensureOutsideAccount(db, commissionerId, "commissioner-funding");
  const result: number[] = [];
  for (let i = 0; i < count; i++) {
    const [h] = await db
      .insert(holders)
      .values({ commissionerId, nhsNumber: `bench-${Date.now()}-${i}`, givenName: "Bench", familyName: `Run ${i}`, dateOfBirth: "1980-01-01", cohort: "chc" })
      .returning();
    const { account: dp } = await openArrangement(db, { commissionerId, holderId: h.id, holding: "direct-payment", on: "2026-04-01" });
    const r = await postEntry(db, {
      idempotencyKey: `bench-fund:${dp.id}`,
      kind: "instalment",
      effectiveDate: "2026-11-23",
      lines: [
        { accountId: funding.id, amountPence: -1_000_000_000 },
        { accountId: dp.id, amountPence: 1_000_000_000 },
      ],
      actor: { userId: null, commissionerId },
    });
    if (!r.ok) throw new Error(r.message);
    result.push(dp.id);
  }
  return result;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

const database = await openDatabase({ url, maxConnections: clients });
try {
  const { db } = database;
  await database.migrate();
  const [version] = rowsOf<{ server_version: string }>(await db.execute(sql`show server_version`));
  console.log(
    `Machine: ${os.cpus().length} x ${os.cpus()[0].model}, ${Math.round(os.totalmem() / 2 ** 30)} GiB; PostgreSQL ${version.server_version}; Node ${process.version}`,
  );
  console.log(`Clients: ${clients}; ${seconds} s per run\n`);

  const tps = pgbench();
  console.log(`pgbench tpcb-like (scale 10, ${clients} clients):  ${tps.toFixed(0)} tps`);

  const [run] = await db
    .insert(commissioners)
    .values({ name: "Benchmark run", odsCode: `BRUN${Date.now()}` })
    .returning();
  const froms = await fundedAccounts(db, run.id, clients);
  const payees: number[] = [];
  for (let i = 0; i < clients; i++) payees.push((await ensureOutsideAccount(db, run.id, "payee", { code: `payee:bench-${i}`, name: `Bench payee ${i}` })).id);

  const disjoint = await spendFor(
    db,
    froms.map((from, i) => ({ from, to: payees[i] })),
    "disjoint",
  );
  const disjointRate = disjoint.entries / seconds;
  console.log(
    `postEntry, disjoint accounts:  ${disjointRate.toFixed(0)} entries/s = ${(2 * disjointRate).toFixed(0)} postings/s  (entries/s = ${((100 * disjointRate) / tps).toFixed(0)}% of pgbench tps; postings/s = ${((200 * disjointRate) / tps).toFixed(0)}%); ${disjoint.latency}`,
  );

  const hot = await spendFor(
    db,
    payees.map((to) => ({ from: froms[0], to })),
    "hot",
  );
  const hotRate = hot.entries / seconds;
  console.log(`postEntry, one hot account:    ${hotRate.toFixed(0)} entries/s = ${(2 * hotRate).toFixed(0)} postings/s; ${hot.latency}`);

  const single = await spendFor(db, [{ from: froms[1 % froms.length], to: payees[0] }], "single");
  const singleRate = single.entries / seconds;
  console.log(`postEntry, one client:         ${singleRate.toFixed(0)} entries/s (each its own transaction); ${single.latency}`);

  const [seeded] = await db.select().from(commissioners).where(eq(commissioners.odsCode, "BENCH1"));
  if (!seeded) {
    console.log("\nNo statement figures: run `npm run bench:seed` on this database first.");
  } else {
    const ids = rowsOf<{ id: string }>(await db.execute(sql`select id from holders where commissioner_id = ${seeded.id} order by random() limit 300`)).map(
      (r) => r.id,
    );
    const [{ postings }] = rowsOf<{ postings: string }>(await db.execute(sql`select count(*) as postings from postings`));
    for (const id of ids.slice(0, 20)) await loadStatement(db, { holderId: id, page: 1 }); // warm the cache
    const times: number[] = [];
    for (const id of ids) {
      const t = performance.now();
      const s = await loadStatement(db, { holderId: id, page: 1 });
      times.push(performance.now() - t);
      if (s.lines.length === 0) throw new Error("a seeded holder has an empty statement");
    }
    times.sort((a, b) => a - b);
    console.log(
      `statement page 1 (${ids.length} random holders of 2,000; ${postings} postings in the database):  p50 ${percentile(times, 50).toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(1)} ms`,
    );
  }
} finally {
  await database.close();
}
