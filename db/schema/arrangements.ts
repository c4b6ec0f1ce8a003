import { sql } from "drizzle-orm";
import { bigint, check, date, index, integer, jsonb, pgEnum, pgTable, text, timestamp, unique, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { commissioners, fundingFrequency, holders, supportOrganisations, users } from "./people";
import { holding } from "./plans";

/**
 * How a holder's money is held, as it is in the world: their direct-payment arrangement (the separate bank account
 * they or their representative keep), their arrangement with one third-party organisation, or what the NHS arranges
 * for them (notional). It outlives plan versions: a new version changes what is allocated, never where the money is.
 * Its ledger account is the account with this arrangement and no budget (ledger_accounts.arrangement_id).
 */
export const arrangements = pgTable(
  "arrangements",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    commissionerId: uuid("commissioner_id")
      .notNull()
      .references(() => commissioners.id),
    holderId: uuid("holder_id")
      .notNull()
      .references(() => holders.id),
    holding: holding("holding").notNull(),
    /** The organisation that holds a third-party budget; null for the others. */
    supportOrganisationId: uuid("support_organisation_id").references(() => supportOrganisations.id),
    name: text("name").notNull(),
    openedOn: date("opened_on", { mode: "string" }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("arrangements_holder_holding_key").on(t.holderId, t.holding, t.supportOrganisationId).nullsNotDistinct(),
    check("arrangements_organisation_for_third_party", sql`(${t.holding} = 'third-party') = (${t.supportOrganisationId} is not null)`),
  ],
);

/**
 * One instalment paid into an arrangement: the `number`th (from 1) of the plan year starting `planYearStartsOn`.
 * Written with its journal entry; a slot is paid once, whoever runs the job and however often.
 */
export const instalments = pgTable(
  "instalments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    commissionerId: uuid("commissioner_id")
      .notNull()
      .references(() => commissioners.id),
    arrangementId: uuid("arrangement_id")
      .notNull()
      .references(() => arrangements.id),
    planYearStartsOn: date("plan_year_starts_on", { mode: "string" }).notNull(),
    number: integer("number").notNull(),
    dueOn: date("due_on", { mode: "string" }).notNull(),
    amountPence: bigint("amount_pence", { mode: "number" }).notNull(),
    journalEntryId: bigint("journal_entry_id", { mode: "number" }).notNull().unique(),
    /** What the payment shows on the bank statement, so that money in can be matched to it. */
    paymentReference: text("payment_reference").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("instalments_slot_key").on(t.arrangementId, t.planYearStartsOn, t.number),
    check("instalments_amount_positive", sql`${t.amountPence} > 0`),
  ],
);

/**
 * How often money is paid in, kept as a history: direct payments as the commissioner chooses (every four weeks or
 * monthly; no organisation), a third-party budget as its organisation's agreement says (also quarterly). A plan year
 * is paid at the frequency in force on the day it starts, so a change never pays anyone twice or short in a year.
 */
export const fundingFrequencies = pgTable(
  "funding_frequencies",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    commissionerId: uuid("commissioner_id")
      .notNull()
      .references(() => commissioners.id),
    /** The organisation whose third-party budgets this is for; null for the commissioner's direct payments. */
    supportOrganisationId: uuid("support_organisation_id").references(() => supportOrganisations.id),
    frequency: fundingFrequency("frequency").notNull(),
    appliesFrom: date("applies_from", { mode: "string" }).notNull(),
    setBy: uuid("set_by").references(() => users.id),
    setAt: timestamp("set_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("funding_frequencies_commissioner_idx").on(t.commissionerId, t.supportOrganisationId, t.appliesFrom),
    check("funding_frequencies_direct_payments_not_quarterly", sql`${t.supportOrganisationId} is not null or ${t.frequency} <> 'quarterly'`),
  ],
);

export const instalmentRunStatus = pgEnum("instalment_run_status", ["waiting", "running", "finished", "failed"]);

/** A run of the job that pays due instalments: daily on its own, or when finance asks. What finance sees of it. */
export const instalmentRuns = pgTable(
  "instalment_runs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Null for the daily run across every commissioner. */
    commissionerId: uuid("commissioner_id").references(() => commissioners.id),
    requestedBy: uuid("requested_by").references(() => users.id),
    until: date("until", { mode: "string" }).notNull(),
    status: instalmentRunStatus("status").notNull().default("waiting"),
    posted: integer("posted").notNull().default(0),
    postedPence: bigint("posted_pence", { mode: "number" }).notNull().default(0),
    alreadyPosted: integer("already_posted").notNull().default(0),
    /** Instalments the ledger refused, with why: [{ arrangementId, dueOn, message }]. */
    refused: jsonb("refused")
      .notNull()
      .default(sql`'[]'::jsonb`),
    error: text("error"),
    requestedAt: timestamp("requested_at", { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp("started_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [index("instalment_runs_requested_idx").on(t.requestedAt)],
);

/**
 * A pooled (managed) account: one real bank account, run by a support organisation or by the commissioner itself,
 * that holds many holders' direct payments, like a solicitor's client account with a sub-account per client. Its
 * statement says whose each line is by a reference; each holder's share is a bank_accounts row that points here.
 */
export const pooledBankAccounts = pgTable(
  "pooled_bank_accounts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    commissionerId: uuid("commissioner_id")
      .notNull()
      .references(() => commissioners.id),
    accountName: text("account_name").notNull(),
    /** Six digits, without dashes. */
    sortCode: text("sort_code").notNull(),
    /** Eight digits. */
    accountNumber: text("account_number").notNull(),
    /** The organisation that runs the account; null when the commissioner runs it. */
    supportOrganisationId: uuid("support_organisation_id").references(() => supportOrganisations.id),
    recordedBy: uuid("recorded_by")
      .notNull()
      .references(() => users.id),
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull().defaultNow(),
    closedAt: timestamp("closed_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("pooled_bank_accounts_open_key")
      .on(t.commissionerId, t.sortCode, t.accountNumber)
      .where(sql`${t.closedAt} is null`),
    check("pooled_bank_accounts_sort_code_digits", sql`${t.sortCode} ~ '^[0-9]{6}$'`),
    check("pooled_bank_accounts_account_number_digits", sql`${t.accountNumber} ~ '^[0-9]{8}$'`),
  ],
);

/**
 * The bank account a direct payment is paid into, as the holder (or their representative) opened it for the budget.
 * Changing it keeps the old one, ended, so that older statements still match; only one is current. A holder whose
 * money is in a pooled account has a row here too, with the pool's sort code and number, the pool, and the reference
 * the pool's statement gives their lines.
 */
export const bankAccounts = pgTable(
  "bank_accounts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    commissionerId: uuid("commissioner_id")
      .notNull()
      .references(() => commissioners.id),
    arrangementId: uuid("arrangement_id")
      .notNull()
      .references(() => arrangements.id),
    accountName: text("account_name").notNull(),
    /** Six digits, without dashes. */
    sortCode: text("sort_code").notNull(),
    /** Eight digits. */
    accountNumber: text("account_number").notNull(),
    recordedBy: uuid("recorded_by")
      .notNull()
      .references(() => users.id),
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull().defaultNow(),
    replacedAt: timestamp("replaced_at", { withTimezone: true }),
    pooledAccountId: uuid("pooled_account_id").references(() => pooledBankAccounts.id),
    /** As typed, in capitals with single spaces ("PHB 0034"); lines match it whatever their spaces, capitals and punctuation. */
    poolReference: text("pool_reference"),
    /**
     * In a pooled account: the holder's money already in it when their lines begin to be imported, so their share is
     * this and their lines since (reconciliation/periods.server.ts). Nought for an account of their own.
     */
    poolShareBroughtPence: bigint("pool_share_brought_pence", { mode: "number" }).notNull().default(0),
  },
  (t) => [
    uniqueIndex("bank_accounts_current_key")
      .on(t.arrangementId)
      .where(sql`${t.replacedAt} is null`),
    // One current holder per reference in a pool, compared by its letters and digits only, as lines are routed.
    uniqueIndex("bank_accounts_pool_reference_key")
      .on(t.pooledAccountId, sql`regexp_replace(upper(${t.poolReference}), '[^A-Z0-9]', '', 'g')`)
      .where(sql`${t.replacedAt} is null and ${t.pooledAccountId} is not null`),
    check("bank_accounts_pool_reference_with_pool", sql`(${t.pooledAccountId} is null) = (${t.poolReference} is null)`),
    check("bank_accounts_pool_share_brought", sql`${t.poolShareBroughtPence} >= 0 and (${t.pooledAccountId} is not null or ${t.poolShareBroughtPence} = 0)`),
    check("bank_accounts_sort_code_digits", sql`${t.sortCode} ~ '^[0-9]{6}$'`),
    check("bank_accounts_account_number_digits", sql`${t.accountNumber} ~ '^[0-9]{8}$'`),
  ],
);
