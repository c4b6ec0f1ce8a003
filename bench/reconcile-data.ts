import { sql } from "drizzle-orm";
import { rowsOf, type Database } from "../db/client.server";

/*
 * The reconciliation benchmark's data, loaded in bulk SQL into the demo commissioner beside its demo data (so that
 * finance@demo.nhs.uk's dashboard reads it): holders with a direct payment and a plan in force, their ledger and
 * their bank lines. The ledger's balance triggers still check every entry at commit, as in scripts/bench-seed.ts.
 */

export const SUPPLIERS = 20;
/** The months each of the many holders has a statement for, all matched, one reconciled per run. */
export const MONTHS = ["2026-08", "2026-09", "2026-10"];

export interface BenchCommissioner {
  commissionerId: string;
  financeId: string;
  coordinatorId: string;
  fundingId: number;
}

export async function benchCommissioner(db: Database): Promise<BenchCommissioner> {
  const [row] = rowsOf<{ commissioner_id: string; finance_id: string; coordinator_id: string }>(
    await db.execute(sql`
      select f.commissioner_id, f.id as finance_id, c.id as coordinator_id from users f
      join users c on c.commissioner_id = f.commissioner_id and c.email = 'coordinator@demo.nhs.uk'
      where f.email = 'finance@demo.nhs.uk'`),
  );
  const c = row.commissioner_id;
  await db.execute(sql`
    insert into ledger_accounts (commissioner_id, kind, code, name, may_overdraw)
    select ${c}::uuid, 'commissioner-funding'::ledger_account_kind, 'funding', 'Commissioner funding', true
    where not exists (select 1 from ledger_accounts where commissioner_id = ${c}::uuid and code = 'funding')
    union all
    select ${c}::uuid, 'payee'::ledger_account_kind, 'payee:bench-' || g, 'Bench supplier ' || chr(64 + g), true from generate_series(1, ${SUPPLIERS}) g`);
  const [funding] = rowsOf<{ id: string }>(await db.execute(sql`select id from ledger_accounts where commissioner_id = ${c}::uuid and code = 'funding'`));
  return { commissionerId: c, financeId: row.finance_id, coordinatorId: row.coordinator_id, fundingId: Number(funding.id) };
}

/**
 * `count` holders named `family` with a direct payment opened on 1 April 2026, its ledger account and bank account,
 * and an approved plan with a yearly budget, as the plans issue leaves them. Returns their ids, in name order.
 */
export async function addHolders(db: Database, bench: BenchCommissioner, input: { count: number; family: string; firstNhsNumber: number }) {
  const c = bench.commissionerId;
  await db.transaction(async (tx) => {
    await tx.execute(sql`
      create temp table new_holders on commit drop as
      select gen_random_uuid() as id, gen_random_uuid() as arrangement_id, gen_random_uuid() as plan_id, gen_random_uuid() as budget_id, g
        from generate_series(1, ${input.count}::int) g`);
    await tx.execute(sql`
      insert into holders (id, commissioner_id, nhs_number, given_name, family_name, date_of_birth, cohort)
      select id, ${c}::uuid, (${input.firstNhsNumber}::bigint + g)::text, 'Bench', ${input.family} || ' ' || lpad(g::text, 5, '0'), date '1950-01-01' + g * 5,
             (array['chc', 'mental-health', 'learning-disability-autism', 'long-term-condition', 's117'])[1 + g % 5]::cohort
        from new_holders`);
    await tx.execute(sql`
      insert into arrangements (id, commissioner_id, holder_id, holding, name, opened_on)
      select arrangement_id, ${c}::uuid, id, 'direct-payment'::holding, 'Direct payment account', date '2026-04-01' from new_holders`);
    await tx.execute(sql`
      insert into ledger_accounts (commissioner_id, kind, arrangement_id, code, name, may_overdraw)
      select ${c}::uuid, 'direct-payment'::ledger_account_kind, arrangement_id, 'arrangement:' || arrangement_id, 'Direct payment account', false from new_holders`);
    await tx.execute(sql`
      insert into bank_accounts (commissioner_id, arrangement_id, account_name, sort_code, account_number, recorded_by)
      select ${c}::uuid, arrangement_id, 'BENCH PHB ' || g, '309430', lpad((${input.firstNhsNumber}::bigint % 10000000 + g)::text, 8, '0'), ${bench.financeId}::uuid
        from new_holders`);
    await tx.execute(sql`
      insert into plans (id, commissioner_id, holder_id) select plan_id, ${c}::uuid, id from new_holders`);
    await tx.execute(sql`
      insert into budgets (id, commissioner_id, holder_id, starts_on, direct_payment_pence)
      select budget_id, ${c}::uuid, id, date '2026-04-01', 2400000 from new_holders`);
    await tx.execute(sql`
      insert into plan_versions (commissioner_id, plan_id, holder_id, version, status, starts_on, first_review_on, final_pence, authored_by,
                                 last_edited_by, approved_at, in_force_from, budget_id)
      select ${c}::uuid, plan_id, id, 1, 'approved', date '2026-04-01', date '2026-07-01', 2400000, ${bench.coordinatorId}::uuid,
             ${bench.coordinatorId}::uuid, now(), date '2026-04-01', budget_id
        from new_holders`);
  });
  return rowsOf<{ id: string }>(
    await db.execute(sql`select id from holders where commissioner_id = ${c}::uuid and family_name like ${`${input.family} %`} order by family_name`),
  ).map((r) => r.id);
}

/**
 * For each holder of the family, one month of entries (an instalment on the 1st, four spends to suppliers) and the bank's
 * lines for them, each already matched to its entry, with the bank's running balance: a month ready to reconcile.
 */
export async function addMatchedMonth(db: Database, bench: BenchCommissioner, family: string, month: string) {
  const c = bench.commissionerId;
  await db.transaction(async (tx) => {
    await tx.execute(sql`
      create temp table month_plan on commit drop as
      select nextval('journal_entries_id_seq') as entry_id, gen_random_uuid() as line_id, h.id as holder_id, a.id as dp_id, ba.id as bank_account_id,
             h.payment_number, s, (${`${month}-01`}::date + case when s = 0 then 0 else s * 6 end) as effective_date,
             case when s = 0 then 200000 else 3000 + (h.payment_number * 7 + s * 131) % 20000 end as pence,
             (select id from ledger_accounts where commissioner_id = ${c}::uuid and code = 'payee:bench-' || (1 + (h.payment_number + s) % ${SUPPLIERS})) as payee_id,
             'Bench supplier ' || chr(65 + ((h.payment_number + s) % ${SUPPLIERS})::int) as payee_name
        from holders h
        join arrangements ar on ar.holder_id = h.id and ar.holding = 'direct-payment'
        join ledger_accounts a on a.arrangement_id = ar.id
        join bank_accounts ba on ba.arrangement_id = ar.id
        cross join generate_series(0, 4) s
       where h.commissioner_id = ${c}::uuid and h.family_name like ${`${family} %`}`);
    await tx.execute(sql`
      insert into journal_entries (id, commissioner_id, kind, effective_date, description, idempotency_key, content_hash, on_behalf_of_holder_id)
      select entry_id, ${c}::uuid, case when s = 0 then 'instalment' else 'spend' end::journal_entry_kind, effective_date,
             case when s = 0 then 'Direct payment instalment' else 'Care and support from ' || payee_name end,
             'bench-reconcile:' || holder_id || ':' || ${month} || ':' || s, 'bench', holder_id
        from month_plan`);
    await tx.execute(sql`
      insert into postings (entry_id, account_id, amount_pence, effective_date)
      select entry_id, dp_id, case when s = 0 then pence else -pence end, effective_date from month_plan
      union all
      select entry_id, case when s = 0 then ${bench.fundingId} else payee_id end, case when s = 0 then -pence else pence end, effective_date from month_plan`);
    await tx.execute(sql`
      update ledger_accounts a set balance_pence = a.balance_pence + t.total, latest_effective_date = greatest(a.latest_effective_date, t.latest)
        from (select account_id, sum(amount_pence) as total, max(p.effective_date) as latest
                from postings p join month_plan on month_plan.entry_id = p.entry_id group by account_id) t
       where a.id = t.account_id`);
    await tx.execute(sql`
      create temp table month_imports on commit drop as
      select gen_random_uuid() as import_id, bank_account_id, min(effective_date) as first_date, max(effective_date) as last_date, count(*) as lines
        from month_plan group by bank_account_id`);
    await tx.execute(sql`
      insert into bank_statement_imports (id, commissioner_id, bank_account_id, file_name, format, first_date, last_date, lines_read, lines_added, imported_by)
      select import_id, ${c}::uuid, bank_account_id, 'bench.csv', 'csv', first_date, last_date, lines, lines, ${bench.financeId}::uuid from month_imports`);
    // The bank's balance after each line: what the account held before the month, then the month's lines in order.
    await tx.execute(sql`
      insert into bank_statement_lines (id, commissioner_id, bank_account_id, import_id, fingerprint, line_date, amount_pence, description, balance_pence)
      select m.line_id, ${c}::uuid, m.bank_account_id, i.import_id, 'bench:' || m.line_id, m.effective_date,
             case when s = 0 then pence else -pence end,
             case when s = 0 then 'PHB ' || lpad(payment_number::text, 4, '0') || ' INST' else upper(payee_name) end,
             coalesce((select sum(amount_pence) from bank_statement_lines o where o.bank_account_id = m.bank_account_id), 0)
               + sum(case when s = 0 then pence else -pence end) over (partition by m.bank_account_id order by s)
        from month_plan m join month_imports i on i.bank_account_id = m.bank_account_id`);
    await tx.execute(sql`
      insert into bank_line_matches (commissioner_id, holder_id, bank_line_id, outcome, journal_entry_id, how, matched_by)
      select ${c}::uuid, holder_id, line_id, 'ledger-entry', entry_id, 'automatic', ${bench.financeId}::uuid from month_plan`);
  });
}

/**
 * One holder's ledger of `entries` spends from 1 April to 30 November 2026, each of its own amount to one of the
 * suppliers, funded by eight monthly instalments; and a statement of `entries` lines as the bank would export it:
 * 95% of them the spends (some a day later than the ledger has them), the rest lines the ledger does not have.
 */
export async function addBusyHolder(db: Database, bench: BenchCommissioner, holderId: string, entries: number) {
  const c = bench.commissionerId;
  const instalmentPence = Math.ceil((entries * (100 + entries)) / 8) + 100_000;
  await db.transaction(async (tx) => {
    await tx.execute(sql`
      create temp table busy_plan on commit drop as
      select nextval('journal_entries_id_seq') as entry_id, i, a.id as dp_id,
             case when i < 0 then date '2026-04-01' + make_interval(months => -i - 1) else date '2026-04-01' + (i * 243 / ${entries}::int) end::date as effective_date,
             case when i < 0 then ${instalmentPence}::bigint else 100 + i end as pence,
             (select id from ledger_accounts where commissioner_id = ${c}::uuid and code = 'payee:bench-' || (1 + abs(i) % ${SUPPLIERS})) as payee_id
        from arrangements ar join ledger_accounts a on a.arrangement_id = ar.id
        cross join generate_series(-8, ${entries - 1}::int) i
       where ar.holder_id = ${holderId}::uuid and ar.holding = 'direct-payment'`);
    await tx.execute(sql`
      insert into journal_entries (id, commissioner_id, kind, effective_date, description, idempotency_key, content_hash, on_behalf_of_holder_id)
      select entry_id, ${c}::uuid, case when i < 0 then 'instalment' else 'spend' end::journal_entry_kind, effective_date,
             case when i < 0 then 'Direct payment instalment' else 'Care and support ' || i end, 'bench-busy:' || ${holderId} || ':' || i, 'bench', ${holderId}::uuid
        from busy_plan`);
    await tx.execute(sql`
      insert into postings (entry_id, account_id, amount_pence, effective_date)
      select entry_id, dp_id, case when i < 0 then pence else -pence end, effective_date from busy_plan
      union all
      select entry_id, case when i < 0 then ${bench.fundingId} else payee_id end, case when i < 0 then -pence else pence end, effective_date from busy_plan`);
    await tx.execute(sql`
      update ledger_accounts a set balance_pence = a.balance_pence + t.total, latest_effective_date = greatest(a.latest_effective_date, t.latest)
        from (select account_id, sum(amount_pence) as total, max(p.effective_date) as latest
                from postings p join busy_plan on busy_plan.entry_id = p.entry_id group by account_id) t
       where a.id = t.account_id`);
  });
  const ukDate = (iso: string) => iso.split("-").reverse().join("/");
  const day = (i: number) => new Date(Date.UTC(2026, 3, 1) + Math.floor((i * 243) / entries) * 86_400_000).toISOString().slice(0, 10);
  const matching = Math.floor(entries * 0.95);
  const lines = ["Date,Description,Amount"];
  for (let i = 0; i < entries; i++) {
    const pence = 100 + i;
    const pounds = `${Math.floor(pence / 100)}.${String(pence % 100).padStart(2, "0")}`;
    if (i < matching) {
      const cleared = i % 2 === 0 ? day(i) : new Date(Date.parse(day(i)) + 86_400_000).toISOString().slice(0, 10);
      lines.push(`${ukDate(cleared)},CARD PAYMENT TO BENCH SUPPLIER ${String.fromCharCode(64 + (1 + (i % SUPPLIERS)))},-${pounds}`);
    } else {
      // An amount no entry has: money the ledger does not know of, left for finance.
      lines.push(`${ukDate(day(i))},CASH WITHDRAWAL ${i},-1${pounds.padStart(7, "0")}`);
    }
  }
  return `${lines.join("\n")}\n`;
}
