import { sql } from "drizzle-orm";
import { bigint, check, customType, date, index, integer, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { bankAccounts } from "./arrangements";
import { journalEntryKind, ledgerAccounts } from "./ledger";
import { commissioners, users } from "./people";

/**
 * The cost centre and subjective code a commissioner's finance system books each kind of journal line to (see
 * app/reporting/journal-codes.ts for the kinds and the codes used until one is set here).
 */
export const journalCodes = pgTable(
  "journal_codes",
  {
    commissionerId: uuid("commissioner_id")
      .notNull()
      .references(() => commissioners.id),
    codeKey: text("code_key").notNull(),
    costCentre: text("cost_centre").notNull(),
    subjectiveCode: text("subjective_code").notNull(),
    setBy: uuid("set_by")
      .notNull()
      .references(() => users.id),
    setAt: timestamp("set_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.commissionerId, t.codeKey] })],
);

/**
 * What moved in each holder's account (direct payment, third-party, notional) per calendar month and kind of entry (a
 * reversal as the kind it reverses): kept by a trigger on postings (migration 0034) in the transaction that posts, so
 * the dashboard's year reads a row per account and month rather than every posting. verifyLedger checks it against
 * the postings.
 */
export const ledgerMonthTotals = pgTable(
  "ledger_month_totals",
  {
    commissionerId: uuid("commissioner_id")
      .notNull()
      .references(() => commissioners.id),
    accountId: bigint("account_id", { mode: "number" })
      .notNull()
      .references(() => ledgerAccounts.id),
    month: date("month", { mode: "string" }).notNull(),
    kind: journalEntryKind("kind").notNull(),
    pence: bigint("pence", { mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.month, t.kind] }), index("ledger_month_totals_commissioner_idx").on(t.commissionerId, t.month)],
);

/** How many lines each bank account's statements have in each calendar month, kept by a trigger (migration 0034). */
export const bankStatementMonths = pgTable(
  "bank_statement_months",
  {
    commissionerId: uuid("commissioner_id")
      .notNull()
      .references(() => commissioners.id),
    bankAccountId: uuid("bank_account_id")
      .notNull()
      .references(() => bankAccounts.id),
    month: date("month", { mode: "string" }).notNull(),
    lines: integer("lines").notNull(),
  },
  (t) => [primaryKey({ columns: [t.bankAccountId, t.month] }), index("bank_statement_months_commissioner_idx").on(t.commissionerId, t.month)],
);

/** A transaction's id, 64 bits so it never wraps (PostgreSQL's xid8): compared with a snapshot's by pg_visible_in_snapshot. */
const transactionId = customType<{ data: string; driverData: string }>({ dataType: () => "xid8" });

/**
 * Which transactions changed what the commissioner's dashboard counts: a row per transaction and commissioner, written
 * by triggers on the tables it reads (migration 0037), so that figures worked out at a snapshot are known to be still
 * true while no transaction that snapshot could not see has a row here for their part of the page
 * (app/reporting/dashboard-figures.server.ts).
 * Rows are written, never updated, so writers never wait on each other; old ones are removed.
 */
export const dashboardChanges = pgTable(
  "dashboard_changes",
  {
    commissionerId: uuid("commissioner_id")
      .notNull()
      .references(() => commissioners.id),
    /** Which of the dashboard's parts the change was to (DASHBOARD_PARTS): the others' figures stay good. */
    figures: text("figures").notNull(),
    transactionId: transactionId("transaction_id")
      .notNull()
      .default(sql`pg_current_xact_id()`),
    changedAt: timestamp("changed_at", { withTimezone: true })
      .notNull()
      .default(sql`clock_timestamp()`),
  },
  (t) => [
    primaryKey({ columns: [t.commissionerId, t.transactionId, t.figures] }),
    index("dashboard_changes_changed_at_idx").on(t.changedAt),
    check("dashboard_changes_figures", sql`${t.figures} in ('people', 'money', 'reconciliation', 'attention')`),
  ],
);
