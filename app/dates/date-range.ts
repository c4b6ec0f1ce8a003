import { z } from "zod";

const REAL_DATE = "Enter a real date, like 2026-03-27";

/** A calendar date typed or picked as YYYY-MM-DD; 2026-02-30 and the like are refused. */
export const IsoDateSchema = z.string().refine(isRealDate, { error: REAL_DATE });

/** YYYY-MM-DD naming a day on the calendar: 2026-02-30 is not one, and PostgreSQL would throw on it. */
export function isRealDate(s: string) {
  // Year 0000 is a real year to JavaScript, not to PostgreSQL.
  return (
    /^\d{4}-\d{2}-\d{2}$/.test(s) &&
    !s.startsWith("0000") &&
    !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) &&
    new Date(`${s}T00:00:00Z`).toISOString().startsWith(s)
  );
}

/** Optional inclusive from/to dates for a filter, with "to" not before "from". */
export function withDateRange<T extends z.ZodRawShape>(shape: T) {
  return z
    .object({ ...shape, from: IsoDateSchema.optional(), to: IsoDateSchema.optional() })
    .refine((f) => dateRangeInOrder(f as { from?: string; to?: string }), {
      error: "The 'to' date must be the same as or after the 'from' date",
      path: ["to"],
    });
}

/** Only two real dates can be out of order: a date that is not real has its own message already. */
function dateRangeInOrder(f: { from?: string; to?: string }) {
  return !f.from || !f.to || !isRealDate(f.from) || !isRealDate(f.to) || f.from <= f.to;
}
