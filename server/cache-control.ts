import type { ServerResponse } from "node:http";

/**
 * Pages, data requests and downloads may hold personal data, so no browser (or its back button) or proxy may keep
 * a copy: "no-store" on every response that does not set its own caching (the fingerprinted assets do). Applied as
 * the headers go out, because Remix sets its headers after this middleware has run, and appends rather than replaces.
 */
export function noStoreUnlessSet(res: ServerResponse) {
  const writeHead = res.writeHead.bind(res);
  res.writeHead = ((...args: Parameters<ServerResponse["writeHead"]>) => {
    if (!res.hasHeader("Cache-Control")) res.setHeader("Cache-Control", "no-store");
    return writeHead(...args);
  }) as ServerResponse["writeHead"];
}
