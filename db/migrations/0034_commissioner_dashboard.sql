CREATE TABLE "bank_statement_months" (
	"commissioner_id" uuid NOT NULL,
	"bank_account_id" uuid NOT NULL,
	"month" date NOT NULL,
	"lines" integer NOT NULL,
	CONSTRAINT "bank_statement_months_bank_account_id_month_pk" PRIMARY KEY("bank_account_id","month")
);
--> statement-breakpoint
CREATE TABLE "journal_codes" (
	"commissioner_id" uuid NOT NULL,
	"code_key" text NOT NULL,
	"cost_centre" text NOT NULL,
	"subjective_code" text NOT NULL,
	"set_by" uuid NOT NULL,
	"set_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "journal_codes_commissioner_id_code_key_pk" PRIMARY KEY("commissioner_id","code_key")
);
--> statement-breakpoint
CREATE TABLE "ledger_month_totals" (
	"commissioner_id" uuid NOT NULL,
	"account_id" bigint NOT NULL,
	"month" date NOT NULL,
	"kind" "journal_entry_kind" NOT NULL,
	"pence" bigint NOT NULL,
	CONSTRAINT "ledger_month_totals_account_id_month_kind_pk" PRIMARY KEY("account_id","month","kind")
);
--> statement-breakpoint
ALTER TABLE "bank_statement_months" ADD CONSTRAINT "bank_statement_months_commissioner_id_commissioners_id_fk" FOREIGN KEY ("commissioner_id") REFERENCES "public"."commissioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bank_statement_months" ADD CONSTRAINT "bank_statement_months_bank_account_id_bank_accounts_id_fk" FOREIGN KEY ("bank_account_id") REFERENCES "public"."bank_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journal_codes" ADD CONSTRAINT "journal_codes_commissioner_id_commissioners_id_fk" FOREIGN KEY ("commissioner_id") REFERENCES "public"."commissioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journal_codes" ADD CONSTRAINT "journal_codes_set_by_users_id_fk" FOREIGN KEY ("set_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_month_totals" ADD CONSTRAINT "ledger_month_totals_commissioner_id_commissioners_id_fk" FOREIGN KEY ("commissioner_id") REFERENCES "public"."commissioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_month_totals" ADD CONSTRAINT "ledger_month_totals_account_id_ledger_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."ledger_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "bank_statement_months_commissioner_idx" ON "bank_statement_months" USING btree ("commissioner_id","month");--> statement-breakpoint
CREATE INDEX "ledger_month_totals_commissioner_idx" ON "ledger_month_totals" USING btree ("commissioner_id","month");--> statement-breakpoint-- The month's totals of each holder's account, kept in the transaction that posts (one upsert per statement that
-- inserts postings, however many rows it inserts), so the dashboard reads a row per account and month.
CREATE FUNCTION ledger_month_totals_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO ledger_month_totals AS t (commissioner_id, account_id, month, kind, pence)
  SELECT a.commissioner_id, n.account_id, date_trunc('month', n.effective_date)::date, coalesce(o.kind, e.kind), sum(n.amount_pence)
    FROM new_postings n
    JOIN ledger_accounts a ON a.id = n.account_id AND a.kind IN ('direct-payment', 'third-party', 'notional')
    JOIN journal_entries e ON e.id = n.entry_id
    LEFT JOIN journal_entries o ON o.id = e.reverses_entry_id
   GROUP BY 1, 2, 3, 4
  ON CONFLICT (account_id, month, kind) DO UPDATE SET pence = t.pence + excluded.pence;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER postings_month_totals AFTER INSERT ON postings REFERENCING NEW TABLE AS new_postings
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_month_totals_add();--> statement-breakpoint
INSERT INTO ledger_month_totals (commissioner_id, account_id, month, kind, pence)
SELECT a.commissioner_id, p.account_id, date_trunc('month', p.effective_date)::date, coalesce(o.kind, e.kind), sum(p.amount_pence)
  FROM postings p
  JOIN ledger_accounts a ON a.id = p.account_id AND a.kind IN ('direct-payment', 'third-party', 'notional')
  JOIN journal_entries e ON e.id = p.entry_id
  LEFT JOIN journal_entries o ON o.id = e.reverses_entry_id
 GROUP BY 1, 2, 3, 4;--> statement-breakpoint
-- Which months each bank account has lines in: the dashboard's reconciliation progress reads this, not every line.
CREATE FUNCTION bank_statement_months_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO bank_statement_months AS t (commissioner_id, bank_account_id, month, lines)
  SELECT commissioner_id, bank_account_id, date_trunc('month', line_date)::date, count(*)
    FROM new_lines GROUP BY 1, 2, 3
  ON CONFLICT (bank_account_id, month) DO UPDATE SET lines = t.lines + excluded.lines;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER bank_statement_lines_months AFTER INSERT ON bank_statement_lines REFERENCING NEW TABLE AS new_lines
  FOR EACH STATEMENT EXECUTE FUNCTION bank_statement_months_add();--> statement-breakpoint
INSERT INTO bank_statement_months (commissioner_id, bank_account_id, month, lines)
SELECT commissioner_id, bank_account_id, date_trunc('month', line_date)::date, count(*) FROM bank_statement_lines GROUP BY 1, 2, 3;--> statement-breakpoint
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['journal_codes', 'ledger_month_totals', 'bank_statement_months'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY commissioner_rows ON %I USING (commissioner_id = app_commissioner()) WITH CHECK (commissioner_id = app_commissioner())', t);
  END LOOP;
END $$;
