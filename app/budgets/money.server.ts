import { and, count, eq, gte, isNull, lte, or, sql } from "drizzle-orm";
import { builtOnce, type Database } from "#db/client.server";
import { spends } from "#db/schema";
import { loadFundingTerms, nextInstalment } from "~/ledger/instalments.server";
import { yearShare } from "~/ledger/instalments";
import type { Pence } from "~/ledger/money";
import { approvedVersionsOf, loadPlanHistory, planInForceOf, type PlanHistory } from "~/plans/plan-in-force.server";
import { planYear, yearAllocations } from "~/plans/rules";
import { spendingByArrangement } from "~/spending/line-spending.server";
import { listArrangements } from "./arrangements.server";

export interface ArrangementMoney {
  id: string;
  holding: "direct-payment" | "third-party" | "notional";
  name: string;
  /** In the account now; null for what the NHS arranges, which holds no money of the holder's. */
  balancePence: Pence | null;
  /** What this plan year gives the arrangement: each plan version's share for the days it applied. */
  yearPence: Pence;
  spentPence: Pence;
  leftPence: Pence;
  next: { dueOn: string; amountPence: Pence } | null;
}

/**
 * The holder's money first, as they would check a bank app: for each way their money is held, the balance now, what
 * has been spent this plan year and what is left of it, and the next instalment; and the spends finance will ask
 * about. Null before a plan is approved.
 */
export async function loadHolderMoney(db: Database, input: { holderId: string; today: string; history?: PlanHistory }) {
  const history = input.history ?? (await loadPlanHistory(db, input.holderId));
  const plan = history && planInForceOf(history);
  if (!plan) return null;
  const year = planYear(plan.startsOn, input.today);
  const [arrangements, spent, flagged] = await Promise.all([
    listArrangements(db, input.holderId),
    spendingByArrangement(db, { holderId: input.holderId, from: year.start, to: year.end }),
    countFlaggedSpends(db, input.holderId, year),
  ]);
  const accounts: ArrangementMoney[] = [];
  for (const arrangement of arrangements) {
    const spentPence = spent.get(arrangement.id) ?? 0;
    let yearPence: Pence;
    let next = null;
    if (arrangement.holding === "notional") {
      const allocations = yearAllocations(approvedVersionsOf(history), year);
      yearPence = plan.lines.filter((l) => l.holding === "notional").reduce((t, l) => t + (allocations.get(l.lineKey) ?? 0), 0);
    } else {
      const terms = await loadFundingTerms(db, arrangement, history);
      yearPence = terms ? yearShare({ yearStart: year.start, yearEnd: year.end, rates: terms.rates, endsOn: terms.endsOn }) : 0;
      next = terms ? await nextInstalment(db, arrangement, terms, input.today) : null;
    }
    accounts.push({
      id: arrangement.id,
      holding: arrangement.holding,
      name: arrangement.name,
      balancePence: arrangement.holding === "notional" ? null : arrangement.balancePence,
      yearPence,
      spentPence,
      leftPence: yearPence - spentPence,
      next,
    });
  }
  return { year, accounts, flaggedSpends: flagged.flagged, letters: flagged.letters, openQueries: flagged.openQueries };
}

/**
 * What the holder is asked to look at: the spends finance will ask about, the letters sent about their money, and
 * finance's questions waiting for an answer, soonest due first.
 */
async function countFlaggedSpends(db: Database, holderId: string, year: { start: string; end: string }) {
  const [row] = await builtOnce(db, flaggedSpendsQuery).execute({ holderId, from: year.start, to: year.end });
  return row;
}

const flaggedSpendsQuery = (db: Database) =>
  db
    .select({
      flagged: count(),
      // In the same query, as the home page's budget of queries has no room for another (test/integration/query-budget.test.ts).
      letters: sql<{ id: string; sentOn: string; title: string }[]>`(
        select coalesce(jsonb_agg(jsonb_build_object('id', l.id, 'sentOn', l.sent_on, 'title', l.content->>'title') order by l.sent_on desc, l.created_at desc), '[]'::jsonb)
          from recovery_letters l where l.holder_id = ${sql.placeholder("holderId")})`,
      openQueries: sql<{ id: string; subjectLabel: string; dueOn: string }[]>`(
        select coalesce(jsonb_agg(jsonb_build_object('id', q.id, 'subjectLabel', q.subject_label, 'dueOn', q.due_on) order by q.due_on, q.raised_at), '[]'::jsonb)
          from finance_queries q where q.holder_id = ${sql.placeholder("holderId")} and q.status = 'open')`,
    })
    .from(spends)
    .where(
      and(
        eq(spends.holderId, sql.placeholder("holderId")),
        isNull(spends.reversedAt),
        gte(spends.spentOn, sql.placeholder("from")),
        lte(spends.spentOn, sql.placeholder("to")),
        or(eq(spends.flaggedForFinance, true), eq(spends.overspendWarning, true)),
      ),
    )
    .prepare("flagged_spends");
