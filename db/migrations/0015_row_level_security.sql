-- The database's own walls. On PostgreSQL the portal connects as a login role that owns nothing (db/roles.server.ts
-- grants it what it needs); these policies make each tenant table show that role only the rows of the commissioner
-- the request set for its transaction (`SET LOCAL app.commissioner_id`, db/tenant.server.ts). A transaction that set
-- nothing sees no rows. FORCE applies the policies to the tables' owner too, so only a role with BYPASSRLS (the
-- owner that runs migrations and the daily jobs, or a superuser) reads across commissioners. PGlite has one
-- superuser, which row-level security does not restrict: these walls stand on the server only.
--
-- Not tenant tables, and why: users, sessions and sign_in_attempts are read to find out who is asking, before any
-- commissioner is known; representative_invitations is found by its secret token before anyone is signed in.
-- Deferred checks of a data migration run in the same transaction fire now: a table with pending trigger events
-- cannot be altered.
SET CONSTRAINTS ALL IMMEDIATE;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION app_commissioner() RETURNS uuid LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT nullif(current_setting('app.commissioner_id', true), '')::uuid
$$;
--> statement-breakpoint
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY[
    'arrangements', 'audit_log', 'budget_setting_rules', 'budgets', 'direct_payment_decisions', 'funding_frequencies',
    'holders', 'holding_change_requests', 'indicative_budgets', 'instalment_runs', 'instalments', 'journal_entries',
    'ledger_accounts', 'line_commitments', 'overspend_rules', 'payees', 'plan_versions', 'plans', 'representatives',
    'restricted_spending_categories', 'spend_receipts', 'spending_settings', 'spends', 'statement_of_resources_lines',
    'support_organisations'
  ] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY commissioner_rows ON %I USING (commissioner_id = app_commissioner()) WITH CHECK (commissioner_id = app_commissioner())', t);
  END LOOP;
END;
$$;
--> statement-breakpoint
ALTER TABLE commissioners ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY commissioner_rows ON commissioners USING (id = app_commissioner()) WITH CHECK (id = app_commissioner());
--> statement-breakpoint
-- Rows that belong to a commissioner through their parent: visible when the parent is (its own policy applies).
ALTER TABLE plan_outcomes ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY commissioner_rows ON plan_outcomes
  USING (EXISTS (SELECT 1 FROM plan_versions v WHERE v.id = plan_version_id))
  WITH CHECK (EXISTS (SELECT 1 FROM plan_versions v WHERE v.id = plan_version_id));
--> statement-breakpoint
ALTER TABLE plan_support_lines ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY commissioner_rows ON plan_support_lines
  USING (EXISTS (SELECT 1 FROM plan_versions v WHERE v.id = plan_version_id))
  WITH CHECK (EXISTS (SELECT 1 FROM plan_versions v WHERE v.id = plan_version_id));
--> statement-breakpoint
ALTER TABLE postings ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY commissioner_rows ON postings
  USING (EXISTS (SELECT 1 FROM ledger_accounts a WHERE a.id = account_id))
  WITH CHECK (EXISTS (SELECT 1 FROM ledger_accounts a WHERE a.id = account_id));
--> statement-breakpoint
ALTER TABLE support_assignments ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY commissioner_rows ON support_assignments
  USING (EXISTS (SELECT 1 FROM holders h WHERE h.id = holder_id))
  WITH CHECK (EXISTS (SELECT 1 FROM holders h WHERE h.id = holder_id));
--> statement-breakpoint
ALTER TABLE staff_roles ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY commissioner_rows ON staff_roles
  USING (EXISTS (SELECT 1 FROM users u WHERE u.id = user_id AND u.commissioner_id = app_commissioner()))
  WITH CHECK (EXISTS (SELECT 1 FROM users u WHERE u.id = user_id AND u.commissioner_id = app_commissioner()));
--> statement-breakpoint
-- Receipt files are stored once per content, whoever sent them: a request sees a file its commissioner's spends
-- attach; one checked but not yet attached is stored and read back only through these functions, by its hash,
-- which only someone holding the file knows.
ALTER TABLE receipt_files ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY attached_receipts ON receipt_files FOR SELECT USING (EXISTS (SELECT 1 FROM spend_receipts r WHERE r.sha256 = receipt_files.sha256));
--> statement-breakpoint
CREATE OR REPLACE FUNCTION receipt_files_by_hash(p_hashes text[]) RETURNS TABLE (sha256 text, content bytea)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT f.sha256, f.content FROM receipt_files f WHERE f.sha256 = ANY (p_hashes)
$$;
--> statement-breakpoint
-- Storing the same file again renews its time, so a file checked again today is not removed as yesterday's.
CREATE OR REPLACE FUNCTION receipt_file_store(p_sha256 text, p_content bytea) RETURNS void
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  INSERT INTO receipt_files (sha256, content, size_bytes) VALUES (p_sha256, p_content, octet_length(p_content))
  ON CONFLICT (sha256) DO UPDATE SET created_at = now()
$$;
--> statement-breakpoint
-- The posting function runs as its owner, so that the portal's role can change balances only through it. It must
-- then keep to the caller's commissioner itself: to a role that row-level security restricts, an account of another
-- commissioner, or any account when no commissioner is set, is an unknown account.
CREATE OR REPLACE FUNCTION ledger_post_entries(p_entries jsonb) RETURNS jsonb
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  ids bigint[];
  account_id bigint;
  e jsonb;
  answers jsonb := '[]'::jsonb;
  restricted boolean;
BEGIN
  SELECT array_agg(DISTINCT x.id ORDER BY x.id) INTO ids
    FROM jsonb_array_elements(p_entries) AS item, unnest((item->>'account_ids')::bigint[]) AS x(id);
  SELECT NOT (r.rolsuper OR r.rolbypassrls) INTO restricted FROM pg_roles r WHERE r.rolname = session_user;
  IF restricted AND EXISTS (
    SELECT 1 FROM unnest(coalesce(ids, '{}')) AS x(id) LEFT JOIN ledger_accounts a ON a.id = x.id
     WHERE a.commissioner_id IS DISTINCT FROM app_commissioner()
  ) THEN
    SELECT jsonb_agg(jsonb_build_object('outcome', 'unknown-account')) INTO answers FROM jsonb_array_elements(p_entries);
    RETURN coalesce(answers, '[]'::jsonb);
  END IF;
  FOREACH account_id IN ARRAY coalesce(ids, '{}') LOOP
    PERFORM 1 FROM ledger_accounts a WHERE a.id = account_id FOR NO KEY UPDATE;
  END LOOP;
  FOR e IN SELECT item FROM jsonb_array_elements(p_entries) AS item LOOP
    answers := answers || jsonb_build_array(ledger_post_one(e));
  END LOOP;
  RETURN answers;
END;
$$;
--> statement-breakpoint
-- Only the entry point above is the portal's to call; the steps inside it are not.
REVOKE EXECUTE ON FUNCTION ledger_post_one(jsonb) FROM PUBLIC;
--> statement-breakpoint
REVOKE EXECUTE ON FUNCTION ledger_available(bigint, date, bigint, date) FROM PUBLIC;
