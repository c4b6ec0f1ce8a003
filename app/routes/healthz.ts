import { sql } from "drizzle-orm";
import { getDb } from "#db/client.server";

/** For load balancers and uptime checks: 200 only once a query has reached the database. */
export async function loader() {
  try {
    await getDb().execute(sql`select 1`);
    return Response.json({ db: "ok" }, { headers: { "Cache-Control": "no-store" } });
  } catch {
    return Response.json({ db: "unavailable" }, { status: 503, headers: { "Cache-Control": "no-store" } });
  }
}
