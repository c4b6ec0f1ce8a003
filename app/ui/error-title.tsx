import { UNSAFE_RemixContext, useLocation, type MetaDescriptor, type MetaFunction } from "@remix-run/react";
import { useContext } from "react";
import { UNSAFE_DataRouterStateContext } from "react-router-dom";

/**
 * Whether what a form sent back is a refusal with errors to show: a conform reply with errors, an `errors` list (the
 * staff pages' forms), or a single message (accepting an invitation).
 */
export function showsErrors(actionData: unknown): boolean {
  if (!actionData || typeof actionData !== "object") return false;
  const d = actionData as { status?: unknown; errors?: unknown; acceptError?: unknown };
  return d.status === "error" || (Array.isArray(d.errors) && d.errors.length > 0) || typeof d.acceptError === "string";
}

/**
 * The page's title with "Error: " in front while the form on it shows errors, so a screen reader says so first
 * (NHS.UK error summary guidance). A route's meta function is given only its loader's data, never what its action
 * sent back, so the title is worked out here, from the router's state, and put before the one <Meta /> renders: the
 * first <title> in a document is its title. With or without JavaScript: the server renders it the same way.
 */
export function ErrorTitle() {
  const state = useContext(UNSAFE_DataRouterStateContext);
  const remix = useContext(UNSAFE_RemixContext);
  const location = useLocation();
  if (!state?.actionData || !remix || !Object.values(state.actionData).some(showsErrors)) return null;
  const leaf = state.matches.at(-1);
  if (!leaf) return null;
  const meta = remix.routeModules[leaf.route.id]?.meta;
  const data: unknown = state.loaderData[leaf.route.id];
  // Our meta functions read only their loader's data; the rest is given as Remix would give it, less the matches.
  const args = { data, params: leaf.params, location, matches: [], error: undefined } as unknown as Parameters<MetaFunction>[0];
  const descriptors: MetaDescriptor[] | undefined = typeof meta === "function" ? meta(args) : meta;
  const title = descriptors?.map((d) => ("title" in d ? String(d.title) : null)).find(Boolean);
  if (!title) return null;
  return <title>{title.startsWith("Error: ") ? title : `Error: ${title}`}</title>;
}
