import { sql } from "drizzle-orm";
import { bigint, check, date, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { arrangements, instalments } from "./arrangements";
import { journalEntries } from "./ledger";
import { commissioners, holders, users } from "./people";
import { bytea } from "./spending";

export const recoveryStatus = pgEnum("recovery_status", ["proposed", "approved", "refused", "withdrawn"]);

/**
 * How the money comes back: "account", paid back from the direct-payment account (posted at once, on approval);
 * "instalments", taken from the next instalments as they are paid, a part from each.
 */
export const recoveryMethod = pgEnum("recovery_method", ["account", "instalments"]);

/**
 * Money finance asks back from a holder's direct payment: a surplus, or money not spent in line with the plan. Finance
 * proposes, an approver who is not the proposer decides (four eyes, checked here as well as in the code); once
 * approved the holder is sent a letter (recovery_letters) and the money moves as clawback entries.
 */
export const recoveries = pgTable(
  "recoveries",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    commissionerId: uuid("commissioner_id")
      .notNull()
      .references(() => commissioners.id),
    holderId: uuid("holder_id")
      .notNull()
      .references(() => holders.id),
    /** The direct-payment arrangement the money comes back from. */
    arrangementId: uuid("arrangement_id")
      .notNull()
      .references(() => arrangements.id),
    amountPence: bigint("amount_pence", { mode: "number" }).notNull(),
    method: recoveryMethod("method").notNull(),
    /** For "instalments": how many instalments the amount is spread over. */
    instalmentCount: integer("instalment_count"),
    /** Why, in words the holder reads in the letter. */
    reason: text("reason").notNull(),
    /** How the amount was worked out, in words the holder reads in the letter. */
    workings: text("workings").notNull(),
    /** What prompted it (a surplus flag, a bank line, a reconciled month), when finance came from one: not enforced. */
    promptedByType: text("prompted_by_type"),
    promptedById: text("prompted_by_id"),
    status: recoveryStatus("status").notNull().default("proposed"),
    proposedBy: uuid("proposed_by")
      .notNull()
      .references(() => users.id),
    proposedAt: timestamp("proposed_at", { withTimezone: true }).notNull().defaultNow(),
    decidedBy: uuid("decided_by").references(() => users.id),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    decidedOn: date("decided_on", { mode: "string" }),
    /** Why it was refused or withdrawn. */
    decisionReason: text("decision_reason"),
    /** For "account": the date by which the holder is asked to pay it back. */
    repayBy: date("repay_by", { mode: "string" }),
    /** For "account": what the holder's payment back should carry, "PHB 0034 REC 01", so it can be matched at the bank. */
    paymentReference: text("payment_reference"),
    /** For "account": the clawback entry posted on approval. */
    journalEntryId: bigint("journal_entry_id", { mode: "number" }).references(() => journalEntries.id),
  },
  (t) => [
    index("recoveries_holder_idx").on(t.holderId, t.proposedAt),
    index("recoveries_commissioner_status_idx").on(t.commissionerId, t.status),
    check("recoveries_amount_positive", sql`${t.amountPence} > 0`),
    check(
      "recoveries_instalment_count",
      sql`(${t.method} = 'instalments') = (${t.instalmentCount} is not null) and coalesce(${t.instalmentCount}, 1) between 1 and 26`,
    ),
    // Four eyes: whoever approves or refuses is not who proposed.
    check("recoveries_four_eyes", sql`${t.status} not in ('approved', 'refused') or ${t.decidedBy} <> ${t.proposedBy}`),
    check("recoveries_decided", sql`(${t.status} = 'proposed') = (${t.decidedBy} is null)`),
  ],
);

/** A part of a recovery taken from one instalment as it was paid: a clawback entry of its own. */
export const recoveryDeductions = pgTable(
  "recovery_deductions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    commissionerId: uuid("commissioner_id")
      .notNull()
      .references(() => commissioners.id),
    recoveryId: uuid("recovery_id")
      .notNull()
      .references(() => recoveries.id),
    /** From 1: the first, second ... instalment the recovery takes from. */
    part: integer("part").notNull(),
    instalmentId: uuid("instalment_id")
      .notNull()
      .references(() => instalments.id),
    journalEntryId: bigint("journal_entry_id", { mode: "number" })
      .notNull()
      .references(() => journalEntries.id),
    amountPence: bigint("amount_pence", { mode: "number" }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("recovery_deductions_part_key").on(t.recoveryId, t.part),
    uniqueIndex("recovery_deductions_instalment_key").on(t.recoveryId, t.instalmentId),
    check("recovery_deductions_amount_positive", sql`${t.amountPence} > 0`),
  ],
);

/**
 * The written notice the holder is sent when a recovery is approved: its words (the content the page shows) and the
 * PDF rendered from them once, so the letter on file never changes.
 */
export const recoveryLetters = pgTable(
  "recovery_letters",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    commissionerId: uuid("commissioner_id")
      .notNull()
      .references(() => commissioners.id),
    holderId: uuid("holder_id")
      .notNull()
      .references(() => holders.id),
    recoveryId: uuid("recovery_id")
      .notNull()
      .unique()
      .references(() => recoveries.id),
    content: jsonb("content").notNull(),
    pdf: bytea("pdf").notNull(),
    sentOn: date("sent_on", { mode: "string" }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("recovery_letters_holder_idx").on(t.holderId, t.sentOn)],
);
