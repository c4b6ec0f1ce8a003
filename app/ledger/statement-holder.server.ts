import { parseWithZod } from "@conform-to/zod/v4";
import { requireCurrentHolder } from "~/access/access.server";
import { optionalId } from "~/http/ids";
import { fieldErrors } from "~/ui/error-summary";
import { pageFrom } from "~/ui/pagination";
import { StatementFilterSchema } from "./schemas";
import { readFilterDates, withDateErrors } from "~/dates/date-fields";

/** Whose statement this request is for, with access checked (see requireCurrentHolder). */
export async function requireStatementHolder(request: Request) {
  const { holderId, ...signedIn } = await requireCurrentHolder(request, "view");
  return { signedIn, holderId, params: new URL(request.url).searchParams };
}

/** The date filter from the query string, with NHS error-summary messages for anything wrong. */
export function parseStatementFilter(params: URLSearchParams) {
  const typed = readFilterDates(params);
  const submission = parseWithZod(typed.params, { schema: StatementFilterSchema });
  const errors = withDateErrors(typed.errors, fieldErrors(submission));
  const filter = submission.status === "success" ? submission.value : {};
  // Which arrangement: an unknown one shows the default; one that is not an id at all is a 404.
  const arrangementId = optionalId(params.get("account"));
  return {
    filter: { ...filter, arrangementId },
    errors,
    page: pageFrom(params),
    values: { from: params.get("from") ?? "", to: params.get("to") ?? "", ...typed.values },
  };
}
