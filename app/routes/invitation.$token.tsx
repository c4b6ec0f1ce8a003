import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { setInviteeToken } from "~/people/invitation-cookies.server";

/**
 * The emailed link is the way in, and the token leaves the address bar at once: from here it travels in a
 * short-lived httpOnly cookie, so it is not kept in history, sent on in a Referer, or carried through sign-in.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return redirect("/invitation", { headers: { "Set-Cookie": await setInviteeToken(request, params.token ?? ""), "Cache-Control": "no-store" } });
}
