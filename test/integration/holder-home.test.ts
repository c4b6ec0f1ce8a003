import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf, type OpenDatabase } from "#db/client.server";
import { holders } from "#db/schema";
import { loadHolderHome } from "~/people/holder-home.server";
import { loadSpendVsPlan } from "~/spending/report.server";
import { seedDemoData } from "../../scripts/seed";
import { createTestDatabase } from "../setup/database";

const TODAY = "2026-11-23";

/** The home page's money cards against the ledger and the spend-against-plan page, which read it by other paths. */
describe("the holder's home page: their money first", () => {
  let database: OpenDatabase;
  const holderNamed = async (givenName: string) => (await database.db.select().from(holders).where(eq(holders.givenName, givenName)))[0];
  const balanceOf = async (arrangementId: string) =>
    Number(
      rowsOf<{ balance: string }>(
        await database.db.execute(sql`select sum(balance_pence) as balance from ledger_accounts where arrangement_id = ${arrangementId}`),
      )[0].balance,
    );
  beforeAll(async () => {
    database = await createTestDatabase();
    await seedDemoData(database.db, { today: TODAY });
  });
  afterAll(() => database.close());

  it("gives Aisha's direct payment account its balance, the year's share, spent and left, and the next instalment", async () => {
    const aisha = await holderNamed("Aisha");
    const home = await loadHolderHome(database.db, { holderId: aisha.id, today: TODAY, actingFor: false });
    const report = await loadSpendVsPlan(database.db, { holderId: aisha.id, today: TODAY });
    expect(home!.holder.givenName).toBe("Aisha");
    expect(home!.money!.year).toEqual({ start: "2026-04-01", end: "2027-03-31" });
    const [account] = home!.money!.accounts;
    expect(home!.money!.accounts).toHaveLength(1);
    expect(account.holding).toBe("direct-payment");
    expect(account.balancePence).toBe(await balanceOf(account.id));
    // Her three-month review raised the budget from £26,000 to £26,040 a year from 1 July.
    const share = Math.round((2_600_000 * 91) / 365) + Math.round((2_604_000 * 274) / 365);
    expect(account.yearPence).toBe(share);
    expect(account.spentPence).toBe(report!.totals.spentPence);
    expect(account.spentPence).toBeGreaterThan(1_000_000);
    expect(account.leftPence).toBe(share - account.spentPence);
    // Every four weeks from 1 April: the tenth falls on 9 December, at the rate set at the review.
    expect(account.next).toEqual({ dueOn: "2026-12-09", amountPence: Math.floor((share - 800_000) / 9) });
    const [{ flagged }] = rowsOf<{ flagged: string }>(
      await database.db.execute(
        sql`select count(*) as flagged from spends where holder_id = ${aisha.id} and reversed_at is null and (flagged_for_finance or overspend_warning)`,
      ),
    );
    expect(home!.money!.flaggedSpends).toBe(Number(flagged));
    expect(home!.money!.flaggedSpends).toBeGreaterThan(0);
  });

  it("speaks of Leo by name to his carer, and counts what the NHS arranges for him apart from his direct payment", async () => {
    const leo = await holderNamed("Leo");
    const home = await loadHolderHome(database.db, { holderId: leo.id, today: TODAY, actingFor: true });
    const report = await loadSpendVsPlan(database.db, { holderId: leo.id, today: TODAY });
    expect(home!.voice.Whose).toBe("Leo Carter's");
    const byHolding = Object.fromEntries(home!.money!.accounts.map((a) => [a.holding, a]));
    expect(Object.keys(byHolding).sort()).toEqual(["direct-payment", "notional"]);
    const linesHeld = (holding: string) => report!.lines.filter((l) => l.holding === holding);
    const notional = byHolding.notional;
    expect(notional.balancePence).toBeNull();
    expect(notional.next).toBeNull();
    expect(notional.yearPence).toBe(linesHeld("notional").reduce((t, l) => t + l.allocatedPence, 0));
    expect(notional.spentPence).toBe(linesHeld("notional").reduce((t, l) => t + l.spentPence, 0));
    const direct = byHolding["direct-payment"];
    expect(direct.balancePence).toBe(await balanceOf(direct.id));
    expect(direct.spentPence).toBe(report!.totals.spentPence - notional.spentPence);
    expect(direct.leftPence).toBe(direct.yearPence - direct.spentPence);
  });

  it("is nothing for a holder who does not exist", async () => {
    expect(await loadHolderHome(database.db, { holderId: "00000000-0000-4000-8000-000000000000", today: TODAY, actingFor: false })).toBeNull();
  });
});
