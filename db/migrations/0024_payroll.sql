CREATE TYPE "public"."support_scope" AS ENUM('payroll', 'managed-account', 'third-party-budget');--> statement-breakpoint
CREATE TYPE "public"."pay_frequency" AS ENUM('weekly', 'two-weekly', 'four-weekly', 'monthly');--> statement-breakpoint
CREATE TYPE "public"."payroll_run_status" AS ENUM('previewed', 'waiting', 'running', 'finished', 'failed');--> statement-breakpoint
CREATE TYPE "public"."remittance_to" AS ENUM('hmrc', 'pension');--> statement-breakpoint
ALTER TYPE "public"."ledger_account_kind" ADD VALUE 'employer-costs';--> statement-breakpoint
CREATE TABLE "employers" (
	"holder_id" uuid PRIMARY KEY NOT NULL,
	"commissioner_id" uuid NOT NULL,
	"paye_reference" text NOT NULL,
	"accounts_office_reference" text NOT NULL,
	"insurer" text NOT NULL,
	"insurance_policy" text NOT NULL,
	"insurance_expires_on" date NOT NULL,
	"hmrc_account_id" bigint NOT NULL,
	"pension_account_id" bigint NOT NULL,
	"costs_account_id" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payroll_remittances" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"commissioner_id" uuid NOT NULL,
	"holder_id" uuid NOT NULL,
	"paid_to" "remittance_to" NOT NULL,
	"month_starts_on" date NOT NULL,
	"amount_pence" bigint NOT NULL,
	"paid_on" date NOT NULL,
	"recorded_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payroll_remittances_positive" CHECK ("payroll_remittances"."amount_pence" > 0)
);
--> statement-breakpoint
CREATE TABLE "payroll_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"commissioner_id" uuid NOT NULL,
	"support_organisation_id" uuid NOT NULL,
	"frequency" "pay_frequency" NOT NULL,
	"period_starts_on" date NOT NULL,
	"period_ends_on" date NOT NULL,
	"file_name" text,
	"content_sha256" text NOT NULL,
	"lines" jsonb NOT NULL,
	"line_count" integer NOT NULL,
	"holder_count" integer NOT NULL,
	"employer_cost_pence" bigint NOT NULL,
	"status" "payroll_run_status" DEFAULT 'previewed' NOT NULL,
	"holders_done" integer DEFAULT 0 NOT NULL,
	"posted_lines" integer DEFAULT 0 NOT NULL,
	"already_posted_lines" integer DEFAULT 0 NOT NULL,
	"error" text,
	"requested_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "payslips" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"commissioner_id" uuid NOT NULL,
	"payroll_run_id" uuid NOT NULL,
	"support_organisation_id" uuid NOT NULL,
	"holder_id" uuid NOT NULL,
	"personal_assistant_id" uuid NOT NULL,
	"period_starts_on" date NOT NULL,
	"period_ends_on" date NOT NULL,
	"payment_date" date NOT NULL,
	"gross_pence" bigint NOT NULL,
	"employee_tax_pence" bigint NOT NULL,
	"employee_ni_pence" bigint NOT NULL,
	"employer_ni_pence" bigint NOT NULL,
	"employee_pension_pence" bigint NOT NULL,
	"employer_pension_pence" bigint NOT NULL,
	"net_pay_pence" bigint NOT NULL,
	"support_line_key" uuid,
	"owed_entry_id" bigint NOT NULL,
	"net_pay_entry_id" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payslips_net_is_gross_less_deductions" CHECK ("payslips"."net_pay_pence" = "payslips"."gross_pence" - "payslips"."employee_tax_pence" - "payslips"."employee_ni_pence" - "payslips"."employee_pension_pence")
);
--> statement-breakpoint
CREATE TABLE "personal_assistants" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"commissioner_id" uuid NOT NULL,
	"holder_id" uuid NOT NULL,
	"given_name" text NOT NULL,
	"family_name" text NOT NULL,
	"national_insurance_number" text NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date,
	"hourly_rate_pence" bigint NOT NULL,
	"contracted_minutes_per_week" integer NOT NULL,
	"pension_scheme" text NOT NULL,
	"payroll_reference" text NOT NULL,
	"support_line_key" uuid,
	"account_id" bigint NOT NULL,
	"user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "personal_assistants_rate_positive" CHECK ("personal_assistants"."hourly_rate_pence" > 0),
	CONSTRAINT "personal_assistants_dates_in_order" CHECK ("personal_assistants"."ends_on" is null or "personal_assistants"."ends_on" >= "personal_assistants"."starts_on")
);
--> statement-breakpoint
ALTER TABLE "support_assignments" ADD COLUMN "scopes" "support_scope"[] DEFAULT '{payroll}'::support_scope[] NOT NULL;--> statement-breakpoint
ALTER TABLE "support_assignments" ADD COLUMN "starts_on" date DEFAULT current_date NOT NULL;--> statement-breakpoint
ALTER TABLE "support_assignments" ADD COLUMN "ends_on" date;--> statement-breakpoint
ALTER TABLE "support_assignments" ADD COLUMN "assigned_by" uuid;--> statement-breakpoint
ALTER TABLE "employers" ADD CONSTRAINT "employers_holder_id_holders_id_fk" FOREIGN KEY ("holder_id") REFERENCES "public"."holders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "employers" ADD CONSTRAINT "employers_commissioner_id_commissioners_id_fk" FOREIGN KEY ("commissioner_id") REFERENCES "public"."commissioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "employers" ADD CONSTRAINT "employers_hmrc_account_id_ledger_accounts_id_fk" FOREIGN KEY ("hmrc_account_id") REFERENCES "public"."ledger_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "employers" ADD CONSTRAINT "employers_pension_account_id_ledger_accounts_id_fk" FOREIGN KEY ("pension_account_id") REFERENCES "public"."ledger_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "employers" ADD CONSTRAINT "employers_costs_account_id_ledger_accounts_id_fk" FOREIGN KEY ("costs_account_id") REFERENCES "public"."ledger_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payroll_remittances" ADD CONSTRAINT "payroll_remittances_commissioner_id_commissioners_id_fk" FOREIGN KEY ("commissioner_id") REFERENCES "public"."commissioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payroll_remittances" ADD CONSTRAINT "payroll_remittances_holder_id_holders_id_fk" FOREIGN KEY ("holder_id") REFERENCES "public"."holders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payroll_remittances" ADD CONSTRAINT "payroll_remittances_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payroll_runs" ADD CONSTRAINT "payroll_runs_commissioner_id_commissioners_id_fk" FOREIGN KEY ("commissioner_id") REFERENCES "public"."commissioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payroll_runs" ADD CONSTRAINT "payroll_runs_support_organisation_id_support_organisations_id_fk" FOREIGN KEY ("support_organisation_id") REFERENCES "public"."support_organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payroll_runs" ADD CONSTRAINT "payroll_runs_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payslips" ADD CONSTRAINT "payslips_commissioner_id_commissioners_id_fk" FOREIGN KEY ("commissioner_id") REFERENCES "public"."commissioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payslips" ADD CONSTRAINT "payslips_payroll_run_id_payroll_runs_id_fk" FOREIGN KEY ("payroll_run_id") REFERENCES "public"."payroll_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payslips" ADD CONSTRAINT "payslips_support_organisation_id_support_organisations_id_fk" FOREIGN KEY ("support_organisation_id") REFERENCES "public"."support_organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payslips" ADD CONSTRAINT "payslips_holder_id_holders_id_fk" FOREIGN KEY ("holder_id") REFERENCES "public"."holders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payslips" ADD CONSTRAINT "payslips_personal_assistant_id_personal_assistants_id_fk" FOREIGN KEY ("personal_assistant_id") REFERENCES "public"."personal_assistants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "personal_assistants" ADD CONSTRAINT "personal_assistants_commissioner_id_commissioners_id_fk" FOREIGN KEY ("commissioner_id") REFERENCES "public"."commissioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "personal_assistants" ADD CONSTRAINT "personal_assistants_holder_id_employers_holder_id_fk" FOREIGN KEY ("holder_id") REFERENCES "public"."employers"("holder_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "personal_assistants" ADD CONSTRAINT "personal_assistants_account_id_ledger_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."ledger_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "personal_assistants" ADD CONSTRAINT "personal_assistants_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "payroll_remittances_holder_idx" ON "payroll_remittances" USING btree ("holder_id","paid_to","month_starts_on");--> statement-breakpoint
CREATE INDEX "payroll_runs_organisation_idx" ON "payroll_runs" USING btree ("support_organisation_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "payslips_period_key" ON "payslips" USING btree ("personal_assistant_id","period_starts_on");--> statement-breakpoint
CREATE INDEX "payslips_holder_idx" ON "payslips" USING btree ("holder_id","payment_date");--> statement-breakpoint
CREATE UNIQUE INDEX "personal_assistants_payroll_reference_key" ON "personal_assistants" USING btree ("commissioner_id","payroll_reference");--> statement-breakpoint
CREATE INDEX "personal_assistants_holder_idx" ON "personal_assistants" USING btree ("holder_id");--> statement-breakpoint
ALTER TABLE "support_assignments" ADD CONSTRAINT "support_assignments_assigned_by_users_id_fk" FOREIGN KEY ("assigned_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "support_assignments_holder_idx" ON "support_assignments" USING btree ("holder_id");--> statement-breakpoint
ALTER TABLE "support_assignments" ADD CONSTRAINT "support_assignments_dates_in_order" CHECK ("support_assignments"."ends_on" is null or "support_assignments"."ends_on" >= "support_assignments"."starts_on");--> statement-breakpoint
-- The payroll tables are tenant tables like the rest (see 0015).
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['employers', 'personal_assistants', 'payroll_runs', 'payslips', 'payroll_remittances'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY commissioner_rows ON %I USING (commissioner_id = app_commissioner()) WITH CHECK (commissioner_id = app_commissioner())', t);
  END LOOP;
END;
$$;
