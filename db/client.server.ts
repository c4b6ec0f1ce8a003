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
import { currentScope, queryCounter, scopedToCommissioner } from "./tenant.server";

/** Either driver, one type: a transaction is a Database too, so use-cases accept both. */
export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

/** How the job queue (pg-boss) reaches the same database: its own pool on a server, or PGlite's one connection. */
export type JobConnection = { connectionString: string } | { db: { executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }> } };

export interface OpenDatabase {
  db: Database;
  kind: "pglite" | "postgres";
  jobConnection: JobConnection;
  migrate(): Promise<void>;
  close(): Promise<void>;
}

const migrationsFolder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "migrations");

/** SQLSTATEs that mean "this transaction lost a race; the same work run again will succeed". */
const CONFLICT_CODES = new Set(["40P01", "40001"]);
export const CONFLICT_RETRIES = 5;

/**
 * The database could not finish the work because others were changing the same rows, after every retry. A Response,
 * so that a route that meets it answers 503 with this message rather than a 500; nothing was changed.
 */
export class DatabaseBusy extends Response {
  readonly message = "The service is busy. Nothing was changed: wait a moment and try again.";
  constructor() {
    super("The service is busy. Nothing was changed: wait a moment and try again.", { status: 503, headers: { "Retry-After": "1" } });
  }
}

/**
 * Runs `work` again when PostgreSQL ends it with a deadlock (40P01) or a serialization failure (40001), up to
 * CONFLICT_RETRIES times with a short random wait; each run is a whole transaction, so a retry starts clean.
 */
export async function retryConflicts<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!CONFLICT_CODES.has(pgErrorOf(error)?.code ?? "")) throw error;
      if (attempt > CONFLICT_RETRIES) throw new DatabaseBusy();
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
    }
  }
}

/** Every outermost transaction of `db` retried on a conflict (a transaction's own savepoints are not). */
function retryingTransactions(db: Database): Database {
  const transaction = db.transaction.bind(db);
  db.transaction = (work, config) => retryConflicts(() => transaction(work, config));
  return db;
}

/**
 * Every query sent as a named prepared statement, kept per connection by its text. drizzle sends unnamed ones, which
 * postgres.js must parse and describe in a round trip of its own before binding; a page's queries repeat, so after
 * the first request each is one round trip. Transactions and savepoints hand out connections that prepare too.
 */
export function preparingStatements<T extends postgres.Sql | postgres.TransactionSql>(client: T): T {
  const withPrepared = (work: (tx: postgres.TransactionSql) => unknown) => (tx: postgres.TransactionSql) => work(preparingStatements(tx));
  return new Proxy(client, {
    get(target, property, receiver) {
      if (property === "unsafe")
        return (query: string, params?: postgres.ParameterOrJSON<never>[], options?: postgres.UnsafeQueryOptions) =>
          target.unsafe(query, params, { ...options, prepare: true });
      if (property === "reserve") return async () => preparingStatements(await (target as postgres.Sql).reserve());
      if (property === "begin" || property === "savepoint")
        return (...args: unknown[]) => {
          const work = args.pop() as (tx: postgres.TransactionSql) => unknown;
          return (Reflect.get(target, property, receiver) as (...a: unknown[]) => unknown).call(target, ...args, withPrepared(work));
        };
      return Reflect.get(target, property, receiver) as unknown;
    },
  });
}

/**
 * PostgreSQL through postgres.js when a URL is given, else embedded PGlite in `dataDir`
 * (or in memory when `dataDir` is "memory://").
 */
export async function openDatabase(options: {
  url?: string;
  dataDir?: string;
  maxConnections?: number;
  /** The portal's login role on PostgreSQL: each transaction is scoped to the request's commissioner (tenant.server.ts). */
  scoped?: boolean;
}): Promise<OpenDatabase> {
  if (options.url) {
    const client = postgres(options.url, {
      max: options.maxConnections ?? 10,
      onnotice: () => {},
    });
    const prepared = preparingStatements(client);
    const db = retryingTransactions(drizzlePostgres(options.scoped ? scopedToCommissioner(prepared) : prepared, { schema, logger: queryCounter }));
    return {
      db,
      kind: "postgres",
      jobConnection: { connectionString: options.url },
      migrate: () => migratePostgres(db as never, { migrationsFolder }),
      close: () => client.end({ timeout: 5 }),
    };
  }
  const dataDir = options.dataDir ?? "memory://";
  const client = new PGlite(dataDir);
  await client.waitReady;
  const db = retryingTransactions(drizzlePglite(client, { schema, logger: queryCounter }));
  return {
    db,
    kind: "pglite",
    jobConnection: {
      db: {
        // Parameterless SQL may be several statements (pg-boss's migrations): PGlite runs those with exec.
        executeSql: async (text, values) => (values?.length ? client.query(text, values) : ((await client.exec(text)).at(-1) ?? { rows: [] })),
      },
    },
    migrate: () => migratePglite(db as never, { migrationsFolder }),
    close: () => client.close(),
  };
}

type QueryBuilder = (db: Database) => unknown;
const builtQueries = new WeakMap<Database, Map<QueryBuilder, unknown>>();

/**
 * A query whose SQL drizzle builds once for this database, where it would build it again on every call: for the few
 * that every page sends, whose building cost more of a request's time than running them (BENCHMARKS.md, "Pages
 * over HTTP"). Its values come in through placeholders; `build` is kept by identity, so it must be a constant. A
 * transaction is a Database of its own, so it gets its own.
 */
export function builtOnce<Query>(db: Database, build: (db: Database) => Query): Query {
  let built = builtQueries.get(db);
  if (!built) builtQueries.set(db, (built = new Map<QueryBuilder, unknown>()));
  if (!built.has(build)) built.set(build, build(db));
  return built.get(build) as Query;
}

// The server process and the built Remix bundle each load this module; one shared slot keeps them on one
// connection, which matters for PGlite: two instances on one data directory would corrupt it.
const slot = Symbol.for("phb.database");
type Slot = { [slot]?: Database };

export function setDb(db: Database | undefined) {
  (globalThis as Slot)[slot] = db;
}

export function getDb(): Database {
  const db = (currentScope()?.db as Database | undefined) ?? (globalThis as Slot)[slot];
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
