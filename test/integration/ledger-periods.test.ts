import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { arrangements, instalments, journalEntries } from "#db/schema";
import { ensureOutsideAccount } from "~/ledger/accounts.server";
import { ENTRY_KINDS, todayInUk } from "~/ledger/entries";
import { postDueInstalments } from "~/ledger/instalments.server";
import { postEntry, reverseEntry } from "~/ledger/post-entry.server";
import { verifyLedger } from "~/ledger/verify.server";
import { closeSpendingPeriod } from "~/spending/settings.server";
import { insertStaff } from "../factories";
import { dpLedger, spend } from "./ledger-fixtures";
import { actorOf, approveVersion, planContent, planWorld } from "./plan-fixtures";

describe("a closed period", () => {
  it("is closed to every kind of entry, in the ledger itself; a correction posts in the open period and names what it corrects", async () => {
    const ledger = await dpLedger({ fundedPence: 100_000 });
    const db = getDb();
    const before = await spend(ledger, "before-the-close", 2_500, "2026-10-05");
    if (!before.ok) throw new Error(before.message);
    const finance = await insertStaff(ledger.commissioner.id, "finance");
    expect(
      await closeSpendingPeriod(db, { actor: actorOf(finance), commissionerId: ledger.commissioner.id, month: "2026-10", today: "2026-11-23" }),
    ).toMatchObject({ ok: true, closedThrough: "2026-10-31" });

    const hmrc = await ensureOutsideAccount(db, ledger.commissioner.id, "hmrc");
    for (const kind of ENTRY_KINDS.filter((k) => k !== "reversal")) {
      const refused = await postEntry(db, {
        idempotencyKey: `closed:${kind}`,
        kind,
        effectiveDate: "2026-10-31",
        description: kind,
        lines: [
          { accountId: ledger.dp.id, amountPence: -100 },
          { accountId: hmrc.id, amountPence: 100 },
        ],
        actor: ledger.actor,
        onBehalfOf: ledger.holder.id,
      });
      expect(refused, kind).toEqual({
        ok: false,
        reason: "period-closed",
        closedThrough: "2026-10-31",
        message:
          "Money up to 31 October 2026 has been closed by finance, so nothing can be dated on or before that day. Record a correction dated after it instead",
      });
    }
    // A reversal dated in the closed month is refused too; left to itself it is dated today, in the open period.
    expect(await reverseEntry(db, { entryId: before.entry.id, reason: "Logged twice", actor: ledger.actor, effectiveDate: "2026-10-20" })).toMatchObject({
      ok: false,
      reason: "period-closed",
    });
    const correction = await reverseEntry(db, { entryId: before.entry.id, reason: "Logged twice", actor: ledger.actor });
    expect(correction).toMatchObject({ ok: true, entry: { kind: "reversal", reversesEntryId: before.entry.id, effectiveDate: todayInUk() } });
    // An entry posted before the close still answers as itself when asked again.
    expect(await spend(ledger, "before-the-close", 2_500, "2026-10-05")).toMatchObject({ ok: true, replayed: true });
    // The first day after the close is open.
    expect(await spend(ledger, "after-the-close", 1_000, "2026-11-01")).toMatchObject({ ok: true, replayed: false });
    const closedEntries = await db
      .select()
      .from(journalEntries)
      .where(and(eq(journalEntries.commissionerId, ledger.commissioner.id), eq(journalEntries.effectiveDate, "2026-10-31")));
    expect(closedEntries).toEqual([]);
    expect((await verifyLedger(db, { commissionerId: ledger.commissioner.id })).breaks).toEqual([]);
  });

  it("pays an instalment that fell due in a closed month on the day after the close", async () => {
    const w = await planWorld();
    const db = getDb();
    await approveVersion(
      w,
      planContent("2026-04-01", [{ description: "Personal assistant", amountPence: 1_300_000, holding: "direct-payment", outcomePositions: [1] }]),
      "2026-03-25",
    );
    await closeSpendingPeriod(db, { actor: actorOf(w.finance), commissionerId: w.commissioner.id, month: "2026-10", today: "2026-11-23" });
    expect(await postDueInstalments(db, { until: "2026-11-23", holderId: w.holder.id })).toMatchObject({ posted: 9, refused: [] });
    const paid = await db
      .select({ dueOn: instalments.dueOn, effectiveDate: journalEntries.effectiveDate })
      .from(instalments)
      .innerJoin(arrangements, eq(arrangements.id, instalments.arrangementId))
      .innerJoin(journalEntries, eq(journalEntries.id, instalments.journalEntryId))
      .where(eq(arrangements.holderId, w.holder.id))
      .orderBy(instalments.dueOn);
    expect(paid.slice(0, 8).every((p) => p.effectiveDate === "2026-11-01")).toBe(true);
    expect(paid[8]).toEqual({ dueOn: "2026-11-11", effectiveDate: "2026-11-11" });
    expect((await verifyLedger(db, { commissionerId: w.commissioner.id })).breaks).toEqual([]);
  });
});
