-- postEntry in one round trip: lock the accounts in id order, look up the idempotency key, check no-overdraw
-- accounts (including every later balance for a backdated posting), insert the entry, its postings, the cached
-- balances and the audit row, all in the caller's transaction. The deferred balance trigger still checks every
-- entry at commit. Validation of the lines (two or more, whole non-zero pence, summing to zero, one line per
-- account) stays in app/ledger/entries.ts; this function refuses duplicate accounts and mismatched arrays itself
-- so that a direct call cannot leave a cached balance wrong.
--
-- Returns one jsonb value: {"outcome": "posted" | "existing", "entry": <the journal_entries row>} or
-- {"outcome": "not-enough-money", "available": <pence>, "account_id": <id>} or
-- {"outcome": "unknown-account" | "mixed-commissioners" | "already-reversed"}.
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
  locked_ids bigint[] := '{}';
  locked_may_overdraw boolean[] := '{}';
  locked_balance bigint[] := '{}';
  locked_latest date[] := '{}';
  commissioner uuid;
  mixed boolean := false;
  acc record;
  i integer;
  j integer;
  available bigint;
  entry journal_entries;
BEGIN
  IF n < 2 OR n <> coalesce(cardinality(p_amounts), 0) THEN
    RAISE EXCEPTION 'ledger_post_entry needs two or more account ids and as many amounts' USING ERRCODE = 'invalid_parameter_value';
  END IF;

  -- Serialise postings on the same accounts: lock them in id order (the sort runs below the lock), so two
  -- entries on overlapping accounts queue up instead of deadlocking.
  FOR acc IN
    SELECT a.id, a.commissioner_id, a.may_overdraw, a.balance_pence, a.latest_effective_date
      FROM ledger_accounts a
     WHERE a.id = ANY (p_account_ids)
     ORDER BY a.id
       FOR UPDATE
  LOOP
    locked_ids := locked_ids || acc.id;
    locked_may_overdraw := locked_may_overdraw || acc.may_overdraw;
    locked_balance := locked_balance || acc.balance_pence;
    locked_latest := locked_latest || acc.latest_effective_date;
    IF commissioner IS NULL THEN
      commissioner := acc.commissioner_id;
    ELSIF commissioner <> acc.commissioner_id THEN
      mixed := true;
    END IF;
  END LOOP;
  IF cardinality(locked_ids) <> n THEN
    IF (SELECT count(DISTINCT x) FROM unnest(p_account_ids) AS x) <> n THEN
      RAISE EXCEPTION 'ledger_post_entry: each account can appear on only one line of an entry' USING ERRCODE = 'invalid_parameter_value';
    END IF;
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

  -- No-overdraw accounts, in the order the lines were given: the balance at the effective date and every later
  -- running balance (effective date, then entry, then posting) must stay at or above zero.
  FOR i IN 1 .. n LOOP
    IF p_amounts[i] < 0 THEN
      j := array_position(locked_ids, p_account_ids[i]);
      IF NOT locked_may_overdraw[j] THEN
        IF locked_latest[j] IS NULL OR p_effective_date >= locked_latest[j] THEN
          available := locked_balance[j];
        ELSE
          WITH running AS (
            SELECT p.effective_date,
                   sum(p.amount_pence) OVER (ORDER BY p.effective_date, p.entry_id, p.id ROWS UNBOUNDED PRECEDING) AS balance
              FROM postings p
             WHERE p.account_id = p_account_ids[i]
          )
          SELECT least(
                   coalesce((SELECT sum(p.amount_pence) FROM postings p
                              WHERE p.account_id = p_account_ids[i] AND p.effective_date <= p_effective_date), 0),
                   coalesce((SELECT min(r.balance) FROM running r WHERE r.effective_date > p_effective_date),
                            9223372036854775807)
                 )::bigint
            INTO available;
        END IF;
        IF available + p_amounts[i] < 0 THEN
          RETURN jsonb_build_object('outcome', 'not-enough-money', 'available', available, 'account_id', p_account_ids[i]);
        END IF;
      END IF;
    END IF;
  END LOOP;

  -- No conflict target: a key taken since the look-up (by a posting on other accounts) and a second reversal of
  -- one entry both end here without an error, so a caller's own transaction is not aborted.
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

  INSERT INTO postings (entry_id, account_id, amount_pence, effective_date)
  SELECT entry.id, l.account_id, l.amount_pence, p_effective_date
    FROM unnest(p_account_ids, p_amounts) WITH ORDINALITY AS l(account_id, amount_pence, line)
   ORDER BY l.line;

  UPDATE ledger_accounts a
     SET balance_pence = a.balance_pence + l.amount_pence,
         latest_effective_date = greatest(a.latest_effective_date, p_effective_date)
    FROM unnest(p_account_ids, p_amounts) AS l(account_id, amount_pence)
   WHERE a.id = l.account_id;

  INSERT INTO audit_log (commissioner_id, actor_user_id, on_behalf_of_holder_id, action, entity_type, entity_id, after, request_id)
  VALUES (commissioner, p_actor_user_id, p_audit_on_behalf_of_holder_id, p_audit_action, 'journal-entry', entry.id::text,
          p_audit_after, p_request_id);

  RETURN jsonb_build_object('outcome', 'posted', 'entry', to_jsonb(entry));
END;
$$;
