CREATE TYPE "public"."recovery_method" AS ENUM('account', 'instalments');--> statement-breakpoint
CREATE TYPE "public"."recovery_status" AS ENUM('proposed', 'approved', 'refused', 'withdrawn');--> statement-breakpoint
CREATE TABLE "recoveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"commissioner_id" uuid NOT NULL,
	"holder_id" uuid NOT NULL,
	"arrangement_id" uuid NOT NULL,
	"amount_pence" bigint NOT NULL,
	"method" "recovery_method" NOT NULL,
	"instalment_count" integer,
	"reason" text NOT NULL,
	"workings" text NOT NULL,
	"prompted_by_type" text,
	"prompted_by_id" text,
	"status" "recovery_status" DEFAULT 'proposed' NOT NULL,
	"proposed_by" uuid NOT NULL,
	"proposed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"decided_on" date,
	"decision_reason" text,
	"repay_by" date,
	"payment_reference" text,
	"journal_entry_id" bigint,
	CONSTRAINT "recoveries_amount_positive" CHECK ("recoveries"."amount_pence" > 0),
	CONSTRAINT "recoveries_instalment_count" CHECK (("recoveries"."method" = 'instalments') = ("recoveries"."instalment_count" is not null) and coalesce("recoveries"."instalment_count", 1) between 1 and 26),
	CONSTRAINT "recoveries_four_eyes" CHECK ("recoveries"."status" not in ('approved', 'refused') or "recoveries"."decided_by" <> "recoveries"."proposed_by"),
	CONSTRAINT "recoveries_decided" CHECK (("recoveries"."status" = 'proposed') = ("recoveries"."decided_by" is null))
);
--> statement-breakpoint
CREATE TABLE "recovery_deductions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"commissioner_id" uuid NOT NULL,
	"recovery_id" uuid NOT NULL,
	"part" integer NOT NULL,
	"instalment_id" uuid NOT NULL,
	"journal_entry_id" bigint NOT NULL,
	"amount_pence" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "recovery_deductions_amount_positive" CHECK ("recovery_deductions"."amount_pence" > 0)
);
--> statement-breakpoint
CREATE TABLE "recovery_letters" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"commissioner_id" uuid NOT NULL,
	"holder_id" uuid NOT NULL,
	"recovery_id" uuid NOT NULL,
	"content" jsonb NOT NULL,
	"pdf" "bytea" NOT NULL,
	"sent_on" date NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "recovery_letters_recovery_id_unique" UNIQUE("recovery_id")
);
--> statement-breakpoint
ALTER TABLE "recoveries" ADD CONSTRAINT "recoveries_commissioner_id_commissioners_id_fk" FOREIGN KEY ("commissioner_id") REFERENCES "public"."commissioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recoveries" ADD CONSTRAINT "recoveries_holder_id_holders_id_fk" FOREIGN KEY ("holder_id") REFERENCES "public"."holders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recoveries" ADD CONSTRAINT "recoveries_arrangement_id_arrangements_id_fk" FOREIGN KEY ("arrangement_id") REFERENCES "public"."arrangements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recoveries" ADD CONSTRAINT "recoveries_proposed_by_users_id_fk" FOREIGN KEY ("proposed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recoveries" ADD CONSTRAINT "recoveries_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recoveries" ADD CONSTRAINT "recoveries_journal_entry_id_journal_entries_id_fk" FOREIGN KEY ("journal_entry_id") REFERENCES "public"."journal_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recovery_deductions" ADD CONSTRAINT "recovery_deductions_commissioner_id_commissioners_id_fk" FOREIGN KEY ("commissioner_id") REFERENCES "public"."commissioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recovery_deductions" ADD CONSTRAINT "recovery_deductions_recovery_id_recoveries_id_fk" FOREIGN KEY ("recovery_id") REFERENCES "public"."recoveries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recovery_deductions" ADD CONSTRAINT "recovery_deductions_instalment_id_instalments_id_fk" FOREIGN KEY ("instalment_id") REFERENCES "public"."instalments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recovery_deductions" ADD CONSTRAINT "recovery_deductions_journal_entry_id_journal_entries_id_fk" FOREIGN KEY ("journal_entry_id") REFERENCES "public"."journal_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recovery_letters" ADD CONSTRAINT "recovery_letters_commissioner_id_commissioners_id_fk" FOREIGN KEY ("commissioner_id") REFERENCES "public"."commissioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recovery_letters" ADD CONSTRAINT "recovery_letters_holder_id_holders_id_fk" FOREIGN KEY ("holder_id") REFERENCES "public"."holders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recovery_letters" ADD CONSTRAINT "recovery_letters_recovery_id_recoveries_id_fk" FOREIGN KEY ("recovery_id") REFERENCES "public"."recoveries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "recoveries_holder_idx" ON "recoveries" USING btree ("holder_id","proposed_at");--> statement-breakpoint
CREATE INDEX "recoveries_commissioner_status_idx" ON "recoveries" USING btree ("commissioner_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "recovery_deductions_part_key" ON "recovery_deductions" USING btree ("recovery_id","part");--> statement-breakpoint
CREATE UNIQUE INDEX "recovery_deductions_instalment_key" ON "recovery_deductions" USING btree ("recovery_id","instalment_id");--> statement-breakpoint
CREATE INDEX "recovery_letters_holder_idx" ON "recovery_letters" USING btree ("holder_id","sent_on");--> statement-breakpoint
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['recoveries', 'recovery_deductions', 'recovery_letters'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY commissioner_rows ON %I USING (commissioner_id = app_commissioner()) WITH CHECK (commissioner_id = app_commissioner())', t);
  END LOOP;
END $$;
