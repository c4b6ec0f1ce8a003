ALTER TYPE "public"."how_paid" ADD VALUE 'invoice';--> statement-breakpoint
CREATE TABLE "line_commitments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"commissioner_id" uuid NOT NULL,
	"holder_id" uuid NOT NULL,
	"budget_id" uuid NOT NULL,
	"support_line_id" uuid NOT NULL,
	"line_key" uuid NOT NULL,
	"provider" text NOT NULL,
	"description" text NOT NULL,
	"amount_pence" bigint NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"reference" text,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"cancelled_at" timestamp with time zone,
	"cancelled_by" uuid,
	"cancel_reason" text,
	CONSTRAINT "line_commitments_amount_positive" CHECK ("line_commitments"."amount_pence" > 0),
	CONSTRAINT "line_commitments_dates_in_order" CHECK ("line_commitments"."ends_on" >= "line_commitments"."starts_on")
);
--> statement-breakpoint
ALTER TABLE "line_commitments" ADD CONSTRAINT "line_commitments_commissioner_id_commissioners_id_fk" FOREIGN KEY ("commissioner_id") REFERENCES "public"."commissioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "line_commitments" ADD CONSTRAINT "line_commitments_holder_id_holders_id_fk" FOREIGN KEY ("holder_id") REFERENCES "public"."holders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "line_commitments" ADD CONSTRAINT "line_commitments_budget_id_budgets_id_fk" FOREIGN KEY ("budget_id") REFERENCES "public"."budgets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "line_commitments" ADD CONSTRAINT "line_commitments_support_line_id_plan_support_lines_id_fk" FOREIGN KEY ("support_line_id") REFERENCES "public"."plan_support_lines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "line_commitments" ADD CONSTRAINT "line_commitments_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "line_commitments" ADD CONSTRAINT "line_commitments_cancelled_by_users_id_fk" FOREIGN KEY ("cancelled_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "line_commitments_line_idx" ON "line_commitments" USING btree ("budget_id","line_key");