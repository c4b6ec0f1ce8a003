import { sql, type SQL } from "drizzle-orm";
import { rowsOf, type Database } from "#db/client.server";
import { formatPence } from "./money";

export interface LedgerBreak {
  check: "entry-balances" | "entry-dates" | "account-cache" | "month-totals" | "never-overdrawn" | "reversal-mirrors" | "trial-balance";
  entryId?: number;
  accountId?: number;
  message: string;
}

export interface LedgerSummary {
  entries: number;
  postings: number;
  accounts: number;
  /** The sum of every positive posting: the money moved. */
  movedPence: number;
  /** The sum of every posting, which must be 0. */
  trialBalancePence: number;
}

export interface LedgerVerification {
  summary: LedgerSummary;
  breaks: LedgerBreak[];
}

const n = (v: unknown) => Number(v ?? 0);

/**
 * Reads the whole ledger (or one commissioner's) and checks what the database triggers and the posting code
 * promise, trusting neither: entries balance, caches equal postings, no no-overdraw account was ever below £0.00
 * in effective-date-then-entry order, reversals mirror their originals, and everything sums to zero.
 */
export async function verifyLedger(db: Database, options: { commissionerId?: string } = {}): Promise<LedgerVerification> {
  const scope = (alias: string): SQL => (options.commissionerId ? sql`${sql.raw(alias)}.commissioner_id = ${options.commissionerId}` : sql`true`);
  const q = async <T>(query: SQL) => rowsOf<T>(await db.execute(query));
  const breaks: LedgerBreak[] = [];

  const [summary] = await q<Record<string, string | number>>(sql`
    select (select count(*) from journal_entries e where ${scope("e")}) as entries,
           (select count(*) from ledger_accounts a where ${scope("a")}) as accounts,
           count(p.id) as postings,
           coalesce(sum(p.amount_pence) filter (where p.amount_pence > 0), 0) as moved,
           coalesce(sum(p.amount_pence), 0) as total
      from postings p join ledger_accounts a on a.id = p.account_id
     where ${scope("a")}`);

  for (const r of await q<{ id: string; legs: string; total: string }>(sql`
    select e.id, count(p.id) as legs, coalesce(sum(p.amount_pence), 0) as total
      from journal_entries e left join postings p on p.entry_id = e.id
     where ${scope("e")}
     group by e.id
    having count(p.id) < 2 or coalesce(sum(p.amount_pence), 0) <> 0 or bool_or(p.amount_pence = 0)
     order by e.id`)) {
    breaks.push({
      check: "entry-balances",
      entryId: n(r.id),
      message: `entry ${r.id} has ${r.legs} posting(s) summing to ${formatPence(n(r.total))}: it must have two or more summing to £0.00`,
    });
  }

  for (const r of await q<{ id: string; entry_id: string }>(sql`
    select p.id, p.entry_id from postings p
      join journal_entries e on e.id = p.entry_id
      join ledger_accounts a on a.id = p.account_id
     where ${scope("e")} and (p.effective_date <> e.effective_date or a.commissioner_id <> e.commissioner_id)
     order by p.id`)) {
    breaks.push({
      check: "entry-dates",
      entryId: n(r.entry_id),
      message: `entry ${r.entry_id}: posting ${r.id} has another date or another commissioner's account`,
    });
  }

  for (const r of await q<{ id: string; name: string; cached: string; derived: string }>(sql`
    select a.id, a.name, a.balance_pence as cached, coalesce(s.total, 0) as derived
      from ledger_accounts a
      left join (select account_id, sum(amount_pence) as total from postings group by account_id) s on s.account_id = a.id
     where ${scope("a")} and a.balance_pence <> coalesce(s.total, 0)
     order by a.id`)) {
    breaks.push({
      check: "account-cache",
      accountId: n(r.id),
      message: `account ${r.id} (${r.name}): cached balance ${formatPence(n(r.cached))} but its postings sum to ${formatPence(n(r.derived))}`,
    });
  }

  // The months' totals the dashboard reads (migration 0031) are a cache of the holders' postings like the balances.
  for (const r of await q<{ account_id: string; month: string; kind: string; kept: string | null; derived: string | null }>(sql`
    select coalesce(k.account_id, d.account_id) as account_id, to_char(coalesce(k.month, d.month), 'YYYY-MM') as month,
           coalesce(k.kind, d.kind) as kind, k.pence as kept, d.pence as derived
      from (select t.account_id, t.month, t.kind, t.pence from ledger_month_totals t join ledger_accounts a on a.id = t.account_id where ${scope("a")}) k
      full join (
        select p.account_id, date_trunc('month', p.effective_date)::date as month, coalesce(o.kind, e.kind) as kind, sum(p.amount_pence) as pence
          from postings p
          join ledger_accounts a on a.id = p.account_id and a.kind in ('direct-payment', 'third-party', 'notional')
          join journal_entries e on e.id = p.entry_id
          left join journal_entries o on o.id = e.reverses_entry_id
         where ${scope("a")}
         group by 1, 2, 3
      ) d on d.account_id = k.account_id and d.month = k.month and d.kind = k.kind
     where k.pence is distinct from d.pence
     order by 1, 2, 3`)) {
    breaks.push({
      check: "month-totals",
      accountId: n(r.account_id),
      message: `account ${r.account_id}: the ${r.kind} total kept for ${r.month} is ${formatPence(n(r.kept))} but its postings sum to ${formatPence(n(r.derived))}`,
    });
  }

  for (const r of await q<{ account_id: string; entry_id: string; balance: string; name: string }>(sql`
    select distinct on (account_id) account_id, entry_id, balance, name from (
      select p.account_id, p.entry_id, a.name,
             sum(p.amount_pence) over (partition by p.account_id order by p.effective_date, p.entry_id, p.id rows unbounded preceding) as balance
        from postings p join ledger_accounts a on a.id = p.account_id
       where not a.may_overdraw and ${scope("a")}
    ) running
     where balance < 0
     order by account_id, balance, entry_id`)) {
    breaks.push({
      check: "never-overdrawn",
      accountId: n(r.account_id),
      entryId: n(r.entry_id),
      message: `account ${r.account_id} (${r.name}) went below £0.00 to ${formatPence(n(r.balance))} at entry ${r.entry_id}`,
    });
  }

  for (const r of await q<{ id: string; original: string }>(sql`
    select distinct r.id, r.reverses_entry_id as original
      from journal_entries r
      join journal_entries o on o.id = r.reverses_entry_id
      cross join lateral (
        select coalesce(x.account_id, y.account_id) as account_id
          from (select account_id, sum(amount_pence) as total from postings where entry_id = r.id group by account_id) x
          full join (select account_id, -sum(amount_pence) as total from postings where entry_id = o.id group by account_id) y
            on x.account_id = y.account_id
         where x.total is distinct from y.total
      ) mismatch
     where ${scope("r")}
     order by r.id`)) {
    breaks.push({ check: "reversal-mirrors", entryId: n(r.id), message: `entry ${r.id} reverses entry ${r.original} but is not its mirror image` });
  }
  for (const r of await q<{ id: string }>(sql`
    select r.id from journal_entries r
      left join journal_entries o on o.id = r.reverses_entry_id
     where ${scope("r")} and r.reverses_entry_id is not null and (o.id is null or o.kind = 'reversal' or o.commissioner_id <> r.commissioner_id)`)) {
    breaks.push({
      check: "reversal-mirrors",
      entryId: n(r.id),
      message: `entry ${r.id} reverses something that is not an entry of its commissioner that can be reversed`,
    });
  }

  const total = n(summary.total);
  if (total !== 0) breaks.push({ check: "trial-balance", message: `the trial balance across all accounts is ${formatPence(total)}, not £0.00` });

  return {
    summary: {
      entries: n(summary.entries),
      postings: n(summary.postings),
      accounts: n(summary.accounts),
      movedPence: n(summary.moved),
      trialBalancePence: total,
    },
    breaks,
  };
}

/** The report verify-ledger prints. */
export function formatVerification({ summary, breaks }: LedgerVerification): string {
  const lines = [
    `Entries:        ${summary.entries}`,
    `Postings:       ${summary.postings}`,
    `Accounts:       ${summary.accounts}`,
    `Money moved:    ${formatPence(summary.movedPence)}`,
    `Trial balance:  ${formatPence(summary.trialBalancePence)}`,
    "",
    breaks.length === 0 ? "No breaks: the ledger is consistent." : `${breaks.length} break(s):`,
    ...breaks.map((b) => `  [${b.check}] ${b.message}`),
  ];
  return lines.join("\n");
}
