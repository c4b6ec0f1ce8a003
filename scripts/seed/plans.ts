import { eq, inArray } from "drizzle-orm";
import type { Database } from "../../db/client.server";
import {
  auditLog,
  budgets,
  holders,
  indicativeBudgets,
  planOutcomes,
  plans,
  planSupportLines,
  planVersions,
  statementOfResourcesLines,
  supportOrganisations,
  users,
} from "../../db/schema";
import { calculateIndicative } from "../../app/budgets/indicative";
import { openArrangement } from "../../app/budgets/arrangements.server";
import { FIVE_CRITERIA, splitBudget, type SupportLine } from "../../app/plans/rules";

type Line = Omit<SupportLine, "lineKey" | "thirdPartyOrganisationId" | "outcomePositions"> & { outcomes: number[] };
type Resource = {
  service: string;
  provider: string;
  purpose: string;
  unit: string;
  unitsPerYear: number;
  costPerUnitPence: number;
  included?: boolean;
  availableFrom?: string;
};

interface SeedPlan {
  whatMatters: string;
  whoWasInvolved: string;
  outcomes: [string, string][];
  lines: Line[];
  contingencyPence: number;
  resources: Resource[];
  agreed: boolean;
}

/** The approved plan of each seeded holder, adding up exactly to the budget the foundation seeded for them. */
const PLANS: Record<string, SeedPlan> = {
  // Margaret: CHC, notional budget, part funded by the local authority (an integrated budget).
  "9990000018": {
    whatMatters: "Staying in my own home, near my garden, with carers who know how I like things done.",
    whoWasInvolved: "Me, my son Peter and my district nurse. I chose them.",
    outcomes: [
      ["Stay living safely in my own home", "I have no falls or hospital stays"],
      ["Sleep through the night without worrying", "I tell my nurse I feel rested most mornings"],
    ],
    lines: [
      {
        description: "Care at home from an agency",
        provider: "Leicestershire Home Care",
        units: 28,
        frequency: "a-week",
        costPerUnitPence: 2_200,
        fundingSource: "nhs",
        holding: "notional",
        outcomes: [1],
      },
      {
        description: "Night care",
        provider: "Leicestershire Home Care",
        units: 5,
        frequency: "a-week",
        costPerUnitPence: 15_000,
        fundingSource: "nhs",
        holding: "notional",
        outcomes: [2],
      },
      {
        description: "District nursing visits",
        provider: "Leicestershire Partnership NHS Trust",
        units: 3,
        frequency: "a-week",
        costPerUnitPence: 4_500,
        fundingSource: "nhs",
        holding: "notional",
        outcomes: [1],
      },
      {
        description: "Respite care",
        provider: "Rutland Care Home",
        units: 4,
        frequency: "a-year",
        costPerUnitPence: 95_000,
        fundingSource: "local-authority",
        holding: "notional",
        outcomes: [2],
      },
    ],
    contingencyPence: 264_800,
    resources: [
      {
        service: "Care at home (agency)",
        provider: "Leicestershire Home Care",
        purpose: "Personal care",
        unit: "hour",
        unitsPerYear: 1_456,
        costPerUnitPence: 2_200,
      },
      { service: "Night care", provider: "Leicestershire Home Care", purpose: "Safety at night", unit: "night", unitsPerYear: 260, costPerUnitPence: 15_000 },
      {
        service: "District nursing",
        provider: "Leicestershire Partnership NHS Trust",
        purpose: "Skin and wound care",
        unit: "visit",
        unitsPerYear: 156,
        costPerUnitPence: 4_500,
      },
      { service: "Respite care", provider: "Rutland Care Home", purpose: "A break for the family", unit: "week", unitsPerYear: 4, costPerUnitPence: 95_000 },
      {
        service: "Prescribed medicines",
        provider: "GP practice",
        purpose: "Medicines",
        unit: "month",
        unitsPerYear: 12,
        costPerUnitPence: 30_000,
        included: false,
      },
      {
        service: "Day centre",
        provider: "Age UK Leicestershire",
        purpose: "Company and activity",
        unit: "day",
        unitsPerYear: 100,
        costPerUnitPence: 6_000,
        availableFrom: "2027-04-01",
      },
    ],
    agreed: true,
  },
  // David: section 117 aftercare, third-party budget held by the support organisation.
  "9990000026": {
    whatMatters: "Getting back to work and keeping well, without going back into hospital.",
    whoWasInvolved: "Me and my care coordinator. I chose not to involve my family.",
    outcomes: [
      ["Keep well at home", "No admissions to hospital this year"],
      ["Find volunteering that could lead to work", "I volunteer at least once a week"],
    ],
    lines: [
      {
        description: "Support worker",
        provider: "Leicestershire Direct Payment Support",
        units: 20,
        frequency: "a-week",
        costPerUnitPence: 2_500,
        fundingSource: "nhs",
        holding: "third-party",
        outcomes: [1, 2],
      },
      {
        description: "Peer support group",
        provider: "Leicester Mind",
        units: 1,
        frequency: "a-week",
        costPerUnitPence: 10_000,
        fundingSource: "nhs",
        holding: "third-party",
        outcomes: [1],
      },
    ],
    contingencyPence: 0,
    resources: [
      {
        service: "Community mental health support",
        provider: "Leicestershire Partnership NHS Trust",
        purpose: "Recovery in the community",
        unit: "hour",
        unitsPerYear: 1_040,
        costPerUnitPence: 2_500,
      },
      { service: "Peer support", provider: "Leicester Mind", purpose: "Staying well", unit: "session", unitsPerYear: 52, costPerUnitPence: 10_000 },
    ],
    agreed: true,
  },
  // Aisha: learning disability and autism, direct payment, employs a personal assistant.
  "9990000034": {
    whatMatters: "Doing things I enjoy, like art and swimming, with someone I trust.",
    whoWasInvolved: "Me, my mum and my social worker. I chose them.",
    outcomes: [
      ["Go out in my community every week", "I go to art class and the pool each week"],
      ["Be more independent at home", "I cook a meal on my own once a week"],
    ],
    lines: [
      {
        description: "Personal assistant",
        provider: "Chloe Evans (personal assistant)",
        units: 20,
        frequency: "a-week",
        costPerUnitPence: 2_000,
        fundingSource: "nhs",
        holding: "direct-payment",
        outcomes: [1, 2],
      },
      {
        description: "Art classes and swimming",
        provider: "Leicester Community Arts",
        units: 1,
        frequency: "a-month",
        costPerUnitPence: 5_000,
        fundingSource: "nhs",
        holding: "direct-payment",
        outcomes: [1],
      },
      {
        description: "Days out with my personal assistant",
        provider: "Various",
        units: 40,
        frequency: "a-year",
        costPerUnitPence: 10_000,
        fundingSource: "nhs",
        holding: "direct-payment",
        outcomes: [1],
      },
      {
        description: "Personal assistant training",
        provider: "Leicestershire Direct Payment Support",
        units: 1,
        frequency: "a-year",
        costPerUnitPence: 60_000,
        fundingSource: "nhs",
        holding: "direct-payment",
        outcomes: [2],
      },
    ],
    contingencyPence: 0,
    resources: [
      {
        service: "Supported living hours",
        provider: "Leicestershire Partnership NHS Trust",
        purpose: "Daily living and community access",
        unit: "hour",
        unitsPerYear: 1_200,
        costPerUnitPence: 2_000,
      },
    ],
    agreed: true,
  },
  // Leo: children's continuing care, mixed notional and direct payment, with social care and education money.
  "9990000042": {
    whatMatters: "Leo loves swimming and being with his friends. We want him at home with us, and rested.",
    whoWasInvolved: "Leo, his parent Sam, his school and his community nurse. Sam chose them with Leo.",
    outcomes: [
      ["Leo stays well at home", "Fewer unplanned hospital visits"],
      ["Leo has time with friends after school", "He goes to a club at least twice a week"],
    ],
    lines: [
      {
        description: "Children's community nursing",
        provider: "Leicestershire Partnership NHS Trust",
        units: 2,
        frequency: "a-week",
        costPerUnitPence: 12_000,
        fundingSource: "nhs",
        holding: "notional",
        outcomes: [1],
      },
      {
        description: "Short breaks",
        provider: "Brightside Respite Care",
        units: 12,
        frequency: "a-year",
        costPerUnitPence: 46_000,
        fundingSource: "local-authority",
        holding: "notional",
        outcomes: [1],
      },
      {
        description: "Personal assistant after school",
        provider: "Employed by Sam Carter",
        units: 10,
        frequency: "a-week",
        costPerUnitPence: 3_000,
        fundingSource: "education",
        holding: "direct-payment",
        outcomes: [2],
      },
    ],
    contingencyPence: 0,
    resources: [
      {
        service: "Children's community nursing",
        provider: "Leicestershire Partnership NHS Trust",
        purpose: "Clinical care at home",
        unit: "visit",
        unitsPerYear: 104,
        costPerUnitPence: 12_000,
      },
      {
        service: "Short breaks",
        provider: "Brightside Respite Care",
        purpose: "A break for the family",
        unit: "weekend",
        unitsPerYear: 12,
        costPerUnitPence: 46_000,
      },
      {
        service: "After-school support",
        provider: "Leicestershire Partnership NHS Trust",
        purpose: "Time with friends",
        unit: "hour",
        unitsPerYear: 520,
        costPerUnitPence: 3_000,
      },
    ],
    agreed: false,
  },
};

/** When the seeded plans were approved: a week before they start. */
const APPROVED_ON = "2026-03-25";

/**
 * Statement of resources, indicative budgets and an approved, versioned plan for each seeded holder, with what
 * approving a plan sets up (as approvePlan does): an arrangement, with its account, for each way the budget is held.
 * The instalments are paid by the job (seedLedger runs it day by day).
 */
export async function seedPlans(db: Database) {
  await db.transaction(async (tx) => {
    const seeded = await tx
      .select()
      .from(holders)
      .where(inArray(holders.nhsNumber, Object.keys(PLANS)));
    if (seeded.length === 0) return;
    const commissionerId = seeded[0].commissionerId;
    const [coordinator] = await tx.select().from(users).where(eq(users.email, "coordinator@demo.nhs.uk"));
    const [approver] = await tx.select().from(users).where(eq(users.email, "approver@demo.nhs.uk"));
    const [organisation] = await tx.select().from(supportOrganisations).where(eq(supportOrganisations.commissionerId, commissionerId));
    const approvedAt = new Date(`${APPROVED_ON}T10:00:00Z`);

    for (const holder of seeded) {
      const seed = PLANS[holder.nhsNumber];
      const resources = await tx
        .insert(statementOfResourcesLines)
        .values(
          seed.resources.map((r) => ({
            commissionerId,
            cohort: holder.cohort,
            service: r.service,
            provider: r.provider,
            purpose: r.purpose,
            costingMethod: "local-cost" as const,
            unit: r.unit,
            unitsPerYear: r.unitsPerYear,
            costPerUnitPence: r.costPerUnitPence,
            includedInPersonalBudgets: r.included ?? true,
            availableFrom: r.availableFrom ?? null,
            createdBy: coordinator.id,
          })),
        )
        .returning();
      const worked = calculateIndicative(resources, { band: null, on: "2026-03-01" });
      const [indicative] = await tx
        .insert(indicativeBudgets)
        .values({
          commissionerId,
          holderId: holder.id,
          version: 1,
          calculatedOn: "2026-03-01",
          lineKeys: resources.map((r) => r.lineKey),
          workings: worked.workings,
          totalPence: worked.totalPence,
          createdBy: coordinator.id,
        })
        .returning();

      const lines: SupportLine[] = seed.lines.map(({ outcomes, ...l }) => ({
        ...l,
        lineKey: crypto.randomUUID(),
        outcomePositions: outcomes,
        thirdPartyOrganisationId: l.holding === "third-party" ? organisation.id : null,
      }));
      const split = splitBudget(lines, seed.contingencyPence);
      const [budget] = await tx.select().from(budgets).where(eq(budgets.holderId, holder.id));
      if (
        budget.notionalPence !== split.byHolding.notional ||
        budget.thirdPartyPence !== split.byHolding["third-party"] ||
        budget.directPaymentPence !== split.byHolding["direct-payment"]
      ) {
        throw new Error(`The seeded plan for ${holder.givenName} does not add up to the seeded budget`);
      }
      const [plan] = await tx.insert(plans).values({ commissionerId, holderId: holder.id }).returning();
      const [version] = await tx
        .insert(planVersions)
        .values({
          commissionerId,
          planId: plan.id,
          holderId: holder.id,
          version: 1,
          status: "approved",
          startsOn: budget.startsOn,
          whatMatters: seed.whatMatters,
          whoWasInvolved: seed.whoWasInvolved,
          criteriaMet: FIVE_CRITERIA.map((c) => c.key),
          contingencyPence: seed.contingencyPence,
          firstReviewOn: "2026-07-01",
          reviewEveryMonths: 12,
          indicativeBudgetId: indicative.id,
          indicativePence: indicative.totalPence,
          finalPence: split.totalPence,
          needsSecondApproval: false,
          authoredBy: coordinator.id,
          lastEditedBy: coordinator.id,
          submittedBy: coordinator.id,
          submittedAt: approvedAt,
          approvedBy: approver.id,
          approvedAt,
          budgetId: budget.id,
          // Approved before the plan starts, so it applies from its start; a plan approved later applies from that day.
          inForceFrom: budget.startsOn > APPROVED_ON ? budget.startsOn : APPROVED_ON,
          agreedBy: seed.agreed ? holder.userId : null,
          agreedAt: seed.agreed ? approvedAt : null,
        })
        .returning();
      await tx
        .insert(planOutcomes)
        .values(seed.outcomes.map(([outcome, howWillYouKnow], i) => ({ planVersionId: version.id, position: i + 1, outcome, howWillYouKnow })));
      await tx.insert(planSupportLines).values(
        lines.map((l, i) => ({
          ...l,
          planVersionId: version.id,
          position: i + 1,
          amountPence: l.units * ({ "a-week": 52, "a-month": 12, "a-year": 1 } as const)[l.frequency] * l.costPerUnitPence,
        })),
      );

      for (const holding of ["notional", "third-party", "direct-payment"] as const) {
        if (split.byHolding[holding] === 0) continue;
        await openArrangement(tx, {
          commissionerId,
          holderId: holder.id,
          holding,
          supportOrganisationId: holding === "third-party" ? organisation.id : null,
          on: budget.startsOn,
        });
      }
    }
    await tx
      .insert(auditLog)
      .values({ commissionerId, action: "demo-data.plans-seeded", entityType: "commissioner", entityId: commissionerId, after: { plans: seeded.length } });
  });
}
