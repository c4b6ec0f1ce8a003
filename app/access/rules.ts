export type UserKind = "holder" | "representative" | "staff" | "support" | "assistant";
export type StaffRole = "coordinator" | "finance" | "approver" | "auditor";
export type RepresentativeScope = "view" | "log-spending" | "manage-payroll" | "answer-finance-queries" | "agree-plans";

/** Who is asking: built from the session, the user's roles and relationships. */
export interface Principal {
  userId: string;
  name: string;
  kind: UserKind;
  commissionerId: string;
  staffRoles: StaffRole[];
  /** The holder record of a holder who signs in for themselves. */
  ownHolderId: string | null;
  /** Active representations: revoked or ended ones are left out when the principal is built. */
  representing: { holderId: string; scopes: RepresentativeScope[] }[];
  supportOrganisationId: string | null;
  /** The holders assigned to the principal's organisation today, with what it is assigned to do for each. */
  supporting: { holderId: string; scopes: SupportScope[] }[];
  /** A PA's own record with the employer it is for, once they have taken up its invitation. */
  ownAssistant: { id: string; holderId: string } | null;
}

/** What a support organisation is assigned to do for a holder (support_scope in db/schema/people.ts). */
export type SupportScope = "payroll" | "managed-account" | "third-party-budget";

/** What can be done to a holder's records. */
export type HolderAction =
  | "view"
  | "log-spending"
  | "manage-payroll"
  | "answer-finance-queries"
  | "agree-plans"
  | "manage-plan"
  | "approve-plan"
  /** Approve or refuse money finance proposes to recover from a direct payment: approvers, never the proposer. */
  | "approve-recovery"
  | "manage-finance"
  /** Set aside money on a line the NHS arranges (a commitment), or cancel it: staff only. */
  | "manage-commitments"
  /** The staff's own pages about a holder: drafts, decisions, the budget's workings. Not the holder's own view. */
  | "view-casework";

/** What can be done across a commissioner. */
export type CommissionerAction =
  | "view-caseload"
  | "view-audit"
  | "manage-statement-of-resources"
  | "manage-finance"
  /** Read the spending rules and spending periods finance sets: auditors read everything and change nothing. */
  | "view-finance-settings"
  /** The team's phone, email and opening hours on the help page: the coordinators people call. */
  | "manage-help-contact"
  | "view-feedback"
  /** Add a person who is to have a personal health budget: the coordinators who take referrals. */
  | "add-holder";

export type Action = HolderAction | CommissionerAction;

export type Resource = { type: "holder"; holderId: string; commissionerId: string } | { type: "commissioner"; commissionerId: string };

export type Decision = "allow" | "forbidden" | "not-found";

const STAFF_HOLDER_ACTIONS: Record<HolderAction, StaffRole[]> = {
  view: ["coordinator", "finance", "approver", "auditor"],
  "log-spending": ["coordinator", "finance"],
  "manage-payroll": ["finance"],
  "answer-finance-queries": [],
  "agree-plans": [],
  "manage-plan": ["coordinator"],
  "approve-plan": ["approver"],
  "approve-recovery": ["approver"],
  "manage-finance": ["finance"],
  "manage-commitments": ["coordinator", "finance"],
  "view-casework": ["coordinator", "finance", "approver", "auditor"],
};

const STAFF_COMMISSIONER_ACTIONS: Record<CommissionerAction, StaffRole[]> = {
  "view-caseload": ["coordinator", "finance", "approver", "auditor"],
  "view-audit": ["coordinator", "finance", "approver", "auditor"],
  "manage-statement-of-resources": ["coordinator"],
  "manage-finance": ["finance"],
  "view-finance-settings": ["finance", "auditor"],
  "manage-help-contact": ["coordinator"],
  "view-feedback": ["coordinator", "finance", "approver", "auditor"],
  "add-holder": ["coordinator"],
};

/** What the person themselves can do with their own budget. */
const HOLDER_OWN_ACTIONS: HolderAction[] = ["view", "log-spending", "manage-payroll", "answer-finance-queries", "agree-plans"];

/** What an organisation may do for a holder it is assigned to: see them, and what its assignment is for. */
const SUPPORT_ACTIONS: Record<SupportScope, HolderAction[]> = {
  payroll: ["view", "manage-payroll"],
  "managed-account": ["view", "manage-payroll"],
  // The same spend form as the holder's, for the lines the organisation holds (app/spending/spends.server.ts).
  "third-party-budget": ["view", "log-spending"],
};

/**
 * May this principal do this to this resource? Another commissioner's record, or a holder the principal has no
 * relationship with, is "not-found", so that its existence is not revealed; a known record with a missing
 * permission is "forbidden".
 */
export function decide(principal: Principal, action: Action, resource: Resource): Decision {
  if (resource.commissionerId !== principal.commissionerId) return "not-found";

  if (resource.type === "commissioner") {
    if (principal.kind !== "staff") return "forbidden";
    const roles = STAFF_COMMISSIONER_ACTIONS[action as CommissionerAction];
    return roles && principal.staffRoles.some((r) => roles.includes(r)) ? "allow" : "forbidden";
  }

  const holderAction = action as HolderAction;
  if (!(holderAction in STAFF_HOLDER_ACTIONS)) return "forbidden";

  switch (principal.kind) {
    case "staff": {
      const roles = STAFF_HOLDER_ACTIONS[holderAction];
      return principal.staffRoles.some((r) => roles.includes(r)) ? "allow" : "forbidden";
    }
    case "holder":
      if (principal.ownHolderId !== resource.holderId) return "not-found";
      return HOLDER_OWN_ACTIONS.includes(holderAction) ? "allow" : "forbidden";
    case "representative": {
      const link = principal.representing.find((r) => r.holderId === resource.holderId);
      if (!link) return "not-found";
      return (link.scopes as string[]).includes(holderAction) ? "allow" : "forbidden";
    }
    case "support": {
      const assignment = principal.supporting.find((s) => s.holderId === resource.holderId);
      if (!assignment) return "not-found";
      return assignment.scopes.some((scope) => SUPPORT_ACTIONS[scope].includes(holderAction)) ? "allow" : "forbidden";
    }
    case "assistant":
      // A PA's own timesheets and payslips are theirs (requireOwnAssistant); their employer's records are not.
      return "not-found";
  }
}

/**
 * Whether to offer an action on a page whose access has already been checked: a holder's action on that holder (in
 * the principal's own commissioner), or a commissioner-wide one. The action's own route still decides.
 */
export function may(principal: Principal, action: Action, holderId?: string): boolean {
  const resource: Resource = holderId
    ? { type: "holder", holderId, commissionerId: principal.commissionerId }
    : { type: "commissioner", commissionerId: principal.commissionerId };
  return decide(principal, action, resource) === "allow";
}

/**
 * Whether the principal approves or queries a PA's hours for this holder: the employer, themselves or through a
 * representative with the payroll scope. Not the organisation that runs the payroll, nor staff: approving is the
 * employer's word that the hours were worked.
 */
export function mayApproveHours(principal: Principal, holderId: string): boolean {
  return (principal.kind === "holder" || principal.kind === "representative") && may(principal, "manage-payroll", holderId);
}

/** The landing page after sign-in for each kind of user. */
export function homePath(principal: Pick<Principal, "kind">): string {
  switch (principal.kind) {
    case "staff":
      return "/staff";
    case "support":
      return "/support";
    case "assistant":
      return "/pa";
    default:
      return "/";
  }
}
