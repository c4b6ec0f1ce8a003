import { afterAll, beforeAll } from "vitest";
import { getDb, setDb, type OpenDatabase } from "#db/client.server";
import { setJobs } from "~/integrations/jobs/jobs.server";
import { createTestDatabase } from "../setup/database";

/**
 * A database of the describe block's own, made the process's database (getDb) for its tests and put back after, for
 * tests that start the real job queue: pg-boss needs a connection of its own (jobConnection), which only a database
 * opened here gives. Returns the database, to be read once the block's tests run.
 */
export function jobQueueDatabase(): () => OpenDatabase {
  let database: OpenDatabase;
  let previous: ReturnType<typeof getDb>;
  beforeAll(async () => {
    previous = getDb();
    database = await createTestDatabase();
    setDb(database.db);
  });
  afterAll(async () => {
    setDb(previous);
    setJobs(undefined);
    await database.close();
  });
  return () => database;
}
