import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { openDatabase, type OpenDatabase } from "#db/client.server";

// A name of its own per checkout (PHB_TEST_TEMPLATE) lets two checkouts run their database tests on one server at once.
export const TEMPLATE_DATABASE = process.env.PHB_TEST_TEMPLATE ?? "phb_test_template";

function withDatabase(url: string, name: string) {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Run one statement on the server's maintenance connection (CREATE/DROP DATABASE cannot run in a transaction). */
export async function adminQuery(url: string, statement: string) {
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(statement);
  } finally {
    await admin.end({ timeout: 5 });
  }
}

/**
 * A database of its own for one test file: a copy of the migrated template on the PostgreSQL server when
 * DATABASE_URL is set, or a fresh in-memory PGlite, migrated, when it is not.
 */
export async function createTestDatabase(options: { maxConnections?: number } = {}): Promise<OpenDatabase & { url?: string }> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const database = await openDatabase({ dataDir: "memory://" });
    await database.migrate();
    return database;
  }
  const name = `phb_test_${process.env.VITEST_POOL_ID ?? "0"}_${randomBytes(4).toString("hex")}`;
  await adminQuery(serverUrl, `CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DATABASE}`);
  const url = withDatabase(serverUrl, name);
  const database = await openDatabase({ url, maxConnections: options.maxConnections ?? 10 });
  return {
    ...database,
    url,
    close: async () => {
      await database.close();
      await adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

export { withDatabase };
