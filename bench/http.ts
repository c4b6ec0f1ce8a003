/**
 * `npm run bench:http -- --database-url postgres://.../phb_bench [--sessions 50] [--seconds 10] [--runs 3] [--processes 1]`
 *
 * The pages people open, over HTTP, as they are served: the built portal started in production mode on the PostgreSQL
 * server (the owner migrates, requests use the `phb_app` role under row-level security), with the ledger bench data
 * (`npm run bench:seed`) and the demo data beside it. Each of --sessions clients signs in through the sign-in form as
 * Aisha, a session of its own, then every page is asked for by all of them at once, each as fast as it is answered,
 * for --seconds; `/healthz` in the same run is the yardstick, and `/accessibility` shows what a page costs before it
 * reads anything. Reports requests/s, p50, p95 and p99 per page, and the medians of --runs rounds. Anything but a 200
 * is counted and fails the run.
 */
import { spawn, spawnSync } from "node:child_process";
import http from "node:http";
import os from "node:os";
import { eq, sql } from "drizzle-orm";
import { openDatabase, rowsOf } from "../db/client.server";
import { createPortalRole } from "../db/roles.server";
import { commissioners } from "../db/schema";
import { DEMO_PASSWORD, seedDemoData } from "../scripts/seed";
import { argValue, fail } from "../scripts/open-database";
import { freePort } from "../test/setup/processes";

const argv = process.argv.slice(2);
const url = argValue(argv, "database-url") ?? process.env.DATABASE_URL;
if (!url) fail("The HTTP benchmark needs a PostgreSQL server: pass --database-url postgres://... (after npm run bench:seed on it).");
const sessions = Number(argValue(argv, "sessions") ?? 50);
const seconds = Number(argValue(argv, "seconds") ?? 10);
const runs = Number(argValue(argv, "runs") ?? 3);
const processes = Number(argValue(argv, "processes") ?? 1);
// The accessibility statement reads nothing of its own: the signed-in layout and React alone, the floor of any page.
const PAGES = ["/healthz", "/accessibility", "/", "/budget/statement", "/spending/plan", "/plan", "/spending"];
const AS = "aisha@demo.example";
const PORTAL_ROLE = "phb_app";

/** The demo data beside the bench data, once: Aisha and her plan, budget and history. */
async function ensureDemoData() {
  const database = await openDatabase({ url: url!, maxConnections: 2 });
  try {
    await database.migrate();
    // Made here as the test setup makes it, so that a fresh server needs nothing by hand.
    await createPortalRole(database.db, PORTAL_ROLE);
    const [demo] = await database.db.select().from(commissioners).where(eq(commissioners.odsCode, "QK1"));
    if (!demo) {
      console.log("Adding the demo data beside the bench data…");
      await seedDemoData(database.db);
    }
  } finally {
    await database.close();
  }
}

function portalRoleUrl() {
  const u = new URL(url!);
  u.username = PORTAL_ROLE;
  u.password = "";
  return u.toString();
}

async function startPortal(port: number) {
  const built = spawnSync(process.execPath, ["scripts/build-if-changed.js"], { stdio: "inherit" });
  if (built.status !== 0) fail("The build failed (above).");
  const origin = `http://localhost:${port}`;
  const child = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      PUBLIC_URL: origin,
      SESSION_SECRET: "bench-session-secret-bench-session-secret",
      DATABASE_OWNER_URL: url,
      DATABASE_URL: portalRoleUrl(),
      PORTAL_PROCESSES: String(processes),
    },
    // The request log is written as in production, and thrown away here.
    stdio: ["ignore", "ignore", "inherit"],
  });
  // fail() exits at once, without the finally that stops the portal.
  process.on("exit", () => child.kill("SIGTERM"));
  for (const started = Date.now(); Date.now() - started < 60_000; await new Promise((r) => setTimeout(r, 250))) {
    const ok = await fetch(`${origin}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { origin, stop: () => child.kill("SIGTERM") };
    if (child.exitCode !== null) fail("The portal stopped while starting (above).");
  }
  child.kill("SIGKILL");
  fail("The portal did not answer /healthz within 60 s.");
}

const agent = new http.Agent({ keepAlive: true, maxSockets: sessions });

function get(origin: string, path: string, cookie: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.get(`${origin}${path}`, { agent, headers: { Cookie: cookie, "Accept-Encoding": "gzip" } }, (response) => {
      response.resume();
      response.on("end", () => resolve(response.statusCode ?? 0));
    });
    request.on("error", reject);
  });
}

async function signIn(origin: string): Promise<string> {
  const response = await fetch(`${origin}/sign-in`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: origin },
    body: new URLSearchParams({ email: AS, password: DEMO_PASSWORD }),
  });
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith("phb_session="));
  if (response.status !== 302 || !cookie) fail(`Signing in as ${AS} answered ${response.status}, not a redirect with a session.`);
  return cookie.split(";")[0];
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

/** Every session asks for the page, again as soon as it is answered, until the time is up. */
async function load(origin: string, path: string, cookies: string[]) {
  const times: number[] = [];
  let failed = 0;
  const until = performance.now() + seconds * 1000;
  await Promise.all(
    cookies.map(async (cookie) => {
      while (performance.now() < until) {
        const started = performance.now();
        const status = await get(origin, path, cookie);
        if (status === 200) times.push(performance.now() - started);
        else failed++;
      }
    }),
  );
  times.sort((a, b) => a - b);
  return { path, perSecond: times.length / seconds, p50: percentile(times, 50), p95: percentile(times, 95), p99: percentile(times, 99), failed };
}

/**
 * Sequential scans of the big tables (over 10,000 rows) while the pages were served: none means every query the
 * pages sent found its rows through an index, so a page costs the same with 10 times the data.
 */
async function bigTableScans() {
  const database = await openDatabase({ url: url!, maxConnections: 1 });
  try {
    const rows = rowsOf<{ relname: string; seq_scan: string; n_live_tup: string }>(
      await database.db.execute(sql`select relname, seq_scan, n_live_tup from pg_stat_user_tables where n_live_tup > 10000`),
    );
    return new Map(rows.map((r) => [r.relname, { scans: Number(r.seq_scan), rows: Number(r.n_live_tup) }]));
  } finally {
    await database.close();
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const ms = (n: number) => `${n.toFixed(n < 10 ? 1 : 0)} ms`;

async function main() {
  await ensureDemoData();
  const portal = await startPortal(await freePort());
  try {
    const cookies = [];
    for (let i = 0; i < sessions; i++) cookies.push(await signIn(portal.origin));
    // Warm up: the first request of each page builds its module and prepares its statements on each connection.
    for (const path of PAGES) await Promise.all(cookies.slice(0, 10).map((c) => get(portal.origin, path, c)));
    const scansBefore = await bigTableScans();
    const rounds: Awaited<ReturnType<typeof load>>[][] = [];
    for (let run = 1; run <= runs; run++) {
      const round = [];
      for (const path of PAGES) round.push(await load(portal.origin, path, cookies));
      rounds.push(round);
      console.log(`run ${run} of ${runs}, load average ${os.loadavg()[0].toFixed(1)}`);
      for (const r of round)
        console.log(`  ${r.path.padEnd(18)} ${r.perSecond.toFixed(0).padStart(5)}/s  p50 ${ms(r.p50)}  p95 ${ms(r.p95)}  p99 ${ms(r.p99)}`);
    }
    // The statistics reach the view within a second or so of each transaction.
    await new Promise((r) => setTimeout(r, 2000));
    const scansAfter = await bigTableScans();
    const scanned = [...scansAfter].filter(([table, after]) => after.scans > (scansBefore.get(table)?.scans ?? 0));
    console.log(
      `\nBig tables read from end to end while the pages were served: ${
        scanned
          .map(([table, after]) => `${table} (${after.rows.toLocaleString("en-GB")} rows) ${after.scans - (scansBefore.get(table)?.scans ?? 0)} times`)
          .join(", ") || `none of ${[...scansAfter].map(([table, after]) => `${table} (${after.rows.toLocaleString("en-GB")} rows)`).join(", ")}`
      }`,
    );
    const failed = rounds.flat().reduce((t, r) => t + r.failed, 0);
    const of = (path: string, key: "perSecond" | "p50" | "p95" | "p99") => median(rounds.map((round) => round.find((r) => r.path === path)![key]));
    console.log(`\n${sessions} sessions, ${seconds} s a page, ${processes} portal process(es), medians of ${runs} runs:\n`);
    console.log("| page | requests/s | p50 | p95 | p99 | p95 / healthz p95 | requests/s / healthz's |");
    console.log("| --- | --- | --- | --- | --- | --- | --- |");
    for (const path of PAGES) {
      const p95ratio = median(rounds.map((round) => round.find((r) => r.path === path)!.p95 / round[0].p95));
      const rateRatio = median(rounds.map((round) => round.find((r) => r.path === path)!.perSecond / round[0].perSecond));
      console.log(
        `| \`${path}\` | ${of(path, "perSecond").toFixed(0)} | ${ms(of(path, "p50"))} | ${ms(of(path, "p95"))} | ${ms(of(path, "p99"))} | ${p95ratio.toFixed(2)} | ${(rateRatio * 100).toFixed(0)}% |`,
      );
    }
    if (failed) fail(`${failed} requests did not answer 200.`);
  } finally {
    portal.stop();
    agent.destroy();
  }
}

await main();
