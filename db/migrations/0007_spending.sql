CREATE TYPE "public"."how_paid" AS ENUM('account-transfer', 'card', 'cash');--> statement-breakpoint
CREATE TYPE "public"."overspend_rule" AS ENUM('warn', 'block');--> statement-breakpoint
CREATE TYPE "public"."restricted_spending_rule" AS ENUM('refused', 'needs-agreement');--> statement-breakpoint
CREATE TABLE "budget_overspend_rules" (
	"budget_id" uuid PRIMARY KEY NOT NULL,
	"commissioner_id" uuid NOT NULL,
	"rule" "overspend_rule" DEFAULT 'warn' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payees" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"commissioner_id" uuid NOT NULL,
	"holder_id" uuid NOT NULL,
	"name" text NOT NULL,
	"ledger_account_id" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "receipt_files" (
	"sha256" text PRIMARY KEY NOT NULL,
	"content" "bytea" NOT NULL,
	"size_bytes" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "restricted_spending_categories" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"commissioner_id" uuid NOT NULL,
	"key" text NOT NULL,
	"name" text NOT NULL,
	"rule" "restricted_spending_rule" NOT NULL,
	"reason" text NOT NULL,
	"what_to_do_instead" text NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"retired_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "spend_receipts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"commissioner_id" uuid NOT NULL,
	"spend_id" uuid NOT NULL,
	"sha256" text NOT NULL,
	"file_name" text NOT NULL,
	"content_type" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"uploaded_by" uuid NOT NULL,
	"uploaded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "spending_settings" (
	"commissioner_id" uuid PRIMARY KEY NOT NULL,
	"no_receipt_threshold_pence" bigint DEFAULT 5000 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "spends" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"commissioner_id" uuid NOT NULL,
	"holder_id" uuid NOT NULL,
	"budget_id" uuid NOT NULL,
	"plan_version_id" uuid NOT NULL,
	"support_line_id" uuid NOT NULL,
	"line_key" uuid NOT NULL,
	"spent_on" date NOT NULL,
	"payee_id" uuid NOT NULL,
	"amount_pence" bigint NOT NULL,
	"what_for" text NOT NULL,
	"how_paid" "how_paid" NOT NULL,
	"restricted_category_id" uuid,
	"needs_agreement" boolean DEFAULT false NOT NULL,
	"flagged_for_finance" boolean DEFAULT false NOT NULL,
	"flag_reason" text,
	"overspend_warning" boolean DEFAULT false NOT NULL,
	"journal_entry_id" bigint NOT NULL,
	"form_token" text NOT NULL,
	"logged_by" uuid NOT NULL,
	"on_behalf_of_holder_id" uuid,
	"logged_at" timestamp with time zone DEFAULT now() NOT NULL,
	"replaces_spend_id" uuid,
	"replaced_by_spend_id" uuid,
	"reversal_entry_id" bigint,
	"reversal_reason" text,
	"reversed_at" timestamp with time zone,
	"reversed_by" uuid,
	CONSTRAINT "spends_amount_positive" CHECK ("spends"."amount_pence" > 0)
);
--> statement-breakpoint
ALTER TABLE "budget_overspend_rules" ADD CONSTRAINT "budget_overspend_rules_budget_id_budgets_id_fk" FOREIGN KEY ("budget_id") REFERENCES "public"."budgets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "budget_overspend_rules" ADD CONSTRAINT "budget_overspend_rules_commissioner_id_commissioners_id_fk" FOREIGN KEY ("commissioner_id") REFERENCES "public"."commissioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payees" ADD CONSTRAINT "payees_commissioner_id_commissioners_id_fk" FOREIGN KEY ("commissioner_id") REFERENCES "public"."commissioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payees" ADD CONSTRAINT "payees_holder_id_holders_id_fk" FOREIGN KEY ("holder_id") REFERENCES "public"."holders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payees" ADD CONSTRAINT "payees_ledger_account_id_ledger_accounts_id_fk" FOREIGN KEY ("ledger_account_id") REFERENCES "public"."ledger_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "restricted_spending_categories" ADD CONSTRAINT "restricted_spending_categories_commissioner_id_commissioners_id_fk" FOREIGN KEY ("commissioner_id") REFERENCES "public"."commissioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "spend_receipts" ADD CONSTRAINT "spend_receipts_commissioner_id_commissioners_id_fk" FOREIGN KEY ("commissioner_id") REFERENCES "public"."commissioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "spend_receipts" ADD CONSTRAINT "spend_receipts_spend_id_spends_id_fk" FOREIGN KEY ("spend_id") REFERENCES "public"."spends"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "spend_receipts" ADD CONSTRAINT "spend_receipts_sha256_receipt_files_sha256_fk" FOREIGN KEY ("sha256") REFERENCES "public"."receipt_files"("sha256") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "spend_receipts" ADD CONSTRAINT "spend_receipts_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "spending_settings" ADD CONSTRAINT "spending_settings_commissioner_id_commissioners_id_fk" FOREIGN KEY ("commissioner_id") REFERENCES "public"."commissioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "spends" ADD CONSTRAINT "spends_commissioner_id_commissioners_id_fk" FOREIGN KEY ("commissioner_id") REFERENCES "public"."commissioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "spends" ADD CONSTRAINT "spends_holder_id_holders_id_fk" FOREIGN KEY ("holder_id") REFERENCES "public"."holders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "spends" ADD CONSTRAINT "spends_budget_id_budgets_id_fk" FOREIGN KEY ("budget_id") REFERENCES "public"."budgets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "spends" ADD CONSTRAINT "spends_plan_version_id_plan_versions_id_fk" FOREIGN KEY ("plan_version_id") REFERENCES "public"."plan_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "spends" ADD CONSTRAINT "spends_support_line_id_plan_support_lines_id_fk" FOREIGN KEY ("support_line_id") REFERENCES "public"."plan_support_lines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "spends" ADD CONSTRAINT "spends_payee_id_payees_id_fk" FOREIGN KEY ("payee_id") REFERENCES "public"."payees"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "spends" ADD CONSTRAINT "spends_restricted_category_id_restricted_spending_categories_id_fk" FOREIGN KEY ("restricted_category_id") REFERENCES "public"."restricted_spending_categories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "spends" ADD CONSTRAINT "spends_journal_entry_id_journal_entries_id_fk" FOREIGN KEY ("journal_entry_id") REFERENCES "public"."journal_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "spends" ADD CONSTRAINT "spends_logged_by_users_id_fk" FOREIGN KEY ("logged_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "spends" ADD CONSTRAINT "spends_on_behalf_of_holder_id_holders_id_fk" FOREIGN KEY ("on_behalf_of_holder_id") REFERENCES "public"."holders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "spends" ADD CONSTRAINT "spends_replaces_spend_id_spends_id_fk" FOREIGN KEY ("replaces_spend_id") REFERENCES "public"."spends"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "spends" ADD CONSTRAINT "spends_replaced_by_spend_id_spends_id_fk" FOREIGN KEY ("replaced_by_spend_id") REFERENCES "public"."spends"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "spends" ADD CONSTRAINT "spends_reversal_entry_id_journal_entries_id_fk" FOREIGN KEY ("reversal_entry_id") REFERENCES "public"."journal_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "spends" ADD CONSTRAINT "spends_reversed_by_users_id_fk" FOREIGN KEY ("reversed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "payees_holder_name_key" ON "payees" USING btree ("holder_id",lower("name"));--> statement-breakpoint
CREATE UNIQUE INDEX "restricted_spending_categories_key" ON "restricted_spending_categories" USING btree ("commissioner_id","key");--> statement-breakpoint
CREATE INDEX "spend_receipts_spend_idx" ON "spend_receipts" USING btree ("spend_id");--> statement-breakpoint
CREATE UNIQUE INDEX "spends_form_token_key" ON "spends" USING btree ("commissioner_id","form_token");--> statement-breakpoint
CREATE INDEX "spends_holder_date_idx" ON "spends" USING btree ("holder_id","spent_on");--> statement-breakpoint
CREATE INDEX "spends_line_idx" ON "spends" USING btree ("budget_id","line_key");