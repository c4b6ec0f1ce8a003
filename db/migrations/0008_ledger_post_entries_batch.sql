-- Batches of postings in one transaction (postEntry's group commit, app/ledger/post-entry.server.ts).
-- ledger_post_entry_in_batch is ledger_post_entry (0006) in the order the first version (0005) had: lock and read
-- the accounts in id order, look up the key, check the no-overdraw accounts, then write. A refusal is an answer,
-- not an error, so one entry's refusal does not undo the others of its batch.
CREATE OR REPLACE FUNCTION ledger_post_entry_in_batch(
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
    RAISE EXCEPTION 'ledger_post_entry_in_batch needs two or more account ids and as many amounts' USING ERRCODE = 'invalid_parameter_value';
  END IF;
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
      RAISE EXCEPTION 'ledger_post_entry_in_batch: each account can appear on only one line of an entry' USING ERRCODE = 'invalid_parameter_value';
    END IF;
  END LOOP;

  -- Lock (again: ledger_post_entries has locked every account of the batch already, so this costs no wait) and
  -- read the accounts in id order, as the earlier entries of the batch left them.
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

  SELECT * INTO entry FROM journal_entries e
   WHERE e.commissioner_id = commissioner AND e.idempotency_key = p_idempotency_key;
  IF FOUND THEN
    RETURN jsonb_build_object('outcome', 'existing', 'entry', to_jsonb(entry));
  END IF;

  -- Checked before anything is written, so a refusal is an answer, not an error that would undo the batch.
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
  FOR i IN 1 .. n LOOP
    UPDATE ledger_accounts a
       SET balance_pence = a.balance_pence + p_amounts[i],
           latest_effective_date = greatest(a.latest_effective_date, p_effective_date)
     WHERE a.id = p_account_ids[i];
  END LOOP;
  INSERT INTO audit_log (commissioner_id, actor_user_id, on_behalf_of_holder_id, action, entity_type, entity_id, after, request_id)
  VALUES (commissioner, p_actor_user_id, p_audit_on_behalf_of_holder_id, p_audit_action, 'journal-entry', entry.id::text,
          p_audit_after, p_request_id);

  RETURN jsonb_build_object('outcome', 'posted', 'entry', to_jsonb(entry));
END;
$$;
--> statement-breakpoint
-- Several entries in one transaction: the postings that arrive while another batch is committing go together,
-- so an account everyone spends from is locked and committed once per batch rather than once per entry. Each
-- element of p_entries has the parameters of ledger_post_entry by name (without the p_), account_ids and amounts
-- as array literals; the answer is the array of the answers of ledger_post_entry_in_batch, in the same order.
-- Any error undoes the whole batch (postEntry then posts its entries one by one).
CREATE OR REPLACE FUNCTION ledger_post_entries(p_entries jsonb) RETURNS jsonb LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  ids bigint[];
  account_id bigint;
  e jsonb;
  answers jsonb := '[]'::jsonb;
BEGIN
  -- Every account of the batch, locked first and in id order, so that a batch queues behind other postings on
  -- its accounts and never deadlocks with them.
  SELECT array_agg(DISTINCT x.id ORDER BY x.id) INTO ids
    FROM jsonb_array_elements(p_entries) AS item, unnest((item->>'account_ids')::bigint[]) AS x(id);
  FOREACH account_id IN ARRAY coalesce(ids, '{}') LOOP
    PERFORM 1 FROM ledger_accounts a WHERE a.id = account_id FOR NO KEY UPDATE;
  END LOOP;
  FOR e IN SELECT item FROM jsonb_array_elements(p_entries) AS item LOOP
    answers := answers || jsonb_build_array(ledger_post_entry_in_batch(
      e->>'idempotency_key', (e->>'kind')::journal_entry_kind, (e->>'effective_date')::date, e->>'description',
      e->>'content_hash', (e->>'actor_user_id')::uuid, (e->>'on_behalf_of_holder_id')::uuid, e->>'source_type',
      e->>'source_id', (e->>'reverses_entry_id')::bigint, e->>'reason', (e->>'account_ids')::bigint[],
      (e->>'amounts')::bigint[], (e->>'audit_on_behalf_of_holder_id')::uuid, e->>'audit_action',
      e->'audit_after', e->>'request_id'));
  END LOOP;
  RETURN answers;
END;
$$;
