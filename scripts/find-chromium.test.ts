import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DEBIAN_CHROMIUM, decide } from "./find-chromium.js";

describe("decide", () => {
  const none = { isRoot: false, hasAptGet: false };

  it("uses a CHROMIUM_PATH that runs, whatever else there is", () => {
    expect(decide({ ...none, configured: { path: "/opt/chrome", runs: true }, found: DEBIAN_CHROMIUM })).toEqual({
      kind: "use",
      path: "/opt/chrome",
    });
  });

  it("stops on a CHROMIUM_PATH that does not run, naming it, rather than using another", () => {
    const decision = decide({ isRoot: true, hasAptGet: true, configured: { path: "/nonexistent", runs: false }, found: DEBIAN_CHROMIUM });
    expect(decision).toMatchObject({ kind: "stop", say: expect.stringContaining("CHROMIUM_PATH is /nonexistent") });
  });

  it("uses the first Chromium found", () => {
    expect(decide({ ...none, found: DEBIAN_CHROMIUM })).toEqual({ kind: "use", path: DEBIAN_CHROMIUM });
  });

  it("installs Debian's when none is found and it may: root, with apt-get", () => {
    expect(decide({ isRoot: true, hasAptGet: true })).toEqual({
      kind: "install",
      say: "No Chromium found: installing Debian's chromium with apt-get (about 1 minute)…",
    });
  });

  it("stops with the command to run when it may not install", () => {
    for (const facts of [
      { isRoot: false, hasAptGet: true },
      { isRoot: true, hasAptGet: false },
      { isRoot: false, hasAptGet: false },
    ]) {
      const decision = decide(facts);
      expect(decision.kind).toBe("stop");
      if (decision.kind === "stop") {
        expect(decision.say).toContain("sudo apt-get install chromium");
        expect(decision.say).toContain("CHROMIUM_PATH");
        expect(decision.say).not.toContain("\n");
      }
    }
  });
});

describe("npm test's pretest (scripts/find-chromium.js, run as npm runs it)", () => {
  const script = path.resolve("scripts/find-chromium.js");
  const scratch = () => path.join(fs.mkdtempSync(path.join(os.tmpdir(), "phb-chromium-")), "chromium-path");
  const run = (env: Record<string, string>) => {
    const clean = Object.fromEntries(
      Object.entries(process.env).filter(([k]) => !["CHROMIUM_PATH", "DEBIAN_FRONTEND"].includes(k) && !k.startsWith("PHB_CHROMIUM")),
    );
    return spawnSync(process.execPath, [script], { encoding: "utf8", env: { ...clean, ...env, NODE_ENV: process.env.NODE_ENV } });
  };

  it("stops with one clear line when no Chromium runs and apt-get is not on PATH", () => {
    const file = scratch();
    const result = run({ PHB_CHROMIUM_CANDIDATES: "/nonexistent/chromium:/nonexistent/chrome", PATH: "", PHB_CHROMIUM_PATH_FILE: file });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr.trim().split("\n")).toEqual([
      "No Chromium found for the browser tests: install Chromium (on Debian, `sudo apt-get install chromium`), or set CHROMIUM_PATH to a Chromium you have.",
    ]);
    expect(fs.existsSync(file)).toBe(false);
  });

  it("stops with one clear line when CHROMIUM_PATH does not run", () => {
    const result = run({ CHROMIUM_PATH: "/nonexistent", PATH: "", PHB_CHROMIUM_PATH_FILE: scratch() });
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toContain("CHROMIUM_PATH is /nonexistent, which does not run as Chromium");
  });

  // A stand-in apt-get records what it was asked; Debian's Chromium (already here) then answers as the installed one.
  it.skipIf(process.getuid?.() !== 0 || !fs.existsSync(DEBIAN_CHROMIUM))(
    "as root with apt-get and no Chromium found, says so in one line and installs Debian's with apt-get",
    () => {
      const bin = fs.mkdtempSync(path.join(os.tmpdir(), "phb-apt-"));
      const log = path.join(bin, "calls");
      fs.writeFileSync(path.join(bin, "apt-get"), `#!/bin/sh\necho "$DEBIAN_FRONTEND $*" >> ${log}\n`, { mode: 0o755 });
      const file = scratch();
      const result = run({ PHB_CHROMIUM_CANDIDATES: "/nonexistent/chromium", PATH: `${bin}:/usr/bin:/bin`, PHB_CHROMIUM_PATH_FILE: file });
      expect(result.status).toBe(0);
      expect(result.stdout.trim().split("\n")).toEqual([
        "No Chromium found: installing Debian's chromium with apt-get (about 1 minute)…",
        `Chromium for the browser tests: ${DEBIAN_CHROMIUM}`,
      ]);
      expect(fs.readFileSync(log, "utf8")).toBe(" update\nnoninteractive install -y chromium\n");
      expect(fs.readFileSync(file, "utf8")).toBe(`${DEBIAN_CHROMIUM}\n`);
    },
  );

  it.skipIf(!fs.existsSync(DEBIAN_CHROMIUM))("finds Debian's Chromium and writes its path for playwright.config.ts", () => {
    const file = scratch();
    const result = run({ PHB_CHROMIUM_PATH_FILE: file });
    expect(result.status).toBe(0);
    expect(result.stdout.trim()).toBe(`Chromium for the browser tests: ${DEBIAN_CHROMIUM}`);
    expect(fs.readFileSync(file, "utf8")).toBe(`${DEBIAN_CHROMIUM}\n`);
  });
});
