/**
 * `npm run gallery [-- --no-build]`: builds the portal, serves it on a scratch database (PGlite in a temporary
 * folder, a free port), signs in as every demo account and photographs every page it can reach by following
 * links, at desktop and phone widths, into gallery/ with an index.html to look through. Only GET navigations
 * (besides signing in): no form is ever submitted, and sign-out and downloads are never followed, so the walk
 * changes nothing.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { ensureChromium } from "./find-chromium.js";
import { DEMO_PASSWORD, DEMO_SIGN_INS } from "./seed";

const PAGES_PER_ACCOUNT = 40;
// Two of each kind of page (ids and queries aside): twelve lines of one statement would fill the forty with one layout.
const PER_KIND = 2;
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 375, height: 740 };
const OUT = path.resolve("gallery");
// Links that would end the session, download a file or act rather than show a page.
const SKIP = [/^\/sign-out\b/, /^\/session\/extend\b/, /^\/invitation\/[^/]+$/, /\.(csv|pdf)$/, /^\/spending\/receipts\//];

interface Shot {
  title: string;
  url: string;
  status: number;
  desktop: string;
  phone: string;
}
interface Album {
  who: string;
  email: string | null;
  shots: Shot[];
  problems: string[];
}

async function main() {
  const started = Date.now();
  const found = ensureChromium();
  if (!found.ok) throw new Error(found.say);

  if (!process.argv.includes("--no-build")) {
    console.log("Building the portal, if anything changed since the last build…");
    // Vite's warnings are not news here; its output is shown only when the build fails.
    const built = spawnSync(process.execPath, ["scripts/build-if-changed.js"], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    if (built.status !== 0) throw new Error(`${built.stdout}${built.stderr}\nThe build failed (above).`);
  }

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "phb-gallery-"));
  const port = await freePort();
  const origin = `http://localhost:${port}`;
  const server = startServer(port, dataDir);
  let browser: Browser | undefined;
  const stopAll = () => {
    stopServer(server);
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  process.once("SIGINT", () => {
    stopAll();
    process.exit(130);
  });
  try {
    await waitForHealth(origin, server);
    browser = await chromium.launch({
      executablePath: found.path,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
    });
    fs.rmSync(OUT, { recursive: true, force: true });
    fs.mkdirSync(OUT, { recursive: true });

    const albums: Album[] = [];
    albums.push(await walk(browser, origin, { who: "Not signed in", email: null }, ["/", "/sign-in", "/accessibility", "/privacy", "/help"]));
    for (const account of DEMO_SIGN_INS) {
      albums.push(await walk(browser, origin, { who: account.who, email: account.email }));
    }
    fs.writeFileSync(path.join(OUT, "index.html"), indexHtml(albums));

    const pages = albums.reduce((n, a) => n + a.shots.length, 0);
    const seconds = Math.round((Date.now() - started) / 1000);
    for (const album of albums) for (const problem of album.problems) console.log(`  ${album.email ?? "signed out"}: ${problem}`);
    console.log(`\n${pages} pages (each at desktop and phone width) for ${albums.length} visitors in ${seconds} s`);
    console.log(`Open ${path.join(OUT, "index.html")}`);
  } finally {
    await browser?.close().catch(() => {});
    stopAll();
  }
}

/**
 * Breadth-first from the account's home page (or the given start pages) over same-origin links in the header,
 * navigation and main content. Each page is fetched once per width; the phone one is a second page in the same
 * session, so its layout is the one a phone gets on arrival rather than a resized desktop page.
 */
async function walk(browser: Browser, origin: string, visitor: { who: string; email: string | null }, start?: string[]): Promise<Album> {
  const album: Album = { ...visitor, shots: [], problems: [] };
  const slug = visitor.email ? visitor.email.replace(/@.*/, "").replace(/[^a-z0-9]+/gi, "-") : "signed-out";
  fs.mkdirSync(path.join(OUT, slug), { recursive: true });
  const desktop = await browser.newContext({ baseURL: origin, viewport: DESKTOP });
  const phone = await browser.newContext({ baseURL: origin, viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 1 });
  try {
    const page = await desktop.newPage();
    let queue = start ?? [];
    if (visitor.email) {
      queue = [await signIn(page, visitor.email)];
      await phone.addCookies(await desktop.cookies());
    }
    const seen = new Set(queue);
    const kinds = new Map<string, number>();
    let alike = 0;
    const phonePage = await phone.newPage();
    while (queue.length > 0 && album.shots.length < PAGES_PER_ACCOUNT) {
      const target = queue.shift()!;
      const response = await page.goto(target, { waitUntil: "load" }).catch((error: Error) => error);
      if (response instanceof Error || !response) {
        album.problems.push(`${target}: ${response instanceof Error ? response.message.split("\n")[0] : "no response"}`);
        continue;
      }
      if (!(response.headers()["content-type"] ?? "").includes("text/html")) continue;
      const here = new URL(page.url());
      const where = here.pathname + here.search;
      if (album.shots.some((s) => s.url === where)) continue; // redirected to a page we have
      seen.add(where);
      if (response.status() >= 400) album.problems.push(`${where} answered ${response.status()}`);

      const n = String(album.shots.length + 1).padStart(2, "0");
      const name = `${n}-${
        where
          .replace(/^\//, "")
          .replace(/[^a-z0-9]+/gi, "-")
          .replace(/-+$/, "") || "home"
      }`.slice(0, 80);
      await settle(page);
      await page.screenshot({ path: path.join(OUT, slug, `${name}-desktop.png`), fullPage: true, animations: "disabled" });
      await phonePage.goto(where, { waitUntil: "load" });
      await settle(phonePage);
      await phonePage.screenshot({ path: path.join(OUT, slug, `${name}-phone.png`), fullPage: true, animations: "disabled" });
      album.shots.push({
        title: await page.title(),
        url: where,
        status: response.status(),
        desktop: `${slug}/${name}-desktop.png`,
        phone: `${slug}/${name}-phone.png`,
      });

      for (const link of await links(page, origin)) {
        if (seen.has(link)) continue;
        seen.add(link);
        const kind = kindOf(link);
        const count = kinds.get(kind) ?? 0;
        if (count >= PER_KIND) {
          alike++;
          continue;
        }
        kinds.set(kind, count + 1);
        queue.push(link);
      }
    }
    if (queue.length > 0) album.problems.push(`stopped at ${PAGES_PER_ACCOUNT} pages; ${queue.length} more links not visited`);
    if (alike > 0) console.log(`  (${alike} links to more pages of a kind already taken twice were left out)`);
  } finally {
    await desktop.close();
    await phone.close();
  }
  console.log(`${visitor.email ?? "signed out"}: ${album.shots.length} pages`);
  return album;
}

async function signIn(page: Page, email: string): Promise<string> {
  await page.goto("/sign-in");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await Promise.all([page.waitForURL((url) => url.pathname !== "/sign-in"), page.getByRole("button", { name: "Sign in" }).click()]);
  const home = new URL(page.url());
  return home.pathname + home.search;
}

function kindOf(where: string) {
  return where.replace(/\?.*/, "").replace(/\/(?:[0-9a-f]{8}-[0-9a-f-]{27}|\d+)(?=\/|$)/gi, "/:id");
}

/** Same-origin page links in the header, navigation and main content, without fragments, in page order. */
async function links(page: Page, origin: string): Promise<string[]> {
  const hrefs = await page.$$eval("header a[href], nav a[href], main a[href]", (anchors) =>
    anchors.filter((a) => !a.hasAttribute("download")).map((a) => (a as HTMLAnchorElement).href),
  );
  const out: string[] = [];
  for (const href of hrefs) {
    const url = new URL(href);
    if (url.origin !== origin) continue;
    const where = url.pathname + url.search;
    if (SKIP.some((pattern) => pattern.test(url.pathname)) || out.includes(where)) continue;
    out.push(where);
  }
  return out;
}

/** Lets fonts, hydration and charts finish drawing before the picture. */
async function settle(page: Page) {
  await page.waitForLoadState("networkidle", { timeout: 5_000 }).catch(() => {});
  await page.evaluate(() => document.fonts.ready).catch(() => {});
  await page.waitForTimeout(300);
}

function startServer(port: number, dataDir: string): ChildProcess {
  // Its own process group, so stopping it stops tsx's node child too.
  return spawn(path.resolve("node_modules/.bin/tsx"), ["server/main.ts"], {
    detached: true,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, PORT: String(port), PHB_DATA_DIR: dataDir, DATABASE_URL: "", NODE_ENV: "development", LOG_LEVEL: "warn" },
  });
}

function stopServer(server: ChildProcess) {
  if (server.pid === undefined || server.exitCode !== null) return;
  try {
    process.kill(-server.pid, "SIGTERM");
  } catch {
    // already gone
  }
}

async function waitForHealth(origin: string, server: ChildProcess) {
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`The portal stopped as it started (exit ${server.exitCode}).`);
    const ok = await fetch(`${origin}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`The portal did not answer ${origin}/healthz within 3 minutes.`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

function escape(text: string) {
  return text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);
}

function indexHtml(albums: Album[]): string {
  const sections = albums.map((album) => {
    const cards = album.shots.map(
      (shot) => `<li>
  <h3>${escape(shot.title)}</h3>
  <p><code>${escape(shot.url)}</code>${shot.status >= 400 ? ` <strong>(${shot.status})</strong>` : ""}</p>
  <a href="${escape(shot.desktop)}"><img src="${escape(shot.desktop)}" alt="Desktop: ${escape(shot.title)}" class="desktop" loading="lazy"></a>
  <a href="${escape(shot.phone)}"><img src="${escape(shot.phone)}" alt="Phone: ${escape(shot.title)}" class="phone" loading="lazy"></a>
</li>`,
    );
    const problems = album.problems.length ? `<ul class="problems">${album.problems.map((p) => `<li>${escape(p)}</li>`).join("")}</ul>` : "";
    return `<section>
<h2>${escape(album.who)}${album.email ? ` <small>${escape(album.email)}</small>` : ""} — ${album.shots.length} pages</h2>
${problems}
<ul class="shots">${cards.join("\n")}</ul>
</section>`;
  });
  const contents = albums.map((a, i) => `<li><a href="#a${i}">${escape(a.who)}</a> (${a.shots.length})</li>`).join("");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Gallery — Manage your personal health budget</title>
<style>
  body { font-family: system-ui, sans-serif; margin: 1.5rem; color: #212b32; }
  h2 { border-top: 2px solid #005eb8; padding-top: 1rem; margin-top: 2rem; }
  small { font-weight: normal; color: #4c6272; }
  .shots { list-style: none; padding: 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(360px, 1fr)); gap: 1.5rem; }
  .shots h3 { font-size: 1rem; margin: 0 0 0.25rem; }
  .shots p { margin: 0 0 0.5rem; font-size: 0.85rem; }
  .shots img { border: 1px solid #d8dde0; object-fit: cover; object-position: top; vertical-align: top; }
  .desktop { width: 256px; height: 320px; }
  .phone { width: 75px; height: 320px; }
  .problems { color: #d5281b; }
</style>
</head>
<body>
<h1>Every page, as each demo account sees it</h1>
<p>Generated ${escape(new Date().toISOString())}. Desktop is 1280 pixels wide, phone 375; each thumbnail links to the whole page.</p>
<ul>${contents}</ul>
${sections.map((s, i) => s.replace("<section>", `<section id="a${i}">`)).join("\n")}
</body>
</html>
`;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
