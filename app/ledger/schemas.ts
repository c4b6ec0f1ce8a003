import { z } from "zod";

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: "Enter a real date, like 2026-03-27" })
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), {
    error: "Enter a real date, like 2026-03-27",
  });

/** The statement's date filter: both ends optional, inclusive. */
export const StatementFilterSchema = z
  .object({
    from: isoDate.optional(),
    to: isoDate.optional(),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { error: "The 'to' date must be the same as or after the 'from' date", path: ["to"] });
