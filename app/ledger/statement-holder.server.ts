import { parseWithZod } from "@conform-to/zod/v4";
import { requireCurrentHolder } from "~/access/access.server";
import { fieldErrors } from "~/ui/error-summary";
import { pageFrom } from "~/ui/pagination";
import { StatementFilterSchema } from "./schemas";

/** Whose statement this request is for, with access checked (see requireCurrentHolder). */
export async function requireStatementHolder(request: Request) {
  const { holderId, ...signedIn } = await requireCurrentHolder(request, "view");
  return { signedIn, holderId, params: new URL(request.url).searchParams };
}

/** The date filter from the query string, with NHS error-summary messages for anything wrong. */
export function parseStatementFilter(params: URLSearchParams) {
  const submission = parseWithZod(params, { schema: StatementFilterSchema });
  const errors = fieldErrors(submission);
  const filter = submission.status === "success" ? submission.value : {};
  const account = params.get("account");
  // Which arrangement: an unknown or malformed one shows the default rather than failing the page.
  const arrangementId = account && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(account) ? account : null;
  return { filter: { ...filter, arrangementId }, errors, page: pageFrom(params), values: { from: params.get("from") ?? "", to: params.get("to") ?? "" } };
}
