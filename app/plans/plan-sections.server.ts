import { eq } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { planOutcomes, planSupportLines, planVersions } from "#db/schema";
import { recordAudit, type Actor } from "~/audit/audit.server";
import type { Pence } from "~/ledger/money";
import { loadVersionFor, supportLineRows, type PlanContent } from "./plans.server";
import {
  ABOUT_ORDER,
  criteriaProblems,
  CRITERIA_ORDER,
  DATES_ORDER,
  datesProblems,
  inFieldOrder,
  outcomesOrder,
  supportOrder,
  type SectionError,
  type SectionKey,
} from "./sections";

/** What one section's page sends, once its fields are read; a field that could not be read is null. */
export type SectionInput =
  | { section: "about"; whatMatters: string; whoWasInvolved: string }
  | { section: "outcomes"; outcomes: PlanContent["outcomes"] }
  | { section: "support"; supportLines: PlanContent["supportLines"]; contingencyPence: Pence }
  | { section: "dates"; startsOn: string | null; firstReviewOn: string | null; reviewEveryMonths: number | null; confirmedPast: string[] }
  | { section: "criteria"; criteriaMet: string[] };

type Refused = { ok: false; message: string; errors: SectionError[] };
const refuse = (message: string, errors: SectionError[] = []): Refused => ({ ok: false, message, errors });

function fieldOrder(section: SectionKey, rows: number): string[] {
  switch (section) {
    case "about":
      return ABOUT_ORDER;
    case "outcomes":
      return outcomesOrder(rows);
    case "support":
      return supportOrder(rows);
    case "dates":
      return DATES_ORDER;
    case "criteria":
      return CRITERIA_ORDER;
  }
}

/**
 * Saves one section of a draft and marks it completed, or changes nothing and gives every error at once, in the
 * order of the section's fields: those the page found reading the form (`formErrors`) and the section's own rules.
 */
export async function savePlanSection(
  db: Database,
  input: {
    actor: Actor;
    holderId: string;
    planVersionId: string;
    today: string;
    section: SectionKey;
    formErrors: SectionError[];
    rows?: number;
    values: SectionInput | null;
  },
): Promise<Refused | { ok: true; section: SectionKey }> {
  return db.transaction(async (tx) => {
    const version = await loadVersionFor(tx, input.holderId, input.planVersionId);
    if (!version) return refuse("There is no such plan version");
    if (version.status !== "draft") return refuse("This version of the plan can no longer be changed: start a new version");
    const v = input.values;
    const ruleErrors =
      v?.section === "dates"
        ? datesProblems(v, { today: input.today, carried: { firstReviewOn: version.version > 1 ? version.firstReviewOn : null } })
        : v?.section === "criteria"
          ? criteriaProblems(v.criteriaMet)
          : v?.section === "outcomes" && v.outcomes.length === 0
            ? [{ fieldId: "outcomes-0-outcome", message: "Add at least one health and wellbeing outcome" }]
            : v?.section === "support" && v.supportLines.length === 0
              ? [{ fieldId: "supportLines-0-description", message: "Add at least one support line" }]
              : [];
    const errors = inFieldOrder([...input.formErrors, ...ruleErrors], fieldOrder(input.section, input.rows ?? 0));
    if (!v || errors.length) return refuse(errors[0]?.message ?? "Check the section", errors);

    if (v.section === "support") {
      const outcomes = await tx.select({ position: planOutcomes.position }).from(planOutcomes).where(eq(planOutcomes.planVersionId, version.id));
      const positions = new Set(outcomes.map((o) => o.position));
      if (v.supportLines.some((l) => l.outcomePositions.some((p) => !positions.has(p))))
        return refuse("A support line is linked to an outcome that is not in the plan");
      if (v.supportLines.some((l) => l.holding === "third-party" && !l.thirdPartyOrganisationId))
        return refuse("Choose the organisation that holds a third-party budget");
    }

    const completed = new Set(version.completedSections);
    completed.add(v.section);
    const fields =
      v.section === "about"
        ? { whatMatters: v.whatMatters, whoWasInvolved: v.whoWasInvolved }
        : v.section === "support"
          ? { contingencyPence: v.contingencyPence }
          : v.section === "dates"
            ? { startsOn: v.startsOn!, firstReviewOn: v.firstReviewOn!, reviewEveryMonths: v.reviewEveryMonths ?? 12 }
            : v.section === "criteria"
              ? { criteriaMet: v.criteriaMet }
              : {};

    if (v.section === "outcomes") {
      await tx.delete(planOutcomes).where(eq(planOutcomes.planVersionId, version.id));
      if (v.outcomes.length) await tx.insert(planOutcomes).values(v.outcomes.map((o, i) => ({ ...o, planVersionId: version.id, position: i + 1 })));
      // Support linked to an outcome no longer there is unlinked from it, and the support is checked again.
      const lines = await tx.select().from(planSupportLines).where(eq(planSupportLines.planVersionId, version.id));
      for (const l of lines) {
        const kept = l.outcomePositions.filter((p) => p <= v.outcomes.length);
        if (kept.length === l.outcomePositions.length) continue;
        await tx.update(planSupportLines).set({ outcomePositions: kept }).where(eq(planSupportLines.id, l.id));
        completed.delete("support");
      }
    }
    if (v.section === "support") {
      await tx.delete(planSupportLines).where(eq(planSupportLines.planVersionId, version.id));
      if (v.supportLines.length) await tx.insert(planSupportLines).values(supportLineRows(version.id, v.supportLines));
    }
    const [updated] = await tx
      .update(planVersions)
      .set({ ...fields, completedSections: [...completed], lastEditedBy: input.actor.userId! })
      .where(eq(planVersions.id, version.id))
      .returning();
    await recordAudit(tx, input.actor, {
      action: "plan.draft-saved",
      entityType: "plan-version",
      entityId: version.id,
      before: version,
      after: {
        ...updated,
        section: v.section,
        ...(v.section === "outcomes" ? { outcomes: v.outcomes } : {}),
        ...(v.section === "support" ? { supportLines: v.supportLines } : {}),
      },
    });
    return { ok: true as const, section: v.section };
  });
}
