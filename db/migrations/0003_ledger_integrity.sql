-- Every journal entry balances: its postings (two or more) sum to zero. Checked at commit (deferred), so the
-- postings of one entry can be inserted one by one inside the transaction that posts them.
CREATE OR REPLACE FUNCTION check_entry_balances() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  target_entry bigint;
  total numeric;
  legs integer;
  mismatched integer;
BEGIN
  -- Each branch is planned only when it runs: NEW has entry_id on postings and id on journal_entries.
  IF TG_TABLE_NAME = 'postings' THEN
    target_entry := NEW.entry_id;
  ELSE
    target_entry := NEW.id;
  END IF;
  SELECT coalesce(sum(p.amount_pence), 0), count(*),
         count(*) FILTER (WHERE p.effective_date <> e.effective_date OR a.commissioner_id <> e.commissioner_id)
    INTO total, legs, mismatched
    FROM journal_entries e
    LEFT JOIN postings p ON p.entry_id = e.id
    LEFT JOIN ledger_accounts a ON a.id = p.account_id
   WHERE e.id = target_entry;
  IF legs < 2 THEN
    RAISE EXCEPTION 'journal entry % has % posting(s): an entry needs at least two', target_entry, legs
      USING ERRCODE = 'check_violation';
  END IF;
  IF total <> 0 THEN
    RAISE EXCEPTION 'journal entry % does not balance: its postings sum to % pence, not 0', target_entry, total
      USING ERRCODE = 'check_violation';
  END IF;
  IF mismatched > 0 THEN
    RAISE EXCEPTION 'journal entry % has postings on another date or another commissioner''s account', target_entry
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER journal_entries_balance AFTER INSERT ON journal_entries
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION check_entry_balances();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER postings_balance AFTER INSERT ON postings
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION check_entry_balances();
--> statement-breakpoint
-- Entries and postings are evidence: a mistake is corrected by a reversing entry, never by an edit.
CREATE TRIGGER journal_entries_append_only BEFORE UPDATE OR DELETE ON journal_entries
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
--> statement-breakpoint
CREATE TRIGGER journal_entries_no_truncate BEFORE TRUNCATE ON journal_entries
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
--> statement-breakpoint
CREATE TRIGGER postings_append_only BEFORE UPDATE OR DELETE ON postings
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
--> statement-breakpoint
CREATE TRIGGER postings_no_truncate BEFORE TRUNCATE ON postings
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
