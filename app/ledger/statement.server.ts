import { eq, sql } from "drizzle-orm";
import { rowsOf, type Database } from "#db/client.server";
import { holders } from "#db/schema";
import { listArrangements } from "~/budgets/arrangements.server";
import type { EntryKind } from "./entries";
import { STATEMENT_PAGE_SIZE, type StatementLine } from "./statement";

export interface StatementQuery {
  holderId: string;
  /** Which of the holder's arrangements; by default the one that holds their money (direct payment, else third-party). */
  arrangementId?: string | null;
  from?: string;
  to?: string;
  /** From 1; leave out for every line in the range (downloads). */
  page?: number;
}

const FAR_PAST = "0001-01-01";
const FAR_FUTURE = "9999-12-31";

/**
 * A holder's statement of one arrangement: the money in and out of the account that holds it, newest first, with
 * the balance after each line and what caused it. One continuous history across plan versions: it reads every
 * account that is part of the arrangement's history, and money carried over between them (net £0.00 to the
 * arrangement) is not a line.
 */
export async function loadStatement(db: Database, query: StatementQuery) {
  const [holder] = await db
    .select({ id: holders.id, givenName: holders.givenName, familyName: holders.familyName })
    .from(holders)
    .where(eq(holders.id, query.holderId));
  const arrangements = (await listArrangements(db, query.holderId)).filter((a) => a.holding !== "notional");
  const chosen = arrangements.find((a) => a.id === query.arrangementId) ?? arrangements[0] ?? null;
  const account = chosen && { id: chosen.id, kind: chosen.holding, name: chosen.name };
  const choices = arrangements.map((a) => ({ id: a.id, name: a.name }));
  const from = query.from ?? FAR_PAST;
  const to = query.to ?? FAR_FUTURE;
  if (!chosen || chosen.accountIds.length === 0) {
    return { holder, account: null, choices, lines: [] as StatementLine[], total: 0, page: 1, pageCount: 1, openingPence: 0, closingPence: 0 };
  }
  const family = sql.raw(`'{${chosen.accountIds.join(",")}}'::bigint[]`);
  // One account (every arrangement opened since arrangements) reads its postings as they are; an arrangement with the
  // accounts of earlier plan versions adds each entry up across them, and money carried over between them nets to £0.00.
  const moves =
    chosen.accountIds.length === 1
      ? sql`select p.entry_id, p.effective_date, p.amount_pence from postings p where p.account_id = ${chosen.accountIds[0]}`
      : sql`
    select p.entry_id, p.effective_date, sum(p.amount_pence) as amount_pence
      from postings p where p.account_id = any(${family})
     group by p.entry_id, p.effective_date
    having sum(p.amount_pence) <> 0`;

  const [totals] = rowsOf<{ total: string; opening: string; closing: string }>(
    await db.execute(sql`
      select count(*) filter (where effective_date between ${from}::date and ${to}::date) as total,
             coalesce(sum(amount_pence) filter (where effective_date < ${from}::date), 0) as opening,
             coalesce(sum(amount_pence) filter (where effective_date <= ${to}::date), 0) as closing
        from (${moves}) m`),
  );
  const total = Number(totals.total);
  const pageCount = Math.max(1, Math.ceil(total / STATEMENT_PAGE_SIZE));
  const page = query.page === undefined ? undefined : Math.min(query.page, pageCount);
  const window = page === undefined ? sql`` : sql`limit ${STATEMENT_PAGE_SIZE} offset ${(page - 1) * STATEMENT_PAGE_SIZE}`;

  const rows = rowsOf<{
    entry_id: string;
    effective_date: string | Date;
    kind: EntryKind;
    description: string;
    counterparty: string | null;
    amount_pence: string;
    balance: string;
    reverses_entry_id: string | null;
    reverses_description: string | null;
    reversed_by: string | null;
    reason: string | null;
  }>(
    await db.execute(sql`
      with lines as (
        select m.entry_id, m.effective_date, m.amount_pence,
               sum(m.amount_pence) over (order by m.effective_date, m.entry_id rows unbounded preceding) as balance
          from (${moves}) m
      )
      select l.entry_id, to_char(l.effective_date, 'YYYY-MM-DD') as effective_date, e.kind, e.description, l.amount_pence, l.balance,
             e.reverses_entry_id, o.description as reverses_description, rv.id as reversed_by, e.reason,
             (select string_agg(a.name, ', ' order by a.id) from postings op join ledger_accounts a on a.id = op.account_id
               where op.entry_id = l.entry_id and not (op.account_id = any(${family}))) as counterparty
        from lines l
        join journal_entries e on e.id = l.entry_id
        left join journal_entries o on o.id = e.reverses_entry_id
        left join journal_entries rv on rv.reverses_entry_id = e.id
       where l.effective_date between ${from}::date and ${to}::date
       order by l.effective_date desc, l.entry_id desc
       ${window}`),
  );
  const lines: StatementLine[] = rows.map((r) => ({
    entryId: Number(r.entry_id),
    effectiveDate: String(r.effective_date),
    kind: r.kind,
    description: r.description,
    counterparty: r.counterparty ?? "",
    amountPence: Number(r.amount_pence),
    balancePence: Number(r.balance),
    reversesEntryId: r.reverses_entry_id === null ? null : Number(r.reverses_entry_id),
    reversesDescription: r.reverses_description,
    reversedByEntryId: r.reversed_by === null ? null : Number(r.reversed_by),
    reason: r.reason,
  }));
  return { holder, account, choices, lines, total, page: page ?? 1, pageCount, openingPence: Number(totals.opening), closingPence: Number(totals.closing) };
}
