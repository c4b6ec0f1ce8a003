import { sql } from "drizzle-orm";
import { bigint, boolean, date, index, integer, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { commissioners, holders, users } from "./people";
import { receiptFiles } from "./spending";

export const flagKind = pgEnum("flag_kind", [
  "no-receipt",
  "restricted",
  "household-payment",
  "unlogged-payment",
  "overspend",
  "surplus",
  "cash-withdrawal",
  "inactive",
]);
export const flagStatus = pgEnum("flag_status", ["open", "raised", "resolved", "dismissed"]);

/**
 * Something in a holder's spending or account that finance should look at, raised by the daily check and explained
 * in words. Raised once per thing (its subject key): the check running again finds it already there. Finance raises
 * it as a query to the holder, resolves it, or dismisses it, with a reason.
 */
export const financeFlags = pgTable(
  "finance_flags",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    commissionerId: uuid("commissioner_id")
      .notNull()
      .references(() => commissioners.id),
    holderId: uuid("holder_id")
      .notNull()
      .references(() => holders.id),
    kind: flagKind("kind").notNull(),
    /** What it is about: "spend:<id>", "bank-line:<id>", "balance:<YYYY-MM>" or "activity:<last day active>". */
    subjectKey: text("subject_key").notNull(),
    explanation: text("explanation").notNull(),
    amountPence: bigint("amount_pence", { mode: "number" }),
    raisedOn: date("raised_on", { mode: "string" }).notNull(),
    status: flagStatus("status").notNull().default("open"),
    queryId: uuid("query_id"),
    decidedBy: uuid("decided_by").references(() => users.id),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    reason: text("reason"),
  },
  (t) => [
    uniqueIndex("finance_flags_subject_key").on(t.holderId, t.kind, t.subjectKey),
    index("finance_flags_open_idx")
      .on(t.commissionerId, t.raisedOn)
      .where(sql`${t.status} = 'open'`),
  ],
);

export const querySubject = pgEnum("query_subject", ["spend", "bank-line", "month", "budget"]);
export const queryStatus = pgEnum("query_status", ["open", "answered", "accepted", "withdrawn"]);

/**
 * A question finance asks the holder (or whoever answers for them) about a spend, a bank line, a month or the budget:
 * open until answered, then accepted, or sent back open with what is still needed.
 */
export const financeQueries = pgTable(
  "finance_queries",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    commissionerId: uuid("commissioner_id")
      .notNull()
      .references(() => commissioners.id),
    holderId: uuid("holder_id")
      .notNull()
      .references(() => holders.id),
    subjectType: querySubject("subject_type").notNull(),
    /** The spend's or bank line's id, or the month as YYYY-MM; null for the budget as a whole. */
    subjectId: text("subject_id"),
    /** What the holder is asked about, in words, as it was when asked. */
    subjectLabel: text("subject_label").notNull(),
    dueOn: date("due_on", { mode: "string" }).notNull(),
    status: queryStatus("status").notNull().default("open"),
    raisedBy: uuid("raised_by")
      .notNull()
      .references(() => users.id),
    raisedAt: timestamp("raised_at", { withTimezone: true }).notNull().defaultNow(),
    closedBy: uuid("closed_by").references(() => users.id),
    closedAt: timestamp("closed_at", { withTimezone: true }),
    /** When the holder was last reminded by email, so a reminder is not sent every day. */
    remindedAt: timestamp("reminded_at", { withTimezone: true }),
  },
  (t) => [
    index("finance_queries_holder_idx").on(t.holderId, t.status, t.dueOn),
    index("finance_queries_commissioner_idx").on(t.commissionerId, t.status, t.dueOn),
  ],
);

/** One message of a query's thread: finance's question or reply, or the holder's answer. Never changed. */
export const financeQueryMessages = pgTable(
  "finance_query_messages",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    commissionerId: uuid("commissioner_id")
      .notNull()
      .references(() => commissioners.id),
    queryId: uuid("query_id")
      .notNull()
      .references(() => financeQueries.id),
    authorUserId: uuid("author_user_id")
      .notNull()
      .references(() => users.id),
    fromFinance: boolean("from_finance").notNull(),
    /** Set when a representative answered for the holder. */
    onBehalfOfHolderId: uuid("on_behalf_of_holder_id").references(() => holders.id),
    body: text("body").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("finance_query_messages_query_idx").on(t.queryId, t.createdAt)],
);

/** A file sent with an answer (a receipt, an invoice), stored once by its content like a spend's receipts. */
export const financeQueryFiles = pgTable(
  "finance_query_files",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    commissionerId: uuid("commissioner_id")
      .notNull()
      .references(() => commissioners.id),
    messageId: uuid("message_id")
      .notNull()
      .references(() => financeQueryMessages.id),
    sha256: text("sha256")
      .notNull()
      .references(() => receiptFiles.sha256),
    fileName: text("file_name").notNull(),
    contentType: text("content_type").notNull(),
    sizeBytes: integer("size_bytes").notNull(),
  },
  (t) => [index("finance_query_files_message_idx").on(t.messageId)],
);
