import { sql } from "drizzle-orm";
import { rowsOf, type Database } from "#db/client.server";
import { monthBounds } from "./periods";
import { WORKLIST_ORDER, type WorklistState } from "./worklist";

export const WORKLIST_PAGE_SIZE = 50;

/**
 * Every holder with a direct payment, for one month, with what is left to do: those with bank lines still to match
 * first (most first), then those whose lines are all matched and wait for finance to reconcile, then those whose
 * statement is not in yet, and last the months reconciled. One query, however many holders.
 */
export async function reconciliationWorklist(db: Database, input: { commissionerId: string; month: string; page: number }) {
  const { startsOn, endsOn } = monthBounds(input.month);
  // A question to the holder about the month, or about one of its bank lines, still open or waiting for finance.
  const openQueries = sql`select 1 from finance_queries q where q.holder_id = h.id and q.status in ('open', 'answered')
    and ((q.subject_type = 'month' and q.subject_id = ${input.month}) or (q.subject_type = 'bank-line' and q.subject_id in (
      select l.id::text from bank_statement_lines l join bank_accounts b on b.id = l.bank_account_id
      where b.arrangement_id = a.id and l.line_date between ${startsOn} and ${endsOn})))`;
  // Each holder's state for the month, written once for the page's rows and for the counts above them.
  const worklist = sql`
    with lines as (
      select ba.arrangement_id, count(*) as lines, count(*) filter (where m.id is null) as unmatched
      from bank_statement_lines l
      join bank_accounts ba on ba.id = l.bank_account_id
      left join bank_line_matches m on m.bank_line_id = l.id and m.unmatched_at is null
      where l.commissioner_id = ${input.commissionerId} and l.line_date between ${startsOn} and ${endsOn}
      group by ba.arrangement_id
    ), worklist as (
      select h.id as holder_id, h.given_name, h.family_name, h.payment_number,
        coalesce(lines.lines, 0) as lines, coalesce(lines.unmatched, 0) as unmatched, r.reconciled_at,
        case when r.id is not null then 'reconciled' when lines.lines is null then 'not-started'
          when lines.unmatched > 0 then 'in-progress' when exists (${openQueries}) then 'queries-open' else 'matched' end as state
      from holders h
      join arrangements a on a.holder_id = h.id and a.holding = 'direct-payment'
      left join lines on lines.arrangement_id = a.id
      left join period_reconciliations r on r.holder_id = h.id and r.period_starts_on = ${startsOn} and r.reopened_at is null
      where h.commissioner_id = ${input.commissionerId}
    )`;
  const [rows, counts] = await Promise.all([
    db
      .execute(
        sql`${worklist} select * from worklist
        order by array_position(array['in-progress', 'queries-open', 'matched', 'not-started', 'reconciled'], state), unmatched desc, family_name, given_name, holder_id
        limit ${WORKLIST_PAGE_SIZE} offset ${(input.page - 1) * WORKLIST_PAGE_SIZE}`,
      )
      .then((r) =>
        rowsOf<{
          holder_id: string;
          given_name: string;
          family_name: string;
          payment_number: string;
          lines: string;
          unmatched: string;
          state: WorklistState;
          reconciled_at: string | null;
        }>(r),
      ),
    db
      .execute(sql`${worklist} select state, count(*) as holders from worklist group by state`)
      .then((r) => rowsOf<{ state: WorklistState; holders: string }>(r)),
  ]);
  const total = counts.reduce((sum, c) => sum + Number(c.holders), 0);
  return {
    month: input.month,
    page: input.page,
    pageCount: Math.max(1, Math.ceil(total / WORKLIST_PAGE_SIZE)),
    total,
    counts: Object.fromEntries(WORKLIST_ORDER.map((s) => [s, Number(counts.find((c) => c.state === s)?.holders ?? 0)])) as Record<WorklistState, number>,
    holders: rows.map((r) => ({
      holderId: r.holder_id,
      name: `${r.given_name} ${r.family_name}`,
      paymentNumber: Number(r.payment_number),
      lines: Number(r.lines),
      unmatched: Number(r.unmatched),
      state: r.state,
      reconciledAt: r.reconciled_at,
    })),
  };
}
