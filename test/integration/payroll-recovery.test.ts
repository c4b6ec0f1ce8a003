import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { payrollRuns, payslips } from "#db/schema";
import { todayInUk } from "~/ledger/entries";
import { previewPayrollRun } from "~/payroll/payroll-runs.server";
import { payrollRunView } from "~/payroll/payroll-run-views.server";
import { performPayrollRun, requestPayrollPosting, STALE_RUN_MINUTES, STOPPED_MESSAGE } from "~/payroll/post-payroll.server";
import { ledgerSnapshot, NOVEMBER, payrollFile, payrollWorld } from "./payroll-fixtures";

describe("a payroll run whose process stopped while it was running", () => {
  it("is taken up again once it has said 'running' for longer than any run takes, and posts once; one running now is left alone", async () => {
    const w = await payrollWorld();
    const db = getDb();
    const preview = await previewPayrollRun(db, {
      actor: w.actor,
      organisationId: w.organisation.id,
      commissionerId: w.commissioner.id,
      ...NOVEMBER,
      fileName: "november.csv",
      text: payrollFile([[w.refs.a1, "250.00", "20.00", "10.00", "12.00", "7.50", "4.50", "212.50"]]),
      today: todayInUk(),
    });
    if (!preview.ok) throw new Error(JSON.stringify(preview));
    const runId = preview.run.id;
    await requestPayrollPosting(db, { actor: w.actor, organisationId: w.organisation.id, runId });
    const before = await ledgerSnapshot(w.commissioner.id);

    // Claimed a moment ago by a worker that is still at it: neither the job's retry nor a new request takes it.
    await db.update(payrollRuns).set({ status: "running", startedAt: new Date() }).where(eq(payrollRuns.id, runId));
    expect(await performPayrollRun(db, runId, { today: todayInUk() })).toBeNull();
    expect((await requestPayrollPosting(db, { actor: w.actor, organisationId: w.organisation.id, runId }))?.queued).toBe(false);

    // The worker's process died: its transaction rolled back, leaving the run "running" and nothing posted.
    const stoppedAt = new Date(Date.now() - (STALE_RUN_MINUTES + 1) * 60_000);
    await db.update(payrollRuns).set({ status: "running", startedAt: stoppedAt }).where(eq(payrollRuns.id, runId));
    expect(await ledgerSnapshot(w.commissioner.id)).toEqual(before);
    // Its page says so and offers to post it again, rather than reloading itself for ever.
    const shown = await payrollRunView(db, { runId, organisationId: w.organisation.id, today: todayInUk() });
    expect(shown?.run).toMatchObject({ status: "failed", error: STOPPED_MESSAGE });
    expect((await requestPayrollPosting(db, { actor: w.actor, organisationId: w.organisation.id, runId }))?.queued).toBe(true);
    const finished = await performPayrollRun(db, runId, { today: todayInUk() });
    expect(finished).toMatchObject({ status: "finished", postedLines: 1 });
    const slips = await db.select().from(payslips).where(eq(payslips.payrollRunId, runId));
    expect(slips.map((s) => [s.grossPence, s.netPayPence])).toEqual([[25_000, 21_250]]);
    // A retry after it finished posts nothing more.
    expect(await performPayrollRun(db, runId, { today: todayInUk() })).toBeNull();
    expect(await db.select().from(payslips).where(eq(payslips.payrollRunId, runId))).toHaveLength(1);
  });
});
