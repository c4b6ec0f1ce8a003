import { and, count, desc, eq, sql } from "drizzle-orm";
import { rowsOf, type Database } from "#db/client.server";
import { commissioners, financeFlags, holders, reconciliationSettings, spendingSettings } from "#db/schema";
import { recordAudit, type Actor } from "~/audit/audit.server";
import { isUuid } from "~/http/ids";
import type { FundingFrequency } from "~/ledger/instalments";
import { CASH_WORDS, explain, surplusOf, surplusThreshold, weeklyPence, type FlagKind } from "./flags";
import { DEFAULT_MATCH_WINDOW_DAYS } from "./matching";
import { shiftDays } from "./periods";
import { sendQueryReminders } from "./query-emails.server";

export const FLAGS_PAGE_SIZE = 50;

type NewFlag = { holderId: string; kind: FlagKind; subjectKey: string; explanation: string; amountPence: number | null };

export async function readFlagSettings(db: Database, commissionerId: string) {
  const [[settings], [spending]] = await Promise.all([
    db.select().from(reconciliationSettings).where(eq(reconciliationSettings.commissionerId, commissionerId)),
    db.select().from(spendingSettings).where(eq(spendingSettings.commissionerId, commissionerId)),
  ]);
  return {
    matchWindowDays: settings?.matchWindowDays ?? DEFAULT_MATCH_WINDOW_DAYS,
    surplusWeeks: settings?.surplusWeeks ?? 8,
    cashLimitPence: settings?.cashLimitPence ?? 10_000,
    unloggedDays: settings?.unloggedDays ?? 14,
    inactiveDays: settings?.inactiveDays ?? 90,
    noReceiptThresholdPence: spending?.noReceiptThresholdPence ?? 5_000,
  };
}

type SpendRow = {
  id: string;
  holder_id: string;
  spent_on: string;
  amount_pence: string;
  payee: string;
  how_paid: string;
  overspend_warning: boolean;
  needs_agreement: boolean;
  category_key: string | null;
  category_name: string | null;
  has_receipt: boolean;
  line: string;
};

/** Spends still standing (not reversed) that may need finance: the checks below decide which. */
async function spendFacts(db: Database, commissionerId: string) {
  return rowsOf<SpendRow>(
    await db.execute(sql`
      select s.id, s.holder_id, s.spent_on, s.amount_pence, p.name as payee, s.how_paid, s.overspend_warning, s.needs_agreement,
        c.key as category_key, c.name as category_name, l.description as line,
        exists (select 1 from spend_receipts r where r.spend_id = s.id) as has_receipt
      from spends s
      join payees p on p.id = s.payee_id
      join plan_support_lines l on l.id = s.support_line_id
      left join restricted_spending_categories c on c.id = s.restricted_category_id
      where s.commissioner_id = ${commissionerId} and s.reversed_at is null
        and (s.overspend_warning or s.needs_agreement or s.how_paid = 'cash' or not exists (select 1 from spend_receipts r where r.spend_id = s.id))`),
  );
}

/** Bank lines paid out and not matched to anything: not logged, or cash taken out. */
async function unmatchedMoneyOut(db: Database, commissionerId: string) {
  return rowsOf<{ id: string; holder_id: string; line_date: string; amount_pence: string; description: string }>(
    await db.execute(sql`
      select l.id, a.holder_id, l.line_date, l.amount_pence, l.description
      from bank_statement_lines l
      join bank_accounts b on b.id = l.bank_account_id
      join arrangements a on a.id = b.arrangement_id
      where l.commissioner_id = ${commissionerId} and l.amount_pence < 0
        and not exists (select 1 from bank_line_matches m where m.bank_line_id = l.id and m.unmatched_at is null)`),
  );
}

/**
 * Each direct payment's balance, its latest instalment, the contingency of the latest approved plan, and when money
 * last went out of it (a spend, a card payment or payroll).
 */
async function accountFacts(db: Database, commissionerId: string, today: string) {
  return rowsOf<{
    holder_id: string;
    opened_on: string;
    balance: string;
    instalment: string | null;
    frequency: FundingFrequency | null;
    contingency: string | null;
    last_out: string | null;
  }>(
    await db.execute(sql`
      select a.holder_id,
        coalesce((select min(i.due_on) from instalments i where i.arrangement_id = a.id)::text, a.created_at::date::text) as opened_on,
        (select coalesce(sum(la.balance_pence), 0) from ledger_accounts la where la.arrangement_id = a.id) as balance,
        (select i.amount_pence from instalments i where i.arrangement_id = a.id order by i.due_on desc limit 1) as instalment,
        (select f.frequency from funding_frequencies f where f.commissioner_id = a.commissioner_id and f.support_organisation_id is null
          and f.applies_from <= ${today} order by f.applies_from desc limit 1) as frequency,
        (select v.contingency_pence from plan_versions v where v.holder_id = a.holder_id and v.status = 'approved' order by v.version desc limit 1) as contingency,
        (select max(p.effective_date) from postings p join ledger_accounts la on la.id = p.account_id join journal_entries e on e.id = p.entry_id
          where la.arrangement_id = a.id and p.amount_pence < 0 and e.kind in ('spend', 'card-transaction', 'payroll')) as last_out
      from arrangements a
      where a.commissioner_id = ${commissionerId} and a.holding = 'direct-payment'`),
  );
}

const daysBetween = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);

/**
 * The daily check: finds what finance should look at across the commissioner's holders and raises each as a flag,
 * once. Run again, it adds only what is new. Returns how many flags of each kind it raised.
 */
export async function runFlagChecks(db: Database, input: { commissionerId: string; today: string; actor?: Actor }) {
  const settings = await readFlagSettings(db, input.commissionerId);
  const [spends, lines, accounts] = await Promise.all([
    spendFacts(db, input.commissionerId),
    unmatchedMoneyOut(db, input.commissionerId),
    accountFacts(db, input.commissionerId, input.today),
  ]);
  const found: NewFlag[] = [];
  const add = (holderId: string, kind: FlagKind, subjectKey: string, explanation: string, amountPence: number | null) =>
    found.push({ holderId, kind, subjectKey, explanation, amountPence });

  for (const s of spends) {
    const facts = { amountPence: Number(s.amount_pence), on: s.spent_on, payee: s.payee };
    const key = `spend:${s.id}`;
    if (!s.has_receipt && facts.amountPence > settings.noReceiptThresholdPence) {
      add(s.holder_id, "no-receipt", key, explain.noReceipt(facts, settings.noReceiptThresholdPence), facts.amountPence);
    }
    if (s.needs_agreement && s.category_key === "family-member-same-household")
      add(s.holder_id, "household-payment", key, explain.household(facts), facts.amountPence);
    else if (s.needs_agreement) add(s.holder_id, "restricted", key, explain.restricted(facts, s.category_name ?? "a restricted category"), facts.amountPence);
    if (s.overspend_warning) add(s.holder_id, "overspend", key, explain.overspend(facts, s.line), facts.amountPence);
    if (s.how_paid === "cash" && facts.amountPence > settings.cashLimitPence) {
      add(s.holder_id, "cash-withdrawal", key, explain.cash(facts, settings.cashLimitPence), facts.amountPence);
    }
  }
  for (const l of lines) {
    const facts = { amountPence: -Number(l.amount_pence), on: l.line_date, payee: l.description };
    const key = `bank-line:${l.id}`;
    if (CASH_WORDS.test(l.description) && facts.amountPence > settings.cashLimitPence) {
      add(l.holder_id, "cash-withdrawal", key, explain.cash(facts, settings.cashLimitPence), facts.amountPence);
    } else if (l.line_date <= shiftDays(input.today, -settings.unloggedDays)) {
      add(l.holder_id, "unlogged-payment", key, explain.unlogged(facts, settings.unloggedDays), facts.amountPence);
    }
  }
  for (const a of accounts) {
    const balancePence = Number(a.balance);
    if (a.instalment !== null) {
      const contingencyPence = Number(a.contingency ?? 0);
      const thresholdPence = surplusThreshold({
        weeklyPence: weeklyPence(Number(a.instalment), a.frequency ?? "four-weekly"),
        weeks: settings.surplusWeeks,
        contingencyPence,
      });
      const surplus = surplusOf(balancePence, thresholdPence);
      if (surplus > 0) {
        const explanation = explain.surplus({ balancePence, thresholdPence, weeks: settings.surplusWeeks, contingencyPence });
        add(a.holder_id, "surplus", `balance:${input.today.slice(0, 7)}`, explanation, surplus);
      }
    }
    const since = a.last_out ?? a.opened_on;
    const idle = daysBetween(since, input.today);
    if (balancePence > 0 && idle >= settings.inactiveDays) {
      add(a.holder_id, "inactive", `activity:${since}`, explain.inactive({ since, days: idle, balancePence }), null);
    }
  }
  return db.transaction(async (tx) => {
    const raised: NewFlag[] = [];
    for (let start = 0; start < found.length; start += 1_000) {
      const rows = found.slice(start, start + 1_000).map((f) => ({ ...f, commissionerId: input.commissionerId, raisedOn: input.today }));
      const inserted = await tx.insert(financeFlags).values(rows).onConflictDoNothing().returning();
      raised.push(
        ...inserted.map((r) => ({ holderId: r.holderId, kind: r.kind, subjectKey: r.subjectKey, explanation: r.explanation, amountPence: r.amountPence })),
      );
    }
    const byKind: Partial<Record<FlagKind, number>> = {};
    for (const f of raised) byKind[f.kind] = (byKind[f.kind] ?? 0) + 1;
    if (raised.length) {
      await recordAudit(tx, input.actor ?? { userId: null, commissionerId: input.commissionerId }, {
        action: "flags.raised",
        entityType: "commissioner",
        entityId: input.commissionerId,
        after: { on: input.today, ...byKind },
      });
    }
    return byKind;
  });
}

/** Every morning: each commissioner's flags checked, then reminders sent for queries nearly due. */
export async function runDailyFinanceChecks(db: Database, input: { today: string; now: Date; origin: string }) {
  for (const { id } of await db.select({ id: commissioners.id }).from(commissioners)) await runFlagChecks(db, { commissionerId: id, today: input.today });
  return sendQueryReminders(db, input);
}

/** The flags open now, oldest first, with the holder's name. */
export async function listOpenFlags(db: Database, input: { commissionerId: string; page: number }) {
  const where = and(eq(financeFlags.commissionerId, input.commissionerId), eq(financeFlags.status, "open"));
  const [[{ total }], flags] = await Promise.all([
    db.select({ total: count() }).from(financeFlags).where(where),
    db
      .select({ flag: financeFlags, givenName: holders.givenName, familyName: holders.familyName })
      .from(financeFlags)
      .innerJoin(holders, eq(holders.id, financeFlags.holderId))
      .where(where)
      .orderBy(financeFlags.raisedOn, desc(financeFlags.amountPence), financeFlags.id)
      .limit(FLAGS_PAGE_SIZE)
      .offset((input.page - 1) * FLAGS_PAGE_SIZE),
  ]);
  return { total, page: input.page, pageCount: Math.max(1, Math.ceil(total / FLAGS_PAGE_SIZE)), flags };
}

export type FlagDecision = { ok: true } | { ok: false; field?: "reason"; message: string };

/** Finance resolves a flag (dealt with) or dismisses it (nothing wrong), saying why either way. */
export async function decideFlag(
  db: Database,
  input: { actor: Actor; flagId: string; decision: "resolved" | "dismissed"; reason: string },
): Promise<FlagDecision> {
  const reason = input.reason.trim();
  if (!reason)
    return { ok: false, field: "reason", message: input.decision === "dismissed" ? "Say why this needs nothing doing" : "Say how this was dealt with" };
  if (reason.length > 1_000) return { ok: false, field: "reason", message: "The reason must be 1,000 characters or fewer" };
  if (!isUuid(input.flagId)) return { ok: false, message: "This flag has been dealt with already" };
  return db.transaction(async (tx) => {
    const [flag] = await tx
      .update(financeFlags)
      .set({ status: input.decision, decidedBy: input.actor.userId, decidedAt: new Date(), reason })
      .where(
        and(eq(financeFlags.id, input.flagId), eq(financeFlags.commissionerId, input.actor.commissionerId!), sql`${financeFlags.status} in ('open', 'raised')`),
      )
      .returning();
    if (!flag) return { ok: false, message: "This flag has been dealt with already" };
    await recordAudit(
      tx,
      { ...input.actor, onBehalfOfHolderId: flag.holderId },
      { action: `flag.${input.decision}`, entityType: "finance-flag", entityId: flag.id, after: { kind: flag.kind, reason } },
    );
    return { ok: true };
  });
}

export type FlagSettings = Awaited<ReturnType<typeof readFlagSettings>>;
type SettingsChange = Pick<FlagSettings, "matchWindowDays" | "surplusWeeks" | "cashLimitPence" | "unloggedDays" | "inactiveDays">;

/** Finance changes how bank lines are matched and when accounts are flagged; the change is audited with what it was. */
export async function setReconciliationSettings(db: Database, input: { actor: Actor; settings: SettingsChange }) {
  const commissionerId = input.actor.commissionerId!;
  return db.transaction(async (tx) => {
    const before = await readFlagSettings(tx, commissionerId);
    await tx
      .insert(reconciliationSettings)
      .values({ commissionerId, ...input.settings })
      .onConflictDoUpdate({ target: reconciliationSettings.commissionerId, set: input.settings });
    await recordAudit(tx, input.actor, {
      action: "reconciliation-settings.changed",
      entityType: "commissioner",
      entityId: commissionerId,
      before: { ...before, noReceiptThresholdPence: undefined },
      after: input.settings,
    });
  });
}
