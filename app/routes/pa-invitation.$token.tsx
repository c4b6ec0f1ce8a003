import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { assistantToken } from "~/people/invitation-cookies.server";

/** As a representative's invitation: the token leaves the address bar at once and travels in a short-lived cookie. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return redirect("/pa-invitation", { headers: { "Set-Cookie": await assistantToken.set(request, params.token ?? ""), "Cache-Control": "no-store" } });
}
