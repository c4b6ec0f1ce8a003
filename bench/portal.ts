import { spawn, spawnSync } from "node:child_process";
import http from "node:http";
import { fail } from "../scripts/open-database";

// The built portal as bench/http.ts starts it, for a benchmark that asks for pages over HTTP: production mode, the
// owner migrating, requests as the portal's role under row-level security.

export const PORTAL_ROLE = "phb_app";

export function portalRoleUrl(url: string) {
  const u = new URL(url);
  u.username = PORTAL_ROLE;
  u.password = "";
  return u.toString();
}

export async function startPortal(url: string, port: number, processes = 1) {
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
      DATABASE_URL: portalRoleUrl(url),
      PORTAL_PROCESSES: String(processes),
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
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

export function httpClient(sessions: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: sessions });
  const get = (origin: string, path: string, cookie: string): Promise<number> =>
    new Promise((resolve, reject) => {
      const request = http.get(`${origin}${path}`, { agent, headers: { Cookie: cookie, "Accept-Encoding": "gzip" } }, (response) => {
        response.resume();
        response.on("end", () => resolve(response.statusCode ?? 0));
      });
      request.on("error", reject);
    });
  return { get, close: () => agent.destroy() };
}

export async function signIn(origin: string, email: string, password: string): Promise<string> {
  const response = await fetch(`${origin}/sign-in`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: origin },
    body: new URLSearchParams({ email, password }),
  });
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith("phb_session="));
  if (response.status !== 302 || !cookie) fail(`Signing in as ${email} answered ${response.status}, not a redirect with a session.`);
  return cookie.split(";")[0];
}

export const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
export const median = (values: number[]) => percentile(values, 50);
