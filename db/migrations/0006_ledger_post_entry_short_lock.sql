-- ledger_post_entry, second version (the first is in 0005): the same answers, less work, shorter locks.
--  * The entry, its postings and the audit row are written before the account rows are locked, so a hot account
--    is held only for the balance check, the balance update and the commit. A refusal for want of money now
--    raises SQLSTATE PHB01 ("not enough money in account <id>: <pence> pence available"), which rolls the rows
--    back; postEntry turns it into its usual answer (inside a caller's transaction it runs under a savepoint).
--  * The accounts are locked FOR NO KEY UPDATE (still in id order): it excludes other postings on the account
--    (and is the lock the balance UPDATE takes anyway) but not the foreign-key checks of postings being written.
--  * One statement per account instead of statements over arrays: PL/pgSQL re-planned the array statements on
--    every call (their generic plans look dearer), which was a quarter of the server time per entry.
CREATE OR REPLACE FUNCTION ledger_post_entry(
  p_idempotency_key text,
  p_kind journal_entry_kind,
  p_effective_date date,
  p_description text,
  p_content_hash text,
  p_actor_user_id uuid,
  p_on_behalf_of_holder_id uuid,
  p_source_type text,
  p_source_id text,
  p_reverses_entry_id bigint,
  p_reason text,
  p_account_ids bigint[],
  p_amounts bigint[],
  p_audit_on_behalf_of_holder_id uuid,
  p_audit_action text,
  p_audit_after jsonb,
  p_request_id text
) RETURNS jsonb LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  n integer := coalesce(cardinality(p_account_ids), 0);
  sorted bigint[];
  commissioner uuid;
  unknown boolean := false;
  mixed boolean := false;
  acc record;
  may_overdraw boolean[];
  balance bigint[];
  latest date[];
  i integer;
  j integer;
  k bigint;
  available bigint;
  entry journal_entries;
BEGIN
  IF n < 2 OR n <> coalesce(cardinality(p_amounts), 0) THEN
    RAISE EXCEPTION 'ledger_post_entry needs two or more account ids and as many amounts' USING ERRCODE = 'invalid_parameter_value';
  END IF;
  -- The ids in ascending order, for the locks (insertion sort: an entry has a handful of lines).
  sorted := p_account_ids;
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
      RAISE EXCEPTION 'ledger_post_entry: each account can appear on only one line of an entry' USING ERRCODE = 'invalid_parameter_value';
    END IF;
  END LOOP;

  -- Which commissioner: every account must exist and belong to the same one. (Statements with one value each
  -- keep one plan per connection; an array in a statement would have it planned again on every call.)
  FOR i IN 1 .. n LOOP
    SELECT a.commissioner_id INTO acc FROM ledger_accounts a WHERE a.id = sorted[i];
    IF NOT FOUND THEN
      unknown := true;
    ELSIF commissioner IS NULL THEN
      commissioner := acc.commissioner_id;
    ELSIF commissioner <> acc.commissioner_id THEN
      mixed := true;
    END IF;
  END LOOP;
  IF unknown THEN
    RETURN jsonb_build_object('outcome', 'unknown-account');
  END IF;
  IF mixed THEN
    RETURN jsonb_build_object('outcome', 'mixed-commissioners');
  END IF;

  -- A key seen before: the caller compares the content hash (replay or conflict).
  SELECT * INTO entry FROM journal_entries e
   WHERE e.commissioner_id = commissioner AND e.idempotency_key = p_idempotency_key;
  IF FOUND THEN
    RETURN jsonb_build_object('outcome', 'existing', 'entry', to_jsonb(entry));
  END IF;

  -- Write the entry, its postings and the audit row before taking the account locks, so that the locks are held
  -- only for the balance check, the balance update and the commit. A refusal below raises, which rolls all of it
  -- back. No conflict target: a key taken since the look-up (a concurrent replay waits here for the first to
  -- commit or roll back) and a second reversal of one entry both end here without an error.
  INSERT INTO journal_entries AS e (
    commissioner_id, kind, effective_date, description, idempotency_key, content_hash, actor_user_id,
    on_behalf_of_holder_id, source_type, source_id, reverses_entry_id, reason
  ) VALUES (
    commissioner, p_kind, p_effective_date, p_description, p_idempotency_key, p_content_hash, p_actor_user_id,
    p_on_behalf_of_holder_id, p_source_type, p_source_id, p_reverses_entry_id, p_reason
  )
  ON CONFLICT DO NOTHING
  RETURNING * INTO entry;
  IF NOT FOUND THEN
    SELECT * INTO entry FROM journal_entries e
     WHERE e.commissioner_id = commissioner AND e.idempotency_key = p_idempotency_key;
    IF FOUND THEN
      RETURN jsonb_build_object('outcome', 'existing', 'entry', to_jsonb(entry));
    END IF;
    RETURN jsonb_build_object('outcome', 'already-reversed');
  END IF;
  FOR i IN 1 .. n LOOP
    INSERT INTO postings (entry_id, account_id, amount_pence, effective_date)
    VALUES (entry.id, p_account_ids[i], p_amounts[i], p_effective_date);
  END LOOP;
  INSERT INTO audit_log (commissioner_id, actor_user_id, on_behalf_of_holder_id, action, entity_type, entity_id, after, request_id)
  VALUES (commissioner, p_actor_user_id, p_audit_on_behalf_of_holder_id, p_audit_action, 'journal-entry', entry.id::text,
          p_audit_after, p_request_id);

  -- Serialise postings on the same accounts: lock them in id order, so that two entries on overlapping accounts
  -- queue up instead of deadlocking. NO KEY UPDATE is the lock an UPDATE of the balance takes: it excludes other
  -- postings on the account but not the foreign-key checks of postings being written to it.
  may_overdraw := array_fill(NULL::boolean, ARRAY[n]);
  balance := array_fill(NULL::bigint, ARRAY[n]);
  latest := array_fill(NULL::date, ARRAY[n]);
  FOR i IN 1 .. n LOOP
    SELECT a.may_overdraw, a.balance_pence, a.latest_effective_date INTO acc
      FROM ledger_accounts a WHERE a.id = sorted[i] FOR NO KEY UPDATE;
    may_overdraw[i] := acc.may_overdraw;
    balance[i] := acc.balance_pence;
    latest[i] := acc.latest_effective_date;
  END LOOP;

  -- No-overdraw accounts, in the order the lines were given: the balance at the effective date and every later
  -- running balance (effective date, then entry, then posting) must stay at or above zero without this entry.
  FOR i IN 1 .. n LOOP
    IF p_amounts[i] < 0 THEN
      j := array_position(sorted, p_account_ids[i]);
      IF NOT may_overdraw[j] THEN
        IF latest[j] IS NULL OR p_effective_date >= latest[j] THEN
          available := balance[j];
        ELSE
          WITH running AS (
            SELECT p.effective_date,
                   sum(p.amount_pence) OVER (ORDER BY p.effective_date, p.entry_id, p.id ROWS UNBOUNDED PRECEDING) AS balance
              FROM postings p
             WHERE p.account_id = p_account_ids[i] AND p.entry_id <> entry.id
          )
          SELECT least(
                   coalesce((SELECT sum(p.amount_pence) FROM postings p
                              WHERE p.account_id = p_account_ids[i] AND p.entry_id <> entry.id
                                AND p.effective_date <= p_effective_date), 0),
                   coalesce((SELECT min(r.balance) FROM running r WHERE r.effective_date > p_effective_date),
                            9223372036854775807)
                 )::bigint
            INTO available;
        END IF;
        IF available + p_amounts[i] < 0 THEN
          -- postEntry turns this into its "not enough money" answer; raising undoes the rows written above.
          RAISE EXCEPTION 'not enough money in account %: % pence available', p_account_ids[i], available
            USING ERRCODE = 'PHB01';
        END IF;
      END IF;
    END IF;
  END LOOP;

  FOR i IN 1 .. n LOOP
    UPDATE ledger_accounts a
       SET balance_pence = a.balance_pence + p_amounts[i],
           latest_effective_date = greatest(a.latest_effective_date, p_effective_date)
     WHERE a.id = p_account_ids[i];
  END LOOP;

  RETURN jsonb_build_object('outcome', 'posted', 'entry', to_jsonb(entry));
END;
$$;
