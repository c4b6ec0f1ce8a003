CREATE TYPE "public"."costing_method" AS ENUM('national-tariff', 'reference-cost', 'local-cost', 'unit-cost');--> statement-breakpoint
CREATE TYPE "public"."direct_payment_decision_kind" AS ENUM('refused', 'stopped');--> statement-breakpoint
CREATE TYPE "public"."funding_source" AS ENUM('nhs', 'local-authority', 'education');--> statement-breakpoint
CREATE TYPE "public"."holding" AS ENUM('notional', 'third-party', 'direct-payment');--> statement-breakpoint
CREATE TYPE "public"."plan_version_status" AS ENUM('draft', 'submitted', 'approved', 'rejected');--> statement-breakpoint
CREATE TYPE "public"."request_status" AS ENUM('pending', 'accepted', 'declined');--> statement-breakpoint
CREATE TYPE "public"."support_frequency" AS ENUM('a-week', 'a-month', 'a-year');--> statement-breakpoint
CREATE TABLE "budget_setting_rules" (
	"commissioner_id" uuid PRIMARY KEY NOT NULL,
	"second_approval_threshold_percent" integer DEFAULT 10 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "indicative_budgets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"commissioner_id" uuid NOT NULL,
	"holder_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"band" text,
	"calculated_on" date NOT NULL,
	"line_keys" uuid[] NOT NULL,
	"workings" jsonb NOT NULL,
	"total_pence" bigint NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "statement_of_resources_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"commissioner_id" uuid NOT NULL,
	"line_key" uuid DEFAULT gen_random_uuid() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"cohort" "cohort" NOT NULL,
	"band" text,
	"service" text NOT NULL,
	"provider" text NOT NULL,
	"purpose" text NOT NULL,
	"costing_method" "costing_method" NOT NULL,
	"unit" text NOT NULL,
	"units_per_year" integer NOT NULL,
	"cost_per_unit_pence" bigint NOT NULL,
	"included_in_personal_budgets" boolean NOT NULL,
	"available_from" date,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"superseded_at" timestamp with time zone,
	CONSTRAINT "statement_of_resources_lines_amounts" CHECK ("statement_of_resources_lines"."units_per_year" >= 0 and "statement_of_resources_lines"."cost_per_unit_pence" >= 0)
);
--> statement-breakpoint
CREATE TABLE "direct_payment_decisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"commissioner_id" uuid NOT NULL,
	"holder_id" uuid NOT NULL,
	"kind" "direct_payment_decision_kind" NOT NULL,
	"reason" text NOT NULL,
	"effective_on" date NOT NULL,
	"decided_by" uuid NOT NULL,
	"decided_at" timestamp with time zone DEFAULT now() NOT NULL,
	"reconsider_why" text,
	"reconsider_requested_by" uuid,
	"reconsider_requested_at" timestamp with time zone,
	"reconsider_status" "request_status",
	"reconsider_outcome" text,
	"reconsidered_by" uuid,
	"reconsidered_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "holding_change_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"commissioner_id" uuid NOT NULL,
	"holder_id" uuid NOT NULL,
	"plan_version_id" uuid NOT NULL,
	"line_key" uuid NOT NULL,
	"requested_holding" "holding" NOT NULL,
	"why" text NOT NULL,
	"requested_by" uuid NOT NULL,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"status" "request_status" DEFAULT 'pending' NOT NULL,
	"decision_reason" text,
	"decided_by" uuid,
	"decided_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "plan_outcomes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"plan_version_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"outcome" text NOT NULL,
	"how_will_you_know" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "plan_support_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"plan_version_id" uuid NOT NULL,
	"line_key" uuid NOT NULL,
	"position" integer NOT NULL,
	"description" text NOT NULL,
	"provider" text NOT NULL,
	"units" integer NOT NULL,
	"frequency" "support_frequency" NOT NULL,
	"cost_per_unit_pence" bigint NOT NULL,
	"amount_pence" bigint NOT NULL,
	"funding_source" "funding_source" NOT NULL,
	"holding" "holding" NOT NULL,
	"third_party_organisation_id" uuid,
	"outcome_positions" integer[] NOT NULL,
	CONSTRAINT "plan_support_lines_amounts" CHECK ("plan_support_lines"."units" > 0 and "plan_support_lines"."cost_per_unit_pence" >= 0 and "plan_support_lines"."amount_pence" >= 0),
	CONSTRAINT "plan_support_lines_third_party" CHECK ("plan_support_lines"."holding" <> 'third-party' or "plan_support_lines"."third_party_organisation_id" is not null)
);
--> statement-breakpoint
CREATE TABLE "plan_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"commissioner_id" uuid NOT NULL,
	"plan_id" uuid NOT NULL,
	"holder_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"status" "plan_version_status" DEFAULT 'draft' NOT NULL,
	"starts_on" date NOT NULL,
	"what_matters" text DEFAULT '' NOT NULL,
	"who_was_involved" text DEFAULT '' NOT NULL,
	"criteria_met" text[] DEFAULT '{}'::text[] NOT NULL,
	"contingency_pence" bigint DEFAULT 0 NOT NULL,
	"first_review_on" date NOT NULL,
	"review_every_months" integer DEFAULT 12 NOT NULL,
	"indicative_budget_id" uuid,
	"indicative_pence" bigint,
	"final_pence" bigint,
	"needs_second_approval" boolean DEFAULT false NOT NULL,
	"authored_by" uuid NOT NULL,
	"last_edited_by" uuid NOT NULL,
	"submitted_by" uuid,
	"submitted_at" timestamp with time zone,
	"approved_by" uuid,
	"approved_at" timestamp with time zone,
	"second_approved_by" uuid,
	"second_approved_at" timestamp with time zone,
	"rejected_by" uuid,
	"rejected_at" timestamp with time zone,
	"rejection_reason" text,
	"agreed_by" uuid,
	"agreed_at" timestamp with time zone,
	"budget_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "plan_versions_contingency" CHECK ("plan_versions"."contingency_pence" >= 0),
	CONSTRAINT "plan_versions_review_every" CHECK ("plan_versions"."review_every_months" between 1 and 12)
);
--> statement-breakpoint
CREATE TABLE "plans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"commissioner_id" uuid NOT NULL,
	"holder_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "plans_holder_id_unique" UNIQUE("holder_id")
);
--> statement-breakpoint
ALTER TABLE "budget_setting_rules" ADD CONSTRAINT "budget_setting_rules_commissioner_id_commissioners_id_fk" FOREIGN KEY ("commissioner_id") REFERENCES "public"."commissioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "indicative_budgets" ADD CONSTRAINT "indicative_budgets_commissioner_id_commissioners_id_fk" FOREIGN KEY ("commissioner_id") REFERENCES "public"."commissioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "indicative_budgets" ADD CONSTRAINT "indicative_budgets_holder_id_holders_id_fk" FOREIGN KEY ("holder_id") REFERENCES "public"."holders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "indicative_budgets" ADD CONSTRAINT "indicative_budgets_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statement_of_resources_lines" ADD CONSTRAINT "statement_of_resources_lines_commissioner_id_commissioners_id_fk" FOREIGN KEY ("commissioner_id") REFERENCES "public"."commissioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statement_of_resources_lines" ADD CONSTRAINT "statement_of_resources_lines_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "direct_payment_decisions" ADD CONSTRAINT "direct_payment_decisions_commissioner_id_commissioners_id_fk" FOREIGN KEY ("commissioner_id") REFERENCES "public"."commissioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "direct_payment_decisions" ADD CONSTRAINT "direct_payment_decisions_holder_id_holders_id_fk" FOREIGN KEY ("holder_id") REFERENCES "public"."holders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "direct_payment_decisions" ADD CONSTRAINT "direct_payment_decisions_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "direct_payment_decisions" ADD CONSTRAINT "direct_payment_decisions_reconsider_requested_by_users_id_fk" FOREIGN KEY ("reconsider_requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "direct_payment_decisions" ADD CONSTRAINT "direct_payment_decisions_reconsidered_by_users_id_fk" FOREIGN KEY ("reconsidered_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "holding_change_requests" ADD CONSTRAINT "holding_change_requests_commissioner_id_commissioners_id_fk" FOREIGN KEY ("commissioner_id") REFERENCES "public"."commissioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "holding_change_requests" ADD CONSTRAINT "holding_change_requests_holder_id_holders_id_fk" FOREIGN KEY ("holder_id") REFERENCES "public"."holders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "holding_change_requests" ADD CONSTRAINT "holding_change_requests_plan_version_id_plan_versions_id_fk" FOREIGN KEY ("plan_version_id") REFERENCES "public"."plan_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "holding_change_requests" ADD CONSTRAINT "holding_change_requests_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "holding_change_requests" ADD CONSTRAINT "holding_change_requests_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_outcomes" ADD CONSTRAINT "plan_outcomes_plan_version_id_plan_versions_id_fk" FOREIGN KEY ("plan_version_id") REFERENCES "public"."plan_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_support_lines" ADD CONSTRAINT "plan_support_lines_plan_version_id_plan_versions_id_fk" FOREIGN KEY ("plan_version_id") REFERENCES "public"."plan_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_support_lines" ADD CONSTRAINT "plan_support_lines_third_party_organisation_id_support_organisations_id_fk" FOREIGN KEY ("third_party_organisation_id") REFERENCES "public"."support_organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_versions" ADD CONSTRAINT "plan_versions_commissioner_id_commissioners_id_fk" FOREIGN KEY ("commissioner_id") REFERENCES "public"."commissioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_versions" ADD CONSTRAINT "plan_versions_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_versions" ADD CONSTRAINT "plan_versions_holder_id_holders_id_fk" FOREIGN KEY ("holder_id") REFERENCES "public"."holders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_versions" ADD CONSTRAINT "plan_versions_indicative_budget_id_indicative_budgets_id_fk" FOREIGN KEY ("indicative_budget_id") REFERENCES "public"."indicative_budgets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_versions" ADD CONSTRAINT "plan_versions_authored_by_users_id_fk" FOREIGN KEY ("authored_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_versions" ADD CONSTRAINT "plan_versions_last_edited_by_users_id_fk" FOREIGN KEY ("last_edited_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_versions" ADD CONSTRAINT "plan_versions_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_versions" ADD CONSTRAINT "plan_versions_approved_by_users_id_fk" FOREIGN KEY ("approved_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_versions" ADD CONSTRAINT "plan_versions_second_approved_by_users_id_fk" FOREIGN KEY ("second_approved_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_versions" ADD CONSTRAINT "plan_versions_rejected_by_users_id_fk" FOREIGN KEY ("rejected_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_versions" ADD CONSTRAINT "plan_versions_agreed_by_users_id_fk" FOREIGN KEY ("agreed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_versions" ADD CONSTRAINT "plan_versions_budget_id_budgets_id_fk" FOREIGN KEY ("budget_id") REFERENCES "public"."budgets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plans" ADD CONSTRAINT "plans_commissioner_id_commissioners_id_fk" FOREIGN KEY ("commissioner_id") REFERENCES "public"."commissioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plans" ADD CONSTRAINT "plans_holder_id_holders_id_fk" FOREIGN KEY ("holder_id") REFERENCES "public"."holders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "indicative_budgets_holder_version" ON "indicative_budgets" USING btree ("holder_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "statement_of_resources_lines_key_version" ON "statement_of_resources_lines" USING btree ("line_key","version");--> statement-breakpoint
CREATE INDEX "statement_of_resources_lines_commissioner_idx" ON "statement_of_resources_lines" USING btree ("commissioner_id","cohort");--> statement-breakpoint
CREATE UNIQUE INDEX "plan_outcomes_position" ON "plan_outcomes" USING btree ("plan_version_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "plan_support_lines_key" ON "plan_support_lines" USING btree ("plan_version_id","line_key");--> statement-breakpoint
CREATE UNIQUE INDEX "plan_versions_plan_version" ON "plan_versions" USING btree ("plan_id","version");--> statement-breakpoint
CREATE INDEX "plan_versions_holder_idx" ON "plan_versions" USING btree ("holder_id");