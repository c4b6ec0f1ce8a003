import { parseWithZod } from "@conform-to/zod/v4";
import { readFilterDates, withDateErrors } from "~/dates/date-fields";
import { fieldErrors } from "~/ui/error-summary";
import { AuditFilterSchema } from "./schemas";

/** The audit log's filters from a query, read the same way by the page and by its download. */
export function readAuditFilter(params: URLSearchParams) {
  const typed = readFilterDates(params);
  const submission = parseWithZod(typed.params, { schema: AuditFilterSchema });
  return {
    filter: submission.status === "success" ? submission.value : {},
    errors: withDateErrors(typed.errors, fieldErrors(submission)),
    typedDates: typed.values,
  };
}
