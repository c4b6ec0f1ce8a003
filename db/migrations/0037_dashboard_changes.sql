CREATE TABLE "dashboard_changes" (
	"commissioner_id" uuid NOT NULL,
	"figures" text NOT NULL,
	"transaction_id" "xid8" DEFAULT pg_current_xact_id() NOT NULL,
	"changed_at" timestamp with time zone DEFAULT clock_timestamp() NOT NULL,
	CONSTRAINT "dashboard_changes_commissioner_id_transaction_id_figures_pk" PRIMARY KEY("commissioner_id","transaction_id","figures"),
	CONSTRAINT "dashboard_changes_figures" CHECK ("dashboard_changes"."figures" in ('people', 'money', 'reconciliation', 'attention'))
);
--> statement-breakpoint
ALTER TABLE "dashboard_changes" ADD CONSTRAINT "dashboard_changes_commissioner_id_commissioners_id_fk" FOREIGN KEY ("commissioner_id") REFERENCES "public"."commissioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "dashboard_changes_changed_at_idx" ON "dashboard_changes" USING btree ("changed_at");--> statement-breakpoint
-- A transaction that writes to a table the dashboard counts notes, once per commissioner whose rows it touched, which
-- part of the page it changed (the trigger's argument): a statement-level trigger, so a statement of thousands of rows
-- writes one row here, not thousands.
CREATE FUNCTION dashboard_changes_note() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO dashboard_changes (commissioner_id, figures)
  SELECT DISTINCT commissioner_id, TG_ARGV[0] FROM changed_rows
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;--> statement-breakpoint
DO $$
DECLARE
  watched text[] := ARRAY[
    -- What each part of the dashboard reads (app/reporting/dashboard.server.ts, loadDashboardPart). Ledger accounts
    -- are not watched: the dashboard reads only their kind, which never changes, and an account counts once it has
    -- month totals.
    'holders:people', 'plans:people', 'plan_versions:people', 'budgets:people',
    'ledger_month_totals:money',
    'arrangements:reconciliation', 'bank_accounts:reconciliation', 'bank_statement_months:reconciliation', 'period_reconciliations:reconciliation',
    'finance_flags:attention', 'finance_queries:attention'
  ];
  w text;
  t text;
  part text;
BEGIN
  ALTER TABLE dashboard_changes ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
  CREATE POLICY commissioner_rows ON dashboard_changes USING (commissioner_id = app_commissioner()) WITH CHECK (commissioner_id = app_commissioner());
  -- A transition table is given to a trigger of one event only, so each table has three.
  FOREACH w IN ARRAY watched LOOP
    t := split_part(w, ':', 1);
    part := split_part(w, ':', 2);
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION dashboard_changes_note(%L)', t || '_dashboard_insert', t, part);
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION dashboard_changes_note(%L)', t || '_dashboard_update', t, part);
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION dashboard_changes_note(%L)', t || '_dashboard_delete', t, part);
  END LOOP;
END $$;
