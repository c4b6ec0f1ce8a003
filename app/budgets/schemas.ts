import type { DateField } from "~/dates/date-fields";
import { z } from "zod";
import { isRealDate } from "~/dates/date-range";
import { parseMoney } from "~/ledger/money";
import { COHORT_NAMES } from "~/people/cohorts";

export const COSTING_METHOD_NAMES = {
  "national-tariff": "National tariff",
  "reference-cost": "Reference costs",
  "local-cost": "Local cost",
  "unit-cost": "Unit costs (PSSRU)",
} as const;

const yesNo = z.string({ error: "Choose yes or no" }).transform((v, ctx) => {
  const t = v.trim().toLowerCase();
  if (t === "yes" || t === "y" || t === "true") return true;
  if (t === "no" || t === "n" || t === "false") return false;
  ctx.addIssue({ code: "custom", message: "Included in personal budgets must be yes or no" });
  return z.NEVER;
});

/** One line of the statement of resources, from the form or from a CSV row (same names, same messages). */
/** From when a service may be paid for from a personal budget, for one waiting on a contract change: optional. */
export const AVAILABLE_FROM: DateField = { name: "availableFrom", label: "Date it can be included from" };

export const StatementLineSchema = z.object({
  cohort: z.enum(Object.keys(COHORT_NAMES) as [keyof typeof COHORT_NAMES], { error: "Choose the cohort" }),
  band: z
    .string()
    .max(50)
    .optional()
    .transform((v) => v?.trim() || null),
  service: z.string({ error: "Enter the service" }).max(200),
  provider: z.string({ error: "Enter the current provider" }).max(200),
  purpose: z.string({ error: "Enter what the service is for" }).max(500),
  costingMethod: z.enum(Object.keys(COSTING_METHOD_NAMES) as [keyof typeof COSTING_METHOD_NAMES], { error: "Choose how the cost is calculated" }),
  unit: z.string({ error: "Enter the unit, like hour or session" }).max(50),
  unitsPerYear: z
    .string({ error: "Enter the units per year, like 52" })
    .regex(/^\d+$/, { message: "Units per year must be a whole number, like 52" })
    .transform(Number)
    .refine((n) => n <= 1_000_000, { message: "Units per year must be 1,000,000 or fewer" }),
  costPerUnit: z.string({ error: "Enter the cost per unit, like 45.00" }).transform((v, ctx) => {
    const parsed = parseMoney(v, "cost per unit");
    if (!parsed.ok) {
      ctx.addIssue({ code: "custom", message: parsed.message });
      return z.NEVER;
    }
    return parsed.pence;
  }),
  includedInPersonalBudgets: yesNo,
  availableFrom: z
    .string()
    .optional()
    .refine((v) => !v || isRealDate(v), { message: "The date it becomes available must be a real date, like 2027-04-01" })
    .transform((v) => v || null),
});
export type StatementLineValues = z.output<typeof StatementLineSchema>;

export const CSV_COLUMNS = [
  "cohort",
  "band",
  "service",
  "provider",
  "purpose",
  "costingMethod",
  "unit",
  "unitsPerYear",
  "costPerUnit",
  "includedInPersonalBudgets",
  "availableFrom",
] as const;

export const IndicativeSchema = z.object({
  // One line chosen comes as a string, more as an array.
  lineKeys: z.preprocess(
    (v) => (typeof v === "string" ? [v] : v),
    z
      .array(z.string().uuid({ error: "Select lines from the statement of resources" }), { error: "Select at least one line from the statement of resources" })
      .min(1, { error: "Select at least one line from the statement of resources" })
      .max(1000, { error: "Select up to 1,000 lines from the statement of resources" }),
  ),
  band: z
    .string()
    .max(50)
    .optional()
    .transform((v) => v?.trim() || null),
});
