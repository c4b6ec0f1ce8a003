import { and, asc, count, desc, eq, gte, ilike, isNull, lte, or, sql, type SQL } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { holders, lineCommitments, payees, planSupportLines, spendReceipts, spends, users } from "#db/schema";
import type { Pence } from "~/ledger/money";
import { parseWithZod } from "@conform-to/zod/v4";
import { optionalId } from "~/http/ids";
import { fieldErrors, type FieldError } from "~/ui/error-summary";
import { pageFrom } from "~/ui/pagination";
import { HOW_PAID_NAMES, SpendDatesSchema } from "./schemas";
import { readFilterDates, withDateErrors } from "~/dates/date-fields";
import { approvedVersionsOf, loadPlanHistory, planInForceOf } from "~/plans/plan-in-force.server";
import { type HowPaid } from "./spends.server";
import { planYear, yearAllocations } from "~/plans/rules";
import { spendingByLine } from "./line-spending.server";
import { approvedHoursText } from "~/payroll/approved-hours";
import { loadApprovedHoursByLine } from "~/payroll/approved-hours.server";
import { lineTotals, notionalFigures, outcomeFigures, projectionText, projectRunOut, reportScope } from "./rules";

export interface LineReport {
  /** The line in the plan in force; null for a line of an earlier version that is no longer in the plan. */
  lineId: string | null;
  lineKey: string;
  description: string;
  holding: "notional" | "third-party" | "direct-payment";
  outcomePositions: number[];
  allocatedPence: Pence;
  spentPence: Pence;
  committedPence: Pence;
  leftPence: Pence;
  percentUsed: number;
  /** Null for dates chosen within the year, where a rate says nothing about the year (reportScope). */
  projection: string | null;
  /** On a line paying PAs, what its committed money is: approved hours not paid yet (approvedHoursText). */
  approvedHours: string | null;
}

/**
 * Spend against the plan for a period (by default the plan year today is in), per support line and per outcome:
 * allocated, spent, committed, left, % used and the run-out projection; a line serving several outcomes counts in
 * full under each (outcomeFigures), so the budget is given once, from the lines. A line is followed across plan versions by
 * its key: its allocation is each version's amount for the days it applied in the year, and its spending is every
 * movement out of or back into the holder's arrangements that counts against it (spends, invoices, payroll, refunds,
 * their reversals), read from the ledger. What is not matched to a line yet is shown on its own, never left out. On
 * lines the NHS arranges, commitments starting in the period are committed for what is not yet invoiced; on lines the
 * holder pays, PAs' approved hours for weeks starting in the period and not paid yet are committed.
 */
export async function loadSpendVsPlan(db: Database, input: { holderId: string; today: string; from?: string; to?: string }) {
  const history = await loadPlanHistory(db, input.holderId);
  const plan = history && planInForceOf(history);
  if (!history || !plan) return null;
  const year = planYear(plan.startsOn, input.today);
  const period = { start: input.from ?? year.start, end: input.to ?? year.end };
  const versions = approvedVersionsOf(history);
  const [spent, approvedHours, commitments] = await Promise.all([
    spendingByLine(db, { holderId: input.holderId, from: period.start, to: period.end }),
    loadApprovedHoursByLine(db, { holderId: input.holderId, from: period.start, to: period.end }),
    db
      .select({ lineKey: lineCommitments.lineKey, total: sql<string>`sum(${lineCommitments.amountPence})` })
      .from(lineCommitments)
      .where(
        and(
          eq(lineCommitments.holderId, input.holderId),
          isNull(lineCommitments.cancelledAt),
          gte(lineCommitments.startsOn, period.start),
          lte(lineCommitments.startsOn, period.end),
        ),
      )
      .groupBy(lineCommitments.lineKey),
  ]);
  const allocationYear = planYear(plan.startsOn, period.start);
  const allocations = yearAllocations(versions, allocationYear);
  const scope = reportScope(period, allocationYear);
  const committedByKey = new Map(commitments.map((c) => [c.lineKey, Number(c.total)]));
  const asOf = input.today < period.end ? input.today : period.end;
  const report = (
    line: Omit<LineReport, "allocatedPence" | "spentPence" | "committedPence" | "leftPence" | "percentUsed" | "projection" | "approvedHours">,
  ): LineReport => {
    const allocatedPence = allocations.get(line.lineKey) ?? 0;
    const spentPence = spent.get(line.lineKey) ?? 0;
    // The NHS pays notional lines on invoice, never a PA's wages, so only the holder's own lines carry approved hours.
    const hours = line.holding === "notional" ? undefined : approvedHours.get(line.lineKey);
    const figures =
      line.holding === "notional"
        ? notionalFigures({ allocatedPence, invoicedPence: spentPence, commitmentsPence: committedByKey.get(line.lineKey) ?? 0 })
        : { allocatedPence, spentPence, committedPence: hours?.pence ?? 0 };
    return {
      ...line,
      ...figures,
      ...lineTotals(figures),
      projection: scope.filtered ? null : projectionText(projectRunOut({ ...figures, periodStart: period.start, periodEnd: period.end, today: asOf }), figures),
      approvedHours: hours ? approvedHoursText(hours) : null,
    };
  };
  const lines = plan.lines.map((line) =>
    report({
      lineId: line.id,
      lineKey: line.lineKey,
      description: line.description,
      holding: line.holding,
      outcomePositions: line.outcomePositions,
    }),
  );
  // Lines of an earlier version, no longer in the plan, that money was spent on this year or that PAs' approved hours
  // not paid yet still fall to.
  const current = new Set(plan.lines.map((l) => l.lineKey));
  const earlier = [...new Set([...spent.keys(), ...approvedHours.keys()])].filter((key): key is string => key !== null && !current.has(key));
  for (const key of earlier) {
    const last = versions
      .flatMap((v) => v.lines)
      .filter((l) => l.lineKey === key)
      .at(-1);
    lines.push(
      report({
        lineId: null,
        lineKey: key,
        description: `${last?.description ?? "A line"} (no longer in the plan)`,
        holding: last?.holding ?? "direct-payment",
        outcomePositions: [],
      }),
    );
  }
  const notMatchedPence = spent.get(null) ?? 0;
  const { outcomes, budget, outcomesOverlap } = outcomeFigures(plan.outcomes, lines);
  const totals = {
    allocatedPence: lines.reduce((t, l) => t + l.allocatedPence, 0),
    spentPence: lines.reduce((t, l) => t + l.spentPence, 0) + notMatchedPence,
    committedPence: lines.reduce((t, l) => t + l.committedPence, 0),
  };
  return {
    period,
    scope,
    planStartsOn: plan.startsOn,
    budgetId: plan.budgetId,
    lines,
    outcomes,
    outcomesOverlap,
    /** The lines added up, each once: what the outcome rows must not be totalled to stand for. */
    budget,
    notMatchedPence,
    totals: { ...totals, ...lineTotals(totals) },
  };
}

export const SPEND_PAGE_SIZE = 25;

export interface SpendFilter {
  holderId: string;
  q?: string;
  lineKey?: string;
  howPaid?: HowPaid;
  flagged?: boolean;
  from?: string;
  to?: string;
  page?: number;
  /** For the CSV: every matching spend, no pages. */
  all?: boolean;
}

/** The holder's spends, newest first, with who logged them, searchable and filtered, a page at a time. */
export async function listSpends(db: Database, filter: SpendFilter) {
  const where: SQL[] = [eq(spends.holderId, filter.holderId)];
  if (filter.q?.trim()) {
    const like = `%${filter.q.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(or(ilike(spends.whatFor, like), ilike(payees.name, like))!);
  }
  if (filter.lineKey) where.push(eq(spends.lineKey, filter.lineKey));
  if (filter.howPaid) where.push(eq(spends.howPaid, filter.howPaid));
  if (filter.flagged) where.push(or(eq(spends.flaggedForFinance, true), eq(spends.overspendWarning, true))!);
  if (filter.from) where.push(gte(spends.spentOn, filter.from));
  if (filter.to) where.push(lte(spends.spentOn, filter.to));
  const condition = and(...where);
  const [{ total }] = await db.select({ total: count() }).from(spends).innerJoin(payees, eq(payees.id, spends.payeeId)).where(condition);
  const page = Math.max(1, filter.page ?? 1);
  const base = db
    .select({
      id: spends.id,
      spentOn: spends.spentOn,
      amountPence: spends.amountPence,
      whatFor: spends.whatFor,
      howPaid: spends.howPaid,
      payee: payees.name,
      line: planSupportLines.description,
      heldByOrganisation: sql<boolean>`(${planSupportLines.holding} = 'third-party' and ${planSupportLines.thirdPartyOrganisationId} is not null)`,
      lineKey: spends.lineKey,
      loggedByName: users.name,
      loggedBy: spends.loggedBy,
      byRepresentative: sql<boolean>`${spends.onBehalfOfHolderId} is not null`,
      loggedAt: spends.loggedAt,
      flaggedForFinance: spends.flaggedForFinance,
      flagReason: spends.flagReason,
      needsAgreement: spends.needsAgreement,
      overspendWarning: spends.overspendWarning,
      reversedAt: spends.reversedAt,
      reversalReason: spends.reversalReason,
      replacesSpendId: spends.replacesSpendId,
      journalEntryId: spends.journalEntryId,
    })
    .from(spends)
    .innerJoin(payees, eq(payees.id, spends.payeeId))
    .innerJoin(planSupportLines, eq(planSupportLines.id, spends.supportLineId))
    .innerJoin(users, eq(users.id, spends.loggedBy))
    .where(condition)
    .orderBy(desc(spends.spentOn), desc(spends.loggedAt));
  const rows = filter.all ? await base : await base.limit(SPEND_PAGE_SIZE).offset((page - 1) * SPEND_PAGE_SIZE);
  const receipts = rows.length
    ? await db
        .select({ id: spendReceipts.id, spendId: spendReceipts.spendId, fileName: spendReceipts.fileName })
        .from(spendReceipts)
        .where(sql`${spendReceipts.spendId} in ${rows.map((r) => r.id)}`)
        .orderBy(asc(spendReceipts.uploadedAt))
    : [];
  return {
    total,
    page,
    pageCount: Math.max(1, Math.ceil(total / SPEND_PAGE_SIZE)),
    spends: rows.map((r) => ({ ...r, receipts: receipts.filter((x) => x.spendId === r.id) })),
  };
}

/**
 * Every spend of the commissioner's holders that finance should look at, newest first, a page at a time: flagged
 * (no receipt over the amount, or needing agreement) or over its plan line. Spends undone by an edit are left out:
 * their replacement carries any flag still due.
 */
export async function listFlaggedSpends(db: Database, input: { commissionerId: string; page?: number }) {
  const condition = and(
    eq(spends.commissionerId, input.commissionerId),
    isNull(spends.reversedAt),
    or(eq(spends.flaggedForFinance, true), eq(spends.overspendWarning, true)),
  );
  const [{ total }] = await db.select({ total: count() }).from(spends).where(condition);
  const page = Math.max(1, input.page ?? 1);
  const rows = await db
    .select({
      id: spends.id,
      holderId: spends.holderId,
      givenName: holders.givenName,
      familyName: holders.familyName,
      spentOn: spends.spentOn,
      amountPence: spends.amountPence,
      whatFor: spends.whatFor,
      payee: payees.name,
      line: planSupportLines.description,
      flagReason: spends.flagReason,
      overspendWarning: spends.overspendWarning,
    })
    .from(spends)
    .innerJoin(holders, eq(holders.id, spends.holderId))
    .innerJoin(payees, eq(payees.id, spends.payeeId))
    .innerJoin(planSupportLines, eq(planSupportLines.id, spends.supportLineId))
    .where(condition)
    .orderBy(desc(spends.spentOn), desc(spends.loggedAt))
    .limit(SPEND_PAGE_SIZE)
    .offset((page - 1) * SPEND_PAGE_SIZE);
  return { total, page, pageCount: Math.max(1, Math.ceil(total / SPEND_PAGE_SIZE)), spends: rows };
}

/** One spend of the holder's, for the confirmation page. */
export async function loadSpend(db: Database, input: { holderId: string; spendId: string }) {
  if (!/^[0-9a-f-]{36}$/i.test(input.spendId)) return null;
  const [row] = await db
    .select({
      spend: spends,
      payee: payees.name,
      line: planSupportLines.description,
      heldByOrganisation: sql<boolean>`(${planSupportLines.holding} = 'third-party' and ${planSupportLines.thirdPartyOrganisationId} is not null)`,
      loggedByName: users.name,
    })
    .from(spends)
    .innerJoin(payees, eq(payees.id, spends.payeeId))
    .innerJoin(planSupportLines, eq(planSupportLines.id, spends.supportLineId))
    .innerJoin(users, eq(users.id, spends.loggedBy))
    .where(and(eq(spends.id, input.spendId), eq(spends.holderId, input.holderId)));
  return row ?? null;
}

/**
 * The filter of the spending list from its query string. A date that is not real is explained in the error summary
 * (and not applied); a support line that is not an id is a 404 (see requireId); any other bad value is dropped.
 */
export function spendFilterFrom(params: URLSearchParams, holderId: string): { filter: SpendFilter; values: Record<string, string>; errors: FieldError[] } {
  const get = (k: string) => params.get(k)?.trim() || undefined;
  const typed = readFilterDates(params);
  const dates = parseWithZod(typed.params, { schema: SpendDatesSchema });
  const howPaid = get("howPaid");
  const filter: SpendFilter = {
    holderId,
    q: get("q")?.slice(0, 100),
    lineKey: optionalId(get("line")) ?? undefined,
    howPaid: howPaid && Object.hasOwn(HOW_PAID_NAMES, howPaid) ? (howPaid as HowPaid) : undefined,
    flagged: get("flagged") === "yes",
    ...(dates.status === "success" ? dates.value : {}),
    page: pageFrom(params),
  };
  const values = { ...Object.fromEntries(["q", "line", "howPaid", "flagged", "from", "to"].map((k) => [k, params.get(k) ?? ""])), ...typed.values };
  return { filter, values, errors: withDateErrors(typed.errors, fieldErrors(dates)) };
}
