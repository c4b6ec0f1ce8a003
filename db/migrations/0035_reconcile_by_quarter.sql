ALTER TABLE "reconciliation_settings" ADD COLUMN "period_length" text DEFAULT 'month' NOT NULL;--> statement-breakpoint
-- The enum is TypeScript's only: the database holds the same two values itself.
ALTER TABLE "reconciliation_settings" ADD CONSTRAINT "reconciliation_settings_period_length" CHECK ("period_length" IN ('month', 'quarter'));
