import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { freePort, waitFor } from "../setup/processes";
import { expect, signIn, signOut, test, verifyOnPage } from "./fixtures";

/**
 * Starts the server as `npm start` does (after the build the web server already made) and collects its output.
 * One node process, not npx, so that stopping it stops the server and leaves nothing listening.
 */
function startServer(env: Record<string, string>) {
  const child = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
    env: { ...process.env, LOG_LEVEL: "warn", DATABASE_URL: "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
  return { child, exited, output: () => output };
}

test("a second portal on the same data folder stops with a clear message and leaves the first serving", async ({ request }) => {
  const second = startServer({ PORT: String(await freePort()), PHB_DATA_DIR: ".cache/e2e-data" });
  expect(await second.exited).toBe(1);
  expect(second.output()).toContain("The portal is already running from");
  expect(second.output()).toContain("Only one portal can use this data folder at a time");
  expect(second.output()).toMatch(/already running from \S+ \(process \d+\)\./);
  const health = await request.get("/healthz");
  expect(await health.json()).toEqual({ db: "ok" });
});

test("in production no demo data is seeded and no sign-ins are printed", async () => {
  test.setTimeout(90_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "phb-prod-"));
  const port = await freePort();
  const server = startServer({
    PORT: String(port),
    PHB_DATA_DIR: dir,
    NODE_ENV: "production",
    SESSION_SECRET: "a-production-secret",
    PUBLIC_URL: `http://localhost:${port}`,
  });
  try {
    await waitFor(() => server.output().includes("is running at"));
    expect(server.output()).not.toContain("demo data added");
    expect(server.output()).not.toContain("Demo sign-ins");
    const signIn = await fetch(`http://localhost:${port}/sign-in`, {
      method: "POST",
      body: new URLSearchParams({ email: "coordinator@demo.nhs.uk", password: "Demo-PHB-2026!" }),
      redirect: "manual",
    });
    expect(signIn.status).toBe(400);
  } finally {
    server.child.kill("SIGTERM");
    await server.exited;
  }
});

test("an unexpected error shows the 500 page without any detail of the error", async ({ request }) => {
  const response = await request.post("/sign-in", {
    headers: { "Content-Type": "multipart/form-data; boundary=zzz" },
    data: "--zzz\r\nbroken",
  });
  expect(response.status()).toBe(500);
  const html = await response.text();
  expect(html).toContain("Sorry, there is a problem with the service");
  expect(html).not.toMatch(/at \S+ \(\/|node_modules|TypeError|Malformed/);
});

test("a body sent in chunks with no declared length is refused before it is read, and the portal keeps serving", async ({ request, baseURL }) => {
  const { status, text } = await new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = http.request(new URL("/spending/new", baseURL), {
      method: "POST",
      headers: { "Content-Type": "multipart/form-data; boundary=x", "Transfer-Encoding": "chunked" },
    });
    req.on("response", (res) => {
      let text = "";
      res.on("data", (d) => (text += d));
      res.on("end", () => {
        resolve({ status: res.statusCode ?? 0, text });
        req.destroy();
      });
    });
    req.on("error", reject);
    // The body left open: a portal that read it before answering would never answer. (No bytes of it are sent, so the
    // portal closing the connection has nothing unread to reset it over.)
    req.flushHeaders();
  });
  expect(status).toBe(411);
  expect(text).toBe("Send the request with a Content-Length header.");
  expect(await (await request.get("/healthz")).json()).toEqual({ db: "ok" });
});

test("pages, data and downloads for a signed-in person are never stored; fingerprinted assets still are", async ({ page }) => {
  const noStore = async (path: string) => {
    const response = /\.(csv|pdf|data)$/.test(path) ? await page.request.get(path) : await page.goto(path);
    expect(response?.status(), path).toBe(200);
    expect(response?.headers()["cache-control"], path).toMatch(/^(private, )?no-store$/);
  };
  await signIn(page, "coordinator@demo.nhs.uk");
  await verifyOnPage(page, "What needs doing");
  for (const path of ["/staff", "/staff.data", "/staff/statement-of-resources", "/staff/statement-of-resources.csv"]) await noStore(path);
  const stylesheet = await page.locator('link[rel="stylesheet"]').first().getAttribute("href");
  const asset = await page.request.get(stylesheet!);
  expect(asset.headers()["cache-control"]).toBe("public, max-age=31536000");
  await signOut(page);

  await signIn(page, "aisha@demo.example");
  for (const path of ["/", "/budget/statement", "/budget/statement.csv", "/spending.csv", "/budget/statement.pdf"]) await noStore(path);
});
