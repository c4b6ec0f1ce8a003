import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../scripts/seed";
import { createTestDatabase, serverRoles } from "../setup/database";
import { freePort, waitFor } from "../setup/processes";

/**
 * The portal as PORTAL_PROCESSES=2 runs it (README, "Several processes"): one port, two processes serving it, one
 * PostgreSQL. Nothing a request needs may live in one process's memory: a session begun in one is honoured by the
 * other, failed sign-ins counted in either lock the account in both, and a process that stops is replaced. Each
 * request here opens a connection of its own, which Node's cluster hands to the processes in turn.
 */
const roles = serverRoles();

/** The pid of each process that logged a request for `path`, from the portal's request log (pino writes each line's pid). */
function servedBy(log: string, path: string, status: number) {
  const pids = new Set<number>();
  for (const line of log.split("\n")) {
    if (!line.startsWith("{")) continue;
    const entry = JSON.parse(line) as { msg?: string; path?: string; status?: number; pid?: number };
    if (entry.msg === "request" && entry.path === path && entry.status === status && entry.pid) pids.add(entry.pid);
  }
  return pids;
}

describe.skipIf(!roles)("the portal as several processes on one port (PostgreSQL)", () => {
  let portal: ChildProcess;
  let output = "";
  let origin = "";
  let close = async () => {};
  // No keep-alive: each request a new connection, so that the cluster spreads them over both processes.
  const request = (path: string, init: RequestInit = {}) =>
    fetch(`${origin}${path}`, { ...init, redirect: "manual", headers: { Connection: "close", Origin: origin, ...init.headers } });
  const signIn = (email: string, password: string) =>
    request("/sign-in", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ email, password }),
    });

  beforeAll(async () => {
    const built = spawnSync(process.execPath, ["scripts/build-if-changed.js"], { encoding: "utf8" });
    expect(built.status, built.stderr).toBe(0);
    const database = await createTestDatabase();
    close = () => database.close();
    const port = await freePort();
    origin = `http://localhost:${port}`;
    portal = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
      env: {
        ...process.env,
        NODE_ENV: "development",
        LOG_LEVEL: "info",
        PORT: String(port),
        PUBLIC_URL: origin,
        PORTAL_PROCESSES: "2",
        DATABASE_OWNER_URL: database.url,
        DATABASE_URL: database.portalUrl,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    portal.stdout!.on("data", (d) => (output += d));
    portal.stderr!.on("data", (d) => (output += d));
    await waitFor(() => output.includes("is running at"), 120_000);
  }, 300_000);

  afterAll(async () => {
    if (portal && portal.exitCode === null) {
      const exited = new Promise((resolve) => portal.once("exit", resolve));
      portal.kill("SIGTERM");
      await exited;
    }
    await close();
  });

  it("says it runs as two processes, and both serve the one port", async () => {
    expect(output).toContain(`is running at ${origin} (2 processes)`);
    for (let i = 0; i < 10; i++) expect((await request("/healthz")).status).toBe(200);
    await waitFor(() => servedBy(output, "/healthz", 200).size === 2, 5_000);
  });

  it("honours a session begun in one process in the other", async () => {
    const signedIn = await signIn("aisha@demo.example", DEMO_PASSWORD);
    expect(signedIn.status).toBe(302);
    const cookie = signedIn.headers
      .getSetCookie()
      .find((c) => c.startsWith("phb_session="))!
      .split(";")[0];
    for (let i = 0; i < 10; i++) {
      const home = await request("/", { headers: { Cookie: cookie } });
      expect(home.status).toBe(200);
      expect(await home.text()).toContain("Aisha");
    }
    await waitFor(() => servedBy(output, "/", 200).size === 2, 5_000);
  });

  it("counts failed sign-ins in both processes towards one lock on the account", async () => {
    for (let i = 0; i < 5; i++) expect((await signIn("margaret@demo.example", "not her password")).status).toBe(400);
    await waitFor(() => servedBy(output, "/sign-in", 400).size === 2, 5_000);
    // The right password, in either process, no longer opens the account.
    for (let i = 0; i < 2; i++) expect((await signIn("margaret@demo.example", DEMO_PASSWORD)).status).toBe(400);
  });

  it("starts another process when one stops, and goes on serving", async () => {
    const [first] = servedBy(output, "/healthz", 200);
    process.kill(first, "SIGKILL");
    await waitFor(() => output.includes("a portal process stopped; starting another"), 10_000);
    const healthy = () =>
      request("/healthz").then(
        (r) => r.status === 200,
        () => false,
      );
    const replaced = async () => {
      for (let i = 0; i < 6; i++) if (!(await healthy())) return false;
      return servedBy(output, "/healthz", 200).size === 3;
    };
    await waitFor(replaced, 30_000);
  });
});
