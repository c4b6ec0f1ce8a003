import { bigint, boolean, check, date, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { cohort, commissioners, holders, supportOrganisations, users } from "./people";

/**
 * A holder's agreed budget for a period and how it is held: any mix of notional, third-party and direct
 * payment (handbook 2.7.4 g). The plans issue sets these from an approved plan version.
 */
export const budgets = pgTable(
  "budgets",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    commissionerId: uuid("commissioner_id")
      .notNull()
      .references(() => commissioners.id),
    holderId: uuid("holder_id")
      .notNull()
      .references(() => holders.id),
    startsOn: date("starts_on", { mode: "string" }).notNull(),
    notionalPence: bigint("notional_pence", { mode: "number" }).notNull().default(0),
    thirdPartyPence: bigint("third_party_pence", { mode: "number" }).notNull().default(0),
    directPaymentPence: bigint("direct_payment_pence", { mode: "number" }).notNull().default(0),
    thirdPartyOrganisationId: uuid("third_party_organisation_id").references(() => supportOrganisations.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("budgets_holder_idx").on(t.holderId),
    check("budgets_amounts_not_negative", sql`${t.notionalPence} >= 0 and ${t.thirdPartyPence} >= 0 and ${t.directPaymentPence} >= 0`),
    check("budgets_third_party_needs_organisation", sql`${t.thirdPartyPence} = 0 or ${t.thirdPartyOrganisationId} is not null`),
  ],
);

/** How the cost of a line of the statement of resources is calculated (handbook 2.7.4 f). */
export const costingMethod = pgEnum("costing_method", ["national-tariff", "reference-cost", "local-cost", "unit-cost"]);

/**
 * A line of the system-level statement of resources (handbook 2.7.4 d, f), per cohort and optionally per band of
 * need. Editing makes a new version with the same line key; the old version is kept with `supersededAt` set.
 */
export const statementOfResourcesLines = pgTable(
  "statement_of_resources_lines",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    commissionerId: uuid("commissioner_id")
      .notNull()
      .references(() => commissioners.id),
    lineKey: uuid("line_key").notNull().defaultRandom(),
    version: integer("version").notNull().default(1),
    cohort: cohort("cohort").notNull(),
    band: text("band"),
    service: text("service").notNull(),
    provider: text("provider").notNull(),
    purpose: text("purpose").notNull(),
    costingMethod: costingMethod("costing_method").notNull(),
    unit: text("unit").notNull(),
    unitsPerYear: integer("units_per_year").notNull(),
    costPerUnitPence: bigint("cost_per_unit_pence", { mode: "number" }).notNull(),
    includedInPersonalBudgets: boolean("included_in_personal_budgets").notNull(),
    availableFrom: date("available_from", { mode: "string" }),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    supersededAt: timestamp("superseded_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("statement_of_resources_lines_key_version").on(t.lineKey, t.version),
    index("statement_of_resources_lines_commissioner_idx").on(t.commissionerId, t.cohort),
    check("statement_of_resources_lines_amounts", sql`${t.unitsPerYear} >= 0 and ${t.costPerUnitPence} >= 0`),
  ],
);

/**
 * A statement of resources file imported, by the SHA-256 of its text: one import per file per commissioner, so a
 * double submit or a second upload of the same file adds no lines.
 */
export const statementOfResourcesImports = pgTable(
  "statement_of_resources_imports",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    commissionerId: uuid("commissioner_id")
      .notNull()
      .references(() => commissioners.id),
    contentSha256: text("content_sha256").notNull(),
    lineCount: integer("line_count").notNull(),
    importedBy: uuid("imported_by").references(() => users.id),
    importedAt: timestamp("imported_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("statement_of_resources_imports_one_per_file").on(t.commissionerId, t.contentSha256)],
);

/**
 * A person-level statement of resources: the lines chosen for a holder and the indicative budget they add up to,
 * as worked out on a date. Each recalculation is a new version; the figures are kept as they were shown.
 */
export const indicativeBudgets = pgTable(
  "indicative_budgets",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    commissionerId: uuid("commissioner_id")
      .notNull()
      .references(() => commissioners.id),
    holderId: uuid("holder_id")
      .notNull()
      .references(() => holders.id),
    version: integer("version").notNull(),
    band: text("band"),
    calculatedOn: date("calculated_on", { mode: "string" }).notNull(),
    lineKeys: uuid("line_keys").array().notNull(),
    /** Each line as worked out: service, units x cost per unit = amount, or why it was left out. */
    workings: jsonb("workings").notNull(),
    totalPence: bigint("total_pence", { mode: "number" }).notNull(),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("indicative_budgets_holder_version").on(t.holderId, t.version)],
);

/** Per-commissioner budget setting rules: above this difference from the indicative budget, a second approval. */
export const budgetSettingRules = pgTable("budget_setting_rules", {
  commissionerId: uuid("commissioner_id")
    .primaryKey()
    .references(() => commissioners.id),
  secondApprovalThresholdPercent: integer("second_approval_threshold_percent").notNull().default(10),
});
