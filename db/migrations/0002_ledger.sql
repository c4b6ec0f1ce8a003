CREATE TYPE "public"."journal_entry_kind" AS ENUM('instalment', 'spend', 'card-transaction', 'payroll', 'refund', 'clawback', 'adjustment', 'reversal');--> statement-breakpoint
CREATE TYPE "public"."ledger_account_kind" AS ENUM('direct-payment', 'third-party', 'notional', 'commissioner-funding', 'payee', 'hmrc', 'pension-provider', 'bank-clearing');--> statement-breakpoint
CREATE TABLE "instalment_schedules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"commissioner_id" uuid NOT NULL,
	"budget_id" uuid NOT NULL,
	"first_date" date NOT NULL,
	"every_days" integer DEFAULT 28 NOT NULL,
	"ends_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "instalment_schedules_budget_id_unique" UNIQUE("budget_id"),
	CONSTRAINT "instalment_schedules_every_days_positive" CHECK ("instalment_schedules"."every_days" between 1 and 366)
);
--> statement-breakpoint
CREATE TABLE "journal_entries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"commissioner_id" uuid NOT NULL,
	"kind" "journal_entry_kind" NOT NULL,
	"effective_date" date NOT NULL,
	"description" text NOT NULL,
	"idempotency_key" text NOT NULL,
	"content_hash" text NOT NULL,
	"actor_user_id" uuid,
	"on_behalf_of_holder_id" uuid,
	"source_type" text,
	"source_id" text,
	"reverses_entry_id" bigint,
	"reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "journal_entries_reversal_points_back" CHECK (("journal_entries"."kind" = 'reversal') = ("journal_entries"."reverses_entry_id" is not null))
);
--> statement-breakpoint
CREATE TABLE "ledger_accounts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"commissioner_id" uuid NOT NULL,
	"kind" "ledger_account_kind" NOT NULL,
	"budget_id" uuid,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"may_overdraw" boolean NOT NULL,
	"balance_pence" bigint DEFAULT 0 NOT NULL,
	"latest_effective_date" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ledger_accounts_no_overdraw_not_negative" CHECK ("ledger_accounts"."may_overdraw" or "ledger_accounts"."balance_pence" >= 0)
);
--> statement-breakpoint
CREATE TABLE "postings" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"entry_id" bigint NOT NULL,
	"account_id" bigint NOT NULL,
	"amount_pence" bigint NOT NULL,
	"effective_date" date NOT NULL,
	CONSTRAINT "postings_amount_not_zero" CHECK ("postings"."amount_pence" <> 0)
);
--> statement-breakpoint
ALTER TABLE "instalment_schedules" ADD CONSTRAINT "instalment_schedules_commissioner_id_commissioners_id_fk" FOREIGN KEY ("commissioner_id") REFERENCES "public"."commissioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "instalment_schedules" ADD CONSTRAINT "instalment_schedules_budget_id_budgets_id_fk" FOREIGN KEY ("budget_id") REFERENCES "public"."budgets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journal_entries" ADD CONSTRAINT "journal_entries_commissioner_id_commissioners_id_fk" FOREIGN KEY ("commissioner_id") REFERENCES "public"."commissioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journal_entries" ADD CONSTRAINT "journal_entries_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journal_entries" ADD CONSTRAINT "journal_entries_on_behalf_of_holder_id_holders_id_fk" FOREIGN KEY ("on_behalf_of_holder_id") REFERENCES "public"."holders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journal_entries" ADD CONSTRAINT "journal_entries_reverses_entry_id_journal_entries_id_fk" FOREIGN KEY ("reverses_entry_id") REFERENCES "public"."journal_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_accounts" ADD CONSTRAINT "ledger_accounts_commissioner_id_commissioners_id_fk" FOREIGN KEY ("commissioner_id") REFERENCES "public"."commissioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_accounts" ADD CONSTRAINT "ledger_accounts_budget_id_budgets_id_fk" FOREIGN KEY ("budget_id") REFERENCES "public"."budgets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "postings" ADD CONSTRAINT "postings_entry_id_journal_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."journal_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "postings" ADD CONSTRAINT "postings_account_id_ledger_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."ledger_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "journal_entries_idempotency_key" ON "journal_entries" USING btree ("commissioner_id","idempotency_key");--> statement-breakpoint
CREATE UNIQUE INDEX "journal_entries_reverses_key" ON "journal_entries" USING btree ("reverses_entry_id") WHERE "journal_entries"."reverses_entry_id" is not null;--> statement-breakpoint
CREATE INDEX "journal_entries_commissioner_date_idx" ON "journal_entries" USING btree ("commissioner_id","effective_date");--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_accounts_code_key" ON "ledger_accounts" USING btree ("commissioner_id","code");--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_accounts_budget_kind_key" ON "ledger_accounts" USING btree ("budget_id","kind") WHERE "ledger_accounts"."budget_id" is not null;--> statement-breakpoint
CREATE INDEX "postings_entry_idx" ON "postings" USING btree ("entry_id");--> statement-breakpoint
CREATE INDEX "postings_account_date_idx" ON "postings" USING btree ("account_id","effective_date","entry_id");