import { bigint, date, index, integer, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
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
