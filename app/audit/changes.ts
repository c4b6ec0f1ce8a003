import { longDate } from "~/dates/long-date";
import { formatPence } from "~/ledger/money";
import { COHORT_NAMES } from "~/people/cohorts";
import { REFERRAL_NAMES } from "~/people/referrals";
import { SCOPE_NAMES } from "~/people/representative-scopes";
import type { AuditNames } from "./names";

export interface AuditChange {
  field: string;
  before: string;
  after: string;
}

/** Ids and bookkeeping a reader of the log has no use for: the entry already says which record it is about. */
const HIDDEN = new Set([
  "id",
  "commissionerId",
  "planId",
  "holderId",
  "createdAt",
  "updatedAt",
  "journalEntryId",
  "requestId",
  "invitationId",
  "passwordResetId",
  "notifyId",
  "closedInvitationIds",
  "closedResetIds",
  "draftId",
  "spendId",
  "indicativeBudgetId",
  "planVersionId",
  "representativeId",
  "budget",
  "arrangements",
  "contentSha256",
  "token",
  "tokenHash",
  "from",
  "idempotencyKey",
  "reversesEntryId",
]);

const LABELS: Record<string, string> = {
  lineKey: "Support line",
  supportLineKey: "Support line",
  lines: "Amount moved",
  effectiveDate: "Date",
  kind: "Kind of entry",
  scopes: "What they can do",
  amountPence: "Amount",
  pence: "Amount",
  finalPence: "Final budget",
  indicativePence: "Indicative budget",
  contingencyPence: "Contingency",
  costPerUnitPence: "Cost per unit",
  startsOn: "Starts",
  endsOn: "Ends",
  spentOn: "Spent on",
  firstReviewOn: "First review",
  reviewEveryMonths: "Review every (months)",
  criteriaMet: "Criteria met",
  completedSections: "Sections completed",
  section: "Section saved",
  whatMatters: "What matters to the person",
  whoWasInvolved: "Who was involved",
  closedThrough: "Closed up to",
  supportLines: "Support lines",
  outcomes: "Outcomes",
  needsSecondApproval: "Needs a second approval",
  flaggedForFinance: "Flagged for finance",
  loggedByRepresentative: "Logged by a representative",
  passwordSet: "Password set",
  accountMadeNow: "New account made",
  nhsNumber: "NHS number",
  givenName: "First name",
  familyName: "Last name",
  cohort: "Type of budget",
  referredBy: "Referred by",
  referredByOther: "Referred by (other)",
};

/** "firstReviewOn" -> "First review on": a fair label for a field no one has named yet. */
function labelOf(key: string): string {
  if (LABELS[key]) return LABELS[key];
  const words = key
    .replace(/(Pence|Id)$/, "")
    .replace(/([A-Z])/g, " $1")
    .toLowerCase()
    .trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_MOMENT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const moment = new Intl.DateTimeFormat("en-GB", { dateStyle: "long", timeStyle: "short", timeZone: "Europe/London" });

/** A value in words: pence in pounds, dates as people write them, ids as the names they stand for. */
export function valueInWords(key: string, value: unknown, names: AuditNames): string {
  if (value === null || value === undefined || value === "") return "";
  // A ledger entry's lines are account ids and signed amounts that sum to nothing: what moved is the money in.
  if (key === "lines" && Array.isArray(value)) return formatPence(amountMoved(value));
  if (Array.isArray(value))
    return value.map((v) => (v && typeof v === "object" ? itemInWords(v as Record<string, unknown>) : valueInWords(key, v, names))).join("; ");
  if (typeof value === "boolean") return value ? "Yes" : "No";
  if (typeof value === "number") return /Pence$|^pence$/.test(key) ? formatPence(value) : String(value);
  if (typeof value === "object") return itemInWords(value as Record<string, unknown>);
  if (typeof value !== "string") return "";
  const text = value;
  if (key === "cohort" && text in COHORT_NAMES) return COHORT_NAMES[text as keyof typeof COHORT_NAMES];
  // Who referred a person: a source, not a user, though its name ends like one.
  if (key === "referredBy") return text in REFERRAL_NAMES ? REFERRAL_NAMES[text as keyof typeof REFERRAL_NAMES] : text;
  if (key === "lineKey" || key === "supportLineKey") return names.lines[text] ?? "A support line no longer in any plan";
  if (key === "holderId") return names.holders[text]?.name ?? "Someone no longer on record";
  if (/(By|UserId)$/.test(key)) return names.users[text] ?? "Someone no longer on record";
  if (key === "scopes" && text in SCOPE_NAMES) return SCOPE_NAMES[text as keyof typeof SCOPE_NAMES];
  if (ISO_DATE.test(text)) return longDate(text);
  if (ISO_MOMENT.test(text)) return moment.format(new Date(text));
  // A code from a list ("direct-payment", "warn") reads as words.
  if (/^[a-z]+(-[a-z]+)*$/.test(text)) return (text.charAt(0).toUpperCase() + text.slice(1)).replace(/-/g, " ");
  return text;
}

function amountMoved(lines: unknown[]): number {
  return lines.reduce<number>((sum, line) => {
    const pence = line && typeof line === "object" ? (line as { amountPence?: unknown }).amountPence : undefined;
    return typeof pence === "number" && pence > 0 ? sum + pence : sum;
  }, 0);
}

/** An outcome or support line inside a plan: its words, and its amount where it has one. */
function itemInWords(item: Record<string, unknown>): string {
  const words = [item.description, item.name, item.outcome, item.title].find((v) => typeof v === "string" && v) as string | undefined;
  const amount =
    typeof item.amountPence === "number"
      ? formatPence(item.amountPence)
      : typeof item.costPerUnitPence === "number" && typeof item.units === "number"
        ? `${item.units} × ${formatPence(item.costPerUnitPence)}${typeof item.frequency === "string" ? ` ${item.frequency.replace(/-/g, " ")}` : ""}`
        : undefined;
  return [words, amount].filter(Boolean).join(", ") || "An item";
}

/**
 * The fields that differ between before and after, in words. Where a writer recorded only the new state (after), every
 * field it recorded is a change from nothing.
 */
export function describeChanges(before: Record<string, unknown>, after: Record<string, unknown>, names: AuditNames): AuditChange[] {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => !HIDDEN.has(k) && !k.endsWith("At"));
  const changes: AuditChange[] = [];
  for (const key of keys) {
    if (JSON.stringify(before[key]) === JSON.stringify(after[key])) continue;
    const change = { field: labelOf(key), before: valueInWords(key, before[key], names), after: valueInWords(key, after[key], names) };
    // An id with no name to stand for (a budget, an arrangement) tells a reader nothing.
    if (change.before !== change.after && !UUID.test(`${change.before} ${change.after}`)) changes.push(change);
  }
  return changes;
}
