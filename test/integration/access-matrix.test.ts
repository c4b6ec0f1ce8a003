import { readdirSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ROLES, ROUTE_ACCESS, variantsOf, type Outcome, type Role } from "~/access/route-access";
import { withRequestScope } from "#db/tenant.server";
import { BASE, statusOf } from "../factories/requests";
import { portalDb } from "../setup/portal-db";
import { accessWorld, ROUTE_CALLS, type AccessWorld, type Call, type CallFor, type MethodCalls } from "./access-matrix-fixtures";

/*
 * The access matrix: every route module in app/routes, asked by every role with GET and with a valid POST, must answer
 * what app/access/route-access.ts says. Each request calls the route's loader or action directly, as Remix would, and
 * answers for a missing one as Remix does (a page without a loader renders; a POST without an action is 405).
 */

const ROUTES_DIR = path.resolve("app/routes");
// As remix.config.js: tests and dotfiles beside the routes are not routes.
const routeFiles = readdirSync(ROUTES_DIR)
  .filter((f) => /\.(tsx?|jsx?)$/.test(f) && !/\.test\.tsx?$/.test(f) && !f.startsWith("."))
  .sort();
const METHODS = ["GET", "POST"] as const;
type Method = (typeof METHODS)[number];

/**
 * Routes that answer today other than the table says they should: open holes, each named with why. A case listed here
 * checks that it still answers as recorded, so closing the hole fails it: then delete the entry, and the table's
 * answer is checked from then on. Key: "METHOD route [variant] as role".
 */
const KNOWN_HOLES: Record<string, { answersNow: Outcome; why: string }> = {};

type RouteModule = { loader?: CallFn; action?: CallFn; default?: unknown };
type CallFn = (args: { request: Request; params: Record<string, string>; context: object }) => unknown;
type Answer = { status: number; location: string | null; error?: string };

const modules = new Map<string, Promise<RouteModule>>();
const load = (file: string) => {
  if (!modules.has(file)) modules.set(file, import(/* @vite-ignore */ path.join(ROUTES_DIR, file)) as Promise<RouteModule>);
  return modules.get(file)!;
};

function request(method: Method, call: Call, session: string | undefined) {
  const cookie = [session, call.cookie].filter(Boolean).join("; ");
  const headers: Record<string, string> = cookie ? { Cookie: cookie } : {};
  if (method === "GET") return new Request(`${BASE}${call.path}`, { headers });
  const fields = Object.entries(call.form ?? {});
  if (fields.some(([, value]) => value instanceof File)) {
    const body = new FormData();
    for (const [name, value] of fields) for (const v of value instanceof File ? [value] : [value].flat()) body.append(name, v);
    return new Request(`${BASE}${call.path}`, { method: "POST", body, headers });
  }
  const body = new URLSearchParams();
  for (const [name, value] of fields) for (const v of [value].flat() as string[]) body.append(name, v);
  return new Request(`${BASE}${call.path}`, { method: "POST", body, headers: { ...headers, "Content-Type": "application/x-www-form-urlencoded" } });
}

/** What Remix would answer: the loader's or action's Response or data, or its own answer when there is none. */
async function answer(module: RouteModule, method: Method, req: Request, params: Record<string, string>): Promise<Answer> {
  const fn = method === "GET" ? module.loader : module.action;
  // A page without a loader still renders; a resource route without one has nothing to answer with.
  if (!fn) return { status: method === "POST" ? 405 : module.default ? 200 : 400, location: null };
  let result: unknown;
  try {
    // As the server does: a request scope of its own, on the portal's own connection (behind row-level security).
    result = await withRequestScope(() => fn({ request: req, params, context: {} }), portalDb());
  } catch (thrown) {
    if (!(thrown instanceof Response)) return { status: 500, location: null, error: String((thrown as Error)?.stack ?? thrown) };
    result = thrown;
  }
  return { status: statusOf(result), location: result instanceof Response ? result.headers.get("Location") : null };
}

// Sent to sign in, to choose who to act for, or told the session timed out: not a success, whatever the route.
const REFUSING_REDIRECTS = [/^\/sign-in\?returnTo=/, /^\/acting-for\b/, /^\/signed-out\?reason=timeout/];

function meets(outcome: Outcome, got: Answer): boolean {
  const redirected = got.status >= 300 && got.status < 400;
  if (outcome === "ok") return (got.status >= 200 && got.status < 300) || (redirected && !REFUSING_REDIRECTS.some((r) => r.test(got.location ?? "")));
  if (outcome === "sign-in") return redirected && (got.location ?? "").startsWith("/sign-in?returnTo=");
  if (typeof outcome === "string") return redirected && (got.location ?? "").split("?")[0] === outcome.slice("redirect ".length);
  return got.status === outcome;
}

const shown = (got: Answer) => (got.location ? `${got.status} to ${got.location}` : `${got.status}${got.error ? `: ${got.error}` : ""}`);

const pick = (calls: MethodCalls, variant: string): CallFor => ("byVariant" in calls ? calls.byVariant[variant] : calls);

function callFor(route: string, method: Method, variant: string): CallFor {
  const calls = ROUTE_CALLS[route];
  if (method === "GET" || calls.POST) return pick(calls[method]!, variant);
  // A route without an action is sent the GET's URL and an empty form.
  const get = pick(calls.GET, variantsOfCalls(calls.GET)[0]);
  return async (world, role) => {
    const { path, params } = await get(world, role);
    return { path, params };
  };
}

const variantsOfCalls = (calls: MethodCalls | undefined) => (!calls ? [""] : "byVariant" in calls ? Object.keys(calls.byVariant) : [""]);

const labelOf = (route: string, variant: string) => `${route}${variant ? ` (${variant})` : ""}`;
const caseKey = (method: Method, label: string, role: Role) => `${method} ${label} as ${role}`;

const listed = routeFiles.filter((f) => ROUTE_ACCESS[f] && ROUTE_CALLS[f]);

let w: AccessWorld;
beforeAll(async () => {
  w = await accessWorld();
});

describe("the access matrix", () => {
  it("has a row in app/access/route-access.ts and a request in the fixtures for every route module", () => {
    expect(routeFiles.filter((f) => !ROUTE_ACCESS[f])).toEqual([]);
    expect(routeFiles.filter((f) => !ROUTE_CALLS[f])).toEqual([]);
  });

  it("has no row or request for a route module that no longer exists", () => {
    expect(Object.keys(ROUTE_ACCESS).filter((f) => !routeFiles.includes(f))).toEqual([]);
    expect(Object.keys(ROUTE_CALLS).filter((f) => !routeFiles.includes(f))).toEqual([]);
  });

  it("asks each route in every way the table names, with a form for every route that takes a POST", async () => {
    const mismatches: string[] = [];
    for (const file of listed) {
      const module = await load(file);
      if (module.action && !ROUTE_CALLS[file].POST) mismatches.push(`${file}: takes a POST but the fixtures send it no form`);
      for (const method of METHODS) {
        const inTable = variantsOf(ROUTE_ACCESS[file][method]).map(([v]) => v);
        const inCalls = variantsOfCalls(ROUTE_CALLS[file][method]);
        if (method === "POST" && !ROUTE_CALLS[file].POST && inTable.length === 1 && inTable[0] === "") continue;
        if (inTable.join("|") !== inCalls.join("|"))
          mismatches.push(`${method} ${file}: table has [${inTable.join(", ")}], fixtures have [${inCalls.join(", ")}]`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it("lists as known holes only requests the matrix makes", () => {
    const cases = new Set(
      listed.flatMap((route) =>
        METHODS.flatMap((method) =>
          variantsOf(ROUTE_ACCESS[route][method]).flatMap(([variant]) => ROLES.map((role) => caseKey(method, labelOf(route, variant), role))),
        ),
      ),
    );
    expect(Object.keys(KNOWN_HOLES).filter((key) => !cases.has(key))).toEqual([]);
  });

  // Every GET first, then every POST, so what a POST changes is never under a GET.
  describe.each(METHODS)("%s", (method) => {
    const groups = listed.flatMap((route) =>
      variantsOf(ROUTE_ACCESS[route][method]).map(([variant, expected]) => ({
        route,
        variant,
        expected,
        label: labelOf(route, variant),
      })),
    );

    // Titles through "%s", so a long route name is not cut short in a failure.
    describe.each(groups.map((g) => [g.label, g] as const))("%s", (label, { route, variant, expected }) => {
      const cases = ROLES.map((role: Role) => {
        const outcome = expected[role];
        const hole = KNOWN_HOLES[caseKey(method, label, role)];
        const title = `as ${role}: ${outcome}${hole ? ` (KNOWN HOLE: answers ${hole.answersNow} today)` : ""}`;
        return [title, { role, outcome, hole }] as const;
      });

      it.each(cases)("%s", async (_title, { role, outcome, hole }) => {
        const module = await load(route);
        const call = await callFor(route, method, variant)(w, role);
        const cookie = call.freshSession ? await w.freshCookie(role) : w.cookie(role);
        const got = await answer(module, method, request(method, call, cookie), call.params ?? {});
        if (hole) {
          expect(meets(hole.answersNow, got), `known hole (${hole.why}) now answers ${shown(got)}: if it is closed, delete it from KNOWN_HOLES`).toBe(true);
          return;
        }
        expect(meets(outcome, got), `expected ${outcome}, got ${shown(got)}`).toBe(true);
      });
    });
  });
});
