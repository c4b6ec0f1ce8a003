import { sql } from "drizzle-orm";
import { bigint, check, date, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { ledgerAccounts } from "./ledger";
import { commissioners, holders, supportOrganisations, users } from "./people";

/**
 * A holder who employs personal assistants is an employer, with HMRC's references for their PAYE scheme and the
 * employer's liability insurance the law requires. Their ledger accounts for what is owed (HMRC, the pension
 * schemes) and what the employing costs are opened with this record.
 */
export const employers = pgTable("employers", {
  holderId: uuid("holder_id")
    .primaryKey()
    .references(() => holders.id),
  commissionerId: uuid("commissioner_id")
    .notNull()
    .references(() => commissioners.id),
  /** HMRC's employer PAYE reference: a 3-digit tax office number, a slash, then up to 10 letters and digits. */
  payeReference: text("paye_reference").notNull(),
  /** HMRC's accounts office reference: 3 digits, P, a letter, 8 digits (some end in X). Quoted when paying HMRC. */
  accountsOfficeReference: text("accounts_office_reference").notNull(),
  insurer: text("insurer").notNull(),
  insurancePolicy: text("insurance_policy").notNull(),
  insuranceExpiresOn: date("insurance_expires_on", { mode: "string" }).notNull(),
  hmrcAccountId: bigint("hmrc_account_id", { mode: "number" })
    .notNull()
    .references(() => ledgerAccounts.id),
  pensionAccountId: bigint("pension_account_id", { mode: "number" })
    .notNull()
    .references(() => ledgerAccounts.id),
  costsAccountId: bigint("costs_account_id", { mode: "number" })
    .notNull()
    .references(() => ledgerAccounts.id),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/** A personal assistant the holder employs. Their account is what the holder owes them: net pay until pay day. */
export const personalAssistants = pgTable(
  "personal_assistants",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    commissionerId: uuid("commissioner_id")
      .notNull()
      .references(() => commissioners.id),
    holderId: uuid("holder_id")
      .notNull()
      .references(() => employers.holderId),
    givenName: text("given_name").notNull(),
    familyName: text("family_name").notNull(),
    /** Two letters, six digits, A to D, without spaces. Shown masked except to those who run payroll. */
    nationalInsuranceNumber: text("national_insurance_number").notNull(),
    startsOn: date("starts_on", { mode: "string" }).notNull(),
    endsOn: date("ends_on", { mode: "string" }),
    hourlyRatePence: bigint("hourly_rate_pence", { mode: "number" }).notNull(),
    /** Contracted hours a week, in minutes, so that 37.5 hours is exact. */
    contractedMinutesPerWeek: integer("contracted_minutes_per_week").notNull(),
    pensionScheme: text("pension_scheme").notNull(),
    /** The PA's reference in the payroll software: what each line of its file names them by. */
    payrollReference: text("payroll_reference").notNull(),
    /** The plan's support line (its key, kept across versions) that pays them. */
    supportLineKey: uuid("support_line_key"),
    accountId: bigint("account_id", { mode: "number" })
      .notNull()
      .references(() => ledgerAccounts.id),
    /** The PA's own sign-in, once they have taken up an invitation. */
    userId: uuid("user_id").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("personal_assistants_payroll_reference_key").on(t.commissionerId, t.payrollReference),
    index("personal_assistants_holder_idx").on(t.holderId),
    // An account is made for one PA's record, by its invitation.
    uniqueIndex("personal_assistants_user_key").on(t.userId),
    check("personal_assistants_rate_positive", sql`${t.hourlyRatePence} > 0`),
    check("personal_assistants_dates_in_order", sql`${t.endsOn} is null or ${t.endsOn} >= ${t.startsOn}`),
  ],
);

export const payFrequency = pgEnum("pay_frequency", ["weekly", "two-weekly", "four-weekly", "monthly"]);

export const payrollRunStatus = pgEnum("payroll_run_status", ["previewed", "waiting", "running", "finished", "failed"]);

/**
 * One pay period's payroll from one organisation, for one holder or many: the file (or form) as checked in the
 * preview, then posted by a job, all of it in one transaction or none of it. `lines` keeps what was checked so that
 * the job posts exactly what the preview showed.
 */
export const payrollRuns = pgTable(
  "payroll_runs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    commissionerId: uuid("commissioner_id")
      .notNull()
      .references(() => commissioners.id),
    supportOrganisationId: uuid("support_organisation_id")
      .notNull()
      .references(() => supportOrganisations.id),
    frequency: payFrequency("frequency").notNull(),
    periodStartsOn: date("period_starts_on", { mode: "string" }).notNull(),
    periodEndsOn: date("period_ends_on", { mode: "string" }).notNull(),
    fileName: text("file_name"),
    /** SHA-256 of the file, so that the same file uploaded again is recognised. */
    contentSha256: text("content_sha256").notNull(),
    lines: jsonb("lines").notNull(),
    lineCount: integer("line_count").notNull(),
    holderCount: integer("holder_count").notNull(),
    employerCostPence: bigint("employer_cost_pence", { mode: "number" }).notNull(),
    status: payrollRunStatus("status").notNull().default("previewed"),
    /** Holders whose lines are posted so far in the running job; committed with the rest or not at all. */
    holdersDone: integer("holders_done").notNull().default(0),
    postedLines: integer("posted_lines").notNull().default(0),
    alreadyPostedLines: integer("already_posted_lines").notNull().default(0),
    error: text("error"),
    requestedBy: uuid("requested_by")
      .notNull()
      .references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp("started_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [index("payroll_runs_organisation_idx").on(t.supportOrganisationId, t.createdAt)],
);

/**
 * A payslip: one PA's pay for one period, written with the ledger entries that record it. A PA is paid once for a
 * period, however often a file with their line is posted.
 */
export const payslips = pgTable(
  "payslips",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    commissionerId: uuid("commissioner_id")
      .notNull()
      .references(() => commissioners.id),
    payrollRunId: uuid("payroll_run_id")
      .notNull()
      .references(() => payrollRuns.id),
    supportOrganisationId: uuid("support_organisation_id")
      .notNull()
      .references(() => supportOrganisations.id),
    holderId: uuid("holder_id")
      .notNull()
      .references(() => holders.id),
    personalAssistantId: uuid("personal_assistant_id")
      .notNull()
      .references(() => personalAssistants.id),
    periodStartsOn: date("period_starts_on", { mode: "string" }).notNull(),
    periodEndsOn: date("period_ends_on", { mode: "string" }).notNull(),
    paymentDate: date("payment_date", { mode: "string" }).notNull(),
    grossPence: bigint("gross_pence", { mode: "number" }).notNull(),
    employeeTaxPence: bigint("employee_tax_pence", { mode: "number" }).notNull(),
    employeeNiPence: bigint("employee_ni_pence", { mode: "number" }).notNull(),
    employerNiPence: bigint("employer_ni_pence", { mode: "number" }).notNull(),
    employeePensionPence: bigint("employee_pension_pence", { mode: "number" }).notNull(),
    employerPensionPence: bigint("employer_pension_pence", { mode: "number" }).notNull(),
    netPayPence: bigint("net_pay_pence", { mode: "number" }).notNull(),
    supportLineKey: uuid("support_line_key"),
    owedEntryId: bigint("owed_entry_id", { mode: "number" }).notNull(),
    netPayEntryId: bigint("net_pay_entry_id", { mode: "number" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("payslips_period_key").on(t.personalAssistantId, t.periodStartsOn),
    index("payslips_holder_idx").on(t.holderId, t.paymentDate),
    check(
      "payslips_net_is_gross_less_deductions",
      sql`${t.netPayPence} = ${t.grossPence} - ${t.employeeTaxPence} - ${t.employeeNiPence} - ${t.employeePensionPence}`,
    ),
  ],
);

export const remittanceTo = pgEnum("remittance_to", ["hmrc", "pension"]);

/**
 * A payment to HMRC (tax and both National Insurance parts) for one tax month, or to a pension scheme for one
 * calendar month, from the holder's account: what clears what the payslips of that month left owed.
 */
export const payrollRemittances = pgTable(
  "payroll_remittances",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    commissionerId: uuid("commissioner_id")
      .notNull()
      .references(() => commissioners.id),
    holderId: uuid("holder_id")
      .notNull()
      .references(() => holders.id),
    paidTo: remittanceTo("paid_to").notNull(),
    /** The first day of the month paid for: a tax month starts on the 6th, a pension month on the 1st. */
    monthStartsOn: date("month_starts_on", { mode: "string" }).notNull(),
    amountPence: bigint("amount_pence", { mode: "number" }).notNull(),
    paidOn: date("paid_on", { mode: "string" }).notNull(),
    recordedBy: uuid("recorded_by")
      .notNull()
      .references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("payroll_remittances_holder_idx").on(t.holderId, t.paidTo, t.monthStartsOn), check("payroll_remittances_positive", sql`${t.amountPence} > 0`)],
);

export const timesheetStatus = pgEnum("timesheet_status", ["submitted", "approved", "queried"]);

/**
 * A PA's hours for one week (from a Monday), entered by the holder, their representative or the payroll organisation,
 * and approved or queried by the holder or their representative. Approved hours are what payroll pays for the week.
 */
export const timesheets = pgTable(
  "timesheets",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    commissionerId: uuid("commissioner_id")
      .notNull()
      .references(() => commissioners.id),
    holderId: uuid("holder_id")
      .notNull()
      .references(() => holders.id),
    personalAssistantId: uuid("personal_assistant_id")
      .notNull()
      .references(() => personalAssistants.id),
    weekStartsOn: date("week_starts_on", { mode: "string" }).notNull(),
    minutes: integer("minutes").notNull(),
    status: timesheetStatus("status").notNull().default("submitted"),
    /** Why the holder queried the hours, in their words. */
    queryNote: text("query_note"),
    enteredBy: uuid("entered_by")
      .notNull()
      .references(() => users.id),
    enteredAt: timestamp("entered_at", { withTimezone: true }).notNull().defaultNow(),
    decidedBy: uuid("decided_by").references(() => users.id),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("timesheets_week_key").on(t.personalAssistantId, t.weekStartsOn),
    index("timesheets_holder_idx").on(t.holderId, t.weekStartsOn),
    check("timesheets_minutes_in_a_week", sql`${t.minutes} > 0 and ${t.minutes} <= 7 * 24 * 60`),
  ],
);

/**
 * A one-time link for a PA to set their password and sign in, sent by whoever runs the employer's payroll. Only the
 * token's SHA-256 is kept. Found by its token before anyone is signed in, so not a tenant table (as
 * representative_invitations). Taking it up links the PA's record to the account.
 */
export const assistantInvitations = pgTable(
  "assistant_invitations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    personalAssistantId: uuid("personal_assistant_id")
      .notNull()
      .references(() => personalAssistants.id),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    tokenHash: text("token_hash").notNull().unique(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    acceptedAt: timestamp("accepted_at", { withTimezone: true }),
    invitedBy: uuid("invited_by")
      .notNull()
      .references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("assistant_invitations_assistant_idx").on(t.personalAssistantId)],
);
