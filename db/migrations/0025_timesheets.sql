CREATE TYPE "public"."timesheet_status" AS ENUM('submitted', 'approved', 'queried');--> statement-breakpoint
CREATE TABLE "timesheets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"commissioner_id" uuid NOT NULL,
	"holder_id" uuid NOT NULL,
	"personal_assistant_id" uuid NOT NULL,
	"week_starts_on" date NOT NULL,
	"minutes" integer NOT NULL,
	"status" timesheet_status DEFAULT 'submitted' NOT NULL,
	"query_note" text,
	"entered_by" uuid NOT NULL,
	"entered_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	CONSTRAINT "timesheets_minutes_in_a_week" CHECK ("timesheets"."minutes" > 0 and "timesheets"."minutes" <= 7 * 24 * 60)
);
--> statement-breakpoint
ALTER TABLE "timesheets" ADD CONSTRAINT "timesheets_commissioner_id_commissioners_id_fk" FOREIGN KEY ("commissioner_id") REFERENCES "public"."commissioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "timesheets" ADD CONSTRAINT "timesheets_holder_id_holders_id_fk" FOREIGN KEY ("holder_id") REFERENCES "public"."holders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "timesheets" ADD CONSTRAINT "timesheets_personal_assistant_id_personal_assistants_id_fk" FOREIGN KEY ("personal_assistant_id") REFERENCES "public"."personal_assistants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "timesheets" ADD CONSTRAINT "timesheets_entered_by_users_id_fk" FOREIGN KEY ("entered_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "timesheets" ADD CONSTRAINT "timesheets_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "timesheets_week_key" ON "timesheets" USING btree ("personal_assistant_id","week_starts_on");--> statement-breakpoint
CREATE INDEX "timesheets_holder_idx" ON "timesheets" USING btree ("holder_id","week_starts_on");--> statement-breakpoint
ALTER TABLE timesheets ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY commissioner_rows ON timesheets USING (commissioner_id = app_commissioner()) WITH CHECK (commissioner_id = app_commissioner());
