import { z } from "zod";
import { withDateRange } from "~/dates/date-range";

export const AuditFilterSchema = withDateRange({
  person: z.uuid({ error: "Choose a person from the list" }).optional(),
  entityType: z.string().max(60).optional(),
  entityId: z.string().max(100).optional(),
});
