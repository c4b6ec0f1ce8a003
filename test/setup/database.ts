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
 * The server's two roles for the database tests: the owner (DATABASE_OWNER_URL, else DATABASE_URL), which makes the
 * databases, migrates them and builds each test's world; and the portal's own role, which the tests' requests use
 * as the portal does in production: DATABASE_URL when an owner URL is given, else `phb_app` on the same server.
 */
export function serverRoles() {
  const url = process.env.DATABASE_URL;
  if (!url) return null;
  const ownerUrl = process.env.DATABASE_OWNER_URL ?? url;
  const portalUrl = process.env.DATABASE_OWNER_URL ? url : withUser(url, "phb_app");
  return { ownerUrl, portalUrl };
}

function withUser(url: string, user: string) {
  const u = new URL(url);
  u.username = user;
  u.password = "";
  return u.toString();
}

/**
 * A database of its own for one test file: a copy of the migrated template on the PostgreSQL server when
 * DATABASE_URL is set, opened as the owner (`db`) and as the portal's role (`portalDb`), or a fresh in-memory PGlite,
 * migrated, when it is not (one superuser: both are the same connection).
 */
export async function createTestDatabase(
  options: { maxConnections?: number } = {},
): Promise<OpenDatabase & { url?: string; portalUrl?: string; portalDb: OpenDatabase["db"] }> {
  const roles = serverRoles();
  if (!roles) {
    const database = await openDatabase({ dataDir: "memory://" });
    await database.migrate();
    return { ...database, portalDb: database.db };
  }
  const name = `phb_test_${process.env.VITEST_POOL_ID ?? "0"}_${randomBytes(4).toString("hex")}`;
  await adminQuery(roles.ownerUrl, `CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DATABASE}`);
  const url = withDatabase(roles.ownerUrl, name);
  const portalUrl = withDatabase(roles.portalUrl, name);
  const database = await openDatabase({ url, maxConnections: options.maxConnections ?? 10 });
  const portal = await openDatabase({ url: portalUrl, maxConnections: options.maxConnections ?? 10, scoped: true });
  return {
    ...database,
    url,
    portalUrl,
    portalDb: portal.db,
    close: async () => {
      await portal.close();
      await database.close();
      await adminQuery(roles.ownerUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

export { withDatabase };
