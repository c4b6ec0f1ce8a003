import { sql } from "drizzle-orm";
import { bigint, check, date, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { bankAccounts, pooledBankAccounts } from "./arrangements";
import { journalEntries } from "./ledger";
import { commissioners, holders, users } from "./people";
import { bytea } from "./spending";

/**
 * Which column of a bank's CSV export holds what, as someone importing one confirmed it: kept per layout (a hash of
 * the column names), so the next month's export from the same bank is read the same way without asking.
 */
export const bankLayouts = pgTable(
  "bank_layouts",
  {
    commissionerId: uuid("commissioner_id")
      .notNull()
      .references(() => commissioners.id),
    layoutKey: text("layout_key").notNull(),
    header: jsonb("header").notNull(),
    mapping: jsonb("mapping").notNull(),
    confirmedBy: uuid("confirmed_by")
      .notNull()
      .references(() => users.id),
    confirmedAt: timestamp("confirmed_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.commissionerId, t.layoutKey] })],
);

/**
 * A statement uploaded in a layout not seen before, kept while the person importing confirms its columns, so that
 * a form without JavaScript need not ask for the file again. Removed once imported.
 */
export const bankStatementUploads = pgTable(
  "bank_statement_uploads",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    commissionerId: uuid("commissioner_id")
      .notNull()
      .references(() => commissioners.id),
    /** A holder's own account's statement, or (pooledAccountId) a pooled account's. */
    bankAccountId: uuid("bank_account_id").references(() => bankAccounts.id),
    pooledAccountId: uuid("pooled_account_id").references(() => pooledBankAccounts.id),
    fileName: text("file_name").notNull(),
    content: bytea("content").notNull(),
    uploadedBy: uuid("uploaded_by")
      .notNull()
      .references(() => users.id),
    uploadedAt: timestamp("uploaded_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check("bank_statement_uploads_one_account", sql`(${t.bankAccountId} is null) <> (${t.pooledAccountId} is null)`)],
);

/**
 * One import of a pooled account's statement: what it read and added in all. Each holder's lines are imported as a
 * bank_statement_imports row of that holder's account, pointing here. The closing balance is the pool's, as the bank
 * gave it, and is never any one holder's.
 */
export const pooledStatementImports = pgTable(
  "pooled_statement_imports",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    commissionerId: uuid("commissioner_id")
      .notNull()
      .references(() => commissioners.id),
    pooledAccountId: uuid("pooled_account_id")
      .notNull()
      .references(() => pooledBankAccounts.id),
    fileName: text("file_name").notNull(),
    format: text("format").notNull(),
    layoutKey: text("layout_key"),
    /** How lines were routed to holders: by the reference column, or by the reference in the description. */
    routedBy: text("routed_by").notNull(),
    firstDate: date("first_date", { mode: "string" }).notNull(),
    lastDate: date("last_date", { mode: "string" }).notNull(),
    linesRead: integer("lines_read").notNull(),
    linesAdded: integer("lines_added").notNull(),
    holders: integer("holders").notNull(),
    poolClosingPence: bigint("pool_closing_pence", { mode: "number" }),
    importedBy: uuid("imported_by")
      .notNull()
      .references(() => users.id),
    importedAt: timestamp("imported_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("pooled_statement_imports_pool_idx").on(t.pooledAccountId, t.importedAt)],
);

/** A large statement's lines are written by a job: "importing" until it has, "failed" if it stopped (nothing written). */
export const statementImportState = pgEnum("statement_import_state", ["importing", "imported", "failed"]);

/** One import of a statement: what it read, and how many of its lines were new. */
export const bankStatementImports = pgTable(
  "bank_statement_imports",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    commissionerId: uuid("commissioner_id")
      .notNull()
      .references(() => commissioners.id),
    bankAccountId: uuid("bank_account_id")
      .notNull()
      .references(() => bankAccounts.id),
    fileName: text("file_name").notNull(),
    format: text("format").notNull(),
    layoutKey: text("layout_key"),
    firstDate: date("first_date", { mode: "string" }).notNull(),
    lastDate: date("last_date", { mode: "string" }).notNull(),
    linesRead: integer("lines_read").notNull(),
    linesAdded: integer("lines_added").notNull(),
    state: statementImportState("state").notNull().default("imported"),
    /** Lines written so far by the job, shown as its progress; committed with the rest or not at all. */
    linesDone: integer("lines_done").notNull().default(0),
    /** The lines read from a large statement, checked in the request, kept until the job has written them. */
    pendingLines: jsonb("pending_lines"),
    /** Why the job stopped, for whoever looks into it; the page says only that nothing was added. */
    error: text("error"),
    /** Set when these lines came from a pooled account's statement. */
    pooledImportId: uuid("pooled_import_id").references(() => pooledStatementImports.id),
    importedBy: uuid("imported_by")
      .notNull()
      .references(() => users.id),
    importedAt: timestamp("imported_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("bank_statement_imports_account_idx").on(t.bankAccountId, t.importedAt),
    // A pooled statement's holders' imports, found by its job and added up on the pool's page.
    index("bank_statement_imports_pooled_idx")
      .on(t.pooledImportId)
      .where(sql`${t.pooledImportId} is not null`),
  ],
);

/**
 * A transaction as the bank reported it. Its fingerprint (the sort code and account number, date, amount, description, balance, and which
 * of identical lines it is) is unique, so a statement imported again, or one that overlaps another,
 * adds only the lines not seen before.
 */
export const bankStatementLines = pgTable(
  "bank_statement_lines",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    commissionerId: uuid("commissioner_id")
      .notNull()
      .references(() => commissioners.id),
    bankAccountId: uuid("bank_account_id")
      .notNull()
      .references(() => bankAccounts.id),
    importId: uuid("import_id")
      .notNull()
      .references(() => bankStatementImports.id),
    fingerprint: text("fingerprint").notNull(),
    lineDate: date("line_date", { mode: "string" }).notNull(),
    amountPence: bigint("amount_pence", { mode: "number" }).notNull(),
    description: text("description").notNull(),
    reference: text("reference"),
    balancePence: bigint("balance_pence", { mode: "number" }),
  },
  (t) => [
    uniqueIndex("bank_statement_lines_fingerprint_key").on(t.commissionerId, t.fingerprint),
    index("bank_statement_lines_date_idx").on(t.bankAccountId, t.lineDate),
  ],
);

export const bankLineOutcome = pgEnum("bank_line_outcome", ["ledger-entry", "own-transfer", "not-ours"]);
export const matchedHow = pgEnum("matched_how", ["automatic", "confirmed", "logged-by-finance", "marked"]);

/**
 * What a bank line is, as finance or the automatic matching decided: the ledger entry it is (a spend, a payroll
 * payment, an instalment, a refund), money moved between the holder's own accounts, or not the holder's money at all.
 * Links records and never changes the ledger. An unmatch ends the row, kept for the audit trail, rather than removing it.
 */
export const bankLineMatches = pgTable(
  "bank_line_matches",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    commissionerId: uuid("commissioner_id")
      .notNull()
      .references(() => commissioners.id),
    holderId: uuid("holder_id")
      .notNull()
      .references(() => holders.id),
    bankLineId: uuid("bank_line_id")
      .notNull()
      .references(() => bankStatementLines.id),
    outcome: bankLineOutcome("outcome").notNull(),
    journalEntryId: bigint("journal_entry_id", { mode: "number" }).references(() => journalEntries.id),
    how: matchedHow("how").notNull(),
    note: text("note"),
    matchedBy: uuid("matched_by")
      .notNull()
      .references(() => users.id),
    matchedAt: timestamp("matched_at", { withTimezone: true }).notNull().defaultNow(),
    unmatchedAt: timestamp("unmatched_at", { withTimezone: true }),
    unmatchedBy: uuid("unmatched_by").references(() => users.id),
    unmatchReason: text("unmatch_reason"),
  },
  (t) => [
    uniqueIndex("bank_line_matches_line_key")
      .on(t.bankLineId)
      .where(sql`${t.unmatchedAt} is null`),
    uniqueIndex("bank_line_matches_entry_key")
      .on(t.journalEntryId)
      .where(sql`${t.unmatchedAt} is null and ${t.journalEntryId} is not null`),
    index("bank_line_matches_holder_idx").on(t.holderId),
    check("bank_line_matches_entry_when_ledger", sql`(${t.outcome} = 'ledger-entry') = (${t.journalEntryId} is not null)`),
  ],
);

/**
 * A holder's month that finance has reconciled: the ledger and the bank as they stood, and the balance agreed, as
 * handbook 4.3.1 asks. A month reopened keeps its row, ended, so what was agreed before stays on the record.
 */
export const periodReconciliations = pgTable(
  "period_reconciliations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    commissionerId: uuid("commissioner_id")
      .notNull()
      .references(() => commissioners.id),
    holderId: uuid("holder_id")
      .notNull()
      .references(() => holders.id),
    periodStartsOn: date("period_starts_on", { mode: "string" }).notNull(),
    periodEndsOn: date("period_ends_on", { mode: "string" }).notNull(),
    ledgerClosingPence: bigint("ledger_closing_pence", { mode: "number" }).notNull(),
    bankClosingPence: bigint("bank_closing_pence", { mode: "number" }),
    agreedBalancePence: bigint("agreed_balance_pence", { mode: "number" }).notNull(),
    note: text("note"),
    reconciledBy: uuid("reconciled_by")
      .notNull()
      .references(() => users.id),
    reconciledAt: timestamp("reconciled_at", { withTimezone: true }).notNull().defaultNow(),
    reopenedAt: timestamp("reopened_at", { withTimezone: true }),
    reopenedBy: uuid("reopened_by").references(() => users.id),
    reopenReason: text("reopen_reason"),
  },
  (t) => [
    uniqueIndex("period_reconciliations_current_key")
      .on(t.holderId, t.periodStartsOn)
      .where(sql`${t.reopenedAt} is null`),
    index("period_reconciliations_commissioner_idx").on(t.commissionerId, t.periodStartsOn),
  ],
);

/**
 * How finance reconciles, per commissioner: how many days either side of a bank line a ledger entry may be to match
 * it, and when the daily check flags an account: a balance above so many weeks of instalments (a surplus), a cash
 * withdrawal above an amount, money out that no one has logged after so many days, no spending for so many days.
 */
export const reconciliationSettings = pgTable("reconciliation_settings", {
  commissionerId: uuid("commissioner_id")
    .primaryKey()
    .references(() => commissioners.id),
  matchWindowDays: integer("match_window_days").notNull().default(5),
  surplusWeeks: integer("surplus_weeks").notNull().default(8),
  cashLimitPence: bigint("cash_limit_pence", { mode: "number" }).notNull().default(10_000),
  unloggedDays: integer("unlogged_days").notNull().default(14),
  inactiveDays: integer("inactive_days").notNull().default(90),
  /** Whether finance reconciles each direct payment every month or every quarter of the financial year. */
  periodLength: text("period_length", { enum: ["month", "quarter"] })
    .notNull()
    .default("month"),
});
