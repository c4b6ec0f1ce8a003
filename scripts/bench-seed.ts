/**
 * `npm run bench:seed -- --database-url postgres://.../phb_bench`: a commissioner with 2,000 direct-payment
 * holders and 3 years of 4-weekly instalments and spending (about 1M postings), for the statement benchmark.
 * PostgreSQL only. The history is bulk-loaded in SQL (the balance triggers still check every entry at commit);
 * it has no audit rows, which the benchmark does not read. Runs once per database.
 */
import { eq, sql } from "drizzle-orm";
import postgres from "postgres";
import { commissioners } from "../db/schema";
import { openDatabase, rowsOf } from "../db/client.server";
import { argValue, fail } from "./open-database";

const argv = process.argv.slice(2);
const url = argValue(argv, "database-url") ?? process.env.DATABASE_URL;
if (!url) fail("bench:seed needs a PostgreSQL server: pass --database-url postgres://... or set DATABASE_URL.");
const HOLDERS = Number(argValue(argv, "holders") ?? 2000);
const PERIODS = 39; // 3 years of 4-weekly instalments
const CHUNK = 250;
export const BENCH_ODS = "BENCH1";

// Create the database when it is missing, so one command prepares a fresh server.
const target = new URL(url);
const admin = postgres({
  host: target.hostname,
  port: Number(target.port || 5432),
  user: decodeURIComponent(target.username),
  password: decodeURIComponent(target.password) || undefined,
  database: "postgres",
  max: 1,
  onnotice: () => {},
});
const name = target.pathname.slice(1);
const [exists] = await admin`select 1 from pg_database where datname = ${name}`;
if (!exists) await admin.unsafe(`create database "${name.replace(/"/g, "")}"`);
await admin.end();

const database = await openDatabase({ url, maxConnections: 2 });
await database.migrate();
const { db } = database;
const started = Date.now();
try {
  const [already] = await db.select().from(commissioners).where(eq(commissioners.odsCode, BENCH_ODS));
  if (already) {
    console.log(`Already seeded: ${BENCH_ODS} exists in ${name}. Nothing to do.`);
  } else {
    const [commissioner] = await db.insert(commissioners).values({ name: "Benchmark ICB", odsCode: BENCH_ODS }).returning();
    const c = commissioner.id;
    await db.execute(sql`
      insert into ledger_accounts (commissioner_id, kind, code, name, may_overdraw)
      select ${c}::uuid, 'commissioner-funding'::ledger_account_kind, 'funding', 'Commissioner funding', true
      union all
      select ${c}::uuid, 'payee'::ledger_account_kind, 'payee:bench-' || g, 'Bench supplier ' || g, true from generate_series(1, 20) g`);
    for (let first = 0; first < HOLDERS; first += CHUNK) {
      const last = Math.min(HOLDERS, first + CHUNK) - 1;
      await db.transaction(async (tx) => {
        await tx.execute(sql`
          with h as (
            insert into holders (commissioner_id, nhs_number, given_name, family_name, date_of_birth, cohort)
            select ${c}::uuid, (9991000000 + g)::text, 'Bench', 'Holder ' || g, date '1970-01-01' + (g % 15000), 'chc'::cohort
              from generate_series(${first}::int, ${last}::int) g
            returning id, nhs_number
          ), b as (
            insert into budgets (commissioner_id, holder_id, starts_on, direct_payment_pence)
            select ${c}::uuid, h.id, date '2023-11-27', 1000000 + (h.nhs_number::bigint % 97) * 30000 from h
            returning id
          ), ar as (
            insert into arrangements (commissioner_id, holder_id, holding, name, opened_on)
            select ${c}::uuid, h.id, 'direct-payment', 'Direct payment account', date '2023-11-27' from h
            returning id
          )
          insert into ledger_accounts (commissioner_id, kind, arrangement_id, code, name, may_overdraw)
          select ${c}::uuid, 'direct-payment'::ledger_account_kind, ar.id, 'arrangement:' || ar.id, 'Direct payment account', false from ar`);
        // One row per entry: an instalment on day 0 of each period, then 5 or 6 spends of 8-15% of it.
        await tx.execute(sql`
          create temp table plan on commit drop as
          select nextval('journal_entries_id_seq') as entry_id, a.id as dp_id, b.holder_id,
                 date '2023-11-27' + k * 28 + case when s = 0 then 0 else 1 + s * 4 end as effective_date,
                 s, k,
                 case when s = 0 then b.direct_payment_pence / 13
                      else (b.direct_payment_pence / 13) * (8 + floor(random() * 8)::int) / 100 end as pence,
                 (select id from ledger_accounts where commissioner_id = ${c}::uuid and code = 'payee:bench-' || (1 + (s + k) % 20)) as payee_id
            from budgets b
            join holders ho on ho.id = b.holder_id and ho.nhs_number::bigint between ${9991000000 + first} and ${9991000000 + last}
            join arrangements ar on ar.holder_id = b.holder_id and ar.holding = 'direct-payment'
            join ledger_accounts a on a.arrangement_id = ar.id
            cross join generate_series(0, ${PERIODS - 1}) k
            cross join generate_series(0, 6) s
           where b.commissioner_id = ${c}::uuid and (s < 6 or k % 3 = 0)`);
        await tx.execute(sql`
          insert into journal_entries (id, commissioner_id, kind, effective_date, description, idempotency_key, content_hash, on_behalf_of_holder_id, source_type)
          select entry_id, ${c}::uuid, case when s = 0 then 'instalment' else 'spend' end::journal_entry_kind, effective_date,
                 case when s = 0 then 'Direct payment instalment ' || (k + 1) else 'Care and support ' || s end,
                 'bench:' || dp_id || ':' || k || ':' || s, 'bench', holder_id, case when s = 0 then 'instalment' else 'spend' end
            from plan`);
        await tx.execute(sql`
          insert into postings (entry_id, account_id, amount_pence, effective_date)
          select entry_id, dp_id, case when s = 0 then pence else -pence end, effective_date from plan
          union all
          select entry_id, case when s = 0 then (select id from ledger_accounts where commissioner_id = ${c}::uuid and code = 'funding') else payee_id end,
                 case when s = 0 then -pence else pence end, effective_date from plan`);
        await tx.execute(sql`
          update ledger_accounts a set balance_pence = a.balance_pence + t.total, latest_effective_date = greatest(a.latest_effective_date, t.latest)
            from (select account_id, sum(amount_pence) as total, max(p.effective_date) as latest
                    from postings p join plan on plan.entry_id = p.entry_id group by account_id) t
           where a.id = t.account_id`);
      });
      console.log(`  holders ${first + 1}-${last + 1} of ${HOLDERS} (${Math.round((Date.now() - started) / 1000)} s)`);
    }
    await db.execute(sql`analyze`);
  }
  const [counts] = rowsOf<{ entries: string; postings: string }>(
    await db.execute(sql`select (select count(*) from journal_entries) as entries, (select count(*) from postings) as postings`),
  );
  console.log(`${name}: ${counts.entries} entries, ${counts.postings} postings in all (${Math.round((Date.now() - started) / 1000)} s)`);
} finally {
  await database.close();
}
