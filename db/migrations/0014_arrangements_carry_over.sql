-- Money follows the person. Until now every approval of a plan version opened new accounts ("budget:<id>:<kind>"),
-- so a re-approval started a direct payment again at £0.00 with the money left behind. From here each holder has one
-- arrangement per way their money is held, with one account that outlives plan versions. The accounts opened per
-- version join their arrangement, and what they hold moves to its account by an ordinary ledger entry ("carried
-- over"), never by editing a posting.
--
-- 1. An arrangement for each way each holder's money has been held.
INSERT INTO arrangements (commissioner_id, holder_id, holding, support_organisation_id, name, opened_on)
SELECT b.commissioner_id, b.holder_id, a.kind::text::holding, o.id,
       CASE a.kind WHEN 'direct-payment' THEN 'Direct payment account'
                   WHEN 'third-party' THEN 'Third-party budget held by ' || min(o.name)
                   ELSE 'Support the NHS arranges' END,
       min(b.starts_on)
  FROM ledger_accounts a
  JOIN budgets b ON b.id = a.budget_id
  LEFT JOIN support_organisations o ON a.kind = 'third-party' AND o.id = b.third_party_organisation_id
 WHERE a.kind IN ('direct-payment', 'third-party', 'notional')
 GROUP BY b.commissioner_id, b.holder_id, a.kind, o.id;
--> statement-breakpoint
-- 2. Each arrangement's own account.
INSERT INTO ledger_accounts (commissioner_id, kind, arrangement_id, code, name, may_overdraw)
SELECT ar.commissioner_id, ar.holding::text::ledger_account_kind, ar.id, 'arrangement:' || ar.id, ar.name, ar.holding = 'notional'
  FROM arrangements ar;
--> statement-breakpoint
-- 3. The accounts opened per plan version belong to their holder's arrangement (their postings are its history).
UPDATE ledger_accounts a
   SET arrangement_id = ar.id
  FROM budgets b, arrangements ar
 WHERE a.budget_id = b.id
   AND ar.holder_id = b.holder_id
   AND ar.holding::text = a.kind::text
   AND ar.support_organisation_id IS NOT DISTINCT FROM (CASE WHEN a.kind = 'third-party' THEN b.third_party_organisation_id END);
--> statement-breakpoint
-- 4. What each of them holds is carried over to the arrangement's account, through the one posting path.
DO $$
DECLARE
  old record;
  answer jsonb;
  on_day date;
BEGIN
  FOR old IN
    SELECT a.id, a.commissioner_id, a.balance_pence, a.latest_effective_date, ar.holder_id, new.id AS new_id,
           (SELECT pv.version FROM plan_versions pv WHERE pv.budget_id = a.budget_id) AS version
      FROM ledger_accounts a
      JOIN arrangements ar ON ar.id = a.arrangement_id
      JOIN ledger_accounts new ON new.arrangement_id = ar.id AND new.budget_id IS NULL
     WHERE a.budget_id IS NOT NULL AND a.balance_pence <> 0
     ORDER BY a.id
  LOOP
    on_day := greatest(current_date, old.latest_effective_date);
    answer := ledger_post_entries(jsonb_build_array(jsonb_build_object(
      'idempotency_key', 'carry-over:' || old.id,
      'kind', 'adjustment',
      'effective_date', on_day,
      'description', 'Carried over from the account of ' || coalesce('plan version ' || old.version, 'an earlier plan version'),
      'content_hash', encode(sha256(convert_to('carry-over:' || old.id || ':' || old.balance_pence, 'UTF8')), 'hex'),
      'on_behalf_of_holder_id', old.holder_id,
      'source_type', 'carry-over',
      'source_id', old.id::text,
      'account_ids', format('{%s,%s}', old.id, old.new_id),
      'amounts', format('{%s,%s}', -old.balance_pence, old.balance_pence),
      'audit_on_behalf_of_holder_id', old.holder_id,
      'audit_action', 'ledger.entry-posted',
      'audit_after', jsonb_build_object('carriedOverFromAccount', old.id, 'toAccount', old.new_id, 'amountPence', old.balance_pence)
    )))->0;
    IF answer->>'outcome' NOT IN ('posted', 'existing') THEN
      RAISE EXCEPTION 'carrying over account %: %', old.id, answer;
    END IF;
  END LOOP;
END;
$$;
--> statement-breakpoint
-- 5. The instalments already paid, numbered within each plan year (anchored on the holder's first approved plan), so
-- that the new schedule knows which are paid. A year that was paid 14 times keeps all 14: the schedule then pays
-- nothing more that year.
INSERT INTO instalments (commissioner_id, arrangement_id, plan_year_starts_on, number, due_on, amount_pence, journal_entry_id)
SELECT paid.commissioner_id, paid.arrangement_id, paid.year_start,
       row_number() OVER (PARTITION BY paid.arrangement_id, paid.year_start ORDER BY paid.effective_date, paid.entry_id),
       paid.effective_date, paid.amount_pence, paid.entry_id
  FROM (
    SELECT e.commissioner_id, a.arrangement_id, e.id AS entry_id, p.effective_date, p.amount_pence,
           (anchor.starts_on + make_interval(years => extract(year FROM age(p.effective_date, anchor.starts_on))::int))::date AS year_start
      FROM journal_entries e
      JOIN postings p ON p.entry_id = e.id AND p.amount_pence > 0
      JOIN ledger_accounts a ON a.id = p.account_id AND a.arrangement_id IS NOT NULL
      JOIN arrangements ar ON ar.id = a.arrangement_id
      JOIN LATERAL (
        SELECT min(pv.starts_on) AS starts_on FROM plan_versions pv WHERE pv.holder_id = ar.holder_id AND pv.status = 'approved'
      ) anchor ON anchor.starts_on IS NOT NULL AND p.effective_date >= anchor.starts_on
     WHERE e.kind = 'instalment'
  ) paid;
--> statement-breakpoint
-- 6. From when each approved version applied: its start, or the day it was finally approved if later.
UPDATE plan_versions
   SET in_force_from = greatest(starts_on, (coalesce(second_approved_at, approved_at, created_at) AT TIME ZONE 'Europe/London')::date)
 WHERE status = 'approved';
--> statement-breakpoint
-- 6b. The day each overturned decision was overturned, from which instalments are paid again.
UPDATE direct_payment_decisions
   SET overturned_on = (reconsidered_at AT TIME ZONE 'Europe/London')::date
 WHERE reconsider_status = 'accepted' AND reconsidered_at IS NOT NULL;
--> statement-breakpoint
-- 7. A payee account per holder's payee: two holders' "Jane Smith" no longer share one. Earlier postings stay where
-- they were posted; the payee's next payments go to its own account.
INSERT INTO ledger_accounts (commissioner_id, kind, code, name, may_overdraw)
SELECT p.commissioner_id, 'payee', 'payee:' || p.id, p.name, true FROM payees p;
--> statement-breakpoint
UPDATE payees p SET ledger_account_id = a.id
  FROM ledger_accounts a
 WHERE a.commissioner_id = p.commissioner_id AND a.code = 'payee:' || p.id;
--> statement-breakpoint
-- 8. The overspend rule belongs to the holder, across plan versions: the rule of their latest budget.
INSERT INTO overspend_rules (holder_id, commissioner_id, rule)
SELECT DISTINCT ON (b.holder_id) b.holder_id, r.commissioner_id, r.rule
  FROM budget_overspend_rules r JOIN budgets b ON b.id = r.budget_id
 ORDER BY b.holder_id, b.starts_on DESC, b.created_at DESC;
--> statement-breakpoint
DROP TABLE "instalment_schedules" CASCADE;--> statement-breakpoint
DROP TABLE "budget_overspend_rules" CASCADE;