import { z } from "zod";
import type { DateField } from "~/dates/date-fields";
import { IsoDateSchema, withDateRange } from "~/dates/date-range";
import { parseMoney } from "~/ledger/money";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An amount typed in pounds, as integer pence, with parseMoney's message when it is not money. */
function moneySchema(missing: string) {
  return z.string({ error: missing }).transform((value, ctx) => {
    const parsed = parseMoney(value);
    if (!parsed.ok) {
      ctx.addIssue({ code: "custom", message: parsed.message });
      return z.NEVER;
    }
    return parsed.pence;
  });
}

/** The date of a spend, typed in three boxes on the log and change forms: it has happened, so not after today. */
export const spentOnField = (today: string): DateField => ({
  name: "spentOn",
  label: "Date of the spend",
  rules: { required: true, notInFuture: true, today },
});

/** The care's dates on the form setting money aside: either may be past or future (the use-case checks the plan's). */
export const COMMITMENT_DATES: DateField[] = [
  { name: "startsOn", label: "Date the care starts", rules: { required: true } },
  { name: "endsOn", label: "Date the care ends", rules: { required: true } },
];

/** The spend form, as typed: messages follow the NHS service manual (what went wrong, how to fix it). */
export const SpendFormSchema = z
  .object({
    formToken: z.string({ error: "This form has expired: start again" }).regex(UUID, { error: "This form has expired: start again" }),
    spentOn: IsoDateSchema.optional().refine((v) => Boolean(v), { error: "Enter the date of the spend, like 2026-03-27" }),
    payeeId: z.string().regex(UUID, { error: "Select who you paid" }).optional(),
    newPayeeName: z.string().trim().max(120, { error: "Who you paid must be 120 characters or fewer" }).optional(),
    amount: moneySchema("Enter the amount, like 12.50"),
    whatFor: z
      .string({ error: "Enter what the money was for" })
      .trim()
      .min(1, { error: "Enter what the money was for" })
      .max(500, { error: "What it was for must be 500 characters or fewer" }),
    supportLineId: z
      .string({ error: "Select the support line in your plan this was for" })
      .regex(UUID, { error: "Select the support line in your plan this was for" }),
    howPaid: z.enum(["account-transfer", "card", "cash", "invoice"], { error: "Select how it was paid" }),
    restrictedCategoryId: z.string().regex(UUID, { error: "Select one of the options" }).optional(),
  })
  .refine((v) => Boolean(v.payeeId || v.newPayeeName), { error: "Select who you paid, or enter a new name", path: ["payeeId"] });

export type SpendForm = z.infer<typeof SpendFormSchema>;

/** Why a spend is changed: kept with the spend, and on the ledger entry that undoes it. */
export const SpendChangeReasonSchema = z.object({
  reason: z
    .string({ error: "Enter why you are changing this spend" })
    .trim()
    .min(1, { error: "Enter why you are changing this spend" })
    .max(500, { error: "Why you are changing it must be 500 characters or fewer" }),
});

/** The period of the spend-against-the-plan page: both dates optional, "to" not before "from". */
export const SpendVsPlanFilterSchema = withDateRange({});
/** The dates of the spending list's filter, the same way. */
export const SpendDatesSchema = withDateRange({});

export const HOW_PAID_NAMES = {
  "account-transfer": "Transfer from the budget account",
  card: "Budget payment card",
  cash: "Cash",
  invoice: "Invoice paid by the NHS",
} as const;

/** How a spend can be paid: by the holder from their budget, or, on a line the NHS arranges, by the NHS on invoice. */
export function howPaidOptions(holding: "holder" | "nhs" | "any") {
  return Object.entries(HOW_PAID_NAMES)
    .filter(([value]) => holding === "any" || (value === "invoice") === (holding === "nhs"))
    .map(([value, label]) => ({ value, label }));
}

/** A restricted category's rule and the words the person is given when a spend is refused or flagged. */
export const RestrictedCategorySchema = z.object({
  rule: z.enum(["refused", "needs-agreement"], { error: "Select whether it is refused or needs agreement" }),
  reason: z
    .string({ error: "Enter the reason the person is given" })
    .trim()
    .min(1, { error: "Enter the reason the person is given" })
    .max(500, { error: "The reason must be 500 characters or fewer" }),
  whatToDoInstead: z
    .string({ error: "Enter what the person can do instead" })
    .trim()
    .min(1, { error: "Enter what the person can do instead" })
    .max(500, { error: "What the person can do instead must be 500 characters or fewer" }),
});

/** Why a commitment is cancelled, kept with it. */
export const CancelCommitmentSchema = z.object({
  reason: z
    .string({ error: "Enter why the commitment is cancelled" })
    .trim()
    .min(1, { error: "Enter why the commitment is cancelled" })
    .max(500, { error: "Why it is cancelled must be 500 characters or fewer" }),
});

export const CommitmentFormSchema = z
  .object({
    supportLineId: z.string({ error: "Select the support line the NHS arranges" }).regex(UUID, { error: "Select the support line the NHS arranges" }),
    provider: z
      .string({ error: "Enter the provider" })
      .trim()
      .min(1, { error: "Enter the provider" })
      .max(120, { error: "The provider must be 120 characters or fewer" }),
    description: z
      .string({ error: "Enter what the care is" })
      .trim()
      .min(1, { error: "Enter what the care is" })
      .max(500, { error: "What the care is must be 500 characters or fewer" }),
    amount: moneySchema("Enter the amount set aside, like 1200.00"),
    startsOn: IsoDateSchema.optional().refine((v) => Boolean(v), { error: "Enter date the care starts" }),
    endsOn: IsoDateSchema.optional().refine((v) => Boolean(v), { error: "Enter date the care ends" }),
    reference: z.string().trim().max(60, { error: "The reference must be 60 characters or fewer" }).optional(),
  })
  .refine((v) => !v.startsOn || !v.endsOn || v.endsOn >= v.startsOn, { error: "The end date must be the same as or after the start date", path: ["endsOn"] });
