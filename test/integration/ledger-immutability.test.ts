import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb, pgErrorOf, rowsOf } from "#db/client.server";
import { dpLedger, spend } from "./ledger-fixtures";

const refusal = (statement: Promise<unknown>) => statement.then(() => null, pgErrorOf);

describe("ledger immutability", () => {
  it("refuses UPDATE, DELETE and TRUNCATE on entries and postings, as the role the app connects with", async () => {
    const db = getDb();
    const ledger = await dpLedger({ fundedPence: 10_000 });
    const posted = await spend(ledger, "evidence", 1_000);
    if (!posted.ok) throw new Error(posted.message);
    const id = posted.entry.id;
    const [{ role }] = rowsOf<{ role: string }>(await db.execute(sql`select current_user as role`));
    expect(role).toBeTruthy(); // the same connection, and so the same role, the portal's use-cases run as

    expect(await refusal(db.execute(sql`update journal_entries set description = 'forged' where id = ${id}`))).toEqual({
      code: "42501",
      message: "journal_entries is append-only: UPDATE refused",
    });
    expect(await refusal(db.execute(sql`delete from journal_entries where id = ${id}`))).toEqual({
      code: "42501",
      message: "journal_entries is append-only: DELETE refused",
    });
    expect(await refusal(db.execute(sql`update postings set amount_pence = amount_pence * 2 where entry_id = ${id}`))).toEqual({
      code: "42501",
      message: "postings is append-only: UPDATE refused",
    });
    expect(await refusal(db.execute(sql`delete from postings where entry_id = ${id}`))).toEqual({
      code: "42501",
      message: "postings is append-only: DELETE refused",
    });
    expect(await refusal(db.execute(sql`truncate postings cascade`))).toEqual({ code: "42501", message: "postings is append-only: TRUNCATE refused" });
    expect(await refusal(db.execute(sql`truncate journal_entries cascade`))).toMatchObject({ code: "42501" });

    const [{ n }] = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from postings where entry_id = ${id}`));
    expect(n).toBe(2);
  });

  it("refuses them to a non-owner login role that has every table privilege, too", async () => {
    const db = getDb();
    const ledger = await dpLedger({ fundedPence: 10_000 });
    const posted = await spend(ledger, "evidence-2", 1_000);
    if (!posted.ok) throw new Error(posted.message);
    // Roles are per server: two test files may race to create it.
    await db
      .execute(sql`do $$ begin if not exists (select 1 from pg_roles where rolname = 'phb_app_test') then create role phb_app_test nosuperuser; end if; end $$`)
      .catch(() => undefined);
    await db.execute(sql`grant select, insert, update, delete on journal_entries, postings, ledger_accounts to phb_app_test`);
    const asAppRole = (statement: ReturnType<typeof sql>) =>
      refusal(
        db.transaction(async (tx) => {
          await tx.execute(sql`set local role phb_app_test`);
          // As the commissioner whose rows these are, so that row-level security (on PostgreSQL) shows it the rows.
          await tx.execute(sql`select set_config('app.commissioner_id', ${ledger.commissioner.id}, true)`);
          await tx.execute(statement);
        }),
      );
    expect(await asAppRole(sql`update postings set amount_pence = 1 where entry_id = ${posted.entry.id}`)).toEqual({
      code: "42501",
      message: "postings is append-only: UPDATE refused",
    });
    expect(await asAppRole(sql`delete from journal_entries where id = ${posted.entry.id}`)).toEqual({
      code: "42501",
      message: "journal_entries is append-only: DELETE refused",
    });
  });
});
