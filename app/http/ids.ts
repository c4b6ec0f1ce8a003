/** A UUID as PostgreSQL reads one. Anything else in a uuid column makes the query throw, which would be a 500. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === "string" && UUID.test(value);
}

/**
 * An id from a path, a form or a query string, before it goes near the database. A malformed id names nothing, so
 * the answer is the same 404 as for an id that does not exist.
 */
export function requireId(value: string | null | undefined): string {
  if (!isUuid(value)) throw new Response("Page not found", { status: 404 });
  return value;
}

/** An id that may be left out (a filter, "none of these"): absent or empty is null; anything else must be an id. */
export function optionalId(value: string | null | undefined): string | null {
  return value === null || value === undefined || value === "" ? null : requireId(value);
}
