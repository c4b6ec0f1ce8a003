import { data, redirect, type ActionFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/access/access.server";
import { getDb } from "#db/client.server";
import { readForm, formText } from "~/http/form-data";
import { touchSession } from "~/people/sessions.server";
import { safeReturnTo } from "~/security/return-to";

/**
 * "Stay signed in" from the timeout warning: any request would do; this one is explicit. Sent as a plain form it
 * names the page it came from and goes back there; sent in the background it needs no answer but "done".
 */
export async function action({ request }: ActionFunctionArgs) {
  const db = getDb();
  const { sessionId } = await requireUser(request, db);
  await touchSession(db, sessionId);
  const returnTo = safeReturnTo(formText(await readForm(request), "returnTo"), new URL(request.url).origin);
  return returnTo ? redirect(returnTo) : data({ ok: true });
}
