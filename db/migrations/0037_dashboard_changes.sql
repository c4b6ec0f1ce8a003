CREATE TABLE "dashboard_changes" (
	"commissioner_id" uuid NOT NULL,
	"transaction_id" "xid8" DEFAULT pg_current_xact_id() NOT NULL,
	"changed_at" timestamp with time zone DEFAULT clock_timestamp() NOT NULL,
	CONSTRAINT "dashboard_changes_commissioner_id_transaction_id_pk" PRIMARY KEY("commissioner_id","transaction_id")
);
--> statement-breakpoint
ALTER TABLE "dashboard_changes" ADD CONSTRAINT "dashboard_changes_commissioner_id_commissioners_id_fk" FOREIGN KEY ("commissioner_id") REFERENCES "public"."commissioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "dashboard_changes_changed_at_idx" ON "dashboard_changes" USING btree ("changed_at");--> statement-breakpoint
-- A transaction that writes to a table the dashboard counts notes, once per commissioner whose rows it touched, that
-- it did: a statement-level trigger, so a statement of thousands of rows writes one row here, not thousands.
CREATE FUNCTION dashboard_changes_note() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO dashboard_changes (commissioner_id) SELECT DISTINCT commissioner_id FROM changed_rows ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;--> statement-breakpoint
DO $$
DECLARE
  t text;
BEGIN
  ALTER TABLE dashboard_changes ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
  CREATE POLICY commissioner_rows ON dashboard_changes USING (commissioner_id = app_commissioner()) WITH CHECK (commissioner_id = app_commissioner());
  -- What the dashboard reads (app/reporting/dashboard-queries.server.ts and dashboard.server.ts). A transition table
  -- is given to a trigger of one event only, so each table has three.
  FOREACH t IN ARRAY ARRAY[
    'holders', 'plans', 'plan_versions', 'budgets', 'arrangements', 'ledger_accounts', 'ledger_month_totals',
    'bank_accounts', 'bank_statement_months', 'period_reconciliations', 'finance_flags', 'finance_queries'
  ] LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION dashboard_changes_note()', t || '_dashboard_insert', t);
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION dashboard_changes_note()', t || '_dashboard_update', t);
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION dashboard_changes_note()', t || '_dashboard_delete', t);
  END LOOP;
END $$;
