import { z } from "zod";
import { parseMoney } from "~/ledger/money";
import { FIVE_CRITERIA } from "./rules";

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

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

const date = (label: string) => z.string({ error: `Enter the ${label}` }).regex(ISO_DATE, { message: `The ${label} must be a real date, like 2027-03-01` });

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
  outcome: z.string({ error: "Enter the outcome, in the person's words" }).max(1000),
  howWillYouKnow: z.string({ error: "Enter how the person will know the outcome is achieved" }).max(1000),
});

export const SupportLineSchema = z.object({
  lineKey: z.string().uuid().optional(),
  description: z.string({ error: "Enter what the support is" }).max(500),
  provider: z.string({ error: "Enter who provides the support, or who is paid" }).max(200),
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

export const PlanSchema = z.object({
  startsOn: date("date the plan starts"),
  whatMatters: z.string({ error: "Enter what matters to the person, in their own words" }).max(5000),
  whoWasInvolved: z.string({ error: "Enter who was involved in the plan" }).max(2000),
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
    .optional()
    .transform((rows) => (rows ?? []).filter((r) => r !== null)),
  supportLines: z
    .array(optionalRow(SupportLineSchema, ["description", "provider", "units", "costPerUnit"]))
    .optional()
    .transform((rows) => (rows ?? []).filter((r) => r !== null)),
});

export const RejectSchema = z.object({ reason: z.string({ error: "Enter the reason the plan is not approved: the person will see it" }).max(2000) });
export const ReasonSchema = z.object({ reason: z.string({ error: "Enter the reason: the person will see it" }).max(2000) });
export const HoldingRequestSchema = z.object({
  lineKey: z.string().uuid(),
  requestedHolding: z.enum(["notional", "third-party", "direct-payment"], { error: "Choose how you would like this support to be held" }),
  why: z.string({ error: "Tell us why you would like a change" }).max(2000),
});
export const DirectPaymentDecisionSchema = z.object({
  kind: z.enum(["refused", "stopped"], { error: "Choose whether the direct payment is refused or stopped" }),
  reason: z.string({ error: "Enter the reason: the person will see it" }).max(2000),
  effectiveOn: date("date of the decision"),
});
export const EndPlanSchema = z.object({
  endedOn: date("day the personal health budget ends"),
  reason: z.string({ error: "Enter why the personal health budget is ending: the person will see it" }).max(2000),
  confirm: z.literal("yes", { error: "Confirm that no instalment will be paid after this day" }),
});
export const ReconsiderSchema = z.object({ decisionId: z.string().uuid(), why: z.string({ error: "Tell us why we should reconsider" }).max(2000) });

/** An element id from a form field name: "supportLines[0].units" -> "supportLines-0-units". */
export function idOf(name: string) {
  return name.replace(/[^a-zA-Z0-9]+/g, "-").replace(/-$/, "");
}
