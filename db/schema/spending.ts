import { sql } from "drizzle-orm";
import { bigint, boolean, check, customType, date, index, integer, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { budgets } from "./budgets";
import { journalEntries, ledgerAccounts } from "./ledger";
import { commissioners, holders, users } from "./people";
import { planSupportLines, planVersions } from "./plans";

/** Raw bytes: Buffer from postgres.js, Uint8Array from PGlite; both read back as a Uint8Array. */
export const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => "bytea",
});

export const restrictedSpendingRule = pgEnum("restricted_spending_rule", ["refused", "needs-agreement"]);

/**
 * What a budget may not buy, or may buy only with the commissioner's explicit agreement (handbook 2.7; DOMAIN.md).
 * Maintained by the commissioner; a table rather than code so that card merchant category codes can map onto it.
 */
export const restrictedSpendingCategories = pgTable(
  "restricted_spending_categories",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    commissionerId: uuid("commissioner_id")
      .notNull()
      .references(() => commissioners.id),
    /** Stable within the commissioner, e.g. "alcohol", "family-member-same-household". */
    key: text("key").notNull(),
    name: text("name").notNull(),
    rule: restrictedSpendingRule("rule").notNull(),
    reason: text("reason").notNull(),
    whatToDoInstead: text("what_to_do_instead").notNull(),
    position: integer("position").notNull().default(0),
    retiredAt: timestamp("retired_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("restricted_spending_categories_key").on(t.commissionerId, t.key)],
);

/**
 * Commissioner-wide spending settings: above this amount a spend without a receipt is flagged for finance; and the
 * last day of the last period finance has closed, on or before which no spend can be logged or changed.
 */
export const spendingSettings = pgTable("spending_settings", {
  commissionerId: uuid("commissioner_id")
    .primaryKey()
    .references(() => commissioners.id),
  noReceiptThresholdPence: bigint("no_receipt_threshold_pence", { mode: "number" }).notNull().default(5_000),
  closedThrough: date("closed_through", { mode: "string" }),
});

export const overspendRule = pgEnum("overspend_rule", ["warn", "block"]);

/** Per holder, across plan versions: a spend above what is left on its plan line warns (the default) or is refused. */
export const overspendRules = pgTable("overspend_rules", {
  holderId: uuid("holder_id")
    .primaryKey()
    .references(() => holders.id),
  commissionerId: uuid("commissioner_id")
    .notNull()
    .references(() => commissioners.id),
  rule: overspendRule("rule").notNull().default("warn"),
});

/** Someone a holder pays: picked from the holder's known payees or added while logging a spend. */
export const payees = pgTable(
  "payees",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    commissionerId: uuid("commissioner_id")
      .notNull()
      .references(() => commissioners.id),
    holderId: uuid("holder_id")
      .notNull()
      .references(() => holders.id),
    name: text("name").notNull(),
    ledgerAccountId: bigint("ledger_account_id", { mode: "number" })
      .notNull()
      .references(() => ledgerAccounts.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("payees_holder_name_key").on(t.holderId, sql`lower(${t.name})`)],
);

/** "invoice": a provider's bill for care on a line the NHS arranges (a notional line), paid by the NHS. */
export const howPaid = pgEnum("how_paid", ["account-transfer", "card", "cash", "invoice"]);

/**
 * A spend as the holder or their representative logged it: the business record that links to the journal entry it
 * created. Finance flags and agreement attach here, never to the entry. An edit reverses the entry and logs a new
 * spend that points back at this one (`replacedBySpendId`).
 */
export const spends = pgTable(
  "spends",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    commissionerId: uuid("commissioner_id")
      .notNull()
      .references(() => commissioners.id),
    holderId: uuid("holder_id")
      .notNull()
      .references(() => holders.id),
    budgetId: uuid("budget_id")
      .notNull()
      .references(() => budgets.id),
    planVersionId: uuid("plan_version_id")
      .notNull()
      .references(() => planVersions.id),
    supportLineId: uuid("support_line_id")
      .notNull()
      .references(() => planSupportLines.id),
    /** Kept across plan versions, so spend on a line adds up from one version to the next. */
    lineKey: uuid("line_key").notNull(),
    spentOn: date("spent_on", { mode: "string" }).notNull(),
    payeeId: uuid("payee_id")
      .notNull()
      .references(() => payees.id),
    amountPence: bigint("amount_pence", { mode: "number" }).notNull(),
    whatFor: text("what_for").notNull(),
    howPaid: howPaid("how_paid").notNull(),
    restrictedCategoryId: uuid("restricted_category_id").references(() => restrictedSpendingCategories.id),
    needsAgreement: boolean("needs_agreement").notNull().default(false),
    flaggedForFinance: boolean("flagged_for_finance").notNull().default(false),
    flagReason: text("flag_reason"),
    /** The spend took its plan line past what was allocated, and the budget's rule is to warn. */
    overspendWarning: boolean("overspend_warning").notNull().default(false),
    journalEntryId: bigint("journal_entry_id", { mode: "number" })
      .notNull()
      .references(() => journalEntries.id),
    /** The one-time token of the form that logged it: a double submit or a refresh finds this spend. */
    formToken: text("form_token").notNull(),
    loggedBy: uuid("logged_by")
      .notNull()
      .references(() => users.id),
    /** Set when a representative logged it for the holder. */
    onBehalfOfHolderId: uuid("on_behalf_of_holder_id").references(() => holders.id),
    loggedAt: timestamp("logged_at", { withTimezone: true }).notNull().defaultNow(),
    replacesSpendId: uuid("replaces_spend_id").references((): never => spends.id as never),
    replacedBySpendId: uuid("replaced_by_spend_id").references((): never => spends.id as never),
    reversalEntryId: bigint("reversal_entry_id", { mode: "number" }).references(() => journalEntries.id),
    reversalReason: text("reversal_reason"),
    reversedAt: timestamp("reversed_at", { withTimezone: true }),
    reversedBy: uuid("reversed_by").references(() => users.id),
  },
  (t) => [
    uniqueIndex("spends_form_token_key").on(t.commissionerId, t.formToken),
    index("spends_holder_date_idx").on(t.holderId, t.spentOn),
    index("spends_line_idx").on(t.budgetId, t.lineKey),
    check("spends_amount_positive", sql`${t.amountPence} > 0`),
  ],
);

/**
 * Money the NHS sets aside on a line it arranges (a notional line) for care it has booked with a provider, such as
 * a block of nursing visits. Not money moving, so not in the ledger: the provider's invoices are logged as spends on
 * the line, and a commitment counts as committed only for what is not yet invoiced. Never changed; cancelled with a
 * reason.
 */
export const lineCommitments = pgTable(
  "line_commitments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    commissionerId: uuid("commissioner_id")
      .notNull()
      .references(() => commissioners.id),
    holderId: uuid("holder_id")
      .notNull()
      .references(() => holders.id),
    budgetId: uuid("budget_id")
      .notNull()
      .references(() => budgets.id),
    supportLineId: uuid("support_line_id")
      .notNull()
      .references(() => planSupportLines.id),
    lineKey: uuid("line_key").notNull(),
    provider: text("provider").notNull(),
    description: text("description").notNull(),
    amountPence: bigint("amount_pence", { mode: "number" }).notNull(),
    startsOn: date("starts_on", { mode: "string" }).notNull(),
    endsOn: date("ends_on", { mode: "string" }).notNull(),
    /** The purchase order or contract reference, if there is one. */
    reference: text("reference"),
    createdBy: uuid("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    cancelledAt: timestamp("cancelled_at", { withTimezone: true }),
    cancelledBy: uuid("cancelled_by").references(() => users.id),
    cancelReason: text("cancel_reason"),
  },
  (t) => [
    index("line_commitments_line_idx").on(t.budgetId, t.lineKey),
    index("line_commitments_holder_idx").on(t.holderId, t.lineKey),
    check("line_commitments_amount_positive", sql`${t.amountPence} > 0`),
    check("line_commitments_dates_in_order", sql`${t.endsOn} >= ${t.startsOn}`),
  ],
);

/** A receipt's bytes, stored once per content (SHA-256), outside `public/`: served only through an access check. */
export const receiptFiles = pgTable("receipt_files", {
  sha256: text("sha256").primaryKey(),
  content: bytea("content").notNull(),
  sizeBytes: integer("size_bytes").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

/** A receipt attached to a spend: up to 5, each up to 5 MB, PDF/JPEG/PNG/HEIC by their content. */
export const spendReceipts = pgTable(
  "spend_receipts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    commissionerId: uuid("commissioner_id")
      .notNull()
      .references(() => commissioners.id),
    spendId: uuid("spend_id")
      .notNull()
      .references(() => spends.id),
    sha256: text("sha256")
      .notNull()
      .references(() => receiptFiles.sha256),
    fileName: text("file_name").notNull(),
    contentType: text("content_type").notNull(),
    sizeBytes: integer("size_bytes").notNull(),
    uploadedBy: uuid("uploaded_by")
      .notNull()
      .references(() => users.id),
    uploadedAt: timestamp("uploaded_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("spend_receipts_spend_idx").on(t.spendId)],
);
