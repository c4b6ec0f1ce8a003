import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { setResetToken } from "~/people/invitation-cookies.server";

/** The emailed link's token leaves the address bar at once, as an invitation's does, and travels in a cookie. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return redirect("/password-reset", { headers: { "Set-Cookie": await setResetToken(request, params.token ?? ""), "Cache-Control": "no-store" } });
}
