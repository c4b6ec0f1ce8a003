import { longDate } from "~/dates/long-date";
import { INSTALMENTS_A_YEAR, type FundingFrequency } from "~/ledger/instalments";
import { formatPence, type Pence } from "~/ledger/money";

/**
 * What the daily check flags for finance, each explained in words a finance officer can act on and, raised as a
 * query, a holder can understand.
 */

export type FlagKind = "no-receipt" | "restricted" | "household-payment" | "unlogged-payment" | "overspend" | "surplus" | "cash-withdrawal" | "inactive";

export const FLAG_NAMES: Record<FlagKind, string> = {
  "no-receipt": "No receipt",
  restricted: "Needs agreement",
  "household-payment": "Paid to someone in the household",
  "unlogged-payment": "Money out not logged",
  overspend: "Over the plan line",
  surplus: "Surplus",
  "cash-withdrawal": "Cash withdrawal",
  inactive: "No activity",
};

/** A week of the holder's direct payment, from one instalment and how often instalments are paid. */
export function weeklyPence(instalmentPence: Pence, frequency: FundingFrequency): Pence {
  return Math.round((instalmentPence * INSTALMENTS_A_YEAR[frequency]) / 52);
}

/**
 * The most the account may hold before it is a surplus: the agreed contingency or so many weeks of instalments,
 * whichever is more (handbook: money building up unspent is reviewed, and may be recovered).
 */
export function surplusThreshold(input: { weeklyPence: Pence; weeks: number; contingencyPence: Pence }): Pence {
  return Math.max(input.contingencyPence, input.weeklyPence * input.weeks);
}

/** A surplus is money above the threshold: a balance exactly at it is not one. */
export function surplusOf(balancePence: Pence, thresholdPence: Pence): Pence {
  return Math.max(0, balancePence - thresholdPence);
}

const money = formatPence;

export interface PaymentFacts {
  amountPence: Pence;
  on: string;
  payee: string;
}

export const explain = {
  noReceipt: (p: PaymentFacts, thresholdPence: Pence) =>
    `No receipt for ${money(p.amountPence)} paid to ${p.payee} on ${longDate(p.on)}: a receipt is needed above ${money(thresholdPence)}.`,
  restricted: (p: PaymentFacts, category: string) =>
    `${money(p.amountPence)} paid to ${p.payee} on ${longDate(p.on)} is "${category}", which needs the commissioner's agreement.`,
  household: (p: PaymentFacts) =>
    `${money(p.amountPence)} paid to ${p.payee} on ${longDate(p.on)}, who lives in the same household: this needs the commissioner's agreement.`,
  overspend: (p: PaymentFacts, line: string) => `${money(p.amountPence)} paid to ${p.payee} on ${longDate(p.on)} took "${line}" past what the plan allocated.`,
  unlogged: (p: PaymentFacts, days: number) =>
    `${money(p.amountPence)} went out of the account on ${longDate(p.on)} (${p.payee}) and, ${days} days on, is not matched to any spend or payment logged against the plan.`,
  cash: (p: PaymentFacts, limitPence: Pence) => `${money(p.amountPence)} taken out in cash on ${longDate(p.on)} (${p.payee}): more than ${money(limitPence)}.`,
  surplus: (input: { balancePence: Pence; thresholdPence: Pence; weeks: number; contingencyPence: Pence }) =>
    `The account holds ${money(input.balancePence)}, more than ${input.weeks} weeks of instalments or the agreed contingency of ${money(input.contingencyPence)} ` +
    `(${money(input.thresholdPence)}): a surplus of ${money(input.balancePence - input.thresholdPence)}.`,
  inactive: (input: { since: string; days: number; balancePence: Pence }) =>
    `Nothing has been spent from the account since ${longDate(input.since)}, ${input.days} days, and it holds ${money(input.balancePence)}.`,
};

/** Words on a bank line that mean cash taken out. */
export const CASH_WORDS = /\b(CASH|ATM|WITHDRAWAL|CSH)\b/i;
