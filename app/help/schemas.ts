import { z } from "zod";
import { EASE_CHOICES } from "./feedback";

const text = (missing: string, max: number, tooLong: string) => z.string({ error: missing }).trim().min(1, { error: missing }).max(max, { error: tooLong });

/** How people reach the personal health budget team, as the team types it. */
export const HelpContactSchema = z.object({
  phone: text("Enter the phone number, like 0116 295 0000", 40, "The phone number must be 40 characters or fewer").regex(/^[0-9 +()-]+$/, {
    error: "Enter a phone number using only numbers, spaces and brackets, like 0116 295 0000",
  }),
  email: z
    .string({ error: "Enter the email address, like phb.team@nhs.net" })
    .trim()
    .max(254, { error: "The email address must be 254 characters or fewer" })
    .email({ error: "Enter an email address in the correct format, like phb.team@nhs.net" }),
  openingHours: text("Enter the opening hours, like Monday to Friday, 9am to 5pm", 200, "The opening hours must be 200 characters or fewer"),
});

export const FeedbackSchema = z.object({
  ease: z.enum(EASE_CHOICES.map((c) => c.value) as [string, ...string[]], { error: "Select how easy it was to use this service" }),
  couldBeBetter: z
    .string()
    .trim()
    .max(1200, { error: "What could be better must be 1200 characters or fewer" })
    .optional()
    .transform((v) => v ?? ""),
});
