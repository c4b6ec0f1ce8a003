import { AsyncLocalStorage } from "node:async_hooks";
import type postgres from "postgres";

/**
 * One request's view of the database. On PostgreSQL the portal's login role sees a tenant table's rows only for
 * the commissioner named in `app.commissioner_id` (row-level security, migration 0015). A request starts with no
 * commissioner, so it sees none of them; once its session names the user, the rest of the request reads and writes
 * as that user's commissioner, and nothing it runs can reach another's rows, whatever the SQL says.
 */
export interface RequestScope {
  commissionerId: string | null;
  /** The connection the request's loaders and actions use, when it is not the process's own (tests). */
  db?: unknown;
  /** Queries the request has sent, counted for the query budget test (test/integration/query-budget.test.ts). */
  queries: number;
  /** Each query's SQL and values, when a test asks for them (test/integration/query-budget.test.ts reads their plans). */
  sent?: { sql: string; params: unknown[] }[];
  /** What the request has already looked up once and its loaders share (access.server.ts: who is asking). */
  memo: Map<string, { db: unknown; value: unknown }>;
}

// The server process and the built Remix bundle each load this module: one store, kept on globalThis, serves both.
const slot = Symbol.for("phb.request-scope");
const storage: AsyncLocalStorage<RequestScope> = ((globalThis as { [slot]?: AsyncLocalStorage<RequestScope> })[slot] ??= new AsyncLocalStorage());

/** Runs one request's work in a scope of its own, with no commissioner until the session names one. */
export function withRequestScope<T>(work: () => T, db?: unknown): T {
  return storage.run({ commissionerId: null, db, queries: 0, memo: new Map() }, work);
}

/**
 * From here to the end of the request, the database is read as this commissioner's. Called where the request's
 * user is known for certain: their session is read, or their password has been checked.
 */
export function enterCommissioner(commissionerId: string) {
  const scope = storage.getStore();
  if (scope) scope.commissionerId = commissionerId;
}

/** Runs `work` as this commissioner's, for one piece of work about a known account before its owner is signed in. */
export function asCommissioner<T>(commissionerId: string, work: () => T): T {
  const scope = storage.getStore();
  return scope ? storage.run({ ...scope, commissionerId }, work) : work();
}

/** drizzle's logger: called once for every query, in the request that sent it. */
export const queryCounter = {
  logQuery(sql: string, params: unknown[]) {
    const scope = storage.getStore();
    if (!scope) return;
    scope.queries += 1;
    scope.sent?.push({ sql, params });
  },
};

export function currentScope(): RequestScope | undefined {
  return storage.getStore();
}

const SET_COMMISSIONER = "select set_config('app.commissioner_id', $1, true)";
const SET_CONNECTION_COMMISSIONER = "select set_config('app.commissioner_id', $1, false)";

/**
 * The postgres.js client of the portal's login role, with every query told the request's commissioner, so that no
 * pooled connection carries one request's commissioner into another's. A transaction sets it for itself (SET LOCAL).
 * A query outside one is sent on a connection of the pool reserved for it, after setting it for that connection, in
 * one round trip; with no commissioner known (outside a request, or before the user is known) it is set empty and
 * the tenant tables show no rows. Every use of a connection sets it first, so none reads with the last one's.
 */
export function scopedToCommissioner(client: postgres.Sql): postgres.Sql {
  const begin = (options: string | undefined, work: (tx: postgres.TransactionSql) => unknown) => {
    const commissionerId = storage.getStore()?.commissionerId ?? "";
    const scoped = async (tx: postgres.TransactionSql) => {
      await tx.unsafe(SET_COMMISSIONER, [commissionerId]);
      return work(tx);
    };
    return options ? client.begin(options, scoped) : client.begin(scoped);
  };
  const unsafe = (query: string, params?: postgres.ParameterOrJSON<never>[], options?: postgres.UnsafeQueryOptions) => {
    const commissionerId = storage.getStore()?.commissionerId ?? "";
    const run = async (values: boolean) => {
      const connection = await client.reserve();
      try {
        // Pipelined: the setting and the query go together, and the query runs only once the setting has.
        const [, rows] = await Promise.all([
          connection.unsafe(SET_CONNECTION_COMMISSIONER, [commissionerId]),
          values ? connection.unsafe(query, params, options).values() : connection.unsafe(query, params, options),
        ]);
        return rows as unknown;
      } finally {
        connection.release();
      }
    };
    // drizzle awaits the query, or asks for its rows as arrays with .values().
    return { then: (resolve: (v: unknown) => unknown, reject: (e: unknown) => unknown) => run(false).then(resolve, reject), values: () => run(true) };
  };
  return new Proxy(client, {
    get(target, property, receiver) {
      if (property === "begin")
        return (...args: unknown[]) => (args.length > 1 ? begin(args[0] as string, args[1] as never) : begin(undefined, args[0] as never));
      if (property === "unsafe") return unsafe;
      return Reflect.get(target, property, receiver) as unknown;
    },
  });
}
