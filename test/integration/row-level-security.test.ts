import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb, pgErrorOf, rowsOf, type Database } from "#db/client.server";
import { enterCommissioner, withRequestScope } from "#db/tenant.server";
import { loader as homeLoader } from "~/routes/_index";
import { portalDb } from "../setup/portal-db";
import { insertCommissioner, insertHolder } from "../factories";
import { cookieFor, get, run } from "../factories/requests";
import { dpLedger, spend } from "./ledger-fixtures";

const onServer = Boolean(process.env.DATABASE_URL);
const refusal = (statement: Promise<unknown>) => statement.then(() => null, pgErrorOf);

/** Runs `work` on the portal's own connection as one request of this commissioner would. */
function asRequestOf<T>(commissionerId: string | null, work: (db: Database) => Promise<T>): Promise<T> {
  return withRequestScope(() => {
    if (commissionerId) enterCommissioner(commissionerId);
    return work(getDb());
  }, portalDb());
}

async function count(db: Database, table: string, where = sql`true`) {
  const [{ n }] = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from ${sql.identifier(table)} where ${where}`));
  return n;
}

// PGlite has one superuser, which row-level security does not restrict: these walls stand on the server (README).
describe.skipIf(!onServer)("the database's own walls (PostgreSQL)", () => {
  it("connects requests as a login role that is no superuser, bypasses no policy and owns no table", async () => {
    const [role] = rowsOf<{ name: string; superuser: boolean; bypass: boolean; owns: number }>(
      await asRequestOf(null, (db) =>
        db.execute(sql`
          select r.rolname as name, r.rolsuper as superuser, r.rolbypassrls as bypass,
                 (select count(*)::int from pg_tables t where t.schemaname = 'public' and t.tableowner = r.rolname) as owns
            from pg_roles r where r.rolname = current_user`),
      ),
    );
    expect(role).toEqual({ name: expect.not.stringMatching(/^postgres$/) as string, superuser: false, bypass: false, owns: 0 });
  });

  it("forces row-level security on every table but those read before anyone's commissioner is known", async () => {
    const tables = rowsOf<{ name: string; forced: boolean; policies: number }>(
      await getDb().execute(sql`
        select c.relname as name, c.relrowsecurity and c.relforcerowsecurity as forced,
               (select count(*)::int from pg_policy p where p.polrelid = c.oid) as policies
          from pg_class c join pg_namespace n on n.oid = c.relnamespace
         where n.nspname = 'public' and c.relkind = 'r' order by 1`),
    );
    // A new table is a tenant table, with a policy in its migration, unless it is added here with the reason.
    // password_resets: found by its secret token before anyone is signed in, like representative_invitations.
    // assistant_invitations too: a PA's link to sign in is found by its token, as a representative's is.
    const beforeSignIn = ["assistant_invitations", "password_resets", "representative_invitations", "sessions", "sign_in_attempts", "users"];
    expect(tables.filter((t) => !t.forced || t.policies === 0).map((t) => t.name)).toEqual(beforeSignIn);
  });

  it("shows a query without the commissioner set no rows of any tenant table", async () => {
    const ledger = await dpLedger({ fundedPence: 10_000 });
    const posted = await spend(ledger, "walls-1", 1_000);
    if (!posted.ok) throw new Error(posted.message);
    for (const table of ["holders", "ledger_accounts", "journal_entries", "postings", "audit_log", "commissioners", "arrangements"]) {
      expect(await count(getDb(), table), `${table} as the owner`).toBeGreaterThan(0);
      expect(await count(portalDb(), table), `${table} with no commissioner set`).toBe(0);
      expect(await asRequestOf(null, (db) => count(db, table)), `${table} in a request before sign-in`).toBe(0);
    }
  });

  it("hides another commissioner's rows even from raw SQL, and refuses to write rows for it", async () => {
    const a = await dpLedger({ fundedPence: 10_000 });
    const b = await dpLedger({ fundedPence: 20_000 });
    const posted = await spend(b, "walls-b", 2_500);
    if (!posted.ok) throw new Error(posted.message);
    await asRequestOf(a.commissioner.id, async (db) => {
      expect(await count(db, "holders", sql`id = ${a.holder.id}`)).toBe(1);
      expect(await count(db, "holders", sql`id = ${b.holder.id}`)).toBe(0);
      expect(await count(db, "holders", sql`commissioner_id <> ${a.commissioner.id}`)).toBe(0);
      expect(await count(db, "postings", sql`account_id = ${b.dp.id}`)).toBe(0);
      expect(await count(db, "journal_entries", sql`id = ${posted.entry.id}`)).toBe(0);
      expect(await count(db, "ledger_accounts", sql`id = ${b.dp.id}`)).toBe(0);
      expect(await count(db, "commissioners")).toBe(1);
      // A write naming the other commissioner is refused by the policy's check, not silently dropped.
      expect(
        await refusal(
          db.execute(
            sql`insert into holders (commissioner_id, nhs_number, given_name, family_name, date_of_birth, cohort)
                values (${b.commissioner.id}, '9434765919', 'Forged', 'Holder', '1980-01-01', 'chc')`,
          ),
        ),
      ).toMatchObject({ code: "42501" });
      // Nor can an update or delete reach its rows: they are not there to change.
      const updated = rowsOf(await db.execute(sql`update holders set family_name = 'Forged' where id = ${b.holder.id} returning id`));
      expect(updated).toHaveLength(0);
    });
    const [holder] = rowsOf<{ family_name: string }>(await getDb().execute(sql`select family_name from holders where id = ${b.holder.id}`));
    expect(holder.family_name).not.toBe("Forged");
  });

  it("refuses to set a balance, or change or remove a posting, an entry or an audit row, even the commissioner's own", async () => {
    const ledger = await dpLedger({ fundedPence: 10_000 });
    const posted = await spend(ledger, "walls-2", 1_000);
    if (!posted.ok) throw new Error(posted.message);
    await asRequestOf(ledger.commissioner.id, async (db) => {
      expect(await refusal(db.execute(sql`update ledger_accounts set balance_pence = 99999999 where id = ${ledger.dp.id}`))).toMatchObject({
        code: "42501",
        message: "permission denied for table ledger_accounts",
      });
      for (const statement of [
        sql`update postings set amount_pence = 1 where entry_id = ${posted.entry.id}`,
        sql`delete from postings where entry_id = ${posted.entry.id}`,
        sql`update journal_entries set description = 'forged' where id = ${posted.entry.id}`,
        sql`insert into postings (entry_id, account_id, amount_pence, effective_date) values (${posted.entry.id}, ${ledger.dp.id}, 100, '2026-04-01')`,
        sql`update audit_log set action = 'forged'`,
        sql`delete from audit_log`,
      ]) {
        expect(await refusal(db.execute(statement))).toMatchObject({ code: "42501" });
      }
    });
    const [{ balance }] = rowsOf<{ balance: string }>(
      await getDb().execute(sql`select balance_pence as balance from ledger_accounts where id = ${ledger.dp.id}`),
    );
    expect(Number(balance)).toBe(9_000);
  });

  it("lets the posting function move only the caller's commissioner's money", async () => {
    const a = await dpLedger({ fundedPence: 10_000 });
    const b = await dpLedger({ fundedPence: 20_000 });
    const entry = (key: string) =>
      JSON.stringify([
        {
          idempotency_key: key,
          kind: "adjustment",
          effective_date: "2026-04-02",
          description: "Moved",
          content_hash: key,
          account_ids: `{${b.dp.id},${b.payee.id}}`,
          amounts: "{-5000,5000}",
          audit_action: "ledger.posted",
        },
      ]);
    const post = (db: Database, key: string) =>
      db.execute(sql`select ledger_post_entries(${entry(key)}::jsonb) as answers`).then((r) => rowsOf<{ answers: { outcome: string }[] }>(r)[0].answers);
    expect(await asRequestOf(a.commissioner.id, (db) => post(db, "steal-1"))).toEqual([{ outcome: "unknown-account" }]);
    expect(await asRequestOf(null, (db) => post(db, "steal-2"))).toEqual([{ outcome: "unknown-account" }]);
    expect(await asRequestOf(b.commissioner.id, (db) => post(db, "own-1"))).toMatchObject([{ outcome: "posted" }]);
    const [{ balance }] = rowsOf<{ balance: string }>(await getDb().execute(sql`select balance_pence as balance from ledger_accounts where id = ${b.dp.id}`));
    expect(Number(balance)).toBe(15_000);
  });

  it("keeps each request's commissioner to that request: pooled connections carry nothing over", async () => {
    const a = await dpLedger({ fundedPence: 10_000 });
    const b = await dpLedger({ fundedPence: 10_000 });
    // Many requests of both commissioners at once on one pool, then queries with none set.
    const seen = await Promise.all(
      Array.from({ length: 40 }, (_, i) => {
        const mine = i % 2 ? a : b;
        return asRequestOf(mine.commissioner.id, async (db) => {
          const ids = rowsOf<{ id: string }>(await db.execute(sql`select id from holders`)).map((r) => r.id);
          const inTransaction = await db.transaction(async (tx) => rowsOf<{ id: string }>(await tx.execute(sql`select id from holders`)).map((r) => r.id));
          return { expected: mine.holder.id, ids, inTransaction };
        });
      }),
    );
    for (const s of seen) {
      expect(s.ids).toEqual([s.expected]);
      expect(s.inTransaction).toEqual([s.expected]);
    }
    for (let i = 0; i < 10; i++) {
      expect(await count(portalDb(), "holders")).toBe(0);
      expect(await portalDb().transaction((tx) => count(tx, "holders"))).toBe(0);
    }
  });

  it("serves a signed-in request through those walls: the holder's home page, as the portal's role", async () => {
    const { holder, user } = await insertHolder((await insertCommissioner()).id);
    await insertHolder((await insertCommissioner()).id);
    const home = (await run(homeLoader, get("/", await cookieFor(user!.email)))) as { view: string; holder: { familyName: string } };
    expect(home).toMatchObject({ view: "holder", holder: { familyName: holder.familyName } });
  });
});
