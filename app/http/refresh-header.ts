import type { HeadersFunction } from "@remix-run/node";

/**
 * A route's `headers`: the page sends on the Refresh header its loader set while work it shows is still running (a
 * statement import, a payroll run), so a browser without JavaScript reloads it until the work is done.
 */
export const refreshWhileBusy: HeadersFunction = ({ loaderHeaders }) => {
  const refresh = loaderHeaders.get("Refresh");
  return refresh ? { Refresh: refresh } : new Headers();
};
