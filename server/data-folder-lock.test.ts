import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { takeDataFolderLock } from "./data-folder-lock";

const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), "phb-lock-"));

/**
 * A portal start in its own process. With a `go` FIFO it says "ready" and waits for the FIFO's end (the test closes
 * the only writer once every start is ready, so they all try at the same moment). Then it tries the lock, says
 * "won" or "held <pid>", and keeps what it won until it is killed or `holdMs` is up.
 */
function start(dir: string, go: string | null, holdMs: number) {
  const script = path.join(dir, "..", `${path.basename(dir)}-start.mts`);
  fs.writeFileSync(
    script,
    `import fs from "node:fs";
import { takeDataFolderLock } from ${JSON.stringify(path.resolve("server/data-folder-lock.ts"))};
const go = process.argv[2];
if (go) {
  const fd = fs.openSync(go, "r");
  console.log("ready");
  fs.readSync(fd, Buffer.alloc(1));
}
const lock = takeDataFolderLock(${JSON.stringify(dir)});
console.log("release" in lock ? "won" : "held " + lock.heldBy);
await new Promise((r) => setTimeout(r, ${holdMs}));
`,
  );
  const child = spawn(process.execPath, ["--import", "tsx", script, ...(go ? [go] : [])], { stdio: ["ignore", "pipe", "inherit"] });
  let output = "";
  const line = (test: (l: string) => boolean) =>
    new Promise<string>((resolve) => {
      const check = () => {
        const found = output.split("\n").find(test);
        if (found !== undefined) resolve(found);
      };
      child.stdout.on("data", check);
      check();
    });
  child.stdout.on("data", (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  return { child, ready: line((l) => l === "ready"), said: line((l) => l === "won" || l.startsWith("held ")), exited };
}

describe("takeDataFolderLock", () => {
  it("refuses a second holder while the first holds the folder, naming its process, and frees the folder on release", () => {
    const dir = tempDir();
    const first = takeDataFolderLock(dir);
    expect("release" in first).toBe(true);
    expect(takeDataFolderLock(dir)).toEqual({ heldBy: process.pid });
    if ("release" in first) first.release();
    const again = takeDataFolderLock(dir);
    expect("release" in again).toBe(true);
    if ("release" in again) again.release();
  });

  it("is not refused by a lock file naming its own PID, as a restarted container often gets the same PID", () => {
    const dir = tempDir();
    // What a portal that stopped without clearing up leaves, in this version's lock file and the earlier one's.
    fs.writeFileSync(path.join(dir, "portal.lock"), String(process.pid));
    fs.writeFileSync(path.join(dir, "portal.pid"), String(process.pid));
    const lock = takeDataFolderLock(dir);
    expect("release" in lock).toBe(true);
    if ("release" in lock) lock.release();
  });

  it("after a portal killed with SIGKILL, of several starts at the same moment exactly one wins", async () => {
    const dir = tempDir();
    for (let round = 0; round < 3; round++) {
      const killed = start(dir, null, 60_000);
      expect(await killed.said).toBe("won");
      killed.child.kill("SIGKILL");
      await killed.exited;

      const go = path.join(dir, "..", `${path.basename(dir)}-go-${round}`);
      execFileSync("mkfifo", [go]);
      // Held open for writing so the starts can open it; closed, it ends for all of them at once.
      const gun = fs.openSync(go, fs.constants.O_RDWR);
      const racers = [1, 2, 3, 4].map(() => start(dir, go, 1_000));
      await Promise.all(racers.map((r) => r.ready));
      fs.closeSync(gun);
      const said = await Promise.all(racers.map((r) => r.said));
      expect(said.filter((s) => s === "won")).toHaveLength(1);
      expect(said.filter((s) => s.startsWith("held "))).toHaveLength(racers.length - 1);
      await Promise.all(racers.map((r) => r.exited));
    }
  }, 60_000);
});
