CREATE TYPE "public"."statement_import_state" AS ENUM('importing', 'imported', 'failed');--> statement-breakpoint
ALTER TABLE "bank_statement_imports" ADD COLUMN "state" "statement_import_state" DEFAULT 'imported' NOT NULL;--> statement-breakpoint
ALTER TABLE "bank_statement_imports" ADD COLUMN "lines_done" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "bank_statement_imports" ADD COLUMN "pending_lines" jsonb;--> statement-breakpoint
ALTER TABLE "bank_statement_imports" ADD COLUMN "error" text;--> statement-breakpoint
-- Statements imported before this were written in their request: every line they read is done.
UPDATE "bank_statement_imports" SET "lines_done" = "lines_read";
