import type { Database } from "#db/client.server";

// The connection a test's requests use (the portal's own role on PostgreSQL), beside the owner's that builds the world.
let portal: Database | undefined;

export function setPortalDb(db: Database | undefined) {
  portal = db;
}

export function portalDb(): Database {
  if (!portal) throw new Error("The test database is not open yet");
  return portal;
}
