import { z } from "zod";
import { COHORT_NAMES, type Cohort } from "./cohorts";
import { checkNhsNumber } from "./nhs-number";
import { REFERRAL_NAMES, type ReferralSource } from "./referrals";

/** The fields of "Add a person" in the order the form shows them: errors are listed in this order too. */
export const ADD_HOLDER_FIELDS = [
  "nhsNumber",
  "givenName",
  "familyName",
  "dateOfBirth",
  "cohort",
  "phone",
  "email",
  "postalAddress",
  "referredBy",
  "referredByOther",
] as const;

const name = (missing: string, tooLong: string) => z.string({ error: missing }).trim().min(1, { error: missing }).max(100, { error: tooLong });
const optional = (schema: z.ZodString) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => v || undefined)
    .pipe(schema.optional());

const REACH_THEM = "Enter a phone number or an email address, so we can reach them or their family";

/**
 * A person being added, as the coordinator types it. The NHS number keeps only its digits; the date of birth comes
 * already read from its three boxes (see app/dates/date-fields.ts). At least one way to reach them is needed: the
 * plan is made with them.
 */
export const AddHolderSchema = z
  .object({
    nhsNumber: z.string({ error: "Enter the NHS number" }).transform((value, ctx) => {
      const checked = checkNhsNumber(value);
      if (checked.ok) return checked.value;
      ctx.addIssue({ code: "custom", message: checked.message });
      return z.NEVER;
    }),
    givenName: name("Enter their first name", "Their first name must be 100 characters or fewer"),
    familyName: name("Enter their last name", "Their last name must be 100 characters or fewer"),
    dateOfBirth: z.string({ error: "Enter their date of birth" }),
    cohort: z.enum(Object.keys(COHORT_NAMES) as [Cohort, ...Cohort[]], { error: "Select the type of budget" }),
    phone: optional(
      z
        .string()
        .max(40, { error: "The phone number must be 40 characters or fewer" })
        .regex(/^[0-9 +()-]+$/, { error: "Enter a phone number using only numbers, spaces and brackets, like 0116 496 0000" }),
    ),
    email: optional(
      z
        .string()
        .max(254, { error: "The email address must be 254 characters or fewer" })
        .email({ error: "Enter an email address in the correct format, like name@example.com" }),
    ),
    postalAddress: optional(z.string().max(500, { error: "The address must be 500 characters or fewer" })),
    referredBy: z.enum(Object.keys(REFERRAL_NAMES) as [ReferralSource, ...ReferralSource[]], { error: "Select who referred them" }),
    referredByOther: optional(z.string().max(200, { error: "Who referred them must be 200 characters or fewer" })),
  })
  // Checked even when other fields are wrong, so every problem is shown at once.
  .refine((v) => Boolean(v.phone || v.email), { path: ["phone"], message: REACH_THEM, when: () => true })
  .refine((v) => v.referredBy !== "other" || Boolean(v.referredByOther), { path: ["referredByOther"], message: "Enter who referred them", when: () => true });

export type AddHolderDetails = z.infer<typeof AddHolderSchema>;

/** Errors in the order of the form's fields, whichever check found them first; a date's boxes count as the date. */
export function inFieldOrder<E extends { fieldId: string }>(errors: E[]): E[] {
  const rank = (id: string) => {
    const i = ADD_HOLDER_FIELDS.indexOf(id.replace(/-(day|month|year)$/, "") as (typeof ADD_HOLDER_FIELDS)[number]);
    return i === -1 ? ADD_HOLDER_FIELDS.length : i;
  };
  return [...errors].sort((a, b) => rank(a.fieldId) - rank(b.fieldId));
}
