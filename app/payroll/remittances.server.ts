import { and, eq, sql } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { arrangements, employers, ledgerAccounts, payrollRemittances, payslips } from "#db/schema";
import { recordAudit, type Actor } from "~/audit/audit.server";
import { longDate } from "~/dates/long-date";
import { postEntries } from "~/ledger/post-entry.server";
import type { Pence } from "~/ledger/money";
import { remittanceEntryLines } from "./payroll-entries";
import { pensionMonthOf, taxMonthOf } from "./pay-periods";

export type PaidTo = "hmrc" | "pension";

/** One month's payroll deductions owed to HMRC or the pension schemes, what was paid and when it is due. */
export interface OwedMonth {
  paidTo: PaidTo;
  monthStartsOn: string;
  dueOn: string;
  owedPence: Pence;
  paidPence: Pence;
  /** What is still owed, by the support line of the PAs it is for. */
  byLine: Map<string | null, Pence>;
}

const monthOf = (paidTo: PaidTo, paymentDate: string) => (paidTo === "hmrc" ? taxMonthOf(paymentDate) : pensionMonthOf(paymentDate));

/**
 * A holder's months, newest first: what their payslips left owed to HMRC (tax and both National Insurance parts, by
 * tax month) and to the pension schemes (both parts, by calendar month), and what has been paid of it.
 */
export async function owedMonths(db: Database, holderId: string): Promise<OwedMonth[]> {
  const pay = await db
    .select({
      paymentDate: payslips.paymentDate,
      lineKey: payslips.supportLineKey,
      hmrc: sql<string>`sum(${payslips.employeeTaxPence} + ${payslips.employeeNiPence} + ${payslips.employerNiPence})`,
      pension: sql<string>`sum(${payslips.employeePensionPence} + ${payslips.employerPensionPence})`,
    })
    .from(payslips)
    .where(eq(payslips.holderId, holderId))
    .groupBy(payslips.paymentDate, payslips.supportLineKey);
  const paid = await db
    .select({ paidTo: payrollRemittances.paidTo, monthStartsOn: payrollRemittances.monthStartsOn, amount: sql<string>`sum(${payrollRemittances.amountPence})` })
    .from(payrollRemittances)
    .where(eq(payrollRemittances.holderId, holderId))
    .groupBy(payrollRemittances.paidTo, payrollRemittances.monthStartsOn);

  const months = new Map<string, OwedMonth>();
  const monthFor = (paidTo: PaidTo, startsOn: string, dueOn: string) => {
    const key = `${paidTo}:${startsOn}`;
    let month = months.get(key);
    if (!month) months.set(key, (month = { paidTo, monthStartsOn: startsOn, dueOn, owedPence: 0, paidPence: 0, byLine: new Map() }));
    return month;
  };
  for (const row of pay) {
    for (const paidTo of ["hmrc", "pension"] as const) {
      const amount = Number(row[paidTo]);
      if (amount === 0) continue;
      const { startsOn, dueOn } = monthOf(paidTo, row.paymentDate);
      const month = monthFor(paidTo, startsOn, dueOn);
      month.owedPence += amount;
      month.byLine.set(row.lineKey, (month.byLine.get(row.lineKey) ?? 0) + amount);
    }
  }
  for (const row of paid) {
    const month = monthFor(row.paidTo, row.monthStartsOn, monthOf(row.paidTo, row.monthStartsOn).dueOn);
    month.paidPence += Number(row.amount);
  }
  return [...months.values()].sort((a, b) => b.monthStartsOn.localeCompare(a.monthStartsOn) || a.paidTo.localeCompare(b.paidTo));
}

export type RemittanceResult = { ok: true; amountPence: Pence } | { ok: false; message: string };

/**
 * Records that what a month's payslips left owed to HMRC or the pension schemes has been paid from the holder's
 * account: the money leaves it on the day paid, counted against the support lines of the PAs it is for, and what is
 * owed falls by as much. Only what is still owed is paid, so the same form sent twice pays once.
 */
export async function recordRemittance(
  db: Database,
  input: { actor: Actor; commissionerId: string; holderId: string; paidTo: PaidTo; monthStartsOn: string; paidOn: string },
): Promise<RemittanceResult> {
  const to = input.paidTo === "hmrc" ? "HMRC" : "the pension schemes";
  return db
    .transaction(async (tx): Promise<RemittanceResult> => {
      // Two payments for one holder wait for each other here, so the second sees what the first paid.
      const [employer] = await tx.select().from(employers).where(eq(employers.holderId, input.holderId)).for("update");
      if (!employer) return { ok: false, message: "This person has no payroll as an employer" };
      const month = (await owedMonths(tx, input.holderId)).find((m) => m.paidTo === input.paidTo && m.monthStartsOn === input.monthStartsOn);
      const outstanding = month ? month.owedPence - month.paidPence : 0;
      if (!month || outstanding <= 0) return { ok: false, message: `Nothing is owed to ${to} for the month from ${longDate(input.monthStartsOn)}` };
      const [account] = await tx
        .select({ id: ledgerAccounts.id })
        .from(ledgerAccounts)
        .innerJoin(arrangements, eq(arrangements.id, ledgerAccounts.arrangementId))
        .where(and(eq(arrangements.holderId, input.holderId), eq(arrangements.holding, "direct-payment"), sql`${ledgerAccounts.budgetId} is null`));
      if (!account) return { ok: false, message: "This person has no direct payment account to pay from" };
      const [remittance] = await tx
        .insert(payrollRemittances)
        .values({ ...input, amountPence: outstanding, recordedBy: input.actor.userId! })
        .returning();
      // Paid towards each line in proportion to what is owed for it; what a partial earlier payment left goes to the last.
      const lines = [...month.byLine.entries()];
      let left = outstanding;
      const shares = lines.map(([lineKey, owed], i) => {
        const share = i === lines.length - 1 ? left : Math.floor((owed * outstanding) / month.owedPence);
        left -= share;
        return { lineKey, share };
      });
      const owedAccountId = input.paidTo === "hmrc" ? employer.hmrcAccountId : employer.pensionAccountId;
      const results = await postEntries(
        tx,
        shares
          .filter((s) => s.share > 0)
          .map((s) => ({
            idempotencyKey: `remittance:${remittance.id}:${s.lineKey ?? "no-line"}`,
            kind: "payroll" as const,
            effectiveDate: input.paidOn,
            description: `Paid to ${to} for the month from ${longDate(input.monthStartsOn)}`,
            lines: remittanceEntryLines({ holderAccountId: account.id, owedAccountId, amountPence: s.share }),
            actor: input.actor,
            onBehalfOf: input.holderId,
            sourceType: "payroll-remittance",
            sourceId: remittance.id,
            supportLineKey: s.lineKey,
          })),
      );
      const refused = results.find((r) => !r.ok);
      if (refused && !refused.ok) throw new Refused(refused.message);
      await recordAudit(
        tx,
        { ...input.actor, onBehalfOfHolderId: input.holderId },
        {
          action: "payroll.remittance-recorded",
          entityType: "payroll-remittance",
          entityId: remittance.id,
          after: { paidTo: input.paidTo, monthStartsOn: input.monthStartsOn, amountPence: outstanding, paidOn: input.paidOn },
        },
      );
      return { ok: true, amountPence: outstanding };
    })
    .catch((error) => {
      if (error instanceof Refused) return { ok: false, message: error.message };
      throw error;
    });
}

/** The ledger refused a payment: thrown to roll back the remittance with it. */
class Refused extends Error {}
