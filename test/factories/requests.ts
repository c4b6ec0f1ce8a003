import type { ActionFunction, LoaderFunction } from "@remix-run/node";
import { getDb } from "#db/client.server";
import { signIn } from "~/people/sign-in.server";
import { setSessionCookie } from "~/people/session-cookie.server";
import { PASSWORD } from "./index";
import { withRequestScope } from "#db/tenant.server";
import { portalDb } from "../setup/portal-db";

export const BASE = "http://localhost";

/** A Cookie header for a real signed-in session, made through the real sign-in use-case. */
export async function cookieFor(email: string): Promise<string> {
  const result = await signIn(getDb(), { email, password: PASSWORD });
  if (!result.ok) throw new Error(`could not sign in ${email}: ${result.reason}`);
  const setCookie = await setSessionCookie(new Request(BASE), result.token);
  return setCookie.split(";")[0];
}

export function get(path: string, cookie?: string) {
  return new Request(`${BASE}${path}`, { headers: cookie ? { Cookie: cookie } : {} });
}

export function post(path: string, form: Record<string, string>, cookie?: string) {
  return new Request(`${BASE}${path}`, {
    method: "POST",
    body: new URLSearchParams(form),
    headers: { "Content-Type": "application/x-www-form-urlencoded", ...(cookie ? { Cookie: cookie } : {}) },
  });
}

/**
 * Calls a loader or action as Remix would and returns what it returned or threw, as a Response where it is one. As
 * the server does, in a request scope of its own, on the portal's own connection (its login role on PostgreSQL).
 */
export async function run(fn: LoaderFunction | ActionFunction, request: Request, params: Record<string, string> = {}) {
  try {
    return await withRequestScope(() => fn({ request, params, context: {} }), portalDb());
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

export function statusOf(result: unknown): number {
  if (result instanceof Response) return result.status;
  const init = (result as { init?: { status?: number } } | null)?.init;
  return init?.status ?? 200;
}

/** A date as the NHS.UK date input posts it: `<name>-day`, `<name>-month` and `<name>-year`, typed without leading zeros. */
export function dateFields(name: string, iso: string): Record<string, string> {
  const [year, month, day] = iso.split("-");
  return { [`${name}-day`]: String(Number(day)), [`${name}-month`]: String(Number(month)), [`${name}-year`]: year };
}
