import { z } from "zod";
import { parseMoney } from "~/ledger/money";

const wholeNumber = (label: string, min: number, max: number) =>
  z
    .string({ error: `Enter ${label}` })
    .trim()
    .min(1, `Enter ${label}`)
    .regex(/^\d+$/, `${label[0].toUpperCase()}${label.slice(1)} must be a whole number, like ${min + 1}`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `${label[0].toUpperCase()}${label.slice(1)} must be between ${min} and ${max}`);

/** Finance's settings for matching and flags, as the form sends them. */
export const ReconciliationSettingsSchema = z.object({
  matchWindowDays: wholeNumber("the days either side to match", 0, 31),
  surplusWeeks: wholeNumber("the weeks of instalments", 1, 52),
  cashLimit: z.string({ error: "Enter the cash amount" }).transform((text, ctx) => {
    const parsed = parseMoney(text, "cash amount");
    if (!parsed.ok) {
      ctx.addIssue({ code: "custom", message: parsed.message });
      return z.NEVER;
    }
    return parsed.pence;
  }),
  unloggedDays: wholeNumber("the days before money out is flagged", 1, 365),
  inactiveDays: wholeNumber("the days without spending", 7, 730),
});
