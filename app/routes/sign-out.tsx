import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { getSignedIn } from "~/access/access.server";
import { getDb } from "#db/client.server";
import { clearSessionCookie } from "~/people/session-cookie.server";
import { signOut } from "~/people/sign-in.server";

export function loader() {
  return redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  const db = getDb();
  const signedIn = await getSignedIn(request, db);
  if (signedIn && signedIn !== "expired") {
    await signOut(db, signedIn.sessionId, {
      userId: signedIn.principal.userId,
      commissionerId: signedIn.principal.commissionerId,
      requestId: signedIn.actor.requestId,
    });
  }
  return redirect("/signed-out", { headers: { "Set-Cookie": await clearSessionCookie(request) } });
}
