CREATE TABLE "pooled_bank_accounts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"commissioner_id" uuid NOT NULL,
	"account_name" text NOT NULL,
	"sort_code" text NOT NULL,
	"account_number" text NOT NULL,
	"support_organisation_id" uuid,
	"recorded_by" uuid NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone,
	CONSTRAINT "pooled_bank_accounts_sort_code_digits" CHECK ("pooled_bank_accounts"."sort_code" ~ '^[0-9]{6}$'),
	CONSTRAINT "pooled_bank_accounts_account_number_digits" CHECK ("pooled_bank_accounts"."account_number" ~ '^[0-9]{8}$')
);
--> statement-breakpoint
CREATE TABLE "pooled_statement_imports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"commissioner_id" uuid NOT NULL,
	"pooled_account_id" uuid NOT NULL,
	"file_name" text NOT NULL,
	"format" text NOT NULL,
	"layout_key" text,
	"routed_by" text NOT NULL,
	"first_date" date NOT NULL,
	"last_date" date NOT NULL,
	"lines_read" integer NOT NULL,
	"lines_added" integer NOT NULL,
	"holders" integer NOT NULL,
	"pool_closing_pence" bigint,
	"imported_by" uuid NOT NULL,
	"imported_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "bank_statement_uploads" ALTER COLUMN "bank_account_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "bank_accounts" ADD COLUMN "pooled_account_id" uuid;--> statement-breakpoint
ALTER TABLE "bank_accounts" ADD COLUMN "pool_reference" text;--> statement-breakpoint
ALTER TABLE "bank_statement_imports" ADD COLUMN "pooled_import_id" uuid;--> statement-breakpoint
ALTER TABLE "bank_statement_uploads" ADD COLUMN "pooled_account_id" uuid;--> statement-breakpoint
ALTER TABLE "pooled_bank_accounts" ADD CONSTRAINT "pooled_bank_accounts_commissioner_id_commissioners_id_fk" FOREIGN KEY ("commissioner_id") REFERENCES "public"."commissioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pooled_bank_accounts" ADD CONSTRAINT "pooled_bank_accounts_support_organisation_id_support_organisations_id_fk" FOREIGN KEY ("support_organisation_id") REFERENCES "public"."support_organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pooled_bank_accounts" ADD CONSTRAINT "pooled_bank_accounts_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pooled_statement_imports" ADD CONSTRAINT "pooled_statement_imports_commissioner_id_commissioners_id_fk" FOREIGN KEY ("commissioner_id") REFERENCES "public"."commissioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pooled_statement_imports" ADD CONSTRAINT "pooled_statement_imports_pooled_account_id_pooled_bank_accounts_id_fk" FOREIGN KEY ("pooled_account_id") REFERENCES "public"."pooled_bank_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pooled_statement_imports" ADD CONSTRAINT "pooled_statement_imports_imported_by_users_id_fk" FOREIGN KEY ("imported_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "pooled_bank_accounts_open_key" ON "pooled_bank_accounts" USING btree ("commissioner_id","sort_code","account_number") WHERE "pooled_bank_accounts"."closed_at" is null;--> statement-breakpoint
CREATE INDEX "pooled_statement_imports_pool_idx" ON "pooled_statement_imports" USING btree ("pooled_account_id","imported_at");--> statement-breakpoint
ALTER TABLE "bank_accounts" ADD CONSTRAINT "bank_accounts_pooled_account_id_pooled_bank_accounts_id_fk" FOREIGN KEY ("pooled_account_id") REFERENCES "public"."pooled_bank_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bank_statement_imports" ADD CONSTRAINT "bank_statement_imports_pooled_import_id_pooled_statement_imports_id_fk" FOREIGN KEY ("pooled_import_id") REFERENCES "public"."pooled_statement_imports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bank_statement_uploads" ADD CONSTRAINT "bank_statement_uploads_pooled_account_id_pooled_bank_accounts_id_fk" FOREIGN KEY ("pooled_account_id") REFERENCES "public"."pooled_bank_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "bank_accounts_pool_reference_key" ON "bank_accounts" USING btree ("pooled_account_id",regexp_replace(upper("pool_reference"), '[^A-Z0-9]', '', 'g')) WHERE "bank_accounts"."replaced_at" is null and "bank_accounts"."pooled_account_id" is not null;--> statement-breakpoint
ALTER TABLE "bank_accounts" ADD CONSTRAINT "bank_accounts_pool_reference_with_pool" CHECK (("bank_accounts"."pooled_account_id" is null) = ("bank_accounts"."pool_reference" is null));--> statement-breakpoint
ALTER TABLE "bank_statement_uploads" ADD CONSTRAINT "bank_statement_uploads_one_account" CHECK (("bank_statement_uploads"."bank_account_id" is null) <> ("bank_statement_uploads"."pooled_account_id" is null));--> statement-breakpoint
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['pooled_bank_accounts', 'pooled_statement_imports'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY commissioner_rows ON %I USING (commissioner_id = app_commissioner()) WITH CHECK (commissioner_id = app_commissioner())', t);
  END LOOP;
END $$;
