-- The plan form is a task list: each section of a draft is saved, and marked completed, on its own page.
ALTER TABLE "plan_versions" ADD COLUMN "completed_sections" text[] DEFAULT '{}'::text[] NOT NULL;
