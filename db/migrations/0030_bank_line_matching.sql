CREATE TYPE "public"."bank_line_outcome" AS ENUM('ledger-entry', 'own-transfer', 'not-ours');--> statement-breakpoint
CREATE TYPE "public"."matched_how" AS ENUM('automatic', 'confirmed', 'logged-by-finance', 'marked');--> statement-breakpoint
CREATE TABLE "bank_line_matches" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"commissioner_id" uuid NOT NULL,
	"holder_id" uuid NOT NULL,
	"bank_line_id" uuid NOT NULL,
	"outcome" "bank_line_outcome" NOT NULL,
	"journal_entry_id" bigint,
	"how" "matched_how" NOT NULL,
	"note" text,
	"matched_by" uuid NOT NULL,
	"matched_at" timestamp with time zone DEFAULT now() NOT NULL,
	"unmatched_at" timestamp with time zone,
	"unmatched_by" uuid,
	"unmatch_reason" text,
	CONSTRAINT "bank_line_matches_entry_when_ledger" CHECK (("bank_line_matches"."outcome" = 'ledger-entry') = ("bank_line_matches"."journal_entry_id" is not null))
);
--> statement-breakpoint
CREATE TABLE "period_reconciliations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"commissioner_id" uuid NOT NULL,
	"holder_id" uuid NOT NULL,
	"period_starts_on" date NOT NULL,
	"period_ends_on" date NOT NULL,
	"ledger_closing_pence" bigint NOT NULL,
	"bank_closing_pence" bigint,
	"agreed_balance_pence" bigint NOT NULL,
	"note" text,
	"reconciled_by" uuid NOT NULL,
	"reconciled_at" timestamp with time zone DEFAULT now() NOT NULL,
	"reopened_at" timestamp with time zone,
	"reopened_by" uuid,
	"reopen_reason" text
);
--> statement-breakpoint
CREATE TABLE "reconciliation_settings" (
	"commissioner_id" uuid PRIMARY KEY NOT NULL,
	"match_window_days" integer DEFAULT 5 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "bank_line_matches" ADD CONSTRAINT "bank_line_matches_commissioner_id_commissioners_id_fk" FOREIGN KEY ("commissioner_id") REFERENCES "public"."commissioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bank_line_matches" ADD CONSTRAINT "bank_line_matches_holder_id_holders_id_fk" FOREIGN KEY ("holder_id") REFERENCES "public"."holders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bank_line_matches" ADD CONSTRAINT "bank_line_matches_bank_line_id_bank_statement_lines_id_fk" FOREIGN KEY ("bank_line_id") REFERENCES "public"."bank_statement_lines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bank_line_matches" ADD CONSTRAINT "bank_line_matches_journal_entry_id_journal_entries_id_fk" FOREIGN KEY ("journal_entry_id") REFERENCES "public"."journal_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bank_line_matches" ADD CONSTRAINT "bank_line_matches_matched_by_users_id_fk" FOREIGN KEY ("matched_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bank_line_matches" ADD CONSTRAINT "bank_line_matches_unmatched_by_users_id_fk" FOREIGN KEY ("unmatched_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "period_reconciliations" ADD CONSTRAINT "period_reconciliations_commissioner_id_commissioners_id_fk" FOREIGN KEY ("commissioner_id") REFERENCES "public"."commissioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "period_reconciliations" ADD CONSTRAINT "period_reconciliations_holder_id_holders_id_fk" FOREIGN KEY ("holder_id") REFERENCES "public"."holders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "period_reconciliations" ADD CONSTRAINT "period_reconciliations_reconciled_by_users_id_fk" FOREIGN KEY ("reconciled_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "period_reconciliations" ADD CONSTRAINT "period_reconciliations_reopened_by_users_id_fk" FOREIGN KEY ("reopened_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reconciliation_settings" ADD CONSTRAINT "reconciliation_settings_commissioner_id_commissioners_id_fk" FOREIGN KEY ("commissioner_id") REFERENCES "public"."commissioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "bank_line_matches_line_key" ON "bank_line_matches" USING btree ("bank_line_id") WHERE "bank_line_matches"."unmatched_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "bank_line_matches_entry_key" ON "bank_line_matches" USING btree ("journal_entry_id") WHERE "bank_line_matches"."unmatched_at" is null and "bank_line_matches"."journal_entry_id" is not null;--> statement-breakpoint
CREATE INDEX "bank_line_matches_holder_idx" ON "bank_line_matches" USING btree ("holder_id");--> statement-breakpoint
CREATE UNIQUE INDEX "period_reconciliations_current_key" ON "period_reconciliations" USING btree ("holder_id","period_starts_on") WHERE "period_reconciliations"."reopened_at" is null;--> statement-breakpoint
CREATE INDEX "period_reconciliations_commissioner_idx" ON "period_reconciliations" USING btree ("commissioner_id","period_starts_on");--> statement-breakpoint
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['bank_line_matches', 'period_reconciliations', 'reconciliation_settings'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY commissioner_rows ON %I USING (commissioner_id = app_commissioner()) WITH CHECK (commissioner_id = app_commissioner())', t);
  END LOOP;
END $$;
