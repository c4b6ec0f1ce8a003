import type { HolderAction, RepresentativeScope, StaffRole } from "./rules";

/*
 * Who may reach each route, and what everyone else is told: one row per route module in app/routes, checked by
 * test/integration/access-matrix.test.ts against every role and both methods. This is a second statement of the
 * rules, written apart from rules.ts on purpose: a change to one without the other fails that test. A new route
 * fails it too until it has a row here.
 */

export const STAFF_ROLES = ["coordinator", "finance", "approver", "auditor"] as const satisfies readonly StaffRole[];
export const SCOPES = ["view", "log-spending", "manage-payroll", "answer-finance-queries", "agree-plans"] as const satisfies readonly RepresentativeScope[];

/**
 * Everyone the matrix asks about. The representatives act for the holder, each with only the scope named; the
 * revoked one had chosen the holder before the holder revoked them. The support organisation "not assigned" supports
 * someone else. "other:" is staff of another commissioner, one per role.
 */
export const ROLES = [
  "signed-out",
  "holder",
  ...SCOPES.map((s) => `rep:${s}` as const),
  "rep:all-scopes",
  "rep:revoked",
  "support:assigned",
  "support:not-assigned",
  // A personal assistant the holder employs, signed in as themselves: the one the payslip asked about pays.
  "assistant",
  ...STAFF_ROLES.map((r) => `staff:${r}` as const),
  ...STAFF_ROLES.map((r) => `other:${r}` as const),
] as const;
export type Role = (typeof ROLES)[number];

/**
 * What a request answers:
 * - "ok": 2xx, or a redirect that is the route's own success (not to sign in, not to choose who to act for);
 * - "sign-in": sent to sign in, to come back afterwards;
 * - "redirect /path": sent to that page instead (a page for someone else, or the chooser of who to act for);
 * - 403: a record or page they know of but may not use; 404: one they have no business knowing exists (another
 *   commissioner's, a holder they have nothing to do with); 405: the route takes no POST;
 * - 400: Remix's answer to a GET on a route that has neither a loader nor a page.
 */
export type Outcome = "ok" | "sign-in" | `redirect /${string}` | 400 | 403 | 404 | 405;
export type Expect = Readonly<Record<Role, Outcome>>;
/** A method whose requests differ in who may make them (a record only staff change, an intent only approvers use). */
export type Variants = { readonly byVariant: Readonly<Record<string, Expect>> };
export type MethodAccess = Expect | Variants;
export interface RouteAccess {
  readonly GET: MethodAccess;
  readonly POST: MethodAccess;
}

type Kind = "holder" | "representative" | "support" | "assistant" | "staff";
const kindOf = (role: Role): Kind | null =>
  role === "signed-out"
    ? null
    : role === "holder" || role === "assistant"
      ? role
      : role.startsWith("rep:")
        ? "representative"
        : role.startsWith("support:")
          ? "support"
          : "staff";

function build(outcome: (role: Role) => Outcome): Expect {
  return Object.fromEntries(ROLES.map((role) => [role, outcome(role)])) as Record<Role, Outcome>;
}

/** The same answer for everyone, signed in or not. */
const everyone = (outcome: Outcome) => build(() => outcome);

/** Anyone signed in; the signed out are sent to sign in. */
const signedIn = (outcome: Outcome) => build((role) => (role === "signed-out" ? "sign-in" : outcome));

/** One answer per kind of user. */
const byKind = (outcomes: Record<Kind | "signed-out", Outcome>) => build((role) => outcomes[kindOf(role) ?? "signed-out"]);

// What each kind of user may do to a holder's records (the handbook's words; see rules.ts for the code's own).
const HOLDER_MAY: readonly HolderAction[] = ["view", "log-spending", "manage-payroll", "answer-finance-queries", "agree-plans"];
const SUPPORT_MAY: readonly HolderAction[] = ["view", "manage-payroll"];
const STAFF_MAY: Readonly<Record<HolderAction, readonly StaffRole[]>> = {
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

const allowed = (yes: boolean): Outcome => (yes ? "ok" : 403);
const scopeOf = (role: Role) => role.slice("rep:".length) as RepresentativeScope | "all-scopes" | "revoked";
const staffRoleOf = (role: Role) => role.slice(role.indexOf(":") + 1) as StaffRole;

/**
 * An action on the holder's records. `named` is how the route learns whose: "by-session" for pages about "the"
 * holder (the holder's own, the person a representative chose, ?holder= for staff and support organisations), where
 * a representative with no one to act for is sent to choose; "in-request" where the holder's id is in the path or the
 * form, where someone with no link to that holder is told it does not exist.
 */
function holderAction(action: HolderAction, named: "by-session" | "in-request" = "by-session"): Expect {
  return build((role) => {
    if (role === "signed-out") return "sign-in";
    if (role === "holder") return allowed(HOLDER_MAY.includes(action));
    if (role.startsWith("other:")) return 404;
    if (role === "support:assigned") return allowed(SUPPORT_MAY.includes(action));
    if (role === "support:not-assigned") return 404;
    // A PA knows their employer, but nothing of the employer's records is theirs to know about.
    if (role === "assistant") return 404;
    if (role.startsWith("staff:")) return allowed(STAFF_MAY[action].includes(staffRoleOf(role)));
    const scope = scopeOf(role);
    if (scope === "revoked") return named === "by-session" ? "redirect /acting-for" : 404;
    if (scope === "all-scopes") return allowed((SCOPES as readonly string[]).includes(action));
    return allowed(scope === action);
  });
}

/**
 * A staff page about one holder (/staff/holders/:holderId/...). The holder, their representatives and their support
 * organisation know the holder exists, so they are refused (403); anyone with no link to the holder is told 404.
 */
function staffPageAbout(action: HolderAction): Expect {
  const onRecord = holderAction(action, "in-request");
  return build((role) => (role === "holder" || (role.startsWith("rep:") && role !== "rep:revoked") || role === "support:assigned" ? 403 : onRecord[role]));
}

/**
 * A staff page across the commissioner, for the roles given. Another commissioner's staff see their own
 * commissioner's page; where the page is about one of our records ("ours"), those allowed the page are told the
 * record does not exist.
 */
function staffOnly(roles: readonly StaffRole[], record: "theirs" | "ours" = "theirs"): Expect {
  return build((role) => {
    if (role === "signed-out") return "sign-in";
    if (!role.startsWith("staff:") && !role.startsWith("other:")) return 403;
    const may = roles.includes(staffRoleOf(role));
    if (role.startsWith("other:") && record === "ours") return may ? 404 : 403;
    return allowed(may);
  });
}

/**
 * A support organisation's own pages. "any": every organisation has its own; "assigned": a record of the organisation
 * assigned to the holder, which another organisation is told does not exist. Everyone else has no business there.
 */
function organisationOwn(whose: "any" | "assigned"): Expect {
  return build((role) => {
    if (role === "signed-out") return "sign-in";
    if (role === "support:assigned") return "ok";
    if (role === "support:not-assigned") return whose === "any" ? "ok" : 404;
    return 404;
  });
}

/**
 * The holder's records as an employer (their PAs, their pay): those who may see the holder's records, except a
 * representative without the payroll scope, who knows the holder but not their PAs' pay. "pa's own": a record of the
 * PA the matrix signs in as (their payslip), which they see too.
 */
function payrollRecords(whose: "employer's" | "pa's own" = "employer's"): Expect {
  const view = holderAction("view");
  return build((role) => {
    if (role === "assistant") return whose === "pa's own" ? "ok" : 404;
    return role.startsWith("rep:") && view[role] === "ok" ? allowed(role === "rep:manage-payroll" || role === "rep:all-scopes") : view[role];
  });
}

/** A PA's own pages: their hours and payslips. No one else has any. */
function assistantOwn(): Expect {
  return build((role) => (role === "signed-out" ? "sign-in" : role === "assistant" ? "ok" : 404));
}

/** Only the holder and the staff roles given; representatives and support organisations cannot. */
function holderOrStaff(roles: readonly StaffRole[]): Expect {
  const view = holderAction("view");
  return build((role) => {
    if (view[role] !== "ok") return view[role];
    if (role === "holder") return "ok";
    if (role.startsWith("staff:")) return allowed(roles.includes(staffRoleOf(role)));
    return 403;
  });
}

/** A record only staff may change (an invoice the NHS paid): those who see it on the holder's list are refused. */
function staffOnlyRecord(action: HolderAction): Expect {
  const onRecord = holderAction(action);
  return build((role) => (onRecord[role] === "ok" && !role.startsWith("staff:") ? 403 : onRecord[role]));
}

/** Signed out, the public start page; the holder's budget for them and those acting for them; staff and support organisations have home pages of their own. */
function homePage(): Expect {
  const view = holderAction("view");
  return build((role) => {
    const kind = kindOf(role);
    if (kind === null) return "ok";
    if (kind === "support") return "redirect /support";
    if (kind === "staff") return "redirect /staff";
    if (kind === "assistant") return "redirect /pa";
    return view[role];
  });
}

/** A letter to the holder: whoever sees their records, except a support organisation, which has no need of it. */
function letterReaders(): Expect {
  return { ...holderAction("view"), "support:assigned": 403 };
}

const ALL_STAFF = STAFF_ROLES;
const PUBLIC_PAGE: RouteAccess = { GET: everyone("ok"), POST: everyone(405) };
const NO_POST = everyone(405);

export const ROUTE_ACCESS: Readonly<Record<string, RouteAccess>> = {
  "$.tsx": { GET: everyone(404), POST: everyone(404) },
  "_index.tsx": { GET: homePage(), POST: NO_POST },
  "accessibility.tsx": PUBLIC_PAGE,
  // Choosing who to act for: a page for representatives; the choice itself needs a link to that holder.
  "acting-for.tsx": {
    GET: byKind({ "signed-out": "sign-in", holder: "redirect /", representative: "ok", support: "redirect /", assistant: "redirect /", staff: "redirect /" }),
    POST: holderAction("view", "in-request"),
  },
  // The holder sends their direct payment account's statements, or a representative who answers finance's questions.
  "budget.bank-statements.tsx": { GET: holderAction("answer-finance-queries"), POST: holderAction("answer-finance-queries") },
  "budget.statement.tsx": { GET: holderAction("view"), POST: NO_POST },
  "budget.statement[.]csv.ts": { GET: holderAction("view"), POST: NO_POST },
  "budget.statement[.]pdf.ts": { GET: holderAction("view"), POST: NO_POST },
  // Asking for a reset link answers the same for everyone, whoever they are and whatever address they give.
  "forgotten-password.tsx": { GET: everyone("ok"), POST: everyone("ok") },
  // Feedback is kept for the commissioner of whoever sends it, so only the signed in can send it.
  "feedback.tsx": { GET: signedIn("ok"), POST: signedIn("ok") },
  "healthz.ts": PUBLIC_PAGE,
  "help.tsx": PUBLIC_PAGE,
  // The token is the credential: anyone holding the link may set the password, signed in or not.
  // The emailed link only moves its token into a cookie; the invitation page takes it from there. The token is the
  // credential, so whoever holds it may set the new account's password, signed in as someone else or not.
  "invitation.$token.tsx": { GET: everyone("ok"), POST: everyone(405) },
  "invitation._index.tsx": { GET: everyone("ok"), POST: everyone("ok") },
  // As an invitation: the emailed link only moves its token into a cookie, and the token is the credential.
  "password-reset.$token.tsx": { GET: everyone("ok"), POST: everyone(405) },
  "password-reset._index.tsx": { GET: everyone("ok"), POST: everyone("ok") },
  "plan.tsx": { GET: holderAction("view"), POST: holderAction("agree-plans") },
  // The check step before agreeing, and the agreement itself.
  "plan_.agree.tsx": { GET: holderAction("agree-plans"), POST: holderAction("agree-plans") },
  // plan.pdf works out whose plan itself rather than through requireCurrentHolder, so a representative with no one to
  // act for is told 404 rather than sent to choose: a refusal either way.
  "plan[.]pdf.ts": { GET: { ...holderAction("view"), "rep:revoked": 404 }, POST: NO_POST },
  "privacy.tsx": PUBLIC_PAGE,
  // The holder manages who acts for them; staff who manage plans can do it for them; all staff read the list.
  "representatives.tsx": { GET: holderOrStaff(ALL_STAFF), POST: holderOrStaff(["coordinator"]) },
  "session.extend.tsx": { GET: everyone(400), POST: signedIn("ok") },
  "sign-in.tsx": {
    GET: byKind({
      "signed-out": "ok",
      holder: "redirect /",
      representative: "redirect /",
      support: "redirect /support",
      assistant: "redirect /pa",
      staff: "redirect /staff",
    }),
    POST: everyone("ok"),
  },
  "sign-out.tsx": { GET: everyone("redirect /"), POST: everyone("redirect /signed-out") },
  "signed-out.tsx": PUBLIC_PAGE,
  // A spend the holder paid is changed by whoever may log spending; an invoice the NHS paid only by staff.
  "spending.$spendId.change.tsx": {
    GET: { byVariant: { "a spend from the budget": holderAction("log-spending"), "an NHS invoice": staffOnlyRecord("log-spending") } },
    POST: { byVariant: { "a spend from the budget": holderAction("log-spending"), "an NHS invoice": staffOnlyRecord("log-spending") } },
  },
  "spending.$spendId.logged.tsx": { GET: holderAction("view"), POST: NO_POST },
  "spending._index.tsx": { GET: holderAction("view"), POST: NO_POST },
  "spending.commitments.tsx": { GET: holderAction("view"), POST: holderAction("manage-commitments") },
  "spending.new.tsx": { GET: holderAction("log-spending"), POST: holderAction("log-spending") },
  "spending.plan.tsx": { GET: holderAction("view"), POST: holderAction("manage-finance") },
  "spending.receipts.$receiptId.ts": { GET: holderAction("view"), POST: NO_POST },
  "spending[.]csv.ts": { GET: holderAction("view"), POST: NO_POST },
  "staff._index.tsx": { GET: staffOnly(ALL_STAFF), POST: NO_POST },
  "staff.audit.tsx": { GET: staffOnly(ALL_STAFF), POST: NO_POST },
  "staff.audit[.]csv.ts": { GET: staffOnly(ALL_STAFF), POST: NO_POST },
  "staff.feedback.tsx": { GET: staffOnly(ALL_STAFF), POST: NO_POST },
  "staff.feedback[.]csv.ts": { GET: staffOnly(ALL_STAFF), POST: NO_POST },
  "staff.flagged-spends.tsx": { GET: staffOnly(ALL_STAFF), POST: NO_POST },
  // Every member of staff reads the help page's contact details; coordinators, whom people call, change them.
  // Finance and the auditor read the flags and the queries; finance checks, decides, asks and closes.
  "staff.flags.tsx": { GET: staffOnly(["finance", "auditor"]), POST: staffOnly(["finance"]) },
  "staff.queries._index.tsx": { GET: staffOnly(["finance", "auditor"]), POST: NO_POST },
  "staff.queries.$queryId.tsx": { GET: staffOnly(["finance", "auditor"], "ours"), POST: staffOnly(["finance"], "ours") },
  "staff.queries.$queryId.files.$fileId.ts": { GET: staffOnly(["finance", "auditor"], "ours"), POST: NO_POST },
  "staff.holders.$holderId.queries.new.tsx": { GET: staffPageAbout("manage-finance"), POST: staffPageAbout("manage-finance") },
  // The holder, and a representative allowed to, read and answer finance's questions.
  "queries._index.tsx": { GET: holderAction("answer-finance-queries"), POST: NO_POST },
  "queries.$queryId.tsx": { GET: holderAction("answer-finance-queries"), POST: holderAction("answer-finance-queries") },
  "queries.$queryId.files.$fileId.ts": { GET: holderAction("answer-finance-queries"), POST: NO_POST },
  // Pooled accounts: finance records them and imports their statements (other holders' lines: never a holder's page);
  // the auditor reads them. Another commissioner's pool does not exist for anyone here.
  "staff.pooled-accounts._index.tsx": { GET: staffOnly(["finance", "auditor"]), POST: staffOnly(["finance"]) },
  "staff.pooled-accounts.$poolId.tsx": { GET: staffOnly(["finance", "auditor"], "ours"), POST: staffOnly(["finance"], "ours") },
  // Finance works from the reconciliation worklist, reconciles together those that agree, and sets how often; the auditor reads it.
  "staff.reconciliation.tsx": { GET: staffOnly(["finance", "auditor"]), POST: staffOnly(["finance"]) },
  // The commissioner's dashboard, its lists and its journal are finance's, read by the auditor; finance alone codes the journal.
  "staff.dashboard.tsx": { GET: staffOnly(["finance", "auditor"]), POST: NO_POST },
  "staff.dashboard_.holders.tsx": { GET: staffOnly(["finance", "auditor"]), POST: NO_POST },
  "staff.dashboard_.journal[.]csv.ts": { GET: staffOnly(["finance", "auditor"]), POST: NO_POST },
  "staff.dashboard_.journal-codes.tsx": { GET: staffOnly(["finance", "auditor"]), POST: staffOnly(["finance"]) },
  "staff.help-contact.tsx": { GET: staffOnly(ALL_STAFF), POST: staffOnly(["coordinator"]) },
  // Coordinators take referrals and add the person; everyone else is refused the form as well as the adding.
  "staff.holders.new.tsx": { GET: staffOnly(["coordinator"]), POST: staffOnly(["coordinator"]) },
  // All staff read where the direct payment is paid and what its instalments show; finance records the account.
  "staff.holders.$holderId.bank-account.tsx": { GET: staffPageAbout("view-casework"), POST: staffPageAbout("manage-finance") },
  // All staff read the statements; finance imports them.
  "staff.holders.$holderId.bank-statements.tsx": { GET: staffPageAbout("view-casework"), POST: staffPageAbout("manage-finance") },
  // All staff read a holder's month at the bank; finance matches its lines and reconciles it.
  "staff.holders.$holderId.reconciliation.$period.tsx": { GET: staffPageAbout("view-casework"), POST: staffPageAbout("manage-finance") },
  // All staff read what is proposed and decided; finance proposes and withdraws; approvers approve or refuse.
  "staff.holders.$holderId.recovery.tsx": { GET: staffPageAbout("view-casework"), POST: staffPageAbout("manage-finance") },
  "staff.holders.$holderId.recovery_.$recoveryId.tsx": {
    GET: staffPageAbout("view-casework"),
    POST: {
      byVariant: {
        "intent=withdraw": staffPageAbout("manage-finance"),
        "intent=approve": staffPageAbout("approve-recovery"),
        "intent=refuse": staffPageAbout("approve-recovery"),
      },
    },
  },
  // The letter a recovery sends, on the page and as its PDF.
  "letters.$letterId.tsx": { GET: letterReaders(), POST: NO_POST },
  "letters.$letterId_.pdf.ts": { GET: letterReaders(), POST: NO_POST },
  "staff.holders.$holderId.indicative-budget.tsx": { GET: staffPageAbout("view-casework"), POST: staffPageAbout("manage-plan") },
  "staff.holders.$holderId.plan.tsx": {
    GET: staffPageAbout("view-casework"),
    POST: {
      byVariant: {
        "intent=start": staffPageAbout("manage-plan"),
        "intent=reject": staffPageAbout("approve-plan"),
      },
    },
  },
  // The check before approving, the approval itself, and its confirmation: approvers only.
  "staff.holders.$holderId.plan_.approve.tsx": { GET: staffPageAbout("approve-plan"), POST: staffPageAbout("approve-plan") },
  "staff.holders.$holderId.plan_.approved.tsx": { GET: staffPageAbout("approve-plan"), POST: NO_POST },
  "staff.holders.$holderId.plan_.edit.tsx": { GET: staffPageAbout("manage-plan"), POST: NO_POST },
  "staff.holders.$holderId.plan_.edit_.$section.tsx": { GET: staffPageAbout("manage-plan"), POST: staffPageAbout("manage-plan") },
  "staff.holders.$holderId.plan_.edit_.check.tsx": { GET: staffPageAbout("manage-plan"), POST: staffPageAbout("manage-plan") },
  "staff.holders.$holderId.plan_.sent.tsx": { GET: staffPageAbout("manage-plan"), POST: NO_POST },
  "staff.instalments.tsx": { GET: staffOnly(ALL_STAFF), POST: staffOnly(["finance"]) },
  // Finance sets spending rules and closes periods; auditors read them (they read everything and change nothing).
  "staff.spending-periods.tsx": { GET: staffOnly(["finance", "auditor"]), POST: staffOnly(["finance"]) },
  "staff.spending-rules.tsx": { GET: staffOnly(["finance", "auditor"]), POST: staffOnly(["finance"]) },
  "staff.statement-of-resources.tsx": { GET: staffOnly(ALL_STAFF), POST: staffOnly(["coordinator"]) },
  "staff.statement-of-resources[.]csv.ts": { GET: staffOnly(ALL_STAFF), POST: NO_POST },
  "staff.statement-of-resources_.$lineKey.tsx": { GET: staffOnly(ALL_STAFF, "ours"), POST: staffOnly(["coordinator"], "ours") },
  "support._index.tsx": {
    GET: byKind({ "signed-out": "sign-in", holder: "redirect /", representative: "redirect /", support: "ok", assistant: "redirect /", staff: "redirect /" }),
    POST: NO_POST,
  },
  // An organisation's own payroll: its runs are no one else's business.
  "staff.holders.$holderId.support-organisations.tsx": { GET: staffPageAbout("view-casework"), POST: staffPageAbout("manage-plan") },
  "support.payroll.tsx": { GET: organisationOwn("any"), POST: organisationOwn("any") },
  "support.payroll_.enter.tsx": { GET: organisationOwn("any"), POST: organisationOwn("any") },
  "support.payroll_.$runId.tsx": { GET: organisationOwn("assigned"), POST: organisationOwn("assigned") },
  "employer.tsx": { GET: payrollRecords(), POST: holderAction("manage-payroll") },
  // Who may invite a PA to sign in is who may run their employer's payroll.
  "employer_.assistants.$assistantId.sign-in.tsx": { GET: holderAction("manage-payroll"), POST: holderAction("manage-payroll") },
  "payslips.$payslipId.tsx": { GET: payrollRecords("pa's own"), POST: NO_POST },
  "payslips.$payslipId_.pdf.ts": { GET: payrollRecords("pa's own"), POST: NO_POST },
  "pa._index.tsx": { GET: assistantOwn(), POST: assistantOwn() },
  // As a representative's invitation: the emailed link moves its token into a cookie, and the token is the credential.
  "pa-invitation.$token.tsx": { GET: everyone("ok"), POST: everyone(405) },
  "pa-invitation._index.tsx": { GET: everyone("ok"), POST: everyone("ok") },
};

export function variantsOf(access: MethodAccess): [variant: string, expect: Expect][] {
  return "byVariant" in access ? Object.entries(access.byVariant) : [["", access]];
}
