import { z } from "zod";
import { isRealDate } from "~/dates/date-range";

// An address is at most 254 characters (RFC 5321); a longer one is refused before it reaches the database.
export const EmailAddress = z
  .string({ error: "Enter your email address" })
  .trim()
  .max(254, { error: "Enter an email address in the correct format, like name@example.com" })
  .email({ error: "Enter an email address in the correct format, like name@example.com" });

export const SignInSchema = z.object({
  email: EmailAddress,
  password: z.string({ error: "Enter your password" }).max(1000, { error: "Enter your password" }),
  returnTo: z.string().max(2000).optional(),
});

const REPRESENTATIVE_SCOPES = ["view", "log-spending", "manage-payroll", "answer-finance-queries", "agree-plans"] as const;
const OPTIONAL_DATE = z.string().refine(isRealDate, { error: "Enter a real date, like 2027-03-31" }).optional();

/** Inviting a representative: who, how they are related, who consented, what they may do, until when. */
export const InviteRepresentativeSchema = z.object({
  name: z
    .string({ error: "Enter their full name" })
    .trim()
    .min(1, { error: "Enter their full name" })
    .max(120, { error: "Their name must be 120 characters or fewer" }),
  email: z.email({ error: "Enter their email address, like name@example.com" }).max(254, { error: "Their email address must be 254 characters or fewer" }),
  relationship: z
    .string({ error: "Enter how they are related, like parent or carer" })
    .trim()
    .min(1, { error: "Enter how they are related, like parent or carer" })
    .max(80),
  consentGivenBy: z.string({ error: "Enter who gave consent" }).trim().min(1, { error: "Enter who gave consent" }).max(120),
  scopes: z.array(z.enum(REPRESENTATIVE_SCOPES)).optional().default([]),
  endsOn: OPTIONAL_DATE,
});

export const ChangeRepresentativeSchema = z.object({
  representativeId: z.uuid({ error: "Choose a representative" }),
  scopes: z.array(z.enum(REPRESENTATIVE_SCOPES)).optional().default([]),
  endsOn: OPTIONAL_DATE,
});

export const SetPasswordSchema = z
  .object({
    password: z
      .string({ error: "Enter a password" })
      .min(12, { error: "Your password must be 12 characters or more" })
      // argon2 has no length limit, but a form field this long is a mistake or an attack.
      .max(200, { error: "Your password must be 200 characters or fewer" }),
    confirmPassword: z.string({ error: "Enter your password again" }),
  })
  .refine((f) => f.password === f.confirmPassword, { error: "The passwords do not match", path: ["confirmPassword"] });

export const ForgottenPasswordSchema = z.object({
  email: z
    .string({ error: "Enter your email address" })
    .trim()
    .max(254, { error: "Enter an email address in the correct format, like name@example.com" })
    .email({ error: "Enter an email address in the correct format, like name@example.com" }),
});
