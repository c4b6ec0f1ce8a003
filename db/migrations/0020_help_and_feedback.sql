CREATE TYPE "public"."feedback_ease" AS ENUM('very-easy', 'easy', 'neither', 'difficult', 'very-difficult');--> statement-breakpoint
CREATE TABLE "feedback" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"commissioner_id" uuid NOT NULL,
	"ease" "feedback_ease" NOT NULL,
	"could_be_better" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "help_contact_details" (
	"commissioner_id" uuid PRIMARY KEY NOT NULL,
	"phone" text NOT NULL,
	"email" text NOT NULL,
	"opening_hours" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "feedback" ADD CONSTRAINT "feedback_commissioner_id_commissioners_id_fk" FOREIGN KEY ("commissioner_id") REFERENCES "public"."commissioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "help_contact_details" ADD CONSTRAINT "help_contact_details_commissioner_id_commissioners_id_fk" FOREIGN KEY ("commissioner_id") REFERENCES "public"."commissioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "feedback_commissioner_idx" ON "feedback" USING btree ("commissioner_id","created_at");--> statement-breakpoint
-- Tenant tables: each commissioner sees only its own contact details and feedback (as migration 0015).
ALTER TABLE "help_contact_details" ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY commissioner_rows ON "help_contact_details" USING (commissioner_id = app_commissioner()) WITH CHECK (commissioner_id = app_commissioner());
--> statement-breakpoint
ALTER TABLE "feedback" ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY commissioner_rows ON "feedback" USING (commissioner_id = app_commissioner()) WITH CHECK (commissioner_id = app_commissioner());
