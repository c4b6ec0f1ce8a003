import { and, asc, eq, getTableColumns, inArray, isNull, lte, sql } from "drizzle-orm";
import { builtOnce, type Database } from "#db/client.server";
import { arrangements, fundingFrequencies, holders, instalments, supportOrganisations } from "#db/schema";
import { recordAudit, type Actor } from "~/audit/audit.server";
import { longDate } from "~/dates/long-date";
import { openArrangement } from "~/budgets/arrangements.server";
import { approvedVersionsOf, loadPlanHistory, type PlanHistory } from "~/plans/plan-in-force.server";
import { planYear } from "~/plans/rules";
import { takeRecoveriesFromInstalment } from "~/recovery/instalment-deductions.server";
import { ensureOutsideAccount } from "./accounts.server";
import {
  arrangementRates,
  INSTALMENTS_A_YEAR,
  instalmentKey,
  instalmentReference,
  scheduleYear,
  type FundingFrequency,
  type Rate,
  type Slot,
} from "./instalments";
import type { Pence } from "./money";
import { closedThroughOf, postEntry } from "./post-entry.server";

type ArrangementRow = typeof arrangements.$inferSelect;

/** Everything that decides what an arrangement is paid: when its plan years start, its rates, how often, its end. */
export interface FundingTerms {
  anchor: string;
  endsOn: string | null;
  rates: Rate[];
  frequencyFor(yearStart: string): FundingFrequency;
}

/** Direct payments every four weeks and third-party budgets monthly, until finance chooses otherwise. */
const DEFAULT_FREQUENCY = { "direct-payment": "four-weekly", "third-party": "monthly" } as const;

/** The frequency for a plan year: the setting in force on the day it starts (a history, oldest first). */
export function frequencyOn(history: { frequency: FundingFrequency; appliesFrom: string }[], yearStart: string, fallback: FundingFrequency): FundingFrequency {
  let frequency = fallback;
  for (const h of history) if (h.appliesFrom <= yearStart) frequency = h.frequency;
  return frequency;
}

/** The history of how often the commissioner's direct payments (no organisation) or an organisation's third-party budgets are paid. */
function frequencyHistory(db: Database, commissionerId: string, organisationId: string | null) {
  return organisationId
    ? builtOnce(db, organisationFrequencies).execute({ commissionerId, organisationId })
    : builtOnce(db, directPaymentFrequencies).execute({ commissionerId });
}

const frequenciesQuery = (ofOrganisation: boolean) => (db: Database) =>
  db
    .select({ frequency: fundingFrequencies.frequency, appliesFrom: fundingFrequencies.appliesFrom, setAt: fundingFrequencies.setAt })
    .from(fundingFrequencies)
    .where(
      and(
        eq(fundingFrequencies.commissionerId, sql.placeholder("commissionerId")),
        ofOrganisation ? eq(fundingFrequencies.supportOrganisationId, sql.placeholder("organisationId")) : isNull(fundingFrequencies.supportOrganisationId),
      ),
    )
    .orderBy(asc(fundingFrequencies.appliesFrom), asc(fundingFrequencies.setAt))
    .prepare(ofOrganisation ? "organisation_frequencies" : "direct_payment_frequencies");
const organisationFrequencies = frequenciesQuery(true);
const directPaymentFrequencies = frequenciesQuery(false);

/**
 * What an arrangement is paid and when: its share of each approved plan version from when the version applied, the
 * days a direct payment was stopped or refused taken out, in plan years from the plan's start, until the plan ends.
 * Null when the holder has no approved plan.
 */
export async function loadFundingTerms(db: Database, arrangement: ArrangementRow, known?: PlanHistory): Promise<FundingTerms | null> {
  const history = known ?? (await loadPlanHistory(db, arrangement.holderId));
  const versions = history ? approvedVersionsOf(history) : [];
  if (!history || versions.length === 0) return null;
  const share = (lines: (typeof versions)[number]["lines"]) =>
    lines
      .filter(
        (l) => l.holding === arrangement.holding && (arrangement.holding !== "third-party" || l.thirdPartyOrganisationId === arrangement.supportOrganisationId),
      )
      .reduce((t, l) => t + l.amountPence, 0);
  const stops =
    arrangement.holding === "direct-payment"
      ? history.decisions.map((d) => ({ from: d.effectiveOn, until: d.reconsiderStatus === "accepted" ? d.overturnedOn : null }))
      : [];
  const frequencies = await frequencyHistory(db, arrangement.commissionerId, arrangement.supportOrganisationId);
  const fallback = DEFAULT_FREQUENCY[arrangement.holding as "direct-payment" | "third-party"];
  return {
    anchor: versions.reduce((first, v) => (v.startsOn < first ? v.startsOn : first), versions[0].startsOn),
    endsOn: history.plan?.endedOn ?? null,
    rates: arrangementRates({
      versions: versions.map((v) => ({ version: v.version, inForceFrom: v.inForceFrom, annualPence: share(v.lines) })),
      stops,
    }),
    frequencyFor: (yearStart) => frequencyOn(frequencies, yearStart, fallback),
  };
}

const paidSlotsQuery = (db: Database) =>
  db
    .select({ number: instalments.number, amountPence: instalments.amountPence })
    .from(instalments)
    .where(and(eq(instalments.arrangementId, sql.placeholder("arrangementId")), eq(instalments.planYearStartsOn, sql.placeholder("yearStart"))))
    .prepare("paid_slots");

async function paidSlots(db: Database, arrangementId: string, yearStart: string) {
  const rows = await builtOnce(db, paidSlotsQuery).execute({ arrangementId, yearStart });
  return new Map(rows.map((r) => [r.number, r.amountPence]));
}

/** One plan year of an arrangement's instalments: paid, due, stopped, after the end. */
export async function scheduleFor(db: Database, arrangement: ArrangementRow, terms: FundingTerms, on: string) {
  const year = planYear(terms.anchor, on);
  const frequency = terms.frequencyFor(year.start);
  const schedule = scheduleYear({
    yearStart: year.start,
    yearEnd: year.end,
    frequency,
    rates: terms.rates,
    endsOn: terms.endsOn,
    paid: await paidSlots(db, arrangement.id, year.start),
  });
  return { year, frequency, ...schedule };
}

export interface InstalmentRunResult {
  posted: number;
  postedPence: Pence;
  alreadyPosted: number;
  refused: { arrangementId: string; dueOn: string; message: string }[];
}

const INSTALMENT_NAMES: Record<"direct-payment" | "third-party", string> = {
  "direct-payment": "Direct payment instalment",
  "third-party": "Third-party budget payment",
};

/**
 * Pays every instalment due up to and including `until` into each direct-payment and third-party arrangement, from
 * the commissioner's funding account. Each instalment is its own transaction, under a lock on its arrangement, and
 * is keyed by arrangement, plan year and number: a re-run, a second process running at the same moment, or the run
 * after one that died half way pays nothing twice. One due in a period finance has since closed is paid the day
 * after the close.
 */
export async function postDueInstalments(
  db: Database,
  input: { until: string; actor?: Actor; commissionerId?: string | null; holderId?: string },
): Promise<InstalmentRunResult> {
  const run: InstalmentRunResult = { posted: 0, postedPence: 0, alreadyPosted: 0, refused: [] };
  // With the holder's payment number, which each instalment's bank reference carries.
  const funded = await db
    .select({ ...getTableColumns(arrangements), paymentNumber: holders.paymentNumber })
    .from(arrangements)
    .innerJoin(holders, eq(holders.id, arrangements.holderId))
    .where(
      and(
        inArray(arrangements.holding, ["direct-payment", "third-party"]),
        lte(arrangements.openedOn, input.until),
        input.commissionerId ? eq(arrangements.commissionerId, input.commissionerId) : undefined,
        input.holderId ? eq(arrangements.holderId, input.holderId) : undefined,
      ),
    )
    .orderBy(asc(arrangements.commissionerId), asc(arrangements.id));

  for (const arrangement of funded) {
    const terms = await loadFundingTerms(db, arrangement);
    if (!terms) continue;
    let accounts: { arrangement: number; funding: number } | null = null;
    for (let on = terms.anchor; on <= input.until;) {
      const { year, slots } = await scheduleFor(db, arrangement, terms, on);
      run.alreadyPosted += slots.filter((s) => s.status === "paid" && s.dueOn <= input.until).length;
      for (const slot of slots.filter((s) => s.status === "due" && s.dueOn <= input.until)) {
        accounts ??= {
          arrangement: (await openArrangement(db, { ...arrangement, on: arrangement.openedOn })).account.id,
          funding: (await ensureOutsideAccount(db, arrangement.commissionerId, "commissioner-funding")).id,
        };
        await payInstalment(db, { arrangement, accounts, terms, yearStart: year.start, number: slot.number, actor: input.actor, run });
      }
      on = dayAfter(year.end);
    }
  }
  return run;
}

function dayAfter(date: string) {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

type Paid = { outcome: "posted"; pence: Pence } | { outcome: "already" } | { outcome: "refused"; dueOn: string; message: string };

async function payInstalment(
  db: Database,
  input: {
    arrangement: ArrangementRow & { paymentNumber: number };
    accounts: { arrangement: number; funding: number };
    terms: FundingTerms;
    yearStart: string;
    number: number;
    actor?: Actor;
    run: InstalmentRunResult;
  },
) {
  const { arrangement, run } = input;
  const holding = arrangement.holding as "direct-payment" | "third-party";
  const paid = await db.transaction(async (tx): Promise<Paid> => {
    // One instalment of an arrangement at a time: what is due depends on what has been paid.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`instalments:${arrangement.id}`}, 0))`);
    const { slots, frequency } = await scheduleFor(tx, arrangement, input.terms, input.yearStart);
    const slot: Slot | undefined = slots.find((s) => s.number === input.number);
    if (!slot || slot.status !== "due") return { outcome: "already" };
    const closedThrough = await closedThroughOf(tx, arrangement.commissionerId);
    const effectiveDate = closedThrough && slot.dueOn <= closedThrough ? dayAfter(closedThrough) : slot.dueOn;
    const posted = await postEntry(tx, {
      idempotencyKey: instalmentKey(arrangement.id, input.yearStart, slot.number),
      kind: "instalment",
      effectiveDate,
      description: `${INSTALMENT_NAMES[holding]} ${slot.number} of ${INSTALMENTS_A_YEAR[frequency]} for the plan year from ${longDate(input.yearStart)}`,
      lines: [
        { accountId: input.accounts.funding, amountPence: -slot.amountPence },
        { accountId: input.accounts.arrangement, amountPence: slot.amountPence },
      ],
      actor: input.actor ?? { userId: null, commissionerId: arrangement.commissionerId },
      onBehalfOf: arrangement.holderId,
      sourceType: "instalment",
      sourceId: `${arrangement.id}:${input.yearStart}:${slot.number}`,
    });
    if (!posted.ok) return { outcome: "refused", dueOn: slot.dueOn, message: posted.message };
    const [row] = await tx
      .insert(instalments)
      .values({
        commissionerId: arrangement.commissionerId,
        arrangementId: arrangement.id,
        planYearStartsOn: input.yearStart,
        number: slot.number,
        dueOn: slot.dueOn,
        amountPence: slot.amountPence,
        journalEntryId: posted.entry.id,
        paymentReference: instalmentReference(arrangement.paymentNumber, slot.number),
      })
      .onConflictDoNothing()
      .returning({ id: instalments.id });
    // Money being recovered from a direct payment's next instalments goes back as each one is paid.
    if (row && holding === "direct-payment") {
      await takeRecoveriesFromInstalment(tx, {
        holderId: arrangement.holderId,
        instalmentId: row.id,
        instalmentNumber: slot.number,
        amountPence: slot.amountPence,
        effectiveDate,
        accounts: input.accounts,
        actor: input.actor ?? { userId: null, commissionerId: arrangement.commissionerId },
      });
    }
    return posted.replayed ? { outcome: "already" } : { outcome: "posted", pence: slot.amountPence };
  });
  // Counted once the transaction has committed: a transaction run again after a conflict counts once.
  if (paid.outcome === "posted") {
    run.posted++;
    run.postedPence += paid.pence;
  } else if (paid.outcome === "already") run.alreadyPosted++;
  else run.refused.push({ arrangementId: arrangement.id, dueOn: paid.dueOn, message: paid.message });
}

/** The next instalment of an arrangement on or after `on`, this plan year or the next: date and amount. */
export async function nextInstalment(db: Database, arrangement: ArrangementRow, terms: FundingTerms, on: string) {
  for (const day of [on, dayAfter(planYear(terms.anchor, on).end)]) {
    const { slots } = await scheduleFor(db, arrangement, terms, day);
    const next = slots.find((s) => s.status === "due" && s.dueOn >= on);
    if (next) return { dueOn: next.dueOn, amountPence: next.amountPence };
  }
  return null;
}

/**
 * How often money is paid from now on: the commissioner's direct payments (every four weeks or monthly), or the
 * third-party budgets one organisation holds, as its agreement says. Plan years that start today or later are paid
 * at the new frequency; a year already under way keeps the one it started with, so nobody is paid twice or short.
 */
export async function setFundingFrequency(
  db: Database,
  input: { actor: Actor; commissionerId: string; organisationId?: string | null; frequency: FundingFrequency; today: string },
) {
  const organisationId = input.organisationId ?? null;
  if (!organisationId && input.frequency === "quarterly") return { ok: false as const, message: "Direct payments are paid every four weeks or monthly" };
  return db.transaction(async (tx) => {
    if (organisationId) {
      const [organisation] = await tx
        .select({ id: supportOrganisations.id })
        .from(supportOrganisations)
        .where(
          and(
            eq(supportOrganisations.id, organisationId),
            eq(supportOrganisations.commissionerId, input.commissionerId),
            eq(supportOrganisations.holdsThirdPartyBudgets, true),
          ),
        );
      if (!organisation) return { ok: false as const, message: "There is no such organisation holding third-party budgets" };
    }
    const fallback = organisationId ? DEFAULT_FREQUENCY["third-party"] : DEFAULT_FREQUENCY["direct-payment"];
    const before = frequencyOn(await frequencyHistory(tx, input.commissionerId, organisationId), input.today, fallback);
    const [row] = await tx
      .insert(fundingFrequencies)
      .values({
        commissionerId: input.commissionerId,
        supportOrganisationId: organisationId,
        frequency: input.frequency,
        appliesFrom: input.today,
        setBy: input.actor.userId,
      })
      .returning();
    await recordAudit(tx, input.actor, {
      action: "instalments.frequency-set",
      entityType: organisationId ? "support-organisation" : "commissioner",
      entityId: organisationId ?? input.commissionerId,
      before: { frequency: before },
      after: { frequency: row.frequency, appliesFrom: row.appliesFrom },
    });
    return { ok: true as const, setting: row };
  });
}

/** How often direct payments are paid today, and each organisation's third-party budgets. */
export async function loadFundingFrequencies(db: Database, input: { commissionerId: string; today: string }) {
  const [organisations, history] = await Promise.all([
    db
      .select({ id: supportOrganisations.id, name: supportOrganisations.name })
      .from(supportOrganisations)
      .where(and(eq(supportOrganisations.commissionerId, input.commissionerId), eq(supportOrganisations.holdsThirdPartyBudgets, true)))
      .orderBy(asc(supportOrganisations.name)),
    db
      .select({
        organisationId: fundingFrequencies.supportOrganisationId,
        frequency: fundingFrequencies.frequency,
        appliesFrom: fundingFrequencies.appliesFrom,
      })
      .from(fundingFrequencies)
      .where(eq(fundingFrequencies.commissionerId, input.commissionerId))
      .orderBy(asc(fundingFrequencies.appliesFrom), asc(fundingFrequencies.setAt)),
  ]);
  const of = (organisationId: string | null) => history.filter((h) => h.organisationId === organisationId);
  return {
    directPayments: frequencyOn(of(null), input.today, DEFAULT_FREQUENCY["direct-payment"]),
    thirdParty: organisations.map((o) => ({ ...o, frequency: frequencyOn(of(o.id), input.today, DEFAULT_FREQUENCY["third-party"]) })),
  };
}
