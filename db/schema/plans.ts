import { sql } from "drizzle-orm";
import { bigint, boolean, check, date, index, integer, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { budgets, indicativeBudgets } from "./budgets";
import { commissioners, holders, supportOrganisations, users } from "./people";

/** A holder's personalised care and support plan (handbook 2.3.4); its content lives in versions. */
export const plans = pgTable("plans", {
  id: uuid("id").primaryKey().defaultRandom(),
  commissionerId: uuid("commissioner_id")
    .notNull()
    .references(() => commissioners.id),
  holderId: uuid("holder_id")
    .notNull()
    .references(() => holders.id)
    .unique(),
  /** The personal health budget ended (no longer eligible, moved away, died): nothing is paid in after this day. */
  endedOn: date("ended_on", { mode: "string" }),
  endReason: text("end_reason"),
  endedBy: uuid("ended_by").references(() => users.id),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export const planVersionStatus = pgEnum("plan_version_status", ["draft", "submitted", "approved", "rejected"]);

/**
 * One version of the plan. A draft is changed in place; once submitted it is not, and once approved it is
 * read-only for ever: a change starts a new draft version.
 */
export const planVersions = pgTable(
  "plan_versions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    commissionerId: uuid("commissioner_id")
      .notNull()
      .references(() => commissioners.id),
    planId: uuid("plan_id")
      .notNull()
      .references(() => plans.id),
    holderId: uuid("holder_id")
      .notNull()
      .references(() => holders.id),
    version: integer("version").notNull(),
    status: planVersionStatus("status").notNull().default("draft"),
    startsOn: date("starts_on", { mode: "string" }).notNull(),
    whatMatters: text("what_matters").notNull().default(""),
    whoWasInvolved: text("who_was_involved").notNull().default(""),
    /** The keys of the five criteria (handbook 2.3.4) the coordinator recorded as met with the person. */
    criteriaMet: text("criteria_met")
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** The sections of the draft's task list saved and checked for this version (see app/plans/sections.ts). */
    completedSections: text("completed_sections")
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    contingencyPence: bigint("contingency_pence", { mode: "number" }).notNull().default(0),
    firstReviewOn: date("first_review_on", { mode: "string" }).notNull(),
    reviewEveryMonths: integer("review_every_months").notNull().default(12),
    indicativeBudgetId: uuid("indicative_budget_id").references(() => indicativeBudgets.id),
    indicativePence: bigint("indicative_pence", { mode: "number" }),
    finalPence: bigint("final_pence", { mode: "number" }),
    needsSecondApproval: boolean("needs_second_approval").notNull().default(false),
    authoredBy: uuid("authored_by")
      .notNull()
      .references(() => users.id),
    lastEditedBy: uuid("last_edited_by")
      .notNull()
      .references(() => users.id),
    submittedBy: uuid("submitted_by").references(() => users.id),
    submittedAt: timestamp("submitted_at", { withTimezone: true }),
    approvedBy: uuid("approved_by").references(() => users.id),
    approvedAt: timestamp("approved_at", { withTimezone: true }),
    secondApprovedBy: uuid("second_approved_by").references(() => users.id),
    secondApprovedAt: timestamp("second_approved_at", { withTimezone: true }),
    rejectedBy: uuid("rejected_by").references(() => users.id),
    rejectedAt: timestamp("rejected_at", { withTimezone: true }),
    rejectionReason: text("rejection_reason"),
    agreedBy: uuid("agreed_by").references(() => users.id),
    agreedAt: timestamp("agreed_at", { withTimezone: true }),
    /**
     * From when this version's budget applies, set on its final approval: its start, or the day it was approved if
     * that was later (money is never paid for days before a plan was agreed).
     */
    inForceFrom: date("in_force_from", { mode: "string" }),
    /** The budget set up from this version when it was approved. */
    budgetId: uuid("budget_id").references(() => budgets.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("plan_versions_plan_version").on(t.planId, t.version),
    index("plan_versions_holder_idx").on(t.holderId),
    check("plan_versions_contingency", sql`${t.contingencyPence} >= 0`),
    check("plan_versions_review_every", sql`${t.reviewEveryMonths} between 1 and 12`),
  ],
);

/** A health and wellbeing outcome the person agreed, and how they will know it is achieved. */
export const planOutcomes = pgTable(
  "plan_outcomes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    planVersionId: uuid("plan_version_id")
      .notNull()
      .references(() => planVersions.id),
    position: integer("position").notNull(),
    outcome: text("outcome").notNull(),
    howWillYouKnow: text("how_will_you_know").notNull(),
  },
  (t) => [uniqueIndex("plan_outcomes_position").on(t.planVersionId, t.position)],
);

export const fundingSource = pgEnum("funding_source", ["nhs", "local-authority", "education"]);
export const holding = pgEnum("holding", ["notional", "third-party", "direct-payment"]);
export const supportFrequency = pgEnum("support_frequency", ["a-week", "a-month", "a-year"]);

/** A costed support line of the plan, linked to the outcomes it is for. */
export const planSupportLines = pgTable(
  "plan_support_lines",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    planVersionId: uuid("plan_version_id")
      .notNull()
      .references(() => planVersions.id),
    /** Kept from version to version so the difference between two versions can be shown. */
    lineKey: uuid("line_key").notNull(),
    position: integer("position").notNull(),
    description: text("description").notNull(),
    provider: text("provider").notNull(),
    units: integer("units").notNull(),
    frequency: supportFrequency("frequency").notNull(),
    costPerUnitPence: bigint("cost_per_unit_pence", { mode: "number" }).notNull(),
    amountPence: bigint("amount_pence", { mode: "number" }).notNull(),
    fundingSource: fundingSource("funding_source").notNull(),
    holding: holding("holding").notNull(),
    thirdPartyOrganisationId: uuid("third_party_organisation_id").references(() => supportOrganisations.id),
    outcomePositions: integer("outcome_positions").array().notNull(),
  },
  (t) => [
    uniqueIndex("plan_support_lines_key").on(t.planVersionId, t.lineKey),
    check("plan_support_lines_amounts", sql`${t.units} > 0 and ${t.costPerUnitPence} >= 0 and ${t.amountPence} >= 0`),
    check("plan_support_lines_third_party", sql`${t.holding} <> 'third-party' or ${t.thirdPartyOrganisationId} is not null`),
  ],
);

export const requestStatus = pgEnum("request_status", ["pending", "accepted", "declined"]);

/** The holder (or a representative) asks for a support line to be held a different way; staff decide. */
export const holdingChangeRequests = pgTable(
  "holding_change_requests",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    commissionerId: uuid("commissioner_id")
      .notNull()
      .references(() => commissioners.id),
    holderId: uuid("holder_id")
      .notNull()
      .references(() => holders.id),
    planVersionId: uuid("plan_version_id")
      .notNull()
      .references(() => planVersions.id),
    lineKey: uuid("line_key").notNull(),
    requestedHolding: holding("requested_holding").notNull(),
    why: text("why").notNull(),
    requestedBy: uuid("requested_by")
      .notNull()
      .references(() => users.id),
    requestedAt: timestamp("requested_at", { withTimezone: true }).notNull().defaultNow(),
    status: requestStatus("status").notNull().default("pending"),
    decisionReason: text("decision_reason"),
    decidedBy: uuid("decided_by").references(() => users.id),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
  },
  (t) => [index("holding_change_requests_holder_idx").on(t.holderId)],
);

export const directPaymentDecisionKind = pgEnum("direct_payment_decision_kind", ["refused", "stopped"]);

/**
 * A commissioner's decision to refuse or stop a direct payment for this one person (never a cohort), with the
 * reason and date the person sees, and their request to reconsider and its outcome.
 */
export const directPaymentDecisions = pgTable(
  "direct_payment_decisions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    commissionerId: uuid("commissioner_id")
      .notNull()
      .references(() => commissioners.id),
    holderId: uuid("holder_id")
      .notNull()
      .references(() => holders.id),
    kind: directPaymentDecisionKind("kind").notNull(),
    reason: text("reason").notNull(),
    effectiveOn: date("effective_on", { mode: "string" }).notNull(),
    decidedBy: uuid("decided_by")
      .notNull()
      .references(() => users.id),
    decidedAt: timestamp("decided_at", { withTimezone: true }).notNull().defaultNow(),
    reconsiderWhy: text("reconsider_why"),
    reconsiderRequestedBy: uuid("reconsider_requested_by").references(() => users.id),
    reconsiderRequestedAt: timestamp("reconsider_requested_at", { withTimezone: true }),
    reconsiderStatus: requestStatus("reconsider_status"),
    reconsiderOutcome: text("reconsider_outcome"),
    reconsideredBy: uuid("reconsidered_by").references(() => users.id),
    reconsideredAt: timestamp("reconsidered_at", { withTimezone: true }),
    /** The day the decision was overturned on reconsideration: instalments are paid again from then. */
    overturnedOn: date("overturned_on", { mode: "string" }),
  },
  (t) => [index("direct_payment_decisions_holder_idx").on(t.holderId)],
);
