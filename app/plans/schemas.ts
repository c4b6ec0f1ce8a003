import { z } from "zod";
import type { DateField } from "~/dates/date-fields";
import { isRealDate } from "~/dates/date-range";
import { parseMoney } from "~/ledger/money";
import { FIVE_CRITERIA } from "./rules";

const money = (label: string) =>
  z.string({ error: `Enter the ${label}, like 12.50` }).transform((value, ctx) => {
    const parsed = parseMoney(value, label);
    if (!parsed.ok) {
      ctx.addIssue({ code: "custom", message: parsed.message });
      return z.NEVER;
    }
    return parsed.pence;
  });

const wholeNumber = (label: string, max = 100_000) =>
  z
    .string({ error: `Enter the ${label}, like 4` })
    .regex(/^\d+$/, { message: `The ${label} must be a whole number, like 4` })
    .transform(Number)
    .refine((n) => n >= 1 && n <= max, { message: `The ${label} must be between 1 and ${max.toLocaleString("en-GB")}` });

const date = (label: string) => z.string({ error: `Enter the ${label}` }).refine(isRealDate, { message: `The ${label} must be a real date, like 2027-03-01` });

/** Text the person or staff type, bounded so what is stored and shown stays a sensible size. */
const text = (missing: string, what: string, max: number) =>
  z.string({ error: missing }).max(max, { error: `${what} must be ${max.toLocaleString("en-GB")} characters or fewer` });

/** A blank row on the form (there are always spare rows, so the form works without JavaScript) is left out. */
const optionalRow = <T extends z.ZodType>(row: T, typed: string[]) =>
  z.preprocess(
    (v) =>
      v == null ||
      (typeof v === "object" &&
        typed.every((k) => {
          const x = (v as Record<string, unknown>)[k];
          return x == null || x === "";
        }))
        ? null
        : v,
    row.nullable(),
  );

export const OutcomeSchema = z.object({
  outcome: text("Enter the outcome, in the person's words", "The outcome", 1000),
  howWillYouKnow: text("Enter how the person will know the outcome is achieved", "How the person will know", 1000),
});

export const SupportLineSchema = z.object({
  lineKey: z.string().uuid().optional(),
  description: text("Enter what the support is", "What the support is", 500),
  provider: text("Enter who provides the support, or who is paid", "Who provides the support", 200),
  units: wholeNumber("number of units"),
  frequency: z.enum(["a-week", "a-month", "a-year"], { error: "Choose how often" }),
  costPerUnit: money("cost per unit"),
  fundingSource: z.enum(["nhs", "local-authority", "education"], { error: "Choose who funds this support" }),
  holding: z.enum(["notional", "third-party", "direct-payment"], { error: "Choose how this part of the budget is held" }),
  thirdPartyOrganisationId: z.string().uuid().optional(),
  outcomePositions: z
    .union([z.string(), z.array(z.string())], { error: "Choose at least one outcome this support is for" })
    .transform((v) => (Array.isArray(v) ? v : [v]).map(Number)),
});

/** Far more than any plan needs; the form's row numbers are bounded before parsing too (formShapeProblem). */
const MAX_OUTCOMES = 50;
const MAX_SUPPORT_LINES = 200;

export const PlanSchema = z.object({
  startsOn: date("date the plan starts"),
  whatMatters: text("Enter what matters to the person, in their own words", "What matters to the person", 5000),
  whoWasInvolved: text("Enter who was involved in the plan", "Who was involved", 2000),
  criteriaMet: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => (v == null ? [] : Array.isArray(v) ? v : [v]).filter((k) => FIVE_CRITERIA.some((c) => c.key === k))),
  contingency: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (!v) return 0;
      const parsed = parseMoney(v, "contingency");
      if (!parsed.ok) {
        ctx.addIssue({ code: "custom", message: parsed.message });
        return z.NEVER;
      }
      return parsed.pence;
    }),
  firstReviewOn: date("first review date"),
  reviewEveryMonths: z
    .string()
    .optional()
    .transform((v) => (v ? Number(v) : 12))
    .refine((n) => Number.isInteger(n) && n >= 1 && n <= 12, {
      message: "Reviews must be at least every 12 months: enter a number from 1 to 12",
    }),
  outcomes: z
    .array(optionalRow(OutcomeSchema, ["outcome", "howWillYouKnow"]))
    .max(MAX_OUTCOMES, { error: `A plan can have up to ${MAX_OUTCOMES} outcomes` })
    .optional()
    .transform((rows) => (rows ?? []).filter((r) => r !== null)),
  supportLines: z
    .array(optionalRow(SupportLineSchema, ["description", "provider", "units", "costPerUnit"]))
    .max(MAX_SUPPORT_LINES, { error: `A plan can have up to ${MAX_SUPPORT_LINES} support lines` })
    .optional()
    .transform((rows) => (rows ?? []).filter((r) => r !== null)),
});

export const RejectSchema = z.object({ reason: text("Enter the reason the plan is not approved: the person will see it", "The reason", 2000) });
/** What came of reconsidering a direct payment decision, which the person sees. */
export const ReconsiderationOutcomeSchema = z.object({ reason: text("Enter the outcome: the person will see it", "The outcome", 2000) });
/** Accepting a request to hold a line differently needs no reason; declining one does (the use-case says so). */
export const HoldingDecisionSchema = z.object({ reason: text("Enter the reason: the person will see it", "The reason", 2000).optional() });
export const HoldingRequestSchema = z.object({
  lineKey: z.string().uuid(),
  requestedHolding: z.enum(["notional", "third-party", "direct-payment"], { error: "Choose how you would like this support to be held" }),
  why: text("Tell us why you would like a change", "Why you would like a change", 2000),
});
export const DirectPaymentDecisionSchema = z.object({
  kind: z.enum(["refused", "stopped"], { error: "Choose whether the direct payment is refused or stopped" }),
  reason: text("Enter the reason: the person will see it", "The reason", 2000),
  effectiveOn: date("date of the decision"),
});
/** The plan's dates on the draft form: a plan may start, and be first reviewed, on a day past or to come. */
export const PLAN_DATES: DateField[] = [
  { name: "startsOn", label: "Date the plan starts", rules: { required: true } },
  { name: "firstReviewOn", label: "Date of the first review", rules: { required: true } },
];
/** From when a direct payment is refused or stopped: past or future, as the decision says. */
export const DECISION_DATE: DateField = { name: "effectiveOn", label: "Date the decision takes effect", rules: { required: true } };
/** The last day a budget is paid for: it may be in the future; endPlan refuses a day already past. */
export const END_DATE: DateField = { name: "endedOn", label: "Last day of the personal health budget", rules: { required: true } };
export const EndPlanSchema = z.object({
  endedOn: date("day the personal health budget ends"),
  reason: text("Enter why the personal health budget is ending: the person will see it", "The reason", 2000),
});
export const ReconsiderSchema = z.object({ decisionId: z.string().uuid(), why: text("Tell us why we should reconsider", "Why we should reconsider", 2000) });

/** An element id from a form field name: "supportLines[0].units" -> "supportLines-0-units". */
export function idOf(name: string) {
  return name.replace(/[^a-zA-Z0-9]+/g, "-").replace(/-$/, "");
}
