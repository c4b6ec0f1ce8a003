import { describe, expect, it } from "vitest";
import { getDb, openDatabase, setDb } from "#db/client.server";
import { loader } from "~/routes/healthz";

describe("/healthz", () => {
  it("answers 200 with db ok once a query reaches the database", async () => {
    const response = await loader();
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ db: "ok" });
  });

  it("answers 503 when the database cannot be reached", async () => {
    const working = getDb();
    const broken = await openDatabase({ dataDir: "memory://" });
    await broken.close();
    setDb(broken.db);
    try {
      const response = await loader();
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({ db: "unavailable" });
    } finally {
      setDb(working);
    }
  });
});
