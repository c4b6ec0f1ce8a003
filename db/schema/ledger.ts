import { sql } from "drizzle-orm";
import { bigint, bigserial, boolean, check, date, index, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { arrangements } from "./arrangements";
import { budgets } from "./budgets";
import { commissioners, holders, users } from "./people";

/**
 * Where money can be. Each of a holder's arrangements (direct payment, third-party, notional) has one account; the
 * commissioner has a funding account; the outside world (each holder's payees, HMRC, pension providers, the bank)
 * has accounts so that every entry balances inside the ledger.
 */
export const ledgerAccountKind = pgEnum("ledger_account_kind", [
  "direct-payment",
  "third-party",
  "notional",
  "commissioner-funding",
  "payee",
  "hmrc",
  "pension-provider",
  "bank-clearing",
  /** What employing personal assistants costs a holder: the other side of what a payroll run leaves owed. */
  "employer-costs",
]);

export const ledgerAccounts = pgTable(
  "ledger_accounts",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    commissionerId: uuid("commissioner_id")
      .notNull()
      .references(() => commissioners.id),
    kind: ledgerAccountKind("kind").notNull(),
    /**
     * The arrangement whose money this account holds. Accounts opened per plan version before arrangements existed
     * keep their budget and belong to the arrangement too; their money was carried over to its own account.
     */
    arrangementId: uuid("arrangement_id").references(() => arrangements.id),
    /** Only on accounts opened per plan version before arrangements (see arrangementId). */
    budgetId: uuid("budget_id").references(() => budgets.id),
    /** Stable name within the commissioner, e.g. "arrangement:<id>", "funding", "payee:<payee id>". */
    code: text("code").notNull(),
    name: text("name").notNull(),
    /** A holder's direct-payment or third-party account may never go below £0.00. */
    mayOverdraw: boolean("may_overdraw").notNull(),
    /** Cache of the sum of this account's postings, changed only in the transaction that posts. */
    balancePence: bigint("balance_pence", { mode: "number" }).notNull().default(0),
    /** The latest effective date posted here: a posting dated earlier must keep every later balance >= 0. */
    latestEffectiveDate: date("latest_effective_date", { mode: "string" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("ledger_accounts_code_key").on(t.commissionerId, t.code),
    uniqueIndex("ledger_accounts_budget_kind_key")
      .on(t.budgetId, t.kind)
      .where(sql`${t.budgetId} is not null`),
    uniqueIndex("ledger_accounts_arrangement_key")
      .on(t.arrangementId)
      .where(sql`${t.arrangementId} is not null and ${t.budgetId} is null`),
    index("ledger_accounts_arrangement_idx").on(t.arrangementId),
    check("ledger_accounts_no_overdraw_not_negative", sql`${t.mayOverdraw} or ${t.balancePence} >= 0`),
  ],
);

export const journalEntryKind = pgEnum("journal_entry_kind", [
  "instalment",
  "spend",
  "card-transaction",
  "payroll",
  "refund",
  "clawback",
  "adjustment",
  "reversal",
]);

/** One business event. Append-only: a trigger refuses UPDATE, DELETE and TRUNCATE. */
export const journalEntries = pgTable(
  "journal_entries",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    commissionerId: uuid("commissioner_id")
      .notNull()
      .references(() => commissioners.id),
    kind: journalEntryKind("kind").notNull(),
    effectiveDate: date("effective_date", { mode: "string" }).notNull(),
    description: text("description").notNull(),
    /** A webhook, an import line or a form submitted twice posts once. */
    idempotencyKey: text("idempotency_key").notNull(),
    /** SHA-256 of what was asked for, so a replay with different content is told apart from a true replay. */
    contentHash: text("content_hash").notNull(),
    actorUserId: uuid("actor_user_id").references(() => users.id),
    onBehalfOfHolderId: uuid("on_behalf_of_holder_id").references(() => holders.id),
    /** What caused it outside the ledger (a spend record, a payroll run, a card transaction), when there is one. */
    sourceType: text("source_type"),
    sourceId: text("source_id"),
    reversesEntryId: bigint("reverses_entry_id", { mode: "number" }).references((): never => journalEntries.id as never),
    reason: text("reason"),
    /**
     * The plan's support line (its key, kept across versions) that money out of or back into an arrangement counts
     * against: a spend, a payroll payment, a refund; a reversal takes its original's. Null for money that is not
     * spending (instalments, money carried over) and for what is not matched to a line yet.
     */
    supportLineKey: uuid("support_line_key"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("journal_entries_idempotency_key").on(t.commissionerId, t.idempotencyKey),
    // An entry can be reversed once.
    uniqueIndex("journal_entries_reverses_key")
      .on(t.reversesEntryId)
      .where(sql`${t.reversesEntryId} is not null`),
    index("journal_entries_commissioner_date_idx").on(t.commissionerId, t.effectiveDate),
    check("journal_entries_reversal_points_back", sql`(${t.kind} = 'reversal') = (${t.reversesEntryId} is not null)`),
  ],
);

/** One leg of an entry: signed pence, positive into the account, never 0. Append-only like entries. */
export const postings = pgTable(
  "postings",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    entryId: bigint("entry_id", { mode: "number" })
      .notNull()
      .references(() => journalEntries.id),
    accountId: bigint("account_id", { mode: "number" })
      .notNull()
      .references(() => ledgerAccounts.id),
    amountPence: bigint("amount_pence", { mode: "number" }).notNull(),
    /** The entry's effective date, copied so a statement reads one index; verify-ledger checks they agree. */
    effectiveDate: date("effective_date", { mode: "string" }).notNull(),
  },
  (t) => [
    index("postings_entry_idx").on(t.entryId),
    index("postings_account_date_idx").on(t.accountId, t.effectiveDate, t.entryId),
    check("postings_amount_not_zero", sql`${t.amountPence} <> 0`),
  ],
);
