import { describeChanges, type AuditChange } from "./changes";
import type { AuditNames } from "./names";
import { periodName, readPeriod } from "~/reconciliation/periods";

export type { AuditChange } from "./changes";
export type { AuditNames } from "./names";

/** One row of the audit log as stored, with the actor's name joined. */
export interface AuditEntry {
  action: string;
  entityType: string;
  entityId: string;
  actorUserId: string | null;
  actorName: string | null;
  onBehalfOfHolderId: string | null;
  before: unknown;
  after: unknown;
}

export interface DescribedEntry {
  sentence: string;
  /** Whose record the action was about, when it was a holder's: "themselves" when the holder acted on their own. */
  forWhom: string;
  changes: AuditChange[];
}

interface Words {
  who: string;
  /** "Margaret Collins's", "their own" when the holder acted on their own record, or "a person's" when not known. */
  whose: string;
  /** "Margaret Collins", "them" when the holder acted on their own record, or "a person". */
  holder: string;
  /** "Margaret Collins" or "a person", for a sentence that does not start with who acted. */
  holderName: string;
  /** "version 2 of", or "" when the version is not known. */
  versionOf: string;
  /** "the support line Short breaks", or "a support line". */
  line: string;
  after: Record<string, unknown>;
}

// Rows written before quarters were reconciled name their period "month".
const reconciledPeriod = (after: Record<string, unknown>) => {
  const named = after.period ?? after.month;
  const period = typeof named === "string" ? readPeriod(named) : null;
  return period ? periodName(period) : "a month";
};
/** A value the audit row kept, as words; nothing when it is not a plain string or number. */
const text = (value: unknown) => (typeof value === "string" || typeof value === "number" ? String(value) : "");
const rule = (w: Words) => (typeof w.after.name === "string" ? `the spending rule "${w.after.name}"` : "a spending rule");
const plan = (verb: string) => (w: Words) => `${w.who} ${verb} ${w.versionOf}${w.whose} plan`;

/**
 * Every action code the service writes, in words. A code missing here still shows (as the code itself), but
 * app/audit/describe.test.ts fails until it is added.
 */
const SENTENCES: Record<string, (w: Words) => string> = {
  "plan.version-started": plan("started"),
  "plan.draft-saved": plan("saved changes to"),
  "plan.submitted": (w) => `${w.who} sent ${w.versionOf}${w.whose} plan for approval`,
  "plan.first-approval": plan("gave the first approval to"),
  "plan.approved": plan("approved"),
  "plan.rejected": plan("did not approve"),
  "plan.agreed": plan("agreed to"),
  "plan.ended": (w) => `${w.who} ended ${w.whose} plan`,
  "plan.holding-change-requested": (w) => `${w.who} asked to change how ${w.line} in ${w.whose} plan is held`,
  "plan.holding-change-accepted": (w) => `${w.who} accepted a request to change how ${w.line} in ${w.whose} plan is held`,
  "plan.holding-change-declined": (w) => `${w.who} declined a request to change how ${w.line} in ${w.whose} plan is held`,
  "plan.holding-changed": (w) => `${w.who} changed how ${w.line} is held in ${w.versionOf}${w.whose} plan`,
  "direct-payment.refused": (w) => `${w.who} refused a direct payment for ${w.holder}`,
  "direct-payment.stopped": (w) => `${w.who} stopped ${w.whose} direct payment`,
  "direct-payment.reconsider-requested": (w) => `${w.who} asked for the direct payment decision about ${w.holder} to be looked at again`,
  "direct-payment.reconsidered": (w) => `${w.who} looked again at the direct payment decision about ${w.holder}`,
  "ledger.entry-posted": (w) => `${w.who} recorded money moving in ${w.whose} budget${described(w.after.description)}`,
  "ledger.entry-reversed": (w) => `${w.who} reversed an entry in ${w.whose} budget${described(w.after.reason)}`,
  "instalments.run-requested": (w) => `${w.who} asked for instalments to be paid`,
  "instalments.frequency-set": (w) => `${w.who} set how often instalments are paid`,
  "spending.logged": (w) => `${w.who} logged a spend from ${w.whose} budget on ${w.line}`,
  "spending.edited": (w) => `${w.who} changed a spend from ${w.whose} budget on ${w.line}`,
  "spending.commitment-added": (w) => `${w.who} set aside money on ${w.line} in ${w.whose} budget`,
  "spending.commitment-cancelled": (w) => `${w.who} cancelled money set aside in ${w.whose} budget`,
  "spending.unconfirmed-receipts-removed": (w) => `${w.who} removed receipts that were uploaded but never sent`,
  "spending.overspend-rule-set": (w) => `${w.who} set what happens when ${w.holder} spends more than a line allows`,
  "spending.no-receipt-threshold-set": (w) => `${w.who} set the amount above which a spend needs a receipt`,
  "spending.period-closed": (w) => `${w.who} closed a spending period`,
  "journal-code.set": (w) => `${w.who} set the cost centre and subjective code of a kind of line in the journal for the finance system`,
  "spending.restricted-category-added": (w) => `${w.who} added ${rule(w)}`,
  "spending.restricted-category-changed": (w) => `${w.who} changed ${rule(w)}`,
  "spending.restricted-category-retired": (w) => `${w.who} stopped using ${rule(w)}`,
  "spending.restricted-category-restored": (w) => `${w.who} started using ${rule(w)} again`,
  "statement-of-resources.line-added": (w) => `${w.who} added ${quoted(w.after.service, "a service")} to the statement of resources`,
  "statement-of-resources.line-changed": (w) => `${w.who} changed ${quoted(w.after.service, "a service")} in the statement of resources`,
  "statement-of-resources.imported": (w) => `${w.who} imported the statement of resources from a spreadsheet`,
  "indicative-budget.calculated": (w) => `${w.who} worked out an indicative budget for ${w.holder}`,
  "feedback.given": (w) => `${w.who} gave feedback about the service`,
  "help-contact.saved": (w) => `${w.who} changed the contact details on the help page`,
  "holder.added": (w) => `${w.who} added ${w.holder}`,
  "representative.invited": (w) => `${w.who} invited someone to act for ${w.holder}`,
  "representative.invitation-renewed": (w) => `${w.who} sent a new invitation to act for ${w.holder}`,
  "representative.invitation-emailed": (w) => `${w.who} emailed an invitation to act for ${w.holder}`,
  "representative.invitation-email-failed": (w) => `An invitation to act for ${w.holderName} could not be emailed`,
  "representative.invitation-not-emailed": (w) => `An invitation to act for ${w.holderName} was not emailed (email is not set up)`,
  "representative.invitation-accepted": (w) => `${w.who} accepted an invitation to act for ${w.holder}`,
  "representative.scopes-changed": (w) => `${w.who} changed what a representative may do for ${w.holder}`,
  "representative.revoked": (w) => `${w.who} stopped a representative acting for ${w.holder}`,
  "signed-in": (w) => `${w.who} signed in`,
  "signed-out": (w) => `${w.who} signed out`,
  "account.locked": (w) => `${w.who}'s account was locked after too many wrong passwords`,
  "password.reset-requested": (w) => `${w.who} asked to reset their password`,
  "password.reset-emailed": (w) => `${w.who} was emailed a link to reset their password`,
  "password.reset-not-emailed": (w) => `${w.who} was not emailed a password reset link`,
  "password.reset": (w) => `${w.who} reset their password`,
  "support-assignment.made": (w) => `${w.who} assigned a support organisation to ${w.holder}`,
  "support-assignment.changed": (w) => `${w.who} changed what a support organisation does for ${w.holder}`,
  "support-assignment.ended": (w) => `${w.who} ended a support organisation's work for ${w.holder}`,
  "employer.recorded": (w) => `${w.who} recorded ${w.holder} as an employer`,
  "employer.changed": (w) => `${w.who} changed ${w.whose} details as an employer`,
  "personal-assistant.added": (w) => `${w.who} added a personal assistant ${w.holder} employs`,
  "payroll-run.previewed": (w) => `${w.who} checked a payroll file`,
  "payroll-run.requested": (w) => `${w.who} asked for a payroll run to be posted`,
  "payroll-run.posted": () => "A payroll run was posted",
  "payroll.remittance-recorded": (w) =>
    `${w.who} recorded a payment to ${w.after.paidTo === "pension" ? "the pension schemes" : "HMRC"} from ${w.whose} account`,
  "assistant.invited": (w) => `${w.who} invited a personal assistant ${w.holder} employs to sign in`,
  "assistant.invitation-emailed": (w) => `${w.who} emailed a personal assistant ${w.holder} employs their link to sign in`,
  "assistant.invitation-not-emailed": (w) => `${w.who} was given a personal assistant's link to pass on, as it could not be emailed`,
  "assistant.invitation-accepted": (w) => `${w.who} set their password and can now sign in as a personal assistant`,
  "timesheet.entered": (w) => `${w.who} entered a personal assistant's hours for ${w.holder}`,
  "timesheet.approved": (w) => `${w.who} approved a personal assistant's hours for ${w.holder}`,
  "timesheet.queried": (w) => `${w.who} queried a personal assistant's hours for ${w.holder}`,
  "bank-account.recorded": (w) => `${w.who} recorded the bank account ${w.whose} direct payment is paid into`,
  "bank-account.changed": (w) => `${w.who} changed the bank account ${w.whose} direct payment is paid into`,
  "bank-account.pooled": (w) =>
    `${w.who} recorded that ${w.whose} direct payment is held in a pooled account, under the reference ${text(w.after.poolReference)}`,
  "pooled-account.recorded": (w) => `${w.who} recorded the pooled account ${text(w.after.accountName)}`,
  "pooled-statement.imported": (w) =>
    `${w.who} imported a pooled account's statement: ${text(w.after.linesAdded)} new lines for ${text(w.after.holders)} people`,
  "pooled-statement.import-started": (w) =>
    `${w.who} sent a large pooled account's statement, ${text(w.after.linesRead)} lines for ${text(w.after.holders)} people, checked and waiting to be imported`,
  "pooled-statement.import-failed": (w) => `Importing a pooled account's statement ${w.who} sent stopped, so none of its lines were added for anyone`,
  "bank-statement.imported": (w) => `${w.who} imported a bank statement for ${w.whose} direct payment`,
  "bank-statement.import-started": (w) => `${w.who} sent a large bank statement for ${w.whose} direct payment, checked and waiting to be imported`,
  "bank-statement.import-failed": (w) => `Importing a bank statement ${w.who} sent for ${w.whose} direct payment stopped, so none of its lines were added`,
  "bank-statement.unconfirmed-uploads-removed": (w) => `${w.who} removed bank statements whose columns no one checked within a day`,
  "bank-lines.matched-automatically": (w) => `${w.who} imported bank lines for ${w.whose} direct payment, and those certain were matched to the ledger`,
  "bank-line.matched": (w) =>
    w.after.outcome === "own-transfer"
      ? `${w.who} said a bank line of ${w.whose} was money moved between their own accounts`
      : w.after.outcome === "not-ours"
        ? `${w.who} said a bank line of ${w.whose} was not their money`
        : `${w.who} matched a bank line of ${w.whose} to the ledger`,
  "bank-line.unmatched": (w) => `${w.who} took back the match of a bank line of ${w.whose}`,
  "period.reconciled": (w) => `${w.who} reconciled ${w.whose} direct payment for ${reconciledPeriod(w.after)}`,
  "period.reopened": (w) => `${w.who} reopened ${w.whose} direct payment for ${reconciledPeriod(w.after)}, to reconcile it again`,
  "reconciliation-period.changed": (w) => `${w.who} set direct payments to be reconciled every ${w.after.periodLength === "quarter" ? "quarter" : "month"}`,
  "flags.raised": () => "The daily check flagged accounts for finance to look at",
  "flag.resolved": (w) => `${w.who} dealt with a flag on ${w.whose} account`,
  "flag.dismissed": (w) => `${w.who} dismissed a flag on ${w.whose} account as needing nothing doing`,
  "query.raised": (w) => `${w.who} asked ${w.holder} a finance question`,
  "query.answered": (w) => `${w.who} answered a finance question for ${w.holder}`,
  "query.accept": (w) => `${w.who} accepted the answer to a finance question of ${w.whose}`,
  "query.send-back": (w) => `${w.who} sent a finance question back to ${w.holder} for more`,
  "query.withdraw": (w) => `${w.who} withdrew a finance question to ${w.holder}`,
  "query.emailed": (w) => `${w.holderName} was emailed that a finance question is waiting`,
  "query.reminder-emailed": (w) => `${w.holderName} was emailed a reminder of a finance question`,
  "reconciliation-settings.changed": (w) => `${w.who} changed how bank lines are matched and accounts flagged`,
  "recovery.proposed": (w) => `${w.who} proposed to recover money from ${w.whose} direct payment`,
  "recovery.approved": (w) => `${w.who} approved recovering money from ${w.whose} direct payment, and the letter was sent`,
  "recovery.refused": (w) => `${w.who} refused a proposal to recover money from ${w.whose} direct payment`,
  "recovery.withdrawn": (w) => `${w.who} withdrew a proposal to recover money from ${w.whose} direct payment`,
  "demo-data.seeded": () => "The demo data was loaded",
  "demo-data.plans-seeded": () => "The demo plans were loaded",
};

export const DESCRIBED_ACTIONS: readonly string[] = Object.keys(SENTENCES);

const described = (value: unknown) => (typeof value === "string" && value ? `: "${value}"` : "");
const quoted = (value: unknown, otherwise: string) => (typeof value === "string" && value ? `"${value}"` : otherwise);

const asRecord = (value: unknown): Record<string, unknown> =>
  value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

/** The holder an entry is about: the one named on it, or, for a plan version or a holder's own setting, theirs. */
export function holderOf(entry: Pick<AuditEntry, "onBehalfOfHolderId" | "entityType" | "entityId">, names: AuditNames): string | null {
  if (entry.onBehalfOfHolderId) return entry.onBehalfOfHolderId;
  if (entry.entityType === "plan-version") return names.planVersions[entry.entityId]?.holderId ?? null;
  if (entry.entityType === "holder") return entry.entityId;
  return null;
}

/** The entry in words: a sentence, for whom, and the fields that changed with money in pounds and names for ids. */
export function describeAuditEntry(entry: AuditEntry, names: AuditNames): DescribedEntry {
  const before = asRecord(entry.before);
  const after = asRecord(entry.after);
  const holderId = holderOf(entry, names);
  const holder = holderId ? names.holders[holderId] : undefined;
  const version = entry.entityType === "plan-version" ? (names.planVersions[entry.entityId]?.version ?? after.version) : undefined;
  const lineKey = (after.lineKey ?? before.lineKey) as string | undefined;
  const lineName = lineKey ? names.lines[lineKey] : undefined;
  // "Aisha Rahman invited someone to act for them", not "… to act for Aisha Rahman".
  const own = Boolean(holder?.userId && holder.userId === entry.actorUserId);
  const words: Words = {
    who: entry.actorName ?? "The service",
    holder: own ? "them" : (holder?.name ?? "a person"),
    holderName: holder?.name ?? "a person",
    whose: own ? "their own" : holder ? `${holder.name}'s` : "a person's",
    versionOf: typeof version === "number" ? `version ${version} of ` : "",
    line: lineName ? `the support line "${lineName}"` : "a support line",
    after,
  };
  const sentence = SENTENCES[entry.action]?.(words) ?? `${words.who}: ${entry.action}`;
  const forWhom = !holder ? "" : own ? "Themselves" : holder.name;
  return { sentence, forWhom, changes: describeChanges(before, after, names) };
}
