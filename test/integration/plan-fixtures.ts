import { desc, eq } from "drizzle-orm";
import { getDb } from "#db/client.server";
import type { Database } from "#db/client.server";
import { indicativeBudgets, planVersions, supportOrganisations } from "#db/schema";
import { savePlanSection, type SectionInput } from "~/plans/plan-sections.server";
import { loadVersionContent } from "~/plans/plan-views.server";
import type { Actor } from "~/audit/audit.server";
import type { FundingFrequency } from "~/ledger/instalments";
import { setFundingFrequency } from "~/ledger/instalments.server";
import { approvePlan } from "~/plans/plan-decisions.server";
import { savePlanDraft, startPlanVersion, submitPlan, type PlanContent } from "~/plans/plans.server";
import { FIVE_CRITERIA, finalBudget, type SupportLine } from "~/plans/rules";
import { insertCommissioner, insertHolder, insertStaff, insertSupportOrganisation } from "../factories";

export const actorOf = (user: { id: string; commissionerId: string }, onBehalfOfHolderId?: string): Actor => ({
  userId: user.id,
  commissionerId: user.commissionerId,
  onBehalfOfHolderId: onBehalfOfHolderId ?? null,
});

/** A commissioner's PHB team (coordinator, approver, finance), one holder and a support organisation that holds third-party budgets. */
export async function planWorld(options: { thirdPartyFrequency?: FundingFrequency } = {}) {
  const db = getDb();
  const commissioner = await insertCommissioner();
  const coordinator = await insertStaff(commissioner.id, "coordinator");
  const approver = await insertStaff(commissioner.id, "approver");
  const finance = await insertStaff(commissioner.id, "finance");
  const { holder, user: holderUser } = await insertHolder(commissioner.id);
  const { organisation, user: organisationUser } = await insertSupportOrganisation(commissioner.id, [holder.id]);
  await db.update(supportOrganisations).set({ holdsThirdPartyBudgets: true }).where(eq(supportOrganisations.id, organisation.id));
  if (options.thirdPartyFrequency) {
    const set = await setFundingFrequency(db, {
      actor: actorOf(finance),
      commissionerId: commissioner.id,
      organisationId: organisation.id,
      frequency: options.thirdPartyFrequency,
      today: "2020-01-01",
    });
    if (!set.ok) throw new Error(set.message);
  }
  return { db, commissioner, coordinator, approver, finance, holder, holderUser: holderUser!, organisation, organisationUser };
}

export type PlanWorld = Awaited<ReturnType<typeof planWorld>>;

type Line = Omit<SupportLine, "lineKey" | "units" | "frequency" | "costPerUnitPence" | "fundingSource" | "provider" | "thirdPartyOrganisationId"> & {
  lineKey?: string;
  amountPence: number;
  thirdPartyOrganisationId?: string | null;
};

/** A plan's content with yearly lines of the given amounts (one unit a year), all linked to its outcome. */
export function planContent(startsOn: string, lines: Line[]): PlanContent {
  return {
    startsOn,
    whatMatters: "Living at home and getting out every week.",
    whoWasInvolved: "Me and my coordinator.",
    criteriaMet: FIVE_CRITERIA.map((c) => c.key),
    contingencyPence: 0,
    firstReviewOn: startsOn,
    reviewEveryMonths: 12,
    outcomes: [{ outcome: "Stay well at home", howWillYouKnow: "No hospital stays" }],
    supportLines: lines.map((l) => ({
      lineKey: l.lineKey ?? null,
      description: l.description,
      provider: "Provider",
      units: 1,
      frequency: "a-year",
      costPerUnitPence: l.amountPence,
      fundingSource: "nhs",
      holding: l.holding,
      thirdPartyOrganisationId: l.thirdPartyOrganisationId ?? null,
      outcomePositions: l.outcomePositions.length ? l.outcomePositions : [1],
    })),
  };
}

/**
 * A version of the holder's plan taken through the steps staff take: drafted by the coordinator, submitted, approved
 * on `today` by the approver (an indicative budget of the same amount means one approval is enough).
 */
export async function approveVersion(w: PlanWorld, content: PlanContent, today: string) {
  const db = getDb();
  const [latest] = await db
    .select({ version: indicativeBudgets.version })
    .from(indicativeBudgets)
    .where(eq(indicativeBudgets.holderId, w.holder.id))
    .orderBy(desc(indicativeBudgets.version))
    .limit(1);
  await db.insert(indicativeBudgets).values({
    commissionerId: w.commissioner.id,
    holderId: w.holder.id,
    version: (latest?.version ?? 0) + 1,
    calculatedOn: today,
    lineKeys: [],
    workings: [],
    totalPence: finalBudget(content.supportLines, content.contingencyPence),
  });
  const started = await startPlanVersion(db, { actor: actorOf(w.coordinator), holderId: w.holder.id, today });
  if (!started.ok) throw new Error(started.message);
  const ids = { holderId: w.holder.id, planVersionId: started.version.id };
  const saved = await savePlanDraft(db, { ...ids, actor: actorOf(w.coordinator), content, today });
  if (!saved.ok) throw new Error(saved.message);
  const submitted = await submitPlan(db, { ...ids, actor: actorOf(w.coordinator) });
  if (!submitted.ok) throw new Error(submitted.message);
  const approved = await approvePlan(db, { ...ids, actor: actorOf(w.approver), today });
  if (!approved.ok || approved.stage !== "approved") throw new Error(`not approved: ${JSON.stringify(approved)}`);
  return approved.version;
}

/**
 * The coordinator goes through each section of a draft as it stands, confirming its dates (past ones too) and the
 * five criteria with the person, as the task list asks before a draft can be sent for approval.
 */
export async function confirmEverySection(db: Database, input: { actor: Actor; holderId: string; planVersionId: string; today: string }) {
  const [version] = await db.select().from(planVersions).where(eq(planVersions.id, input.planVersionId));
  const { outcomes, supportLines } = await loadVersionContent(db, version.id);
  const base = { ...input, formErrors: [] };
  const sections: SectionInput[] = [
    { section: "about", whatMatters: version.whatMatters, whoWasInvolved: version.whoWasInvolved },
    { section: "outcomes", outcomes: outcomes.map(({ outcome, howWillYouKnow }) => ({ outcome, howWillYouKnow })) },
    { section: "support", supportLines, contingencyPence: version.contingencyPence },
    {
      section: "dates",
      startsOn: version.startsOn,
      firstReviewOn: version.firstReviewOn,
      reviewEveryMonths: version.reviewEveryMonths,
      confirmedPast: ["startsOn", "firstReviewOn"],
    },
    { section: "criteria", criteriaMet: FIVE_CRITERIA.map((c) => c.key) },
  ];
  for (const values of sections) {
    const saved = await savePlanSection(db, { ...base, section: values.section, values });
    if (!saved.ok) throw new Error(`${values.section}: ${saved.message}`);
  }
}
