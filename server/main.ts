/**
 * `npm start` (and `npm run dev`): opens the database (PGlite in ./data, or PostgreSQL when DATABASE_URL is
 * set), applies migrations, seeds demo data into an empty database, and serves the portal.
 */
import { spawn } from "node:child_process";
import cluster from "node:cluster";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import type http from "node:http";
import path from "node:path";
import type { ServerBuild } from "@remix-run/node";
import { openDatabase, setDb } from "../db/client.server";
import { grantPortalRole, roleOfUrl } from "../db/roles.server";
import { eq, notExists, sql } from "drizzle-orm";
import { commissioners, restrictedSpendingCategories } from "../db/schema";
import { DEMO_PASSWORD, DEMO_SIGN_INS, isEmpty, seedDemoData } from "../scripts/seed";
import { logger } from "../app/logger.server";
import { startJobs } from "../app/integrations/jobs/jobs.server";
import { removeUnconfirmedReceipts } from "../app/spending/receipt-files.server";
import { forgetOldDashboardChanges } from "../app/reporting/dashboard-figures.server";
import { publicUrlProblem } from "../app/security/public-origin";
import { startRestrictedCategories } from "../app/spending/settings.server";
import { createApp, productionAssets, type AppOptions } from "./app";
import { takeDataFolderLock } from "./data-folder-lock";
import { trustProxyFrom } from "./trust-proxy";

const dev = process.argv.includes("--dev");
const root = process.cwd();
const port = Number(process.env.PORT ?? 3000);
const databaseUrl = process.env.DATABASE_URL;
const ownerUrl = databaseUrl ? process.env.DATABASE_OWNER_URL : undefined;
const dataDir = path.resolve(process.env.PHB_DATA_DIR ?? path.join(root, "data"));
const production = process.env.NODE_ENV === "production";
/** How many processes serve requests on the one port (README, "Several processes"); PostgreSQL only. */
const processes = Number(process.env.PORTAL_PROCESSES ?? 1);

function fail(message: string): never {
  console.error(`\n${message}\n`);
  process.exit(1);
}

async function main() {
  if (cluster.isWorker) return serveRequests();
  const publicUrl = publicUrlProblem();
  if (publicUrl) fail(publicUrl);
  if (!Number.isInteger(processes) || processes < 1) fail("PORTAL_PROCESSES must be a whole number of processes, 1 or more.");
  if (processes > 1 && (!databaseUrl || dev))
    fail("PORTAL_PROCESSES above 1 needs PostgreSQL (DATABASE_URL) and a built portal (npm start): PGlite and the dev server are one process's.");
  let releaseLock = () => {};
  if (!databaseUrl) {
    fs.mkdirSync(dataDir, { recursive: true });
    const lock = takeDataFolderLock(dataDir);
    if ("heldBy" in lock) {
      fail(
        `The portal is already running from ${dataDir}${lock.heldBy ? ` (process ${lock.heldBy})` : ""}.\n` +
          `Only one portal can use this data folder at a time. Stop the other one first, or run this one ` +
          `with PHB_DATA_DIR set to another folder.`,
      );
    }
    releaseLock = () => lock.release();
  }
  // The build runs beside the database's setup rather than before it: on a fresh clone each takes seconds. It starts
  // once the data folder is ours, so a second portal turned away by the lock leaves no build running behind it.
  const built = buildIfChanged();

  process.env.SESSION_SECRET ??= sessionSecret();

  // On PostgreSQL with DATABASE_OWNER_URL, the owner migrates and runs the daily jobs, and requests use
  // DATABASE_URL's role, which owns nothing and sees one commissioner's rows at a time (README, "The database's walls").
  const database = await openDatabase(
    ownerUrl ? { url: ownerUrl, maxConnections: 4 } : databaseUrl ? { url: databaseUrl } : { dataDir: path.join(dataDir, "pglite") },
  );
  await database.migrate();
  const portal = ownerUrl ? await openDatabase({ url: databaseUrl!, scoped: true }) : database;
  if (ownerUrl) await grantPortalRole(database.db, roleOfUrl(databaseUrl!));
  setDb(portal.db);

  // A commissioner set up since the last start gets the handbook's restricted categories.
  const unstarted = await database.db
    .select({ id: commissioners.id })
    .from(commissioners)
    .where(
      notExists(
        database.db
          .select({ one: sql`1` })
          .from(restrictedSpendingCategories)
          .where(eq(restrictedSpendingCategories.commissionerId, commissioners.id)),
      ),
    );
  for (const { id } of unstarted) await startRestrictedCategories(database.db, id);

  let seeded = false;
  let stopping = false;
  if (!production && (await isEmpty(database.db))) {
    await seedDemoData(database.db);
    seeded = true;
  }

  // The daily instalment run and the runs finance asks for, on the same database.
  const jobs = await startJobs(database.db, database.jobConnection);

  // Receipts uploaded at the check step of a spend that was never logged are removed once a day old, and the notes of
  // what changed the dashboard's figures once no figures kept can need them.
  const tidy = () => {
    void removeUnconfirmedReceipts(database.db, { now: new Date(), actor: { userId: null, commissionerId: null } })
      .then((removed) => removed && logger.info({ removed }, "unconfirmed receipts removed"))
      .catch((error: unknown) => logger.error({ err: error }, "removing unconfirmed receipts failed"));
    void forgetOldDashboardChanges(database.db).catch((error: unknown) => logger.error({ err: error }, "removing old dashboard changes failed"));
  };
  tidy();
  const tidyTimer = setInterval(tidy, 60 * 60 * 1000);
  tidyTimer.unref();

  let server: http.Server | null = null;
  if (processes > 1) {
    // The database setup, the jobs and the receipt clean-up stay here; the workers only serve, sharing the port.
    let listening = 0;
    cluster.on("listening", () => {
      if (++listening === processes) announce(seeded);
    });
    cluster.on("exit", (worker, code) => {
      if (stopping) return;
      logger.error({ pid: worker.process.pid, code }, "a portal process stopped; starting another");
      cluster.fork();
    });
    await built;
    for (let i = 0; i < processes; i++) cluster.fork();
  } else {
    await built;
    server = listen(await loadBuild(), () => announce(seeded));
  }

  const stop = async () => {
    if (stopping) return;
    stopping = true;
    clearInterval(tidyTimer);
    server?.close();
    for (const worker of Object.values(cluster.workers ?? {})) worker?.kill("SIGTERM");
    await jobs.stop().catch(() => {});
    server?.closeAllConnections();
    if (portal !== database) await portal.close().catch(() => {});
    await database.close().catch(() => {});
    releaseLock();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());
  process.on("exit", releaseLock);
}

/** A worker of several (PORTAL_PROCESSES): its own pool of the portal's connections, serving on the shared port. */
async function serveRequests() {
  const portal = await openDatabase(ownerUrl ? { url: databaseUrl!, scoped: true } : { url: databaseUrl! });
  setDb(portal.db);
  const server = listen(await loadBuild(), () => {});
  const stop = () => {
    server.close();
    server.closeAllConnections();
    void portal.close().finally(() => process.exit(0));
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

/** The production build, made again only when a file it is made from has changed (scripts/build-if-changed.js). */
function buildIfChanged(): Promise<void> {
  if (dev) return Promise.resolve();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(root, "scripts/build-if-changed.js")], { cwd: root, stdio: "inherit" });
    child.on("exit", (code) => (code === 0 ? resolve() : fail("The portal could not be built (above).")));
  });
}

async function loadBuild(): Promise<Pick<AppOptions, "build" | "assets">> {
  if (dev) {
    const vite = await import("vite");
    const viteServer = await vite.createServer({ server: { middlewareMode: true } });
    return { build: () => viteServer.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>, assets: [viteServer.middlewares] };
  }
  const buildPath = path.join(root, "build/server/index.js");
  return { build: (await import(buildPath)) as ServerBuild, assets: productionAssets(root) };
}

function listen({ build, assets }: Pick<AppOptions, "build" | "assets">, listening: () => void) {
  const compress = process.env.PORTAL_COMPRESSION !== "off";
  const app = createApp({ build, assets, dev, trustProxy: trustProxyFrom(process.env.TRUST_PROXY), compress });
  const server = app.listen(port, listening);
  server.on("error", (error: NodeJS.ErrnoException) => {
    fail(
      error.code === "EADDRINUSE"
        ? `Port ${port} is already in use. Stop what is using it, or set PORT to another port.`
        : `The portal could not listen on port ${port}: ${error.message}`,
    );
  });
  return server;
}

function announce(seeded: boolean) {
  const where = databaseUrl ? "PostgreSQL (DATABASE_URL)" : `embedded PGlite in ${path.relative(root, dataDir) || "."}/pglite`;
  const serving = `Manage your personal health budget is running at http://localhost:${port}${processes > 1 ? ` (${processes} processes)` : ""}`;
  const lines = ["", serving, `Database: ${where}${seeded ? ", demo data added" : ""}`];
  if (!production) {
    lines.push("", `Demo sign-ins (password for all: ${DEMO_PASSWORD}):`);
    for (const s of DEMO_SIGN_INS) lines.push(`  ${s.email.padEnd(26)} ${s.who}`);
  }
  console.log(lines.join("\n") + "\n");
}

/** Production must set SESSION_SECRET; a local run keeps a random one in the data folder across restarts. */
function sessionSecret(): string {
  if (production) fail("SESSION_SECRET must be set when NODE_ENV is production.");
  const file = path.join(dataDir, "session-secret");
  fs.mkdirSync(dataDir, { recursive: true });
  if (!fs.existsSync(file)) fs.writeFileSync(file, randomBytes(32).toString("hex"), { mode: 0o600 });
  return fs.readFileSync(file, "utf8").trim();
}

main().catch((error) => {
  logger.error({ err: error }, "the portal could not start");
  console.error(error);
  process.exit(1);
});
