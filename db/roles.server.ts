import { sql } from "drizzle-orm";
import type { Database } from "./client.server";

/** A PostgreSQL role name as it may be written unquoted: the login role of DATABASE_URL. */
const ROLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * What the portal's login role may do, granted by the owner after each migration (the tables a migration adds get
 * the same): read and write the tenant tables, which row-level security narrows to one commissioner; never change or
 * remove a posting, a journal entry or an audit row, nor set a balance: balances move only through the posting
 * function, which runs as the owner. Run by the owner; the role itself is made by whoever runs the server (README).
 */
export async function grantPortalRole(db: Database, role: string) {
  if (!ROLE_NAME.test(role)) throw new Error(`"${role}" is not a role name this portal can grant to: use lower-case letters, digits and _`);
  const r = sql.raw(role);
  await db.transaction(async (tx) => {
    for (const statement of [
      sql`grant usage on schema public to ${r}`,
      sql`grant select, insert, update, delete on all tables in schema public to ${r}`,
      sql`grant usage, select on all sequences in schema public to ${r}`,
      sql`revoke insert, update, delete, truncate on postings, journal_entries from ${r}`,
      sql`revoke update, delete, truncate on audit_log from ${r}`,
      sql`revoke update, delete, truncate on ledger_accounts from ${r}`,
      sql`revoke insert, update, delete, truncate on receipt_files from ${r}`,
    ]) {
      await tx.execute(statement);
    }
  });
}

/**
 * Makes the portal's login role when the server has none, for the tests and the benchmark; a deployment makes its
 * own, with a password (README). Two test runs starting together may both try: the loser's attempt is let go.
 */
export async function createPortalRole(db: Database, role: string) {
  if (!ROLE_NAME.test(role)) throw new Error(`"${role}" is not a role name this portal can make: use lower-case letters, digits and _`);
  await db.execute(
    sql.raw(`DO $$ BEGIN
       IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${role}') THEN CREATE ROLE ${role} LOGIN; END IF;
     EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
     END $$`),
  );
}

/** The user name of a postgres:// URL. */
export function roleOfUrl(url: string) {
  return decodeURIComponent(new URL(url).username);
}
