import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { takePidLock } from "./pid-lock";

const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), "phb-lock-"));

describe("takePidLock", () => {
  it("refuses a second holder while the first is alive, and frees the folder on release", () => {
    const dir = tempDir();
    const first = takePidLock(dir);
    expect("release" in first).toBe(true);
    expect(takePidLock(dir)).toEqual({ heldBy: process.pid });
    if ("release" in first) first.release();
    expect(fs.existsSync(path.join(dir, "portal.pid"))).toBe(false);
    const again = takePidLock(dir);
    expect("release" in again).toBe(true);
    if ("release" in again) again.release();
  });

  it("takes over a lock left by a process that has gone", () => {
    const dir = tempDir();
    const gone = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]).stdout.toString();
    fs.writeFileSync(path.join(dir, "portal.pid"), gone);
    const lock = takePidLock(dir);
    expect("release" in lock).toBe(true);
    expect(fs.readFileSync(path.join(dir, "portal.pid"), "utf8")).toBe(String(process.pid));
    if ("release" in lock) lock.release();
  });
});
