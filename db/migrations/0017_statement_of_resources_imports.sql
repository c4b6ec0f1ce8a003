CREATE TABLE "statement_of_resources_imports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"commissioner_id" uuid NOT NULL,
	"content_sha256" text NOT NULL,
	"line_count" integer NOT NULL,
	"imported_by" uuid,
	"imported_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "statement_of_resources_imports" ADD CONSTRAINT "statement_of_resources_imports_commissioner_id_commissioners_id_fk" FOREIGN KEY ("commissioner_id") REFERENCES "public"."commissioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statement_of_resources_imports" ADD CONSTRAINT "statement_of_resources_imports_imported_by_users_id_fk" FOREIGN KEY ("imported_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "statement_of_resources_imports_one_per_file" ON "statement_of_resources_imports" USING btree ("commissioner_id","content_sha256");--> statement-breakpoint
ALTER TABLE "statement_of_resources_imports" ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY commissioner_rows ON "statement_of_resources_imports" USING (commissioner_id = app_commissioner()) WITH CHECK (commissioner_id = app_commissioner());
