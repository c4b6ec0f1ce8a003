import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { openDatabase, rowsOf } from "#db/client.server";
import { withRequestScope } from "#db/tenant.server";

/**
 * drizzle sends its queries unnamed, which postgres.js parses and describes in a round trip of its own every time;
 * the portal's connections prepare each query once per connection instead (preparingStatements, db/client.server.ts).
 * PostgreSQL only: PGlite runs in the process, with no round trips to save.
 */
describe.skipIf(!process.env.DATABASE_URL)("prepared statements on PostgreSQL", () => {
  it("prepares a query once and uses it again, in and out of transactions, on the portal's role too", async () => {
    for (const scoped of [false, true]) {
      const database = await openDatabase({ url: process.env.DATABASE_URL!, maxConnections: 1, scoped });
      try {
        const named = async () =>
          rowsOf<{ statement: string }>(await database.db.execute(sql`select statement from pg_prepared_statements`)).map((r) => r.statement);
        await withRequestScope(async () => {
          for (let i = 0; i < 3; i++) await database.db.execute(sql`select ${i}::int + 40 as answer`);
          await database.db.transaction(async (tx) => {
            await tx.execute(sql`select ${1}::int + 41 as answer`);
            await tx.transaction((savepoint) => savepoint.execute(sql`select ${1}::int + 42 as answer`));
          });
        });
        const statements = await named();
        expect(statements.filter((s) => s === "select $1::int + 40 as answer")).toHaveLength(1);
        expect(statements).toContain("select $1::int + 41 as answer");
        expect(statements).toContain("select $1::int + 42 as answer");
      } finally {
        await database.close();
      }
    }
  });
});
