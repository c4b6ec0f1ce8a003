import fs from "node:fs";
import path from "node:path";

/**
 * PGlite takes no lock on its data directory, and two processes writing one directory would corrupt it.
 * The lock file holds the owner's PID; a file whose process has gone is stale and taken over.
 */
export function takePidLock(dataDir: string): { release(): void } | { heldBy: number } {
  const file = path.join(dataDir, "portal.pid");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: "wx" });
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          try {
            if (fs.readFileSync(file, "utf8") === String(process.pid)) fs.unlinkSync(file);
          } catch {
            // Already gone: nothing to release.
          }
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = Number(fs.readFileSync(file, "utf8"));
      if (holder && isRunning(holder)) return { heldBy: holder };
      fs.unlinkSync(file);
    }
  }
  throw new Error(`Could not take the lock file ${file}`);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
