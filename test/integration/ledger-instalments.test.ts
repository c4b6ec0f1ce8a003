import { and, eq, like } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { journalEntries, ledgerAccounts } from "#db/schema";
import { postDueInstalments, setUpInstalmentSchedule } from "~/ledger/instalments.server";
import { verifyLedger } from "~/ledger/verify.server";
import { dpLedger, SYSTEM } from "./ledger-fixtures";

async function instalmentsOf(commissionerId: string, budgetId: string) {
  return getDb()
    .select()
    .from(journalEntries)
    .where(and(eq(journalEntries.commissionerId, commissionerId), like(journalEntries.idempotencyKey, `instalment:${budgetId}:%`)))
    .orderBy(journalEntries.effectiveDate);
}

describe("direct-payment instalments", () => {
  it("pays a year of 4-weekly instalments adding up to the budget's DP share, once however often it runs", async () => {
    const ledger = await dpLedger({ directPaymentPence: 2_600_015 });
    const actor = SYSTEM(ledger.commissioner.id);
    expect(await setUpInstalmentSchedule(getDb(), { budgetId: ledger.budget.id, firstDate: "2026-04-01", actor })).toMatchObject({ ok: true, schedule: { everyDays: 28 } });
    expect(await setUpInstalmentSchedule(getDb(), { budgetId: ledger.budget.id, firstDate: "2026-04-01", actor })).toMatchObject({ ok: false });

    const first = await postDueInstalments(getDb(), { until: "2027-03-30", commissionerId: ledger.commissioner.id });
    expect(first).toEqual({ posted: 13, alreadyPosted: 0, refused: [] });
    const again = await postDueInstalments(getDb(), { until: "2027-03-30", commissionerId: ledger.commissioner.id });
    expect(again).toEqual({ posted: 0, alreadyPosted: 13, refused: [] });

    const entries = await instalmentsOf(ledger.commissioner.id, ledger.budget.id);
    expect(entries).toHaveLength(13);
    expect(entries[0]).toMatchObject({ effectiveDate: "2026-04-01", kind: "instalment", onBehalfOfHolderId: ledger.holder.id });
    expect(entries[12].effectiveDate).toBe("2027-03-03");
    const [dp] = await getDb().select().from(ledgerAccounts).where(eq(ledgerAccounts.id, ledger.dp.id));
    expect(dp.balancePence).toBe(2_600_015);
    expect((await verifyLedger(getDb(), { commissionerId: ledger.commissioner.id })).breaks).toEqual([]);
  });

  it("two runs at the same moment post each instalment once", async () => {
    const ledger = await dpLedger({ directPaymentPence: 1_300_000 });
    await setUpInstalmentSchedule(getDb(), { budgetId: ledger.budget.id, firstDate: "2026-01-05", actor: SYSTEM(ledger.commissioner.id) });
    const runs = await Promise.all([1, 2, 3].map(() => postDueInstalments(getDb(), { until: "2026-12-31", commissionerId: ledger.commissioner.id })));
    expect(runs.reduce((t, r) => t + r.posted, 0)).toBe(13);
    expect(runs.every((r) => r.refused.length === 0 && r.posted + r.alreadyPosted === 13)).toBe(true);
    expect(await instalmentsOf(ledger.commissioner.id, ledger.budget.id)).toHaveLength(13);
    expect((await verifyLedger(getDb(), { commissionerId: ledger.commissioner.id })).breaks).toEqual([]);
  });
});
