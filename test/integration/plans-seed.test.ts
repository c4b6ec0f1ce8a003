import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OpenDatabase } from "#db/client.server";
import { holders } from "#db/schema";
import { seedDemoData } from "../../scripts/seed";
import { loadPlan } from "~/plans/plan-views.server";
import { loadHolderHome } from "~/people/holder-home.server";
import { loadHelpContact } from "~/help/help-contact.server";
import { createTestDatabase } from "../setup/database";

describe("demo plans", () => {
  let database: OpenDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.close());

  it("gives each seeded holder an approved plan, one of each kind of holding, adding up to their budget", async () => {
    await seedDemoData(database.db, { today: "2026-11-23" });
    const all = await database.db.select().from(holders).orderBy(holders.nhsNumber);
    const seen: Record<string, { notional: number; "third-party": number; "direct-payment": number }> = {};
    for (const h of all) {
      const plan = await loadPlan(database.db, { holderId: h.id });
      // Aisha had her three-month review: version 2 applies from 1 July.
      expect(plan?.current).toMatchObject(
        h.givenName === "Aisha" ? { version: 2, status: "approved", inForceFrom: "2026-07-01" } : { version: 1, status: "approved" },
      );
      const summary = (await loadHolderHome(database.db, { holderId: h.id, today: "2026-11-23", actingFor: false }))!.plan;
      seen[h.givenName] = summary.approved!.split.byHolding;
      expect(summary.approved!.nextReviewOn).toBe("2027-07-01");
    }
    expect(seen).toEqual({
      Margaret: { notional: 8_450_000, "third-party": 0, "direct-payment": 0 },
      David: { notional: 0, "third-party": 3_120_000, "direct-payment": 0 },
      Aisha: { notional: 0, "third-party": 0, "direct-payment": 2_604_000 },
      Leo: { notional: 1_800_000, "third-party": 0, "direct-payment": 1_560_000 },
    });
    const [leo] = await database.db.select().from(holders).where(eq(holders.givenName, "Leo"));
    expect((await loadHolderHome(database.db, { holderId: leo.id, today: "2026-11-23", actingFor: false }))!.plan.attention[0].text).toMatch(
      /tell us you agree/,
    );
  });

  it("gives the demo's help page a team to contact", async () => {
    const [leo] = await database.db.select().from(holders).where(eq(holders.givenName, "Leo"));
    expect(await loadHelpContact(database.db, leo.commissionerId)).toEqual({
      phone: "0113 496 0000",
      email: "phb.team@demo.nhs.uk",
      openingHours: "Monday to Friday, 9am to 5pm, except bank holidays",
    });
  });
});
