import { and, eq, inArray } from "drizzle-orm";
import type { Database } from "../../db/client.server";
import { holders, planVersions, representatives, staffRoles, users } from "../../db/schema";
import type { Actor } from "../../app/audit/audit.server";
import { openArrangement } from "../../app/budgets/arrangements.server";
import { longDate } from "../../app/dates/long-date";
import { postDueInstalments } from "../../app/ledger/instalments.server";
import { formatPence } from "../../app/ledger/money";
import { checkReceipts } from "../../app/spending/receipts";
import { FIVE_CRITERIA, planYear } from "../../app/plans/rules";
import { addCommitment } from "../../app/spending/commitments.server";
import { findOrAddPayee } from "../../app/spending/payees.server";
import { recordRefund } from "../../app/spending/refunds.server";
import { agreePlan, approvePlan } from "../../app/plans/plan-decisions.server";
import { savePlanDraft, startPlanVersion, submitPlan, type PlanContent } from "../../app/plans/plans.server";
import { loadVersionContent } from "../../app/plans/plan-views.server";
import { editSpend, logSpend, type HowPaid, type SpendInput } from "../../app/spending/spends.server";
import { loadPlanInForce } from "../../app/plans/plan-in-force.server";
import { seedEmployer, seedPaymentsDue, seedPayrollWeek, type SeededPayroll } from "./payroll";

function addDays(date: string, days: number) {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Who did it: the holder, their representative acting for them, their care coordinator, or the approver. */
type Who = "holder" | "representative" | "coordinator" | "approver";

type SeedEvent =
  | {
      kind: "spend";
      on: string;
      key: string;
      by: Who;
      line: string;
      payee: string;
      pence: number;
      whatFor: string;
      howPaid: HowPaid;
      /** What the attached receipt is, when there is one: "Receipt", "Invoice", "Payslip". */
      receipt?: string;
    }
  | { kind: "correction"; on: string; key: string; of: string; pence: number; reason: string }
  | { kind: "payroll"; on: string; payee: string; line: string; netPence: number; taxPence: number; pensionPence: number; description: string }
  | { kind: "refund"; on: string; payee: string; line: string; pence: number; description: string }
  | { kind: "review"; on: string; why: string; change: (content: PlanContent) => PlanContent }
  | { kind: "commitment"; on: string; line: string; provider: string; description: string; pence: number; endsOn: string; reference: string };

/** What happens in one 4-week period of a plan (from 0), by day of the period (0 is the day its instalment is paid). */
type Period = (period: number, on: (day: number) => string) => SeedEvent[];

const CHLOE = "Chloe Evans (personal assistant)";

/** A day out a month with her personal assistant; the zoo has no receipt, so finance will see it flagged. */
const AISHA_DAYS_OUT: { payee: string; whatFor: string; pence: number; receipt?: string }[] = [
  { payee: "Bradgate Park Trust", whatFor: "Parking and lunch at Bradgate Park with Chloe", pence: 1_860 },
  { payee: "National Space Centre", whatFor: "National Space Centre tickets for Aisha and Chloe", pence: 4_100 },
  { payee: "Showcase Cinema de Lux", whatFor: "Cinema tickets for Aisha and Chloe", pence: 2_380 },
  { payee: "Twycross Zoo", whatFor: "Twycross Zoo tickets and lunch for Aisha and Chloe", pence: 5_900 },
  { payee: "East Midlands Railway", whatFor: "Train to Nottingham with Chloe", pence: 2_460 },
  { payee: "Curve Theatre", whatFor: "Curve Theatre tickets for Aisha and Chloe", pence: 6_400, receipt: "Receipt" },
  { payee: "Abbey Pumping Station", whatFor: "Steam day at Abbey Pumping Station with Chloe", pence: 1_200 },
  { payee: "Leicester Pottery Cafe", whatFor: "Pottery painting with Chloe", pence: 2_700 },
  { payee: "West Midlands Railway", whatFor: "Train to the Birmingham Christmas market with Chloe", pence: 3_870 },
];
/**
 * Aisha's three-month review (handbook 4.3.1): one more hour a week with Chloe, to practise cooking, paid for by
 * fewer days out. Version 2 of her plan applies from the review; her direct payment stays the same account.
 */
const AISHA_REVIEW = "2026-07-01";
const REVIEWS: Record<string, SeedEvent[]> = {
  "9990000034": [
    {
      kind: "review",
      on: AISHA_REVIEW,
      why: "Three-month review",
      change: (c) => ({
        ...c,
        supportLines: c.supportLines.map((l) =>
          l.description === "Personal assistant" ? { ...l, units: 21 } : l.description === "Days out with my personal assistant" ? { ...l, units: 30 } : l,
        ),
      }),
    },
  ],
};

const CHLOE_MILES = [62, 48, 70, 55, 80, 66, 58, 72, 60, 64, 50, 68, 56];
const JORDAN_HOURS = [36, 34, 38, 36, 24, 30, 38, 36, 36, 38, 32, 38, 34];

/** The demo's money, period by period, for each holder with a direct payment, by NHS number. */
const HISTORY: Record<string, Period> = {
  // Aisha employs a personal assistant through payroll, goes to art classes and swimming, and has a day out a month.
  "9990000034": (p, on) => {
    const dayOut = AISHA_DAYS_OUT[p % AISHA_DAYS_OUT.length];
    const miles = CHLOE_MILES[p % CHLOE_MILES.length];
    const spend = (day: number, key: string, line: string, payee: string, pence: number, whatFor: string, howPaid: HowPaid, receipt?: string): SeedEvent => ({
      kind: "spend",
      on: on(day),
      key: `${key}:${p}`,
      by: "holder",
      line,
      payee,
      pence,
      whatFor,
      howPaid,
      receipt,
    });
    return [
      // From her review on 1 July, Chloe works 21 hours a week instead of 20.
      ...[6, 13, 20, 27].map((day): SeedEvent => ({
        kind: "payroll",
        on: on(day),
        payee: CHLOE,
        line: "Personal assistant",
        ...(on(day) < AISHA_REVIEW ? { netPence: 32_850, taxPence: 3_640, pensionPence: 1_510 } : { netPence: 34_490, taxPence: 3_825, pensionPence: 1_585 }),
        description: `Personal assistant wages for Chloe Evans, week to ${longDate(on(day))}`,
      })),
      // In the third period Aisha types £3.60 for £36.00 and corrects it the next day.
      spend(2, "art", "Art classes and swimming", "Leicester Community Arts", p === 2 ? 360 : 3_600, `Art classes, 4 weeks from ${longDate(on(2))}`, "card"),
      ...(p === 2
        ? [{ kind: "correction", on: on(3), key: `art-corrected:${p}`, of: `art:${p}`, pence: 3_600, reason: "I typed £3.60 instead of £36.00" } as const]
        : []),
      spend(5, "bus", "Days out with my personal assistant", "Arriva Midlands", 4_750, "4-week bus ticket for days out with Chloe", "card"),
      spend(9, "swimming", "Art classes and swimming", "Leicester Leisure Centres", 1_400, "Swimming, 4 sessions at £3.50", "card"),
      spend(16, "day-out", "Days out with my personal assistant", dayOut.payee, dayOut.pence, dayOut.whatFor, "card", dayOut.receipt),
      spend(
        24,
        "mileage",
        "Personal assistant",
        CHLOE,
        miles * 45,
        `Chloe's mileage for days out: ${miles} miles at 45p, 4 weeks to ${longDate(on(24))}`,
        "account-transfer",
      ),
      ...(p === 1
        ? [
            spend(
              12,
              "training",
              "Personal assistant training",
              "St John Ambulance",
              18_500,
              "First aid at work course for Chloe",
              "account-transfer",
              "Receipt",
            ),
          ]
        : []),
      ...(p === 6
        ? [
            spend(
              12,
              "training",
              "Personal assistant training",
              "Leicestershire Direct Payment Support",
              9_500,
              "Autism awareness course for Chloe",
              "account-transfer",
              "Receipt",
            ),
            {
              kind: "refund",
              on: on(20),
              payee: "Leicester Community Arts",
              line: "Art classes and swimming",
              pence: 900,
              description: "One art class was cancelled",
            } as const,
          ]
        : []),
    ];
  },
  // Leo's parent Sam pays his after-school personal assistant and his swimming club from the direct payment; his
  // care coordinator books his short breaks, which the NHS arranges (a notional line).
  "9990000042": (p, on) => {
    const hours = JORDAN_HOURS[p % JORDAN_HOURS.length];
    return [
      // At the start of the year the coordinator sets aside a year of short breaks with Brightside.
      ...(p === 0
        ? [
            {
              kind: "commitment" as const,
              on: on(0),
              line: "Short breaks",
              provider: "Brightside Respite Care",
              description: "12 weekend short breaks over the year",
              pence: 12 * 46_000,
              endsOn: addDays(on(0), 364),
              reference: "PO-2026-0417",
            },
          ]
        : []),
      {
        kind: "spend",
        on: on(5),
        key: `swimming:${p}`,
        by: "representative",
        line: "Personal assistant after school",
        payee: "Aquaterra Leisure",
        pence: 4_800,
        whatFor: "Swimming club with his personal assistant, 4 weeks",
        howPaid: "card",
      },
      {
        kind: "spend",
        on: on(17),
        key: `short-break:${p}`,
        by: "coordinator",
        line: "Short breaks",
        payee: "Brightside Respite Care",
        pence: 46_000,
        whatFor: `Short break at Brightside, weekend of ${longDate(on(17))}`,
        howPaid: "invoice",
        receipt: "Invoice",
      },
      {
        kind: "spend",
        on: on(27),
        key: `wages:${p}`,
        by: "representative",
        line: "Personal assistant after school",
        payee: "Jordan Hughes (personal assistant)",
        pence: hours * 3_000,
        whatFor: `Jordan's wages: ${hours} hours after school, 4 weeks to ${longDate(on(27))}`,
        howPaid: "account-transfer",
        receipt: "Payslip",
      },
    ];
  },
};

/**
 * The money that has moved since the seeded plans started, up to the day before `today` and within the plan's first
 * year, day by day in date order: the instalments the daily job pays (third-party budgets too), the spending logged
 * through logSpend (by the holder, by Sam Carter for Leo, and the invoices for Leo's short breaks, which the care
 * coordinator set money aside for at the start of the year and logs as they come), one spend corrected through
 * editSpend, Aisha's payroll and a refund, each counted against its plan line, and Aisha's three-month review, which
 * approves version 2 of her plan through the same steps staff take. The plans and their arrangements come first
 * (seedPlans). The same `today` seeds the same history.
 */
export function seedLedger(db: Database, input: { today: string }) {
  // All or nothing, like the rest of the demo data; each entry is a savepoint inside it.
  return db.transaction((tx) => seedLedgerIn(tx, input.today));
}

async function seedLedgerIn(db: Database, today: string) {
  const seeded = await db
    .select()
    .from(holders)
    .where(inArray(holders.nhsNumber, Object.keys(HISTORY)));
  if (seeded.length === 0) return;
  const yesterday = addDays(today, -1);
  let lastDay: string | null = null;

  for (const holder of seeded) {
    let plan = await loadPlanInForce(db, holder.id);
    if (!plan) continue;
    const { commissionerId } = holder;
    const until = [yesterday, planYear(plan.startsOn, plan.startsOn).end].sort()[0];
    if (until < plan.startsOn) continue;
    if (!lastDay || until > lastDay) lastDay = until;

    const actors = await actorsFor(db, holder);
    const actor = (who: Who) => {
      const found = actors[who];
      if (!found) throw new Error(`seeding the ledger: ${holder.givenName} has no ${who}`);
      return found;
    };
    // Payroll and refunds are the holder's own, or their representative's for them.
    const self = actors.holder ?? actor("representative");
    const lineNamed = (description: string) => {
      const line = plan!.lines.find((l) => l.description === description);
      if (!line) throw new Error(`seeding the ledger: ${holder.givenName}'s plan has no line "${description}"`);
      return line;
    };
    const payee = async (name: string) => {
      const found = await findOrAddPayee(db, { holderId: holder.id, commissionerId, newPayeeName: name });
      if (!found.ok) throw new Error(`seeding the ledger: ${found.message}`);
      return found.payee;
    };
    const payInstalments = async (on: string) => {
      const run = await postDueInstalments(db, { until: on, holderId: holder.id });
      if (run.refused.length) throw new Error(`seeding the ledger: ${run.refused[0].message}`);
    };

    const events: SeedEvent[] = [...(REVIEWS[holder.nhsNumber] ?? [])];
    for (let period = 0, start = plan.startsOn; start <= until; period++, start = addDays(start, 28)) {
      const periodStart = start;
      events.push(...HISTORY[holder.nhsNumber](period, (day) => addDays(periodStart, day)));
    }
    // In date order (a stable sort, reviews first on their day), so each day spends only what has been paid in by then.
    const due = events.filter((e) => e.on <= until).sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0));

    await openArrangement(db, { commissionerId, holderId: holder.id, holding: "direct-payment", on: plan.startsOn });
    const logged = new Map<string, { input: SpendInput; spendId: string }>();
    let payroll: SeededPayroll | undefined;
    for (const event of due) {
      await payInstalments(event.on);
      if (payroll) await seedPaymentsDue(db, payroll, event.on);
      switch (event.kind) {
        case "review": {
          await reviewPlan(db, {
            holderId: holder.id,
            on: event.on,
            change: event.change,
            coordinator: actor("coordinator"),
            approver: actor("approver"),
            agreedBy: self,
          });
          plan = (await loadPlanInForce(db, holder.id))!;
          break;
        }
        case "spend": {
          const line = lineNamed(event.line);
          const input: SpendInput = {
            actor: actor(event.by),
            holderId: holder.id,
            formToken: `seed:${holder.nhsNumber}:${event.key}`,
            spentOn: event.on,
            newPayeeName: event.payee,
            amountPence: event.pence,
            whatFor: event.whatFor,
            supportLineId: line.id,
            howPaid: event.howPaid,
            restrictedCategoryId: null,
            receipts: event.receipt ? receiptsFor(event.receipt, event.payee, event.whatFor, event.on, event.pence) : [],
            // Logged on the day it was spent.
            today: event.on,
          };
          const result = await logSpend(db, input);
          if (!result.ok) throw new Error(`seeding spending: ${event.key}: ${result.message}`);
          logged.set(event.key, { input, spendId: result.spend.id });
          break;
        }
        case "correction": {
          const original = logged.get(event.of);
          if (!original) throw new Error(`seeding spending: nothing logged as ${event.of} to correct`);
          const result = await editSpend(db, {
            ...original.input,
            formToken: `seed:${holder.nhsNumber}:${event.key}`,
            amountPence: event.pence,
            spendId: original.spendId,
            reason: event.reason,
            today: event.on,
          });
          if (!result.ok) throw new Error(`seeding spending: ${event.key}: ${result.message}`);
          break;
        }
        case "payroll": {
          const [givenName, familyName] = event.payee.replace(/ \(.*\)$/, "").split(" ");
          payroll ??= await seedEmployer(db, {
            holderId: holder.id,
            commissionerId,
            assistant: { givenName, familyName },
            lineKey: lineNamed(event.line).lineKey,
            startsOn: plan.startsOn,
          });
          await seedPayrollWeek(db, payroll, { paidOn: event.on, netPence: event.netPence, taxPence: event.taxPence, pensionPence: event.pensionPence });
          break;
        }
        case "commitment": {
          const line = lineNamed(event.line);
          const coordinator = actor("coordinator");
          const result = await addCommitment(db, {
            actor: { ...coordinator, userId: coordinator.userId! },
            holderId: holder.id,
            supportLineId: line.id,
            provider: event.provider,
            description: event.description,
            amountPence: event.pence,
            startsOn: event.on,
            endsOn: event.endsOn,
            reference: event.reference,
          });
          if (!result.ok) throw new Error(`seeding commitments: ${result.message}`);
          break;
        }
        case "refund": {
          const result = await recordRefund(db, {
            actor: self,
            holderId: holder.id,
            payeeId: (await payee(event.payee)).id,
            supportLineId: lineNamed(event.line).id,
            amountPence: event.pence,
            receivedOn: event.on,
            whatFor: event.description,
            token: `seed:${holder.nhsNumber}:${event.on}`,
          });
          if (!result.ok) throw new Error(`seeding a refund: ${result.message}`);
          break;
        }
      }
    }
    await payInstalments(until);
    if (payroll) await seedPaymentsDue(db, payroll, until);
  }
  // Everyone else's instalments too (a third-party budget), as the daily job would have paid them.
  if (lastDay) {
    const run = await postDueInstalments(db, { until: lastDay, commissionerId: seeded[0].commissionerId });
    if (run.refused.length) throw new Error(`seeding the ledger: ${run.refused[0].message}`);
  }
}

/** A plan review as staff do it: a new version drafted, submitted, approved by someone else, and agreed. */
async function reviewPlan(
  db: Database,
  input: { holderId: string; on: string; change: (content: PlanContent) => PlanContent; coordinator: Actor; approver: Actor; agreedBy: Actor },
) {
  const must = <T extends { ok: boolean }>(result: T, step: string): T & { ok: true } => {
    if (!result.ok) throw new Error(`seeding a plan review (${step}): ${(result as unknown as { message: string }).message}`);
    return result as T & { ok: true };
  };
  const { version } = must(await startPlanVersion(db, { actor: input.coordinator, holderId: input.holderId, today: input.on }), "start");
  const content = await loadVersionContent(db, version.id);
  const draft: PlanContent = input.change({
    startsOn: version.startsOn,
    whatMatters: version.whatMatters,
    whoWasInvolved: version.whoWasInvolved,
    // Confirmed with the person afresh at the review: a new version never carries them.
    criteriaMet: FIVE_CRITERIA.map((c) => c.key),
    contingencyPence: version.contingencyPence,
    firstReviewOn: version.firstReviewOn,
    reviewEveryMonths: version.reviewEveryMonths,
    outcomes: content.outcomes.map((o) => ({ outcome: o.outcome, howWillYouKnow: o.howWillYouKnow })),
    supportLines: content.supportLines.map((l) => ({
      lineKey: l.lineKey,
      description: l.description,
      provider: l.provider,
      units: l.units,
      frequency: l.frequency,
      costPerUnitPence: l.costPerUnitPence,
      fundingSource: l.fundingSource,
      holding: l.holding,
      thirdPartyOrganisationId: l.thirdPartyOrganisationId,
      outcomePositions: l.outcomePositions,
    })),
  });
  const ids = { holderId: input.holderId, planVersionId: version.id };
  must(await savePlanDraft(db, { ...ids, actor: input.coordinator, content: draft, today: input.on }), "save");
  must(await submitPlan(db, { ...ids, actor: input.coordinator }), "submit");
  must(await approvePlan(db, { ...ids, actor: input.approver, today: input.on }), "approve");
  must(await agreePlan(db, { ...ids, actor: input.agreedBy }), "agree");
  // Stamped with the day of the review rather than the day the demo data was made.
  const at = new Date(`${input.on}T10:00:00Z`);
  await db.update(planVersions).set({ submittedAt: at, approvedAt: at, agreedAt: at }).where(eq(planVersions.id, version.id));
}

/** The holder (when they have an account), their representative acting for them, and the commissioner's coordinator. */
async function actorsFor(db: Database, holder: typeof holders.$inferSelect): Promise<Partial<Record<Who, Actor>>> {
  const { commissionerId } = holder;
  const [rep] = await db.select({ userId: representatives.userId }).from(representatives).where(eq(representatives.holderId, holder.id));
  const [coordinator] = await db
    .select({ id: users.id })
    .from(users)
    .innerJoin(staffRoles, and(eq(staffRoles.userId, users.id), eq(staffRoles.role, "coordinator")))
    .where(eq(users.commissionerId, commissionerId))
    .orderBy(users.email)
    .limit(1);
  const [approver] = await db
    .select({ id: users.id })
    .from(users)
    .innerJoin(staffRoles, and(eq(staffRoles.userId, users.id), eq(staffRoles.role, "approver")))
    .where(eq(users.commissionerId, commissionerId))
    .orderBy(users.email)
    .limit(1);
  return {
    holder: holder.userId ? { userId: holder.userId, commissionerId } : undefined,
    representative: rep ? { userId: rep.userId, commissionerId, onBehalfOfHolderId: holder.id } : undefined,
    coordinator: coordinator ? { userId: coordinator.id, commissionerId } : undefined,
    approver: approver ? { userId: approver.id, commissionerId } : undefined,
  };
}

/** A receipt as the holder would upload it: a one-page PDF saying who was paid, for what, when and how much. */
function receiptsFor(label: string, payee: string, whatFor: string, on: string, pence: number) {
  const bytes = onePagePdf([payee, label, whatFor, `Date: ${longDate(on)}`, `Amount: ${formatPence(pence)}`]);
  const checked = checkReceipts([{ name: `${label} ${payee} ${on}.pdf`, bytes }]);
  if (!checked.ok) throw new Error(`seeding spending: ${checked.messages.join("; ")}`);
  return checked.receipts;
}

/** The smallest PDF that opens: one page of Helvetica lines, in Latin-1 (so "£" is one byte), with its cross-reference table. */
function onePagePdf(lines: string[]): Uint8Array {
  const text = `BT /F1 14 Tf 72 770 Td 22 TL ${lines.map((l) => `(${l.replace(/[\\()]/g, (c) => `\\${c}`)}) Tj T*`).join(" ")} ET`;
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    `<< /Length ${text.length} >>\nstream\n${text}\nendstream`,
  ];
  let pdf = "%PDF-1.4\n";
  const offsets = objects.map((body, i) => {
    const at = pdf.length;
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
    return at;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(pdf, "latin1"));
}
