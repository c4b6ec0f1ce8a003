/**
 * `npm test`'s pretest (and `npm run gallery`): finds a Chromium that runs and writes its path to
 * .cache/chromium-path, which playwright.config.ts launches. Playwright cannot download its own browser on the
 * machines we run on, so when none is found and we may, Debian's is installed with apt-get.
 *
 * Plain JavaScript so it runs before anything is built; tests set PHB_CHROMIUM_CANDIDATES (paths separated by
 * ":", replacing the usual places) and PHB_CHROMIUM_PATH_FILE (where the path is written).
 */
/* global process, console -- Node's, for a script linted as plain JavaScript */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

export const DEBIAN_CHROMIUM = "/usr/bin/chromium";
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const PATH_FILE = path.join(ROOT, ".cache/chromium-path");

const INSTALL = "apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium";

/**
 * What to do, from what we know. A CHROMIUM_PATH that does not run is an answer, not a hint: using another
 * Chromium behind its back would leave playwright.config.ts launching the broken one.
 *
 * @param {{ configured?: { path: string, runs: boolean }, found?: string, isRoot: boolean, hasAptGet: boolean }} facts
 * @returns {{ kind: "use", path: string } | { kind: "install", say: string } | { kind: "stop", say: string }}
 */
export function decide({ configured, found, isRoot, hasAptGet }) {
  if (configured) {
    if (configured.runs) return { kind: "use", path: configured.path };
    return {
      kind: "stop",
      say: `CHROMIUM_PATH is ${configured.path}, which does not run as Chromium: set CHROMIUM_PATH to a Chromium that runs, or unset it to use Debian's (sudo apt-get install chromium).`,
    };
  }
  if (found) return { kind: "use", path: found };
  if (isRoot && hasAptGet) return { kind: "install", say: "No Chromium found: installing Debian's chromium with apt-get (about 1 minute)…" };
  return {
    kind: "stop",
    say: hasAptGet
      ? "No Chromium found for the browser tests: run `sudo apt-get install chromium`, or set CHROMIUM_PATH to a Chromium you have."
      : "No Chromium found for the browser tests: install Chromium (on Debian, `sudo apt-get install chromium`), or set CHROMIUM_PATH to a Chromium you have.",
  };
}

/**
 * Where a Chromium may be, in order: Debian's, Playwright's own downloads, then those npm packages ship.
 *
 * @param {NodeJS.ProcessEnv} env
 * @returns {string[]}
 */
export function candidates(env = process.env) {
  if (env.PHB_CHROMIUM_CANDIDATES !== undefined) return env.PHB_CHROMIUM_CANDIDATES.split(":").filter(Boolean);
  const home = os.homedir();
  const list = [DEBIAN_CHROMIUM];
  const playwright = env.PLAYWRIGHT_BROWSERS_PATH || path.join(home, ".cache/ms-playwright");
  for (const dir of newestFirst(playwright, /^chromium-\d+$/)) {
    list.push(path.join(playwright, dir, "chrome-linux/chrome"), path.join(playwright, dir, "chrome-linux64/chrome"));
  }
  // The `chromium` package downloads one at install and exports its path; puppeteer keeps its download in a cache.
  try {
    const shipped = /** @type {{ path?: unknown }} */ (createRequire(path.join(ROOT, "package.json"))("chromium")).path;
    if (typeof shipped === "string") list.push(shipped);
  } catch {
    // not installed
  }
  const puppeteer = path.join(env.PUPPETEER_CACHE_DIR || path.join(home, ".cache/puppeteer"), "chrome");
  for (const dir of newestFirst(puppeteer, /^linux/)) list.push(path.join(puppeteer, dir, "chrome-linux64/chrome"));
  return list;
}

/** @param {string} dir @param {RegExp} pattern */
function newestFirst(dir, pattern) {
  try {
    return fs
      .readdirSync(dir)
      .filter((name) => pattern.test(name))
      .sort((a, b) => b.localeCompare(a, "en", { numeric: true }));
  } catch {
    return [];
  }
}

/**
 * Whether `path --version` answers like a Chromium; a file that exists may still be a broken install.
 *
 * @param {string} file
 */
export function runs(file) {
  if (!fs.existsSync(file)) return false;
  const result = spawnSync(file, ["--version"], { encoding: "utf8", timeout: 30_000 });
  return result.status === 0 && /chrom/i.test(result.stdout);
}

/** @param {NodeJS.ProcessEnv} env */
function hasAptGet(env) {
  return (env.PATH ?? "")
    .split(path.delimiter)
    .filter(Boolean)
    .some((dir) => {
      try {
        fs.accessSync(path.join(dir, "apt-get"), fs.constants.X_OK);
        return true;
      } catch {
        return false;
      }
    });
}

/**
 * Finds (or installs) a Chromium and records its path.
 *
 * @param {{ env?: NodeJS.ProcessEnv, say?: (line: string) => void }} [options]
 * @returns {{ ok: true, path: string } | { ok: false, say: string }}
 */
export function ensureChromium({ env = process.env, say = (line) => console.log(line) } = {}) {
  const configured = env.CHROMIUM_PATH ? { path: env.CHROMIUM_PATH, runs: runs(env.CHROMIUM_PATH) } : undefined;
  const found = configured ? undefined : candidates(env).find(runs);
  const decision = decide({ configured, found, isRoot: process.getuid?.() === 0, hasAptGet: hasAptGet(env) });
  if (decision.kind === "stop") return { ok: false, say: decision.say };

  let chromium = decision.kind === "use" ? decision.path : DEBIAN_CHROMIUM;
  if (decision.kind === "install") {
    say(decision.say);
    const installed = spawnSync("sh", ["-c", INSTALL], { encoding: "utf8", env, maxBuffer: 64 * 1024 * 1024 });
    if (installed.status !== 0 || !runs(DEBIAN_CHROMIUM)) {
      const tail = `${installed.stdout ?? ""}${installed.stderr ?? ""}`.trim().split("\n").slice(-5).join("\n");
      return { ok: false, say: `${tail}\nInstalling chromium with apt-get failed: run \`apt-get install chromium\` yourself, or set CHROMIUM_PATH.` };
    }
    chromium = DEBIAN_CHROMIUM;
  }
  const file = env.PHB_CHROMIUM_PATH_FILE || PATH_FILE;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${chromium}\n`);
  return { ok: true, path: chromium };
}

/** The Chromium the last run found, for playwright.config.ts when CHROMIUM_PATH is not set. */
export function foundChromium() {
  try {
    return fs.readFileSync(PATH_FILE, "utf8").trim() || undefined;
  } catch {
    return undefined;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const result = ensureChromium();
  if (result.ok) {
    console.log(`Chromium for the browser tests: ${result.path}`);
  } else {
    console.error(result.say);
    process.exit(1);
  }
}
