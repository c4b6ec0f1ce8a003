import type { EntryLine } from "~/ledger/entries";
import type { Pence } from "~/ledger/money";
import { employerCost, owedToHmrc, owedToPension, type PayrollLine } from "./payroll-file";

/** The ledger accounts one PA's pay moves between. */
export interface PayslipAccounts {
  /** The holder's direct-payment account: the money leaves it, and only when it is paid. */
  holderAccountId: number;
  /** What the holder owes the PA: net pay, until pay day. */
  assistantAccountId: number;
  hmrcAccountId: number;
  pensionAccountId: number;
  costsAccountId: number;
}

const nonZero = (lines: EntryLine[]) => lines.filter((l) => l.amountPence !== 0);

/**
 * What the period's pay leaves the employer owing: net pay to the PA, tax and both National Insurance parts to HMRC,
 * both pension parts to the scheme; against the employer's costs, which grow by the PA's whole cost. No money moves.
 */
export function owedEntryLines(line: PayrollLine, accounts: PayslipAccounts): EntryLine[] {
  return nonZero([
    { accountId: accounts.costsAccountId, amountPence: employerCost(line) },
    { accountId: accounts.assistantAccountId, amountPence: -line.netPayPence },
    { accountId: accounts.hmrcAccountId, amountPence: -owedToHmrc(line) },
    { accountId: accounts.pensionAccountId, amountPence: -owedToPension(line) },
  ]);
}

/** Net pay leaving the holder's account on pay day, clearing what was owed to the PA. None when the net pay is £0.00. */
export function netPayEntryLines(line: PayrollLine, accounts: PayslipAccounts): EntryLine[] | null {
  if (line.netPayPence === 0) return null;
  return [
    { accountId: accounts.holderAccountId, amountPence: -line.netPayPence },
    { accountId: accounts.assistantAccountId, amountPence: line.netPayPence },
  ];
}

/** A payment to HMRC or a pension scheme from the holder's account, clearing what the month's payslips left owed. */
export function remittanceEntryLines(input: { holderAccountId: number; owedAccountId: number; amountPence: Pence }): EntryLine[] {
  return [
    { accountId: input.holderAccountId, amountPence: -input.amountPence },
    { accountId: input.owedAccountId, amountPence: input.amountPence },
  ];
}

/**
 * A PA's pay for a period is recorded once: the key is the organisation, the holder, the period and the PA's payroll
 * reference, so the same file posted again, or by a second job, finds the entries the first one made.
 */
export function payslipKey(input: { organisationId: string; holderId: string; periodStartsOn: string; payrollReference: string }): string {
  return `payroll:${input.organisationId}:${input.holderId}:${input.periodStartsOn}:${input.payrollReference.toUpperCase()}`;
}
