import fs from "node:fs";
import path from "node:path";
import { openDatabase, type OpenDatabase } from "../db/client.server";
import { takeDataFolderLock } from "../server/data-folder-lock";

/** `--name value` or `--name=value` from the command line. */
export function argValue(argv: string[], name: string): string | undefined {
  const i = argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return undefined;
  const arg = argv[i];
  return arg.includes("=") ? arg.slice(arg.indexOf("=") + 1) : argv[i + 1];
}

export function fail(message: string): never {
  console.error(`\n${message}\n`);
  process.exit(2);
}

/**
 * Opens the database the way the portal does (server/main.ts): PostgreSQL when `--database-url` or DATABASE_URL
 * is given, else the embedded PGlite in ./data/pglite (or PHB_DATA_DIR). PGlite has no lock of its own, so a
 * script takes the portal's data folder lock and refuses to run while the portal has the folder open.
 */
export async function openScriptDatabase(argv: string[], options: { migrate?: boolean } = {}): Promise<OpenDatabase & { where: string }> {
  const url = argValue(argv, "database-url") ?? process.env.DATABASE_URL;
  if (url) {
    const database = await openDatabase({ url, maxConnections: 4 });
    if (options.migrate) await database.migrate();
    return { ...database, where: `PostgreSQL at ${new URL(url).host}${new URL(url).pathname}` };
  }
  const dataDir = path.resolve(process.env.PHB_DATA_DIR ?? path.join(process.cwd(), "data"));
  fs.mkdirSync(dataDir, { recursive: true });
  const lock = takeDataFolderLock(dataDir);
  if ("heldBy" in lock) {
    fail(
      `The portal (or another script) is running from ${dataDir}${lock.heldBy ? ` (process ${lock.heldBy})` : ""}.\n` +
        `PGlite can be opened by one process at a time: stop the portal first, or pass --database-url to use a PostgreSQL server.`,
    );
  }
  process.on("exit", () => lock.release());
  const database = await openDatabase({ dataDir: path.join(dataDir, "pglite") });
  if (options.migrate) await database.migrate();
  return {
    ...database,
    where: `embedded PGlite in ${path.relative(process.cwd(), dataDir) || "."}/pglite`,
    close: async () => {
      await database.close();
      lock.release();
    },
  };
}
