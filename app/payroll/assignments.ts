import type { SupportScope } from "~/access/rules";

export const SUPPORT_SCOPES = ["payroll", "managed-account", "third-party-budget"] as const satisfies readonly SupportScope[];

export const SUPPORT_SCOPE_NAMES: Record<SupportScope, string> = {
  payroll: "Runs payroll for the personal assistants they employ",
  "managed-account": "Manages their direct payment account for them",
  "third-party-budget": "Holds and spends a third-party budget for them",
};

export interface OrganisationOffer {
  runsPayroll: boolean;
  holdsThirdPartyBudgets: boolean;
}

/** What an organisation can be assigned to do: payroll only if it runs payroll, a third-party budget only if it holds them. */
export function checkScopes(scopes: string[], organisation: OrganisationOffer): { ok: true; scopes: SupportScope[] } | { ok: false; message: string } {
  const chosen = SUPPORT_SCOPES.filter((s) => scopes.includes(s));
  if (chosen.length === 0) return { ok: false, message: "Select what the organisation will do for them" };
  if (chosen.includes("payroll") && !organisation.runsPayroll) return { ok: false, message: "This organisation does not run payroll" };
  if (chosen.includes("third-party-budget") && !organisation.holdsThirdPartyBudgets) {
    return { ok: false, message: "This organisation does not hold third-party budgets" };
  }
  return { ok: true, scopes: chosen };
}

/** Whether an assignment is in force on a day: from its first day to its last, both included. */
export function inForce(assignment: { startsOn: string; endsOn: string | null }, on: string): boolean {
  return assignment.startsOn <= on && (assignment.endsOn === null || assignment.endsOn >= on);
}
