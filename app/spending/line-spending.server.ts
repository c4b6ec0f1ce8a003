import { sql } from "drizzle-orm";
import { rowsOf, type Database } from "#db/client.server";
import type { Pence } from "~/ledger/money";

/**
 * What has gone out of a holder's arrangements (less what came back) as spending, by the plan support line it counts
 * against, in a period: spends and invoices, payroll, card payments, refunds and the reversals of any of them. The
 * money that is not spending is left out: instalments paid in, money returned to the NHS and money carried over
 * between the holder's own accounts. Read from the ledger itself, so nothing that moved money is missed; what is not
 * matched to a line yet is under `null`.
 */
export async function spendingByLine(
  db: Database,
  input: { holderId: string; from: string; to: string; lineKey?: string },
): Promise<Map<string | null, Pence>> {
  const rows = rowsOf<{ line_key: string | null; spent: string }>(
    await db.execute(sql`select e.support_line_key as line_key, sum(-p.amount_pence) as spent ${spendingIn(input)} group by e.support_line_key`),
  );
  return new Map(rows.map((r) => [r.line_key, Number(r.spent)]));
}

/** The same spending, by the arrangement it went out of: one query for every way the holder's money is held. */
export async function spendingByArrangement(db: Database, input: { holderId: string; from: string; to: string }): Promise<Map<string, Pence>> {
  const rows = rowsOf<{ arrangement_id: string; spent: string }>(
    await db.execute(sql`select ar.id as arrangement_id, sum(-p.amount_pence) as spent ${spendingIn(input)} group by ar.id`),
  );
  return new Map(rows.map((r) => [r.arrangement_id, Number(r.spent)]));
}

function spendingIn(input: { holderId: string; from: string; to: string; lineKey?: string }) {
  return sql`
        from arrangements ar
        join ledger_accounts a on a.arrangement_id = ar.id
        join postings p on p.account_id = a.id
        join journal_entries e on e.id = p.entry_id
        left join journal_entries o on o.id = e.reverses_entry_id
       where ar.holder_id = ${input.holderId}
         and p.effective_date between ${input.from}::date and ${input.to}::date
         and e.kind not in ('instalment', 'clawback')
         and coalesce(o.kind::text, '') not in ('instalment', 'clawback')
         and coalesce(e.source_type, '') <> 'carry-over'
         ${input.lineKey ? sql`and e.support_line_key = ${input.lineKey}::uuid` : sql``}`;
}
