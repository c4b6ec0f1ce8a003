import fs from "node:fs";
import path from "node:path";
import { tryLock } from "fs-native-extensions";

/**
 * PGlite takes no lock on its data directory, and two processes writing one directory would corrupt it. The portal
 * holds an OS advisory lock on `portal.lock` in the folder for as long as it runs: an open file description lock
 * (fcntl F_OFD_SETLK) on Linux, flock on macOS, through fs-native-extensions' prebuilt binaries (no build step, no
 * install script). The kernel drops it when the process ends, however it ends, so there is nothing stale to clear
 * and no PID to compare (a restarted container often gets the same PID), and of two starts at once only one gets it.
 *
 * The file is never deleted: a start that opened the old file and one that created a new one could both hold "the"
 * lock. It holds the holder's PID only to name it to a start that is refused.
 */
export function takeDataFolderLock(dataDir: string): { release(): void } | { heldBy: number | null } {
  const file = path.join(dataDir, "portal.lock");
  // "a+" creates the file if need be and never empties it: a refused start must not wipe the holder's PID.
  const fd = fs.openSync(file, "a+", 0o600);
  let locked = false;
  try {
    locked = tryLock(fd);
  } finally {
    if (!locked) fs.closeSync(fd);
  }
  if (!locked) return { heldBy: Number.parseInt(fs.readFileSync(file, "utf8"), 10) || null };
  fs.ftruncateSync(fd, 0);
  fs.writeSync(fd, String(process.pid));
  let released = false;
  return {
    release() {
      if (released) return;
      released = true;
      // Closing the file is what gives the lock up.
      fs.closeSync(fd);
    },
  };
}
