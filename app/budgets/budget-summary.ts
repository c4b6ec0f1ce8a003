import type { Pence } from "~/ledger/money";

export type Holding = "notional" | "third-party" | "direct-payment";

export const HOLDING_NAMES: Record<Holding, string> = {
  notional: "Notional budget",
  "third-party": "Third-party budget",
  "direct-payment": "Direct payment",
};

export const HOLDING_EXPLAINED: Record<Holding, string> = {
  notional: "The NHS holds the money and arranges your care and support with you.",
  "third-party": "An organisation that is independent of you and the NHS holds the money and pays for your support.",
  "direct-payment": "You, or someone acting for you, hold the money in a separate account and pay for your support.",
};

export interface BudgetAmounts {
  notionalPence: Pence;
  thirdPartyPence: Pence;
  directPaymentPence: Pence;
}

/** The parts of a budget by how they are held, largest first, leaving out ways not used. */
export function splitByHolding(b: BudgetAmounts): { holding: Holding; pence: Pence }[] {
  return (
    [
      { holding: "notional", pence: b.notionalPence },
      { holding: "third-party", pence: b.thirdPartyPence },
      { holding: "direct-payment", pence: b.directPaymentPence },
    ] as const
  )
    .filter((p) => p.pence > 0)
    .map((p) => ({ ...p }))
    .sort((a, b) => b.pence - a.pence);
}

export function budgetTotal(b: BudgetAmounts): Pence {
  return b.notionalPence + b.thirdPartyPence + b.directPaymentPence;
}

/** "Direct payment", "Notional budget and direct payment", ...: how the budget is held, in one phrase. */
export function describeHolding(b: BudgetAmounts): string {
  const parts = splitByHolding(b).map((p) => HOLDING_NAMES[p.holding]);
  if (parts.length === 0) return "Not set up yet";
  if (parts.length === 1) return parts[0];
  return `Mixed: ${parts.slice(0, -1).join(", ").toLowerCase()} and ${parts[parts.length - 1].toLowerCase()}`;
}
