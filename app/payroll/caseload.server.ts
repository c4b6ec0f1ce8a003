import { sql } from "drizzle-orm";
import { rowsOf, type Database } from "#db/client.server";
import type { Pence } from "~/ledger/money";
import { owedByHolder } from "./employers.server";

export const CASELOAD_PAGE_SIZE = 25;

/** One person on an organisation's caseload, as the organisation's list shows them. */
export interface CaseloadEntry {
  holderId: string;
  name: string;
  /** What is in the direct-payment account, or else the third-party budget the organisation holds; null for neither. */
  balancePence: Pence | null;
  owedPence: Pence;
  /** The balance less what is owed: what can still be spent. */
  availablePence: Pence | null;
  employs: boolean;
  assistants: number;
  insuranceExpiresOn: string | null;
  /** The earliest day a payment to HMRC or a pension scheme not yet made is due. */
  nextDueOn: string | null;
  /** The latest payroll period posted for them. */
  lastPaidPeriod: string | null;
}

/**
 * The people assigned to an organisation today, a page at a time, with what it needs to see first: money in the
 * account, what payroll has left owed, payments due to HMRC and pension schemes, insurance running out. Three queries.
 */
export async function organisationCaseload(db: Database, input: { organisationId: string; today: string; page: number }) {
  const offset = (Math.max(1, input.page) - 1) * CASELOAD_PAGE_SIZE;
  const rows = rowsOf<{
    holder_id: string;
    name: string;
    balance: string | null;
    employs: boolean;
    assistants: string;
    insurance_expires_on: string | null;
    last_paid_period: string | null;
    total: string;
  }>(
    await db.execute(sql`
      select h.id as holder_id, h.given_name || ' ' || h.family_name as name, dp.balance_pence as balance,
             e.holder_id is not null as employs, e.insurance_expires_on::text,
             (select count(*) from personal_assistants pa
               where pa.holder_id = h.id and (pa.ends_on is null or pa.ends_on >= ${input.today}::date)) as assistants,
             (select max(p.period_starts_on)::text from payslips p where p.holder_id = h.id) as last_paid_period,
             count(*) over () as total
        from support_assignments s
        join holders h on h.id = s.holder_id
        left join employers e on e.holder_id = h.id
        -- The account the organisation works with: the direct payment, or else the third-party budget it holds.
        left join lateral (
          select a.balance_pence from arrangements ar join ledger_accounts a on a.arrangement_id = ar.id and a.budget_id is null
           where ar.holder_id = h.id
             and (ar.holding = 'direct-payment' or (ar.holding = 'third-party' and ar.support_organisation_id = ${input.organisationId}))
           order by ar.holding = 'direct-payment' desc
           limit 1) dp on true
       where s.support_organisation_id = ${input.organisationId}
         and s.starts_on <= ${input.today}::date and (s.ends_on is null or s.ends_on >= ${input.today}::date)
       order by h.family_name, h.given_name, h.id
       limit ${CASELOAD_PAGE_SIZE} offset ${offset}`),
  );
  const ids = rows.map((r) => r.holder_id);
  const [due, owedBy] = ids.length ? await Promise.all([nextDue(db, ids), owedByHolder(db, ids)]) : [new Map<string, string>(), new Map<string, Pence>()];
  const entries: CaseloadEntry[] = rows.map((r) => {
    const owed = owedBy.get(r.holder_id) ?? 0;
    const balance = r.balance === null ? null : Number(r.balance);
    return {
      holderId: r.holder_id,
      name: r.name,
      balancePence: balance,
      owedPence: owed,
      availablePence: balance === null ? null : balance - owed,
      employs: r.employs,
      assistants: Number(r.assistants),
      insuranceExpiresOn: r.insurance_expires_on,
      nextDueOn: due.get(r.holder_id) ?? null,
      lastPaidPeriod: r.last_paid_period,
    };
  });
  return { entries, total: Number(rows[0]?.total ?? 0) };
}

/**
 * The first due date of what payslips left owed and is not paid yet, per holder. A tax month runs from the 6th and is
 * paid by the 22nd of the next; pension contributions by the 22nd of the month after they were deducted (pay-periods.ts).
 */
async function nextDue(db: Database, holderIds: string[]): Promise<Map<string, string>> {
  const ids = sql`array[${sql.join(
    holderIds.map((id) => sql`${id}::uuid`),
    sql`, `,
  )}]`;
  const rows = rowsOf<{ holder_id: string; next_due: string | null }>(
    await db.execute(sql`
      with owed as (
        select holder_id, 'hmrc' as paid_to, (date_trunc('month', payment_date - 5) + interval '5 days')::date as month,
               sum(employee_tax_pence + employee_ni_pence + employer_ni_pence) as amount
          from payslips where holder_id = any(${ids}) group by 1, 2, 3
        union all
        select holder_id, 'pension', date_trunc('month', payment_date)::date, sum(employee_pension_pence + employer_pension_pence)
          from payslips where holder_id = any(${ids}) group by 1, 2, 3
      ), paid as (
        select holder_id, paid_to::text as paid_to, month_starts_on as month, sum(amount_pence) as amount
          from payroll_remittances where holder_id = any(${ids}) group by 1, 2, 3
      )
      select o.holder_id, min(case o.paid_to when 'hmrc' then o.month + interval '1 month 16 days' else o.month + interval '1 month 21 days' end)::date::text as next_due
        from owed o left join paid p using (holder_id, paid_to, month)
       where o.amount > coalesce(p.amount, 0)
       group by o.holder_id`),
  );
  return new Map(rows.filter((r) => r.next_due).map((r) => [r.holder_id, r.next_due!]));
}
