import { redirect } from "@remix-run/node";
import { parseWithZod } from "@conform-to/zod/v4";
import { requireAccess, requireUser } from "~/access/access.server";
import { fieldErrors } from "~/ui/error-summary";
import { pageFrom } from "~/ui/pagination";
import { StatementFilterSchema } from "./schemas";

/**
 * Whose statement this request is for, with access checked: a holder's own; a representative's chosen holder
 * (they need the "view" scope); staff and support organisations name the holder with ?holder=.
 */
export async function requireStatementHolder(request: Request) {
  const { principal, actingForHolderId } = await requireUser(request);
  const params = new URL(request.url).searchParams;
  let holderId: string | null;
  if (principal.kind === "holder") holderId = principal.ownHolderId;
  else if (principal.kind === "representative") {
    holderId = actingForHolderId;
    if (!holderId) throw redirect("/acting-for");
  } else holderId = params.get("holder");
  if (!holderId) throw new Response("Page not found", { status: 404 });
  const signedIn = await requireAccess(request, "view", { holderId });
  return { signedIn, holderId, params };
}

/** The date filter from the query string, with NHS error-summary messages for anything wrong. */
export function parseStatementFilter(params: URLSearchParams) {
  const submission = parseWithZod(params, { schema: StatementFilterSchema });
  const errors = fieldErrors(submission);
  const filter = submission.status === "success" ? submission.value : {};
  return { filter, errors, page: pageFrom(params), values: { from: params.get("from") ?? "", to: params.get("to") ?? "" } };
}
