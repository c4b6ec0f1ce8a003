import { bigint, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { bankAccounts } from "./arrangements";
import { commissioners, users } from "./people";
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
export const bankStatementUploads = pgTable("bank_statement_uploads", {
  id: uuid("id").primaryKey().defaultRandom(),
  commissionerId: uuid("commissioner_id")
    .notNull()
    .references(() => commissioners.id),
  bankAccountId: uuid("bank_account_id")
    .notNull()
    .references(() => bankAccounts.id),
  fileName: text("file_name").notNull(),
  content: bytea("content").notNull(),
  uploadedBy: uuid("uploaded_by")
    .notNull()
    .references(() => users.id),
  uploadedAt: timestamp("uploaded_at", { withTimezone: true }).notNull().defaultNow(),
});

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
    importedBy: uuid("imported_by")
      .notNull()
      .references(() => users.id),
    importedAt: timestamp("imported_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("bank_statement_imports_account_idx").on(t.bankAccountId, t.importedAt)],
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
