import { addDays, differenceInCalendarDays, endOfMonth, format, parseISO, subMonths } from "date-fns";
import { longDate } from "~/dates/long-date";
import { formatPence, type Pence } from "~/ledger/money";
import { countCell, penceCell, type CsvCell } from "~/security/spreadsheet-csv";

export type RestrictedRule = "refused" | "needs-agreement";

export interface RestrictedCategory {
  id: string;
  key: string;
  name: string;
  rule: RestrictedRule;
  reason: string;
  whatToDoInstead: string;
}

/**
 * The list every commissioner starts with (DOMAIN.md "Direct payments in practice"): what a budget may not buy, and
 * paying a close family member in the same household, which needs the commissioner's explicit agreement.
 */
export const DEFAULT_RESTRICTED_CATEGORIES: Omit<RestrictedCategory, "id">[] = [
  {
    key: "alcohol",
    name: "Alcohol",
    rule: "refused",
    reason: "A personal health budget cannot be spent on alcohol.",
    whatToDoInstead: "Pay for this with your own money. If you think it helps meet an outcome in your plan, talk to your care coordinator.",
  },
  {
    key: "tobacco",
    name: "Tobacco",
    rule: "refused",
    reason: "A personal health budget cannot be spent on tobacco.",
    whatToDoInstead: "Pay for this with your own money. Your GP or pharmacy can help with stop smoking support for free.",
  },
  {
    key: "gambling",
    name: "Gambling",
    rule: "refused",
    reason: "A personal health budget cannot be spent on gambling.",
    whatToDoInstead: "Pay for this with your own money. If gambling is causing you problems, the NHS National Problem Gambling Clinic can help.",
  },
  {
    key: "debt-repayment",
    name: "Paying off a debt",
    rule: "refused",
    reason: "A personal health budget cannot be used to repay debts.",
    whatToDoInstead: "Pay this from your own money. Free debt advice is available from Citizens Advice.",
  },
  {
    key: "illegal",
    name: "Anything illegal",
    rule: "refused",
    reason: "A personal health budget cannot be spent on anything illegal.",
    whatToDoInstead: "Do not make this purchase. Talk to your care coordinator about what you need.",
  },
  {
    key: "gp-services",
    name: "GP services",
    rule: "refused",
    reason: "You already get GP services from the NHS, so your budget cannot pay for them.",
    whatToDoInstead: "Use your GP practice as usual, free of charge.",
  },
  {
    key: "urgent-emergency-care",
    name: "Urgent and emergency care",
    rule: "refused",
    reason: "You already get urgent and emergency care from the NHS, so your budget cannot pay for it.",
    whatToDoInstead: "Call 111, or 999 in an emergency. These are free.",
  },
  {
    key: "nhs-charges",
    name: "NHS charges (such as prescription charges)",
    rule: "refused",
    reason: "A personal health budget cannot pay NHS charges such as prescription charges.",
    whatToDoInstead: "Pay NHS charges as usual, or check if you can get free prescriptions or a prepayment certificate.",
  },
  {
    key: "family-member-same-household",
    name: "Paying a close family member who lives with you",
    rule: "needs-agreement",
    reason: "Paying a close family member who lives in the same household needs the commissioner's explicit agreement.",
    whatToDoInstead: "You can log it now; finance will check it has been agreed. Ask your care coordinator if you have not agreed it yet.",
  },
];

export type RestrictedDecision = { outcome: "allowed" } | { outcome: "refused"; message: string } | { outcome: "needs-agreement"; message: string };

/** What choosing a category means for a spend: refused with the reason and what to do instead, or needs agreement. */
export function decideRestricted(category: RestrictedCategory | null | undefined): RestrictedDecision {
  if (!category) return { outcome: "allowed" };
  const message = `${category.reason} ${category.whatToDoInstead}`;
  return category.rule === "refused" ? { outcome: "refused", message } : { outcome: "needs-agreement", message };
}

export type OverspendRule = "warn" | "block";

export type OverspendDecision = { outcome: "within" } | { outcome: "warn"; message: string } | { outcome: "block"; message: string };

/** A spend above what is left on its plan line warns, or is refused where the budget's rule is to block. */
export function decideOverspend(input: { amountPence: Pence; leftPence: Pence; rule: OverspendRule; lineName: string }): OverspendDecision {
  if (input.amountPence <= input.leftPence) return { outcome: "within" };
  const left = formatPence(Math.max(0, input.leftPence));
  if (input.rule === "block") {
    return {
      outcome: "block",
      message: `The amount is more than is left on "${input.lineName}" (${left} left). Enter ${left} or less, or ask your care coordinator about changing your plan`,
    };
  }
  return {
    outcome: "warn",
    message: `This is more than is left on "${input.lineName}" (${left} left). It has been logged, and your care coordinator will see the line is overspent`,
  };
}

export interface LineFigures {
  allocatedPence: Pence;
  spentPence: Pence;
  committedPence: Pence;
}

/**
 * Left and % used of a line: both spent and committed count against what was allocated. 100% is said only when
 * nothing is left: rounded, £1,199.60 of £1,200 would read "100% used" beside "40p left" and a month it runs out in.
 */
export function lineTotals(f: LineFigures) {
  const usedPence = f.spentPence + f.committedPence;
  const leftPence = f.allocatedPence - usedPence;
  if (f.allocatedPence <= 0) return { leftPence, percentUsed: usedPence > 0 ? 100 : 0 };
  const rounded = Math.round((usedPence * 100) / f.allocatedPence);
  const percentUsed = leftPence > 0 ? Math.min(99, rounded) : leftPence < 0 ? Math.max(101, rounded) : 100;
  return { leftPence, percentUsed };
}

/** Under an outcome, how many of its support lines are counted under another outcome too, in words. */
export function sharedLinesNote(sharedLineCount: number, lineCount: number): string {
  if (lineCount === 1) return "Its one support line also helps with another outcome.";
  if (sharedLineCount === lineCount) return `All ${lineCount} of its support lines also help with other outcomes.`;
  return `${sharedLineCount} of its ${lineCount} support lines also ${sharedLineCount === 1 ? "helps" : "help"} with another outcome.`;
}

/**
 * Allocated, spent, committed, left and % used per outcome, and the budget once. The plan links a support line to
 * the outcomes it serves but states no share of its money for each, so a line counts in full under every outcome it
 * serves: where lines are shared the outcome rows overlap and add up to more than the budget, which is summed over
 * the lines, each once.
 */
export function outcomeFigures(outcomes: { position: number; outcome: string }[], lines: (LineFigures & { outcomePositions: number[] })[]) {
  const known = new Set(outcomes.map((o) => o.position));
  const servesMany = (l: { outcomePositions: number[] }) => l.outcomePositions.filter((p) => known.has(p)).length > 1;
  const sum = (its: LineFigures[]): LineFigures => ({
    allocatedPence: its.reduce((t, l) => t + l.allocatedPence, 0),
    spentPence: its.reduce((t, l) => t + l.spentPence, 0),
    committedPence: its.reduce((t, l) => t + l.committedPence, 0),
  });
  const rows = outcomes.map((o) => {
    const its = lines.filter((l) => l.outcomePositions.includes(o.position));
    const figures = sum(its);
    return {
      position: o.position,
      outcome: o.outcome,
      lineCount: its.length,
      sharedLineCount: its.filter(servesMany).length,
      ...figures,
      ...lineTotals(figures),
    };
  });
  const budget = sum(lines);
  return { outcomes: rows, budget: { ...budget, ...lineTotals(budget) }, outcomesOverlap: lines.some(servesMany) };
}

export type Projection =
  | { kind: "nothing-spent" }
  | { kind: "fully-used"; committed: boolean }
  | { kind: "over"; overPence: Pence }
  | { kind: "lasts" }
  | { kind: "runs-out"; on: string; month: string };

/**
 * "At this rate the line runs out in March", told from the same figures as the row beside it, so it cannot
 * contradict them: what is left is the allocation less what is spent and what is committed (money set aside for care
 * the NHS has arranged is gone as surely as money spent), nothing left says so, and more than allocated is over
 * budget. The rate is the money actually spent over the days of the period gone by: a commitment is made once, up
 * front, so counting it as a day-by-day rate would project a line to run out the week it was arranged. Integer
 * arithmetic on pence and days; the day it runs out is the first on which the rate has used up what is left, so
 * always after `today`.
 */
export function projectRunOut(input: LineFigures & { periodStart: string; periodEnd: string; today: string }): Projection {
  const { leftPence } = lineTotals(input);
  if (leftPence < 0) return { kind: "over", overPence: -leftPence };
  if (input.spentPence + input.committedPence <= 0) return { kind: "nothing-spent" };
  if (leftPence === 0) return { kind: "fully-used", committed: input.committedPence > 0 };
  if (input.spentPence <= 0) return { kind: "nothing-spent" };
  const today = parseISO(input.today);
  const daysGone = Math.max(1, differenceInCalendarDays(today, parseISO(input.periodStart)) + 1);
  const daysLeft = Math.ceil((leftPence * daysGone) / input.spentPence);
  // Compared as day counts: a penny spent against a large line projects millions of days, past any date there is.
  if (daysLeft > differenceInCalendarDays(parseISO(input.periodEnd), today)) return { kind: "lasts" };
  const runsOut = addDays(today, daysLeft);
  return { kind: "runs-out", on: format(runsOut, "yyyy-MM-dd"), month: format(runsOut, "MMMM yyyy") };
}

export function projectionText(p: Projection, f: { committedPence: Pence }): string {
  switch (p.kind) {
    case "nothing-spent":
      return "Nothing spent yet";
    case "fully-used":
      return p.committed ? "Fully used or committed: nothing is left to spend" : "Fully used: nothing is left to spend";
    case "over":
      return `Over budget by ${formatPence(p.overPence)}`;
    case "lasts":
      return "At this rate the money lasts the year";
    case "runs-out":
      return f.committedPence > 0 ? `At this rate the money not already committed runs out in ${p.month}` : `At this rate the line runs out in ${p.month}`;
  }
}

/**
 * What the figures cover. For the whole plan year every column can be given. For dates chosen within it, only what
 * was spent and committed in them can: the allocation is the year's, so the year's allocation less a month's spending
 * would read as what is left when it is not, and a rate over a few chosen weeks says nothing about the year. So the
 * headings say the dates, and what is left, % used and the projection are not shown.
 */
export function reportScope(period: { start: string; end: string }, year: { start: string; end: string }) {
  const covers = `from ${longDate(period.start)} to ${longDate(period.end)}`;
  if (period.start === year.start && period.end === year.end) {
    return { filtered: false as const, covers, columns: ["Allocated", "Spent", "Committed", "Left", "Used"] };
  }
  return {
    filtered: true as const,
    covers,
    columns: ["Allocated for the plan year", `Spent ${covers}`, `Committed ${covers}`],
  };
}

/** A line the NHS arranges (notional) is paid by the NHS on invoice; a line the holder pays for never is. */
export function checkHowPaid(holding: "notional" | "third-party" | "direct-payment", howPaid: string): string | null {
  if (holding === "notional" && howPaid !== "invoice") return "This line is arranged by the NHS: select Invoice paid by the NHS";
  if (holding !== "notional" && howPaid === "invoice") return "Select how it was paid from the budget: only lines the NHS arranges are paid on invoice";
  return null;
}

/** Who is logging or changing a spend: the holder's side, the organisation holding a third-party budget, or staff. */
export type SpendKeeper = "staff" | "organisation" | "holder-or-representative";

export function spendKeeperOf(kind: string): SpendKeeper {
  return kind === "staff" ? "staff" : kind === "support" ? "organisation" : "holder-or-representative";
}

/**
 * Whose record a spend is to keep. An invoice the NHS paid is staff's to change. Money an organisation holds for the
 * holder as a third-party budget is logged and corrected by that organisation, which answers for it; the holder
 * sees it, read-only.
 */
export function checkMayChangeSpend(spend: { howPaid: string; heldByOrganisation: boolean }, changedBy: SpendKeeper): string | null {
  if (spend.howPaid === "invoice" && changedBy !== "staff") {
    return "Only your personal health budget team can change an invoice the NHS paid: contact them if it is wrong";
  }
  if (spend.heldByOrganisation && changedBy === "holder-or-representative") {
    return "Your support organisation holds this money for you and keeps the record of what is spent from it: contact them if something is missing or wrong";
  }
  return null;
}

/**
 * On a line the NHS arranges, invoices are spent, and commitments count as committed for what is not yet invoiced:
 * a £1,200 commitment with £400 invoiced leaves £800 committed, and invoices beyond it commit nothing more.
 */
export function notionalFigures(input: { allocatedPence: Pence; invoicedPence: Pence; commitmentsPence: Pence }): LineFigures {
  return {
    allocatedPence: input.allocatedPence,
    spentPence: input.invoicedPence,
    committedPence: Math.max(0, input.commitmentsPence - input.invoicedPence),
  };
}

/** Spent on must be a real date, not in the future, not before the plan started. */
export function checkSpentOn(spentOn: string, input: { today: string; planStartsOn: string }): string | null {
  if (spentOn > input.today) return "The date of the spend must be today or in the past";
  if (spentOn < input.planStartsOn)
    return `The date of the spend must be on or after the plan started (${format(parseISO(input.planStartsOn), "d MMMM yyyy")})`;
  return null;
}

/**
 * Finance closes spending a month at a time, in order; once closed, nothing dated in it can be logged or changed,
 * so the figures finance reconciled stay as they were. `closedThrough` is the last day of the last month closed.
 */
export function checkPeriodOpen(spentOn: string, closedThrough: string | null): string | null {
  if (!closedThrough || spentOn > closedThrough) return null;
  return `Spending up to ${longDate(closedThrough)} has been closed by finance, so it cannot be logged or changed here. Contact your personal health budget team to correct it`;
}

/** The months finance can close next: each month that has ended, after the last one closed, newest first; at most a year. */
export function closableMonths(input: { closedThrough: string | null; today: string }): { month: string; name: string; lastDay: string }[] {
  const months = [];
  for (let back = 1; back <= 12; back++) {
    const lastDay = format(endOfMonth(subMonths(parseISO(input.today), back)), "yyyy-MM-dd");
    if (input.closedThrough && lastDay <= input.closedThrough) break;
    months.push({ month: lastDay.slice(0, 7), name: format(parseISO(lastDay), "MMMM yyyy"), lastDay });
  }
  return months;
}

/** "Logged by Sam Carter (your representative) on 3 March": who logged a spend, told to the person looking. */
export function attributionText(input: {
  loggedByName: string;
  loggedBy: string;
  byRepresentative: boolean;
  loggedAt: Date | string;
  viewerUserId: string;
  viewerIsHolder: boolean;
}): string {
  const on = format(typeof input.loggedAt === "string" ? parseISO(input.loggedAt) : input.loggedAt, "d MMMM");
  if (input.loggedBy === input.viewerUserId) return `Logged by you on ${on}`;
  const role = input.byRepresentative ? (input.viewerIsHolder ? " (your representative)" : " (representative)") : "";
  return `Logged by ${input.loggedByName}${role} on ${on}`;
}

export const SPEND_CSV_HEADER = ["Date", "Paid to", "What it was for", "Support line", "How paid", "Amount", "Logged by", "Flags", "Reference"];

/** One spend as a spreadsheet row: dates dd/mm/yyyy, amounts to the penny with no currency sign; the rest is text. */
export function spendCsvRow(s: {
  spentOn: string;
  payee: string;
  whatFor: string;
  line: string;
  howPaid: string;
  amountPence: Pence;
  loggedByName: string;
  byRepresentative: boolean;
  flagReason: string | null;
  overspendWarning: boolean;
  reversedAt: Date | string | null;
  journalEntryId: number;
}): CsvCell[] {
  const [y, m, d] = s.spentOn.split("-");
  const flags = [s.flagReason, s.overspendWarning ? "Over the plan line" : null, s.reversedAt ? "Changed (reversed)" : null].filter(Boolean).join("; ");
  return [
    `${d}/${m}/${y}`,
    s.payee,
    s.whatFor,
    s.line,
    s.howPaid,
    penceCell(s.amountPence),
    `${s.loggedByName}${s.byRepresentative ? " (representative)" : ""}`,
    flags,
    countCell(s.journalEntryId),
  ];
}
