import { PGlite } from "@electric-sql/pglite";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import postgres from "postgres";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as schema from "./schema";

/** Either driver, one type: a transaction is a Database too, so use-cases accept both. */
export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface OpenDatabase {
  db: Database;
  kind: "pglite" | "postgres";
  migrate(): Promise<void>;
  close(): Promise<void>;
}

const migrationsFolder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "migrations");

/**
 * PostgreSQL through postgres.js when a URL is given, else embedded PGlite in `dataDir`
 * (or in memory when `dataDir` is "memory://").
 */
export async function openDatabase(options: { url?: string; dataDir?: string; maxConnections?: number }): Promise<OpenDatabase> {
  if (options.url) {
    const client = postgres(options.url, {
      max: options.maxConnections ?? 10,
      onnotice: () => {},
    });
    const db = drizzlePostgres(client, { schema }) as unknown as Database;
    return {
      db,
      kind: "postgres",
      migrate: () => migratePostgres(db as never, { migrationsFolder }),
      close: () => client.end({ timeout: 5 }),
    };
  }
  const dataDir = options.dataDir ?? "memory://";
  const client = new PGlite(dataDir);
  await client.waitReady;
  const db = drizzlePglite(client, { schema }) as unknown as Database;
  return {
    db,
    kind: "pglite",
    migrate: () => migratePglite(db as never, { migrationsFolder }),
    close: () => client.close(),
  };
}

// The server process and the built Remix bundle each load this module; one shared slot keeps them on one
// connection, which matters for PGlite: two instances on one data directory would corrupt it.
const slot = Symbol.for("phb.database");
type Slot = { [slot]?: Database };

export function setDb(db: Database | undefined) {
  (globalThis as Slot)[slot] = db;
}

export function getDb(): Database {
  const db = (globalThis as Slot)[slot];
  if (!db) throw new Error("The database is not open yet: the server opens it before serving requests.");
  return db;
}

/** Rows from `db.execute(sql...)`, which PGlite returns as `{ rows }` and postgres.js as an array. */
export function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/** The PostgreSQL error under drizzle's wrapper (either driver), with its SQLSTATE code, or null. */
export function pgErrorOf(error: unknown): { code: string; message: string } | null {
  for (let e = error as { code?: unknown; message?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (typeof e.code === "string" && /^[0-9A-Z]{5}$/.test(e.code)) return { code: e.code, message: e.message ?? "" };
  }
  return null;
}
