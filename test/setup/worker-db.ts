import { afterAll, beforeAll } from "vitest";
import { setDb } from "#db/client.server";
import { createTestDatabase } from "./database";
import { setPortalDb } from "./portal-db";

process.env.SESSION_SECRET ??= "test-session-secret";
process.env.NODE_ENV ??= "test";

let close: (() => Promise<void>) | undefined;

beforeAll(async () => {
  const database = await createTestDatabase();
  setDb(database.db);
  setPortalDb(database.portalDb);
  close = () => database.close();
});

afterAll(async () => {
  setDb(undefined);
  setPortalDb(undefined);
  await close?.();
});
