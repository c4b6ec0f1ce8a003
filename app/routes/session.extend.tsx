import { data, type ActionFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/access/access.server";
import { getDb } from "#db/client.server";
import { touchSession } from "~/people/sessions.server";

/** "Stay signed in" from the timeout warning: any request would do; this one is explicit. */
export async function action({ request }: ActionFunctionArgs) {
  const db = getDb();
  const { sessionId } = await requireUser(request, db);
  await touchSession(db, sessionId);
  return data({ ok: true });
}
