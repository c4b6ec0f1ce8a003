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
-- A transaction that changes what a part of the dashboard counts notes it once per commissioner and part: the first
-- time, a row here; after that, found in a setting local to the transaction, so a batch of entries posting one row at
-- a time inserts one row, not one a posting (the ledger bench lost an eighth of its throughput to those).
CREATE FUNCTION dashboard_changed(p_commissioner uuid, p_part text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  noted text := coalesce(current_setting('phb.dashboard_noted', true), '');
  mark text := pg_current_xact_id()::text || ' ' || p_commissioner::text || ' ' || p_part || ';';
BEGIN
  IF position(mark IN noted) > 0 THEN
    RETURN;
  END IF;
  INSERT INTO dashboard_changes (commissioner_id, figures) VALUES (p_commissioner, p_part) ON CONFLICT DO NOTHING;
  PERFORM set_config('phb.dashboard_noted', noted || mark, true);
END $$;--> statement-breakpoint
-- For the tables below: a statement-level trigger, so a statement of thousands of rows notes once.
CREATE FUNCTION dashboard_changes_note() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM dashboard_changed(c.commissioner_id, TG_ARGV[0]) FROM (SELECT DISTINCT commissioner_id FROM changed_rows) c;
  RETURN NULL;
END $$;--> statement-breakpoint
-- The money: the month totals are kept by the postings trigger (migration 0034), which notes the change itself rather
-- than through a trigger on the totals, which would run twice for every posting.
CREATE OR REPLACE FUNCTION ledger_month_totals_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO ledger_month_totals AS t (commissioner_id, account_id, month, kind, pence)
  SELECT a.commissioner_id, n.account_id, date_trunc('month', n.effective_date)::date, coalesce(o.kind, e.kind), sum(n.amount_pence)
    FROM new_postings n
    JOIN ledger_accounts a ON a.id = n.account_id AND a.kind IN ('direct-payment', 'third-party', 'notional')
    JOIN journal_entries e ON e.id = n.entry_id
    LEFT JOIN journal_entries o ON o.id = e.reverses_entry_id
   GROUP BY 1, 2, 3, 4
  ON CONFLICT (account_id, month, kind) DO UPDATE SET pence = t.pence + excluded.pence;
  PERFORM dashboard_changed(c.commissioner_id, 'money')
     FROM (SELECT DISTINCT a.commissioner_id FROM new_postings n
             JOIN ledger_accounts a ON a.id = n.account_id AND a.kind IN ('direct-payment', 'third-party', 'notional')) c;
  RETURN NULL;
END $$;--> statement-breakpoint
DO $$
DECLARE
  watched text[] := ARRAY[
    -- What each part of the dashboard reads (app/reporting/dashboard.server.ts, loadDashboardPart). Ledger accounts
    -- are not watched: the dashboard reads only their kind, which never changes, and an account counts once it has
    -- month totals, which note their own changes (above).
    'holders:people', 'plans:people', 'plan_versions:people', 'budgets:people',
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
