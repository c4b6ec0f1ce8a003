-- One posting path. ledger_post_entry (0005, 0006) and ledger_post_entry_in_batch (0008) were the same hundred lines
-- in two orders; a rule added to one could be missed in the other. Now a single entry is a batch of one (as
-- pgledger does): ledger_post_entries locks every account of the batch in id order, then ledger_post_one checks,
-- writes and audits each entry as if alone. The shared steps are helpers. New in the one place they live:
--  * an entry dated on or before the last day finance has closed (spending_settings.closed_through) is refused
--    with {"outcome": "period-closed", "closed_through": <date>}; the row is read FOR KEY SHARE, so closing a period
--    waits for postings in flight and every later posting sees it closed. A replay of an entry posted before the
--    close still answers "existing";
--  * the support line an entry counts against (journal_entries.support_line_key) is written with the entry.
-- Every refusal is an answer, not an error, so one entry's refusal does not undo the others of its batch; any error
-- undoes the batch (postEntry then posts its entries one by one).
DROP FUNCTION IF EXISTS ledger_post_entry(text, journal_entry_kind, date, text, text, uuid, uuid, text, text, bigint, text, bigint[], bigint[], uuid, text, jsonb, text);
--> statement-breakpoint
DROP FUNCTION IF EXISTS ledger_post_entry_in_batch(text, journal_entry_kind, date, text, text, uuid, uuid, text, text, bigint, text, bigint[], bigint[], uuid, text, jsonb, text);
--> statement-breakpoint
-- The account ids in ascending order, for the locks (insertion sort: an entry has a handful of lines); an account
-- named on two lines is an error, so that a direct call cannot leave a cached balance wrong.
CREATE OR REPLACE FUNCTION ledger_sorted_account_ids(p_ids bigint[]) RETURNS bigint[] LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
  sorted bigint[] := p_ids;
  n integer := coalesce(cardinality(p_ids), 0);
  i integer;
  j integer;
  k bigint;
BEGIN
  FOR i IN 2 .. n LOOP
    k := sorted[i];
    j := i - 1;
    WHILE j >= 1 AND sorted[j] > k LOOP
      sorted[j + 1] := sorted[j];
      j := j - 1;
    END LOOP;
    sorted[j + 1] := k;
  END LOOP;
  FOR i IN 2 .. n LOOP
    IF sorted[i] = sorted[i - 1] THEN
      RAISE EXCEPTION 'ledger: each account can appear on only one line of an entry' USING ERRCODE = 'invalid_parameter_value';
    END IF;
  END LOOP;
  RETURN sorted;
END;
$$;
--> statement-breakpoint
-- What a no-overdraw account can give up at a date: its balance after every posting up to and including the date,
-- and every later running balance (effective date, then entry, then posting), whichever is least. An entry dated on
-- or after the account's latest posting needs only the cached balance.
CREATE OR REPLACE FUNCTION ledger_available(p_account_id bigint, p_date date, p_balance bigint, p_latest date)
RETURNS bigint LANGUAGE plpgsql STABLE AS $$
DECLARE
  available bigint;
BEGIN
  IF p_latest IS NULL OR p_date >= p_latest THEN
    RETURN p_balance;
  END IF;
  WITH running AS (
    SELECT p.effective_date,
           sum(p.amount_pence) OVER (ORDER BY p.effective_date, p.entry_id, p.id ROWS UNBOUNDED PRECEDING) AS balance
      FROM postings p
     WHERE p.account_id = p_account_id
  )
  SELECT least(
           coalesce((SELECT sum(p.amount_pence) FROM postings p WHERE p.account_id = p_account_id AND p.effective_date <= p_date), 0),
           coalesce((SELECT min(r.balance) FROM running r WHERE r.effective_date > p_date), 9223372036854775807)
         )::bigint
    INTO available;
  RETURN available;
END;
$$;
--> statement-breakpoint
-- One entry: e has the parameters by name (idempotency_key, kind, effective_date, description, content_hash,
-- actor_user_id, on_behalf_of_holder_id, source_type, source_id, reverses_entry_id, reason, support_line_key,
-- account_ids and amounts as array literals, audit_on_behalf_of_holder_id, audit_action, audit_after, request_id).
-- Answers {"outcome": "posted" | "existing", "entry": <the journal_entries row>}, {"outcome": "not-enough-money",
-- "available": <pence>, "account_id": <id>}, {"outcome": "period-closed", "closed_through": <date>} or
-- {"outcome": "unknown-account" | "mixed-commissioners" | "already-reversed"}. Its accounts are locked already
-- (ledger_post_entries); locking them again here costs no wait.
CREATE OR REPLACE FUNCTION ledger_post_one(e jsonb) RETURNS jsonb LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  account_ids bigint[] := (e->>'account_ids')::bigint[];
  amounts bigint[] := (e->>'amounts')::bigint[];
  effective date := (e->>'effective_date')::date;
  n integer := coalesce(cardinality(account_ids), 0);
  sorted bigint[];
  commissioner uuid;
  unknown boolean := false;
  mixed boolean := false;
  acc record;
  may_overdraw boolean[];
  balance bigint[];
  latest date[];
  closed date;
  i integer;
  j integer;
  available bigint;
  entry journal_entries;
BEGIN
  IF n < 2 OR n <> coalesce(cardinality(amounts), 0) THEN
    RAISE EXCEPTION 'ledger: an entry needs two or more account ids and as many amounts' USING ERRCODE = 'invalid_parameter_value';
  END IF;
  sorted := ledger_sorted_account_ids(account_ids);

  -- The accounts, in id order, as the earlier entries of the batch left them; all of one commissioner. (Statements
  -- with one value each keep one plan per connection; an array in a statement would be planned on every call.)
  may_overdraw := array_fill(NULL::boolean, ARRAY[n]);
  balance := array_fill(NULL::bigint, ARRAY[n]);
  latest := array_fill(NULL::date, ARRAY[n]);
  FOR i IN 1 .. n LOOP
    SELECT a.commissioner_id, a.may_overdraw, a.balance_pence, a.latest_effective_date INTO acc
      FROM ledger_accounts a WHERE a.id = sorted[i] FOR NO KEY UPDATE;
    IF NOT FOUND THEN
      unknown := true;
    ELSE
      may_overdraw[i] := acc.may_overdraw;
      balance[i] := acc.balance_pence;
      latest[i] := acc.latest_effective_date;
      IF commissioner IS NULL THEN
        commissioner := acc.commissioner_id;
      ELSIF commissioner <> acc.commissioner_id THEN
        mixed := true;
      END IF;
    END IF;
  END LOOP;
  IF unknown THEN
    RETURN jsonb_build_object('outcome', 'unknown-account');
  END IF;
  IF mixed THEN
    RETURN jsonb_build_object('outcome', 'mixed-commissioners');
  END IF;

  -- A key seen before: the caller compares the content hash (replay or conflict).
  SELECT * INTO entry FROM journal_entries je
   WHERE je.commissioner_id = commissioner AND je.idempotency_key = e->>'idempotency_key';
  IF FOUND THEN
    RETURN jsonb_build_object('outcome', 'existing', 'entry', to_jsonb(entry));
  END IF;

  -- Nothing is dated in a period finance has closed: the figures it reconciled stay as they were.
  SELECT s.closed_through INTO closed FROM spending_settings s WHERE s.commissioner_id = commissioner FOR KEY SHARE;
  IF closed IS NOT NULL AND effective <= closed THEN
    RETURN jsonb_build_object('outcome', 'period-closed', 'closed_through', closed);
  END IF;

  -- No-overdraw accounts, in the order the lines were given.
  FOR i IN 1 .. n LOOP
    IF amounts[i] < 0 THEN
      j := array_position(sorted, account_ids[i]);
      IF NOT may_overdraw[j] THEN
        available := ledger_available(account_ids[i], effective, balance[j], latest[j]);
        IF available + amounts[i] < 0 THEN
          RETURN jsonb_build_object('outcome', 'not-enough-money', 'available', available, 'account_id', account_ids[i]);
        END IF;
      END IF;
    END IF;
  END LOOP;

  -- No conflict target: a key taken since the look-up (a concurrent replay waits here for the first to commit or
  -- roll back) and a second reversal of one entry both end here without an error.
  INSERT INTO journal_entries AS je (
    commissioner_id, kind, effective_date, description, idempotency_key, content_hash, actor_user_id,
    on_behalf_of_holder_id, source_type, source_id, reverses_entry_id, reason, support_line_key
  ) VALUES (
    commissioner, (e->>'kind')::journal_entry_kind, effective, e->>'description', e->>'idempotency_key', e->>'content_hash',
    (e->>'actor_user_id')::uuid, (e->>'on_behalf_of_holder_id')::uuid, e->>'source_type', e->>'source_id',
    (e->>'reverses_entry_id')::bigint, e->>'reason', (e->>'support_line_key')::uuid
  )
  ON CONFLICT DO NOTHING
  RETURNING * INTO entry;
  IF NOT FOUND THEN
    SELECT * INTO entry FROM journal_entries je
     WHERE je.commissioner_id = commissioner AND je.idempotency_key = e->>'idempotency_key';
    IF FOUND THEN
      RETURN jsonb_build_object('outcome', 'existing', 'entry', to_jsonb(entry));
    END IF;
    RETURN jsonb_build_object('outcome', 'already-reversed');
  END IF;
  FOR i IN 1 .. n LOOP
    INSERT INTO postings (entry_id, account_id, amount_pence, effective_date)
    VALUES (entry.id, account_ids[i], amounts[i], effective);
  END LOOP;
  FOR i IN 1 .. n LOOP
    UPDATE ledger_accounts a
       SET balance_pence = a.balance_pence + amounts[i],
           latest_effective_date = greatest(a.latest_effective_date, effective)
     WHERE a.id = account_ids[i];
  END LOOP;
  INSERT INTO audit_log (commissioner_id, actor_user_id, on_behalf_of_holder_id, action, entity_type, entity_id, after, request_id)
  VALUES (commissioner, (e->>'actor_user_id')::uuid, (e->>'audit_on_behalf_of_holder_id')::uuid, e->>'audit_action',
          'journal-entry', entry.id::text, e->'audit_after', e->>'request_id');

  RETURN jsonb_build_object('outcome', 'posted', 'entry', to_jsonb(entry));
END;
$$;
--> statement-breakpoint
-- Several entries in one transaction, or one: every account of the batch is locked first and in id order, so a
-- batch queues behind other postings on its accounts and never deadlocks with them; then each entry in turn. The
-- answer is the array of each entry's answer, in the same order.
CREATE OR REPLACE FUNCTION ledger_post_entries(p_entries jsonb) RETURNS jsonb LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  ids bigint[];
  account_id bigint;
  e jsonb;
  answers jsonb := '[]'::jsonb;
BEGIN
  SELECT array_agg(DISTINCT x.id ORDER BY x.id) INTO ids
    FROM jsonb_array_elements(p_entries) AS item, unnest((item->>'account_ids')::bigint[]) AS x(id);
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
-- Every commissioner has its settings row, so that the key-share lock above always has a row to hold: a period
-- closed for the first time cannot race a posting that saw no row.
INSERT INTO spending_settings (commissioner_id) SELECT c.id FROM commissioners c ON CONFLICT DO NOTHING;
