import { sql } from "drizzle-orm";
import { rowsOf, type Database } from "#db/client.server";
import { journalRows, type JournalPeriod } from "./journal";
import { loadJournalCodes } from "./journal-codes.server";

/**
 * The journal for the commissioner's finance system: every posting of each entry in the period that moved the
 * commissioner's own money (its funding, or what it holds for people as notional budgets), so that paying an
 * instalment, recovering money and buying care from a notional budget are booked; what holders spend from money
 * already paid to them is theirs, not the commissioner's. Each entry's lines sum to zero, as the ledger's do.
 */
export async function loadJournal(db: Database, input: { commissionerId: string; period: JournalPeriod }) {
  const [postings, { codes }] = await Promise.all([
    db
      .execute(
        sql`select e.id as entry_id, p.id as posting_id, e.effective_date, e.kind, coalesce(o.kind, e.kind) as counts_as, e.description,
          a.kind as account_kind, a.name as account_name, h.payment_number, p.amount_pence
        from journal_entries e
        join postings p on p.entry_id = e.id
        join ledger_accounts a on a.id = p.account_id
        left join arrangements ar on ar.id = a.arrangement_id
        left join holders h on h.id = ar.holder_id
        left join journal_entries o on o.id = e.reverses_entry_id
        where e.commissioner_id = ${input.commissionerId} and e.effective_date between ${input.period.from} and ${input.period.to}
          and exists (select 1 from postings cp join ledger_accounts ca on ca.id = cp.account_id
            where cp.entry_id = e.id and ca.kind in ('commissioner-funding', 'notional'))
        order by e.effective_date, e.id, p.id`,
      )
      .then((r) => rowsOf<Record<string, string | null> & { effective_date: string | Date }>(r)),
    loadJournalCodes(db, input.commissionerId),
  ]);
  return journalRows(
    postings.map((p) => ({
      entryId: Number(p.entry_id),
      postingId: Number(p.posting_id),
      date: p.effective_date instanceof Date ? p.effective_date.toISOString().slice(0, 10) : String(p.effective_date).slice(0, 10),
      kind: p.kind!,
      countsAs: p.counts_as!,
      description: p.description!,
      accountKind: p.account_kind!,
      accountName: p.account_name!,
      paymentNumber: p.payment_number === null ? null : Number(p.payment_number),
      amountPence: Number(p.amount_pence),
    })),
    codes,
  );
}
