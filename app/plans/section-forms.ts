import { parseWithZod } from "@conform-to/zod/v4";
import type { z } from "zod";
import { readDateFields, withDateErrors } from "~/dates/date-fields";
import { isRealDate } from "~/dates/date-range";
import { idOf, PLAN_DATES, PlanSchema } from "./schemas";
import type { SectionInput } from "./plan-sections.server";
import { supportRowProblems, type SectionError, type SectionKey } from "./sections";

const SCHEMAS = {
  about: PlanSchema.pick({ whatMatters: true, whoWasInvolved: true }),
  outcomes: PlanSchema.pick({ outcomes: true }),
  support: PlanSchema.pick({ supportLines: true, contingency: true }),
  dates: PlanSchema.pick({ reviewEveryMonths: true }),
  criteria: PlanSchema.pick({ criteriaMet: true }),
};

/** How many rows of outcomes or support lines the page sent, blank spare rows included: for the fields' order. */
function rowsSent(form: FormData, list: string): number {
  const indexes = [...form.keys()].map((k) => new RegExp(`^${list}\\[(\\d+)\\]`).exec(k)?.[1]).filter((i) => i !== undefined);
  return indexes.length ? Math.max(...indexes.map(Number)) + 1 : 0;
}

function messagesOf(error: Record<string, string[] | null> | null | undefined): SectionError[] {
  return Object.entries(error ?? {}).flatMap(([name, messages]) => (messages ?? []).map((message) => ({ fieldId: idOf(name), message })));
}

/**
 * One section's form read into what savePlanSection takes: the messages about the fields as sent, and the values when
 * they could be read. The dates are always given (null where not a real date), so their rules are checked alongside.
 */
export function readPlanSection(
  section: SectionKey,
  form: FormData,
): { section: SectionKey; formErrors: SectionError[]; rows: number; values: SectionInput | null } {
  return { section, ...readFields(section, form) };
}

function readFields(section: SectionKey, form: FormData): { formErrors: SectionError[]; rows: number; values: SectionInput | null } {
  if (section === "dates") {
    const dateErrors = readDateFields(form, PLAN_DATES);
    const submission = parseWithZod(form, { schema: SCHEMAS.dates });
    const date = (name: string) => {
      const v = form.get(name);
      return typeof v === "string" && isRealDate(v) ? v : null;
    };
    // A date sent without its boxes (not from our page) is still checked: it is missing or not a real date.
    const unread = PLAN_DATES.filter((d) => !dateErrors.some((e) => e.fieldId.startsWith(`${d.name}-`)) && date(d.name) === null).map((d) => ({
      fieldId: `${d.name}-day`,
      message: form.get(d.name) ? `${d.label} must be a real date` : `Enter the ${d.label.toLowerCase()}`,
      parts: ["day", "month", "year"] as ("day" | "month" | "year")[],
    }));
    return {
      formErrors: withDateErrors([...dateErrors, ...unread], messagesOf(submission.status === "success" ? null : submission.error), PLAN_DATES),
      rows: 0,
      values: {
        section,
        startsOn: date("startsOn"),
        firstReviewOn: date("firstReviewOn"),
        reviewEveryMonths: submission.status === "success" ? submission.value.reviewEveryMonths : null,
        confirmedPast: form.getAll("confirmedPast").filter((v): v is string => typeof v === "string"),
      },
    };
  }
  const submission = parseWithZod(form, { schema: SCHEMAS[section] });
  const rows = section === "outcomes" ? rowsSent(form, "outcomes") : section === "support" ? rowsSent(form, "supportLines") : 0;
  const extra = section === "support" ? supportRowProblems((submission.payload as Record<string, unknown>).supportLines) : [];
  const formErrors = [...messagesOf(submission.status === "success" ? null : submission.error), ...extra];
  if (submission.status !== "success") return { formErrors, rows, values: null };
  // Each section's schema is a part of the plan's: its value is that part of the plan's parsed value.
  const v = submission.value as unknown as z.output<typeof PlanSchema>;
  switch (section) {
    case "about":
      return { formErrors, rows, values: { section, whatMatters: v.whatMatters, whoWasInvolved: v.whoWasInvolved } };
    case "outcomes":
      return { formErrors, rows, values: { section, outcomes: v.outcomes } };
    case "criteria":
      return { formErrors, rows, values: { section, criteriaMet: v.criteriaMet } };
    case "support": {
      return {
        formErrors,
        rows,
        values: {
          section,
          contingencyPence: v.contingency,
          supportLines: v.supportLines.map(({ costPerUnit, ...l }) => ({
            ...l,
            lineKey: l.lineKey ?? null,
            costPerUnitPence: costPerUnit,
            thirdPartyOrganisationId: l.thirdPartyOrganisationId ?? null,
          })),
        },
      };
    }
  }
}
