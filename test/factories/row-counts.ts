import { sql } from "drizzle-orm";
import { getDb, rowsOf } from "#db/client.server";

/** Rows in every table: a refused request adds none. */
export async function rowCounts() {
  const db = getDb();
  const tables = rowsOf<{ tablename: string }>(await db.execute(sql`select tablename from pg_tables where schemaname = 'public' order by tablename`));
  const counts: Record<string, number> = {};
  for (const { tablename } of tables) {
    counts[tablename] = rowsOf<{ n: number }>(await db.execute(sql.raw(`select count(*)::int as n from "${tablename}"`)))[0].n;
  }
  return counts;
}
