import { sql } from "drizzle-orm";
import { boolean, check, date, index, integer, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

/** A commissioner (CCG, now ICB) is the tenant: every tenant table carries its id. */
export const commissioners = pgTable("commissioners", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
  odsCode: text("ods_code").notNull().unique(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

/** An "assistant" is a personal assistant who signs in to submit their hours and read their payslips. */
export const userKind = pgEnum("user_kind", ["holder", "representative", "staff", "support", "assistant"]);

export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    commissionerId: uuid("commissioner_id")
      .notNull()
      .references(() => commissioners.id),
    kind: userKind("kind").notNull(),
    email: text("email").notNull(),
    name: text("name").notNull(),
    passwordHash: text("password_hash").notNull(),
    supportOrganisationId: uuid("support_organisation_id"),
    lockedUntil: timestamp("locked_until", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("users_email_key").on(sql`lower(${t.email})`)],
);

export const staffRole = pgEnum("staff_role", ["coordinator", "finance", "approver", "auditor"]);

export const staffRoles = pgTable(
  "staff_roles",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    role: staffRole("role").notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.role] })],
);

export const cohort = pgEnum("cohort", [
  "chc",
  "childrens-continuing-care",
  "s117",
  "wheelchair",
  "learning-disability-autism",
  "mental-health",
  "long-term-condition",
  "ehc",
  "end-of-life",
  "other",
]);

/** Who asked for the person to be considered for a personal health budget. */
export const referralSource = pgEnum("referral_source", ["gp", "hospital-discharge", "chc-assessment", "social-care", "self-or-family", "other"]);

/** The person with a personal health budget. A child may have no account of their own. */
export const holders = pgTable(
  "holders",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    commissionerId: uuid("commissioner_id")
      .notNull()
      .references(() => commissioners.id),
    userId: uuid("user_id")
      .references(() => users.id)
      .unique(),
    nhsNumber: text("nhs_number").notNull(),
    givenName: text("given_name").notNull(),
    familyName: text("family_name").notNull(),
    dateOfBirth: date("date_of_birth", { mode: "string" }).notNull(),
    cohort: cohort("cohort").notNull(),
    /** How to reach the person or their family; people added before these were asked for have none. */
    phone: text("phone"),
    email: text("email"),
    postalAddress: text("postal_address"),
    referredBy: referralSource("referred_by"),
    /** Who referred them, in the coordinator's words, when none of the usual sources fits. */
    referredByOther: text("referred_by_other"),
    addedBy: uuid("added_by").references(() => users.id),
    /**
     * The number the holder's payments carry on bank statements ("PHB 0034 INST 09"): short, as a bank reference must
     * be (18 characters), and telling nothing about the person, as an NHS number would.
     */
    paymentNumber: integer("payment_number").notNull().unique().generatedByDefaultAsIdentity(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("holders_nhs_number_key").on(t.commissionerId, t.nhsNumber), index("holders_commissioner_idx").on(t.commissionerId, t.familyName)],
);

export const representativeScope = pgEnum("representative_scope", ["view", "log-spending", "manage-payroll", "answer-finance-queries", "agree-plans"]);

/** A carer, parent, nominee or deputy who acts for a holder within the scopes granted. */
export const representatives = pgTable(
  "representatives",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    commissionerId: uuid("commissioner_id")
      .notNull()
      .references(() => commissioners.id),
    holderId: uuid("holder_id")
      .notNull()
      .references(() => holders.id),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    relationship: text("relationship").notNull(),
    scopes: representativeScope("scopes").array().notNull(),
    consentGivenBy: text("consent_given_by").notNull(),
    consentGivenAt: timestamp("consent_given_at", { withTimezone: true }).notNull(),
    endsOn: date("ends_on", { mode: "string" }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    /** When the representative, as themselves, took up the invitation: until then the link grants nothing. */
    acceptedAt: timestamp("accepted_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("representatives_user_idx").on(t.userId), index("representatives_holder_idx").on(t.holderId)],
);

/** How often money is paid into an arrangement, in advance. */
export const fundingFrequency = pgEnum("funding_frequency", ["four-weekly", "monthly", "quarterly"]);

/** Direct-payment support, payroll and third-party budget organisations. */
export const supportOrganisations = pgTable("support_organisations", {
  id: uuid("id").primaryKey().defaultRandom(),
  commissionerId: uuid("commissioner_id")
    .notNull()
    .references(() => commissioners.id),
  name: text("name").notNull(),
  holdsThirdPartyBudgets: boolean("holds_third_party_budgets").notNull().default(false),
  runsPayroll: boolean("runs_payroll").notNull().default(false),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

/** What an organisation is assigned to do for a holder. */
export const supportScope = pgEnum("support_scope", ["payroll", "managed-account", "third-party-budget"]);

/**
 * A support organisation sees only the holders assigned to it, from the day the assignment starts to the day it
 * ends. The commissioner makes and ends assignments; one organisation has one assignment per holder at a time.
 */
export const supportAssignments = pgTable(
  "support_assignments",
  {
    supportOrganisationId: uuid("support_organisation_id")
      .notNull()
      .references(() => supportOrganisations.id),
    holderId: uuid("holder_id")
      .notNull()
      .references(() => holders.id),
    scopes: supportScope("scopes")
      .array()
      .notNull()
      .default(sql`'{payroll}'::support_scope[]`),
    startsOn: date("starts_on", { mode: "string" })
      .notNull()
      .default(sql`current_date`),
    endsOn: date("ends_on", { mode: "string" }),
    assignedBy: uuid("assigned_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.supportOrganisationId, t.holderId] }),
    index("support_assignments_holder_idx").on(t.holderId),
    check("support_assignments_dates_in_order", sql`${t.endsOn} is null or ${t.endsOn} >= ${t.startsOn}`),
  ],
);

/**
 * The one-time link with which a representative takes up one holder's invitation. Only the token's SHA-256 is kept;
 * it works once and for 7 days. Only an invitation for the link that made the account sets its password
 * (`setsPassword`); any other is accepted by the account's owner, signed in.
 */
export const representativeInvitations = pgTable("representative_invitations", {
  id: uuid("id").primaryKey().defaultRandom(),
  representativeId: uuid("representative_id")
    .notNull()
    .references(() => representatives.id),
  userId: uuid("user_id")
    .notNull()
    .references(() => users.id),
  tokenHash: text("token_hash").notNull().unique(),
  setsPassword: boolean("sets_password").notNull().default(false),
  expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  acceptedAt: timestamp("accepted_at", { withTimezone: true }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * A one-time link to set a new password, emailed to the account's address. Only the token's SHA-256 is kept; it works
 * once, for an hour, and asking for another closes any still open. Found by its token before anyone is signed in.
 */
export const passwordResets = pgTable(
  "password_resets",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    tokenHash: text("token_hash").notNull().unique(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("password_resets_user_idx").on(t.userId)],
);
