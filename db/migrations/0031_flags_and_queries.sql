CREATE TYPE "public"."flag_kind" AS ENUM('no-receipt', 'restricted', 'household-payment', 'unlogged-payment', 'overspend', 'surplus', 'cash-withdrawal', 'inactive');--> statement-breakpoint
CREATE TYPE "public"."flag_status" AS ENUM('open', 'raised', 'resolved', 'dismissed');--> statement-breakpoint
CREATE TYPE "public"."query_status" AS ENUM('open', 'answered', 'accepted', 'withdrawn');--> statement-breakpoint
CREATE TYPE "public"."query_subject" AS ENUM('spend', 'bank-line', 'month', 'budget');--> statement-breakpoint
CREATE TABLE "finance_flags" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"commissioner_id" uuid NOT NULL,
	"holder_id" uuid NOT NULL,
	"kind" "flag_kind" NOT NULL,
	"subject_key" text NOT NULL,
	"explanation" text NOT NULL,
	"amount_pence" bigint,
	"raised_on" date NOT NULL,
	"status" "flag_status" DEFAULT 'open' NOT NULL,
	"query_id" uuid,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"reason" text
);
--> statement-breakpoint
CREATE TABLE "finance_queries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"commissioner_id" uuid NOT NULL,
	"holder_id" uuid NOT NULL,
	"subject_type" "query_subject" NOT NULL,
	"subject_id" text,
	"subject_label" text NOT NULL,
	"due_on" date NOT NULL,
	"status" "query_status" DEFAULT 'open' NOT NULL,
	"raised_by" uuid NOT NULL,
	"raised_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_by" uuid,
	"closed_at" timestamp with time zone,
	"reminded_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "finance_query_files" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"commissioner_id" uuid NOT NULL,
	"message_id" uuid NOT NULL,
	"sha256" text NOT NULL,
	"file_name" text NOT NULL,
	"content_type" text NOT NULL,
	"size_bytes" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "finance_query_messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"commissioner_id" uuid NOT NULL,
	"query_id" uuid NOT NULL,
	"author_user_id" uuid NOT NULL,
	"from_finance" boolean NOT NULL,
	"on_behalf_of_holder_id" uuid,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "reconciliation_settings" ADD COLUMN "surplus_weeks" integer DEFAULT 8 NOT NULL;--> statement-breakpoint
ALTER TABLE "reconciliation_settings" ADD COLUMN "cash_limit_pence" bigint DEFAULT 10000 NOT NULL;--> statement-breakpoint
ALTER TABLE "reconciliation_settings" ADD COLUMN "unlogged_days" integer DEFAULT 14 NOT NULL;--> statement-breakpoint
ALTER TABLE "reconciliation_settings" ADD COLUMN "inactive_days" integer DEFAULT 90 NOT NULL;--> statement-breakpoint
ALTER TABLE "finance_flags" ADD CONSTRAINT "finance_flags_commissioner_id_commissioners_id_fk" FOREIGN KEY ("commissioner_id") REFERENCES "public"."commissioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finance_flags" ADD CONSTRAINT "finance_flags_holder_id_holders_id_fk" FOREIGN KEY ("holder_id") REFERENCES "public"."holders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finance_flags" ADD CONSTRAINT "finance_flags_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finance_queries" ADD CONSTRAINT "finance_queries_commissioner_id_commissioners_id_fk" FOREIGN KEY ("commissioner_id") REFERENCES "public"."commissioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finance_queries" ADD CONSTRAINT "finance_queries_holder_id_holders_id_fk" FOREIGN KEY ("holder_id") REFERENCES "public"."holders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finance_queries" ADD CONSTRAINT "finance_queries_raised_by_users_id_fk" FOREIGN KEY ("raised_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finance_queries" ADD CONSTRAINT "finance_queries_closed_by_users_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finance_query_files" ADD CONSTRAINT "finance_query_files_commissioner_id_commissioners_id_fk" FOREIGN KEY ("commissioner_id") REFERENCES "public"."commissioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finance_query_files" ADD CONSTRAINT "finance_query_files_message_id_finance_query_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."finance_query_messages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finance_query_files" ADD CONSTRAINT "finance_query_files_sha256_receipt_files_sha256_fk" FOREIGN KEY ("sha256") REFERENCES "public"."receipt_files"("sha256") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finance_query_messages" ADD CONSTRAINT "finance_query_messages_commissioner_id_commissioners_id_fk" FOREIGN KEY ("commissioner_id") REFERENCES "public"."commissioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finance_query_messages" ADD CONSTRAINT "finance_query_messages_query_id_finance_queries_id_fk" FOREIGN KEY ("query_id") REFERENCES "public"."finance_queries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finance_query_messages" ADD CONSTRAINT "finance_query_messages_author_user_id_users_id_fk" FOREIGN KEY ("author_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finance_query_messages" ADD CONSTRAINT "finance_query_messages_on_behalf_of_holder_id_holders_id_fk" FOREIGN KEY ("on_behalf_of_holder_id") REFERENCES "public"."holders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "finance_flags_subject_key" ON "finance_flags" USING btree ("holder_id","kind","subject_key");--> statement-breakpoint
CREATE INDEX "finance_flags_open_idx" ON "finance_flags" USING btree ("commissioner_id","raised_on") WHERE "finance_flags"."status" = 'open';--> statement-breakpoint
CREATE INDEX "finance_queries_holder_idx" ON "finance_queries" USING btree ("holder_id","status","due_on");--> statement-breakpoint
CREATE INDEX "finance_queries_commissioner_idx" ON "finance_queries" USING btree ("commissioner_id","status","due_on");--> statement-breakpoint
CREATE INDEX "finance_query_files_message_idx" ON "finance_query_files" USING btree ("message_id");--> statement-breakpoint
CREATE INDEX "finance_query_messages_query_idx" ON "finance_query_messages" USING btree ("query_id","created_at");--> statement-breakpoint
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['finance_flags', 'finance_queries', 'finance_query_messages', 'finance_query_files'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY commissioner_rows ON %I USING (commissioner_id = app_commissioner()) WITH CHECK (commissioner_id = app_commissioner())', t);
  END LOOP;
END $$;
--> statement-breakpoint
-- A file sent with an answer to a query is read like a spend's receipt: only by the commissioner whose query it is.
CREATE POLICY query_files ON receipt_files FOR SELECT USING (EXISTS (SELECT 1 FROM finance_query_files q WHERE q.sha256 = receipt_files.sha256));
