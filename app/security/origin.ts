const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * A state-changing request must come from our own pages. Browsers send `Origin` (and `Sec-Fetch-Site`) on
 * every POST, so a cross-site form or fetch is caught here; a client that sends neither is not a browser and
 * cannot carry a victim's cookie, so it is let through to the ordinary session checks.
 */
export function isCrossSiteWrite(request: { method: string; host: string | undefined; origin: string | undefined; secFetchSite: string | undefined }): boolean {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return false;
  if (request.origin !== undefined) {
    if (request.origin === "null") return true;
    try {
      return new URL(request.origin).host !== request.host;
    } catch {
      return true;
    }
  }
  if (request.secFetchSite !== undefined) {
    return request.secFetchSite !== "same-origin" && request.secFetchSite !== "none";
  }
  return false;
}
