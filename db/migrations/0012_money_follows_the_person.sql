CREATE TYPE "public"."funding_frequency" AS ENUM('four-weekly', 'monthly', 'quarterly');--> statement-breakpoint
CREATE TYPE "public"."instalment_run_status" AS ENUM('waiting', 'running', 'finished', 'failed');--> statement-breakpoint
CREATE TABLE "arrangements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"commissioner_id" uuid NOT NULL,
	"holder_id" uuid NOT NULL,
	"holding" "holding" NOT NULL,
	"support_organisation_id" uuid,
	"name" text NOT NULL,
	"opened_on" date NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "arrangements_holder_holding_key" UNIQUE NULLS NOT DISTINCT("holder_id","holding","support_organisation_id"),
	CONSTRAINT "arrangements_organisation_for_third_party" CHECK (("arrangements"."holding" = 'third-party') = ("arrangements"."support_organisation_id" is not null))
);
--> statement-breakpoint
CREATE TABLE "funding_frequencies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"commissioner_id" uuid NOT NULL,
	"support_organisation_id" uuid,
	"frequency" "funding_frequency" NOT NULL,
	"applies_from" date NOT NULL,
	"set_by" uuid,
	"set_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "funding_frequencies_direct_payments_not_quarterly" CHECK ("funding_frequencies"."support_organisation_id" is not null or "funding_frequencies"."frequency" <> 'quarterly')
);
--> statement-breakpoint
CREATE TABLE "instalment_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"commissioner_id" uuid,
	"requested_by" uuid,
	"until" date NOT NULL,
	"status" "instalment_run_status" DEFAULT 'waiting' NOT NULL,
	"posted" integer DEFAULT 0 NOT NULL,
	"posted_pence" bigint DEFAULT 0 NOT NULL,
	"already_posted" integer DEFAULT 0 NOT NULL,
	"refused" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"error" text,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "instalments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"commissioner_id" uuid NOT NULL,
	"arrangement_id" uuid NOT NULL,
	"plan_year_starts_on" date NOT NULL,
	"number" integer NOT NULL,
	"due_on" date NOT NULL,
	"amount_pence" bigint NOT NULL,
	"journal_entry_id" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "instalments_journal_entry_id_unique" UNIQUE("journal_entry_id"),
	CONSTRAINT "instalments_amount_positive" CHECK ("instalments"."amount_pence" > 0)
);
--> statement-breakpoint
CREATE TABLE "overspend_rules" (
	"holder_id" uuid PRIMARY KEY NOT NULL,
	"commissioner_id" uuid NOT NULL,
	"rule" "overspend_rule" DEFAULT 'warn' NOT NULL
);
--> statement-breakpoint
ALTER TABLE "journal_entries" ADD COLUMN "support_line_key" uuid;--> statement-breakpoint
ALTER TABLE "ledger_accounts" ADD COLUMN "arrangement_id" uuid;--> statement-breakpoint
ALTER TABLE "plan_versions" ADD COLUMN "in_force_from" date;--> statement-breakpoint
ALTER TABLE "direct_payment_decisions" ADD COLUMN "overturned_on" date;--> statement-breakpoint
ALTER TABLE "plans" ADD COLUMN "ended_on" date;--> statement-breakpoint
ALTER TABLE "plans" ADD COLUMN "end_reason" text;--> statement-breakpoint
ALTER TABLE "plans" ADD COLUMN "ended_by" uuid;--> statement-breakpoint
ALTER TABLE "arrangements" ADD CONSTRAINT "arrangements_commissioner_id_commissioners_id_fk" FOREIGN KEY ("commissioner_id") REFERENCES "public"."commissioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "arrangements" ADD CONSTRAINT "arrangements_holder_id_holders_id_fk" FOREIGN KEY ("holder_id") REFERENCES "public"."holders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "arrangements" ADD CONSTRAINT "arrangements_support_organisation_id_support_organisations_id_fk" FOREIGN KEY ("support_organisation_id") REFERENCES "public"."support_organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_frequencies" ADD CONSTRAINT "funding_frequencies_commissioner_id_commissioners_id_fk" FOREIGN KEY ("commissioner_id") REFERENCES "public"."commissioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_frequencies" ADD CONSTRAINT "funding_frequencies_support_organisation_id_support_organisations_id_fk" FOREIGN KEY ("support_organisation_id") REFERENCES "public"."support_organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_frequencies" ADD CONSTRAINT "funding_frequencies_set_by_users_id_fk" FOREIGN KEY ("set_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "instalment_runs" ADD CONSTRAINT "instalment_runs_commissioner_id_commissioners_id_fk" FOREIGN KEY ("commissioner_id") REFERENCES "public"."commissioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "instalment_runs" ADD CONSTRAINT "instalment_runs_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "instalments" ADD CONSTRAINT "instalments_commissioner_id_commissioners_id_fk" FOREIGN KEY ("commissioner_id") REFERENCES "public"."commissioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "instalments" ADD CONSTRAINT "instalments_arrangement_id_arrangements_id_fk" FOREIGN KEY ("arrangement_id") REFERENCES "public"."arrangements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "overspend_rules" ADD CONSTRAINT "overspend_rules_holder_id_holders_id_fk" FOREIGN KEY ("holder_id") REFERENCES "public"."holders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "overspend_rules" ADD CONSTRAINT "overspend_rules_commissioner_id_commissioners_id_fk" FOREIGN KEY ("commissioner_id") REFERENCES "public"."commissioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "funding_frequencies_commissioner_idx" ON "funding_frequencies" USING btree ("commissioner_id","support_organisation_id","applies_from");--> statement-breakpoint
CREATE INDEX "instalment_runs_requested_idx" ON "instalment_runs" USING btree ("requested_at");--> statement-breakpoint
CREATE UNIQUE INDEX "instalments_slot_key" ON "instalments" USING btree ("arrangement_id","plan_year_starts_on","number");--> statement-breakpoint
ALTER TABLE "ledger_accounts" ADD CONSTRAINT "ledger_accounts_arrangement_id_arrangements_id_fk" FOREIGN KEY ("arrangement_id") REFERENCES "public"."arrangements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plans" ADD CONSTRAINT "plans_ended_by_users_id_fk" FOREIGN KEY ("ended_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_accounts_arrangement_key" ON "ledger_accounts" USING btree ("arrangement_id") WHERE "ledger_accounts"."arrangement_id" is not null and "ledger_accounts"."budget_id" is null;--> statement-breakpoint
CREATE INDEX "ledger_accounts_arrangement_idx" ON "ledger_accounts" USING btree ("arrangement_id");