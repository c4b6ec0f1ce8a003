import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, periodReconciliations } from "#db/schema";
import { confirmMatch, unmatchBankLine } from "~/reconciliation/matching.server";
import { loadReconciliationPeriod, reconcilePeriod, reopenPeriod } from "~/reconciliation/periods.server";
import { reconcileAgreeingPeriods, reconciliationPeriodLength, reconciliationWorklist, setReconciliationPeriodLength } from "~/reconciliation/worklist.server";
import { importBankStatement } from "~/reconciliation/statement-imports.server";
import { logSpend } from "~/spending/spends.server";
import { loadCommissionerDashboard } from "~/reporting/dashboard.server";
import { listDashboardHolders } from "~/reporting/drill-down.server";
import { financialYearOf } from "~/reporting/financial-year";
import { actorOf } from "./plan-fixtures";
import { novemberWorld, settleNovember } from "./bank-matching-fixtures";

describe("reconciling together the periods that agree", () => {
  it("reconciles a holder whose lines are all matched and whose ledger and bank agree, as one holder's page would", async () => {
    const world = await novemberWorld();
    const { db, finance, holderId, w } = world;
    // Lines still to match: nothing to reconcile yet.
    expect(await reconcileAgreeingPeriods(db, { actor: finance, period: "2026-11" })).toEqual({ reconciled: 0, left: 0 });
    await settleNovember(world);
    const shown = (await loadReconciliationPeriod(db, { holderId, period: "2026-11" }))!;
    expect(shown.status).toBe("ready");

    expect(await reconcileAgreeingPeriods(db, { actor: finance, period: "2026-11" })).toEqual({ reconciled: 1, left: 0 });
    const [row] = await db.select().from(periodReconciliations).where(eq(periodReconciliations.holderId, holderId));
    expect(row).toMatchObject({
      periodStartsOn: "2026-11-01",
      periodEndsOn: "2026-11-30",
      ledgerClosingPence: shown.ledger.closingPence,
      bankClosingPence: shown.bank.closingPence,
      agreedBalancePence: shown.bank.closingPence,
      reconciledBy: w.finance.id,
      reopenedAt: null,
    });
    const [audited] = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, row.id), eq(auditLog.action, "period.reconciled")));
    expect(audited).toMatchObject({ onBehalfOfHolderId: holderId, actorUserId: w.finance.id, after: { period: "2026-11", together: true } });

    // Done once: again finds nothing, and the worklist shows the month reconciled.
    expect(await reconcileAgreeingPeriods(db, { actor: finance, period: "2026-11" })).toEqual({ reconciled: 0, left: 0 });
    const worklist = await reconciliationWorklist(db, { commissionerId: w.commissioner.id, period: "2026-11", page: 1 });
    expect(worklist.holders.find((h) => h.holderId === holderId)?.state).toBe("reconciled");
  });

  it("leaves a holder whose lines are all matched but whose balances do not agree to the penny", async () => {
    const world = await novemberWorld();
    const { db, finance, holderId, w, plan } = world;
    await settleNovember(world);
    // A spend of October that no statement shows: the ledger's November closing balance is £12.34 below the bank's.
    const october = await logSpend(db, {
      actor: actorOf(w.a.holderUser),
      holderId,
      formToken: `october-${holderId}`,
      spentOn: "2026-10-20",
      newPayeeName: "Taxi firm",
      amountPence: 1_234,
      whatFor: "Taxi to the day centre",
      supportLineId: plan.lines[0].id,
      howPaid: "account-transfer",
      receipts: [],
      today: "2026-11-23",
    });
    expect(october.ok).toBe(true);
    const shown = (await loadReconciliationPeriod(db, { holderId, period: "2026-11" }))!;
    expect(shown.unexplainedPence).toBe(-1_234);

    expect(await reconcileAgreeingPeriods(db, { actor: finance, period: "2026-11" })).toEqual({ reconciled: 0, left: 1 });
    expect(await db.select().from(periodReconciliations).where(eq(periodReconciliations.holderId, holderId))).toEqual([]);
  });
});

describe("reconciling by quarter", () => {
  it("reconciles a quarter of the financial year, refuses a month inside it, and holds its matches until reopened", async () => {
    const world = await novemberWorld();
    const { db, finance, holderId, w, lineOf } = world;
    expect(await reconciliationPeriodLength(db, w.commissioner.id)).toBe("month");
    await setReconciliationPeriodLength(db, { actor: finance, periodLength: "quarter" });
    expect(await reconciliationPeriodLength(db, w.commissioner.id)).toBe("quarter");
    const [changed] = await db.select().from(auditLog).where(eq(auditLog.action, "reconciliation-period.changed"));
    expect(changed).toMatchObject({ before: { periodLength: "month" }, after: { periodLength: "quarter" } });

    await settleNovember(world);
    const month = (await loadReconciliationPeriod(db, { holderId, period: "2026-11" }))!;
    const before = (await loadReconciliationPeriod(db, { holderId, period: "2026-Q3" }))!;
    expect(before).toMatchObject({ name: "October to December 2026", startsOn: "2026-10-01", endsOn: "2026-12-31", status: "in-progress" });
    // Only November's statement is in: the quarter cannot agree until October's shows the entries the ledger has then.
    const october = before.ledgerOnly.filter((i) => i.date < "2026-11-01");
    expect(october.length).toBeGreaterThan(0);
    expect(before.unexplainedPence).toBe(month.unexplainedPence! - october.reduce((sum, i) => sum + i.amountPence, 0));

    const csv = `Date,Description,Amount\n${october.map((i) => `${i.date.split("-").reverse().join("/")},"${i.description.replace(/"/g, '""')}",${(i.amountPence / 100).toFixed(2)}`).join("\n")}`;
    const bytes = new TextEncoder().encode(csv);
    const asked = await importBankStatement(db, { actor: finance, holderId, fileName: "october.csv", bytes });
    if (asked.state !== "confirm-columns") throw new Error(`expected to confirm the columns, not ${asked.state}`);
    expect(
      await importBankStatement(db, { actor: finance, holderId, fileName: "october.csv", uploadId: asked.uploadId, mapping: asked.mapping! }),
    ).toMatchObject({
      state: "imported",
      linesAdded: october.length,
    });
    for (const suggestion of (await loadReconciliationPeriod(db, { holderId, period: "2026-Q3" }))!.suggestions) {
      expect(await confirmMatch(db, { actor: finance, holderId, lineId: suggestion.lineId, entryId: suggestion.entryId })).toEqual({ ok: true });
    }
    const quarter = (await loadReconciliationPeriod(db, { holderId, period: "2026-Q3" }))!;
    expect(quarter).toMatchObject({ status: "ready", unexplainedPence: 0 });
    expect(quarter.bank.lines).toHaveLength(month.bank.lines.length + october.length);

    const reconcile = { actor: finance, holderId, period: "2026-Q3", agreedBalancePence: quarter.bank.closingPence!, note: "" };
    expect(await reconcilePeriod(db, reconcile)).toEqual({ ok: true });
    expect((await loadReconciliationPeriod(db, { holderId, period: "2026-Q3" }))!.status).toBe("reconciled");
    expect((await loadReconciliationPeriod(db, { holderId, period: "2026-11" }))!.overlapping).toEqual([{ startsOn: "2026-10-01", endsOn: "2026-12-31" }]);
    expect(await reconcilePeriod(db, { ...reconcile, period: "2026-11" })).toMatchObject({
      ok: false,
      message: "October to December 2026 has been reconciled, and it overlaps November 2026: reopen it first",
    });
    const worklist = await reconciliationWorklist(db, { commissionerId: w.commissioner.id, period: "2026-Q3", page: 1 });
    expect(worklist.holders.find((h) => h.holderId === holderId)?.state).toBe("reconciled");
    // The dashboard counts each month of the quarter reconciled, as its list of people does.
    const today = "2027-01-15";
    const dashboard = await loadCommissionerDashboard(db, { commissionerId: w.commissioner.id, today, year: financialYearOf(today) });
    for (const month of ["2026-10", "2026-11", "2026-12"]) {
      const listed = await listDashboardHolders(db, {
        commissionerId: w.commissioner.id,
        today,
        filter: { list: "reconciliation", month, state: "reconciled" },
        page: 1,
      });
      expect(listed.rows.map((r) => r.holderId)).toEqual([holderId]);
      expect(dashboard.reconciliation.find((r) => r.month === month)?.counts.reconciled).toBe(1);
    }
    // Reconciling together skips a month that a reconciled quarter takes in.
    expect(await reconcileAgreeingPeriods(db, { actor: finance, period: "2026-11" })).toEqual({ reconciled: 0, left: 0 });

    const unmatch = { actor: finance, holderId, lineId: lineOf("DD 882231").id, reason: "Not the swim club" };
    expect(await unmatchBankLine(db, unmatch)).toMatchObject({ ok: false, message: expect.stringContaining("reopen") });
    expect(await reopenPeriod(db, { actor: finance, holderId, period: "2026-11", reason: "Wrong month" })).toMatchObject({
      ok: false,
      message: "November 2026 is not reconciled",
    });
    expect(await reopenPeriod(db, { actor: finance, holderId, period: "2026-Q3", reason: "The direct debit was not the swim club" })).toEqual({ ok: true });
    expect(await unmatchBankLine(db, unmatch)).toEqual({ ok: true });
    const [reopened] = await db.select().from(auditLog).where(eq(auditLog.action, "period.reopened"));
    expect(reopened.after).toMatchObject({ period: "2026-Q3" });
  });
});
