import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { payrollRuns, payslips, personalAssistants, supportAssignments } from "#db/schema";
import { todayInUk } from "~/ledger/entries";
import { listArrangements } from "~/budgets/arrangements.server";
import { employerOf, owedByHolder } from "~/payroll/employers.server";
import { previewPayrollRun } from "~/payroll/payroll-runs.server";
import { performPayrollRun, requestPayrollPosting } from "~/payroll/post-payroll.server";
import { owedMonths, recordRemittance } from "~/payroll/remittances.server";
import { spendingByLine } from "~/spending/line-spending.server";
import { insertSupportOrganisation } from "../factories";
import { expectLedgerClean } from "./ledger-fixtures";
import { balanceOf, ledgerSnapshot, NOVEMBER, payrollFile, payrollWorld, postFile, type PayrollWorld } from "./payroll-fixtures";

// A1: gross 1,200.00; tax 100.00, employee NI 50.00, employer NI 60.00, pensions 36.00 + 36.00; net 1,014.00.
// A2: gross 480.50, no tax or NI, pensions 14.42 + 9.61; net 466.08. B1: gross 250.00, nothing deducted.
const november = (w: PayrollWorld) =>
  payrollFile([
    [w.refs.a1, "1200.00", "100.00", "50.00", "60.00", "36.00", "36.00", "1014.00"],
    [w.refs.a2, "480.50", "0", "0", "0", "14.42", "9.61", "466.08"],
    [w.refs.b1, "250.00", "0", "0", "0", "0", "0", "250.00"],
  ]);

async function accountsOf(w: PayrollWorld, holder: "a" | "b") {
  const record = (await employerOf(getDb(), w[holder].holder.id))!;
  const dp = (await listArrangements(getDb(), w[holder].holder.id)).find((a) => a.holding === "direct-payment")!;
  return { ...record.employer, dpAccountId: dp.accountId!, assistants: record.assistants };
}

describe("a payroll file", () => {
  it("posts exact pence: net pay out of each holder's account, HMRC and pension owed, the payslips written", async () => {
    const w = await payrollWorld();
    const a = await accountsOf(w, "a");
    const b = await accountsOf(w, "b");
    const before = { a: await balanceOf(a.dpAccountId), b: await balanceOf(b.dpAccountId) };

    const { preview, run } = await postFile(w, november(w));
    expect(preview.ok).toBe(true);
    expect(run).toMatchObject({
      status: "finished",
      postedLines: 3,
      alreadyPostedLines: 0,
      holdersDone: 2,
      employerCostPence: 120000 + 6000 + 3600 + 48050 + 961 + 25000,
    });

    expect(await balanceOf(a.dpAccountId)).toBe(before.a - 101400 - 46608);
    expect(await balanceOf(b.dpAccountId)).toBe(before.b - 25000);
    expect(await balanceOf(a.hmrcAccountId)).toBe(-(10000 + 5000 + 6000));
    expect(await balanceOf(a.pensionAccountId)).toBe(-(3600 + 3600 + 1442 + 961));
    expect(await balanceOf(a.costsAccountId)).toBe(120000 + 6000 + 3600 + 48050 + 961);
    for (const pa of a.assistants) expect(await balanceOf(pa.accountId)).toBe(0);
    expect(await owedByHolder(getDb(), [w.a.holder.id, w.b.holder.id])).toEqual(
      new Map([
        [w.a.holder.id, 21000 + 9603],
        [w.b.holder.id, 0],
      ]),
    );
    const slips = await getDb().select().from(payslips).where(eq(payslips.holderId, w.a.holder.id));
    expect(slips.map((s) => [s.grossPence, s.netPayPence, s.paymentDate]).sort()).toEqual([
      [120000, 101400, "2026-11-28"],
      [48050, 46608, "2026-11-28"],
    ]);
    await expectLedgerClean(w.commissioner.id);
  });

  it("posts nothing the second time, and says so", async () => {
    const w = await payrollWorld();
    const { run } = await postFile(w, november(w));
    expect(run?.status).toBe("finished");
    const snapshot = await ledgerSnapshot(w.commissioner.id);

    const again = await postFile(w, november(w));
    expect(again.preview).toEqual({ ok: false, alreadyPosted: expect.stringMatching(/posted before: nothing was posted again/) });
    // The finished run asked for again is not run again.
    expect(await performPayrollRun(getDb(), run!.id, { today: todayInUk() })).toBeNull();
    expect(await ledgerSnapshot(w.commissioner.id)).toEqual(snapshot);
    expect((await getDb().select({ n: count() }).from(payslips).where(eq(payslips.supportOrganisationId, w.organisation.id)))[0].n).toBe(3);
  });

  it("refuses the whole file for any bad line, naming every one by its number, and posts nothing", async () => {
    const w = await payrollWorld();
    const other = await insertSupportOrganisation(w.commissioner.id, []);
    const snapshot = await ledgerSnapshot(w.commissioner.id);
    const good = [w.refs.a1, "1200.00", "100.00", "50.00", "60.00", "36.00", "36.00", "1014.00"] as const;
    const text = [
      payrollFile([[...good]]),
      `${w.refs.a2},01/10/2026,100,0,0,0,0,0,100,28/11/2026`,
      `${w.refs.b1},01/11/2026,-5.00,0,0,0,0,0,-5.00,28/11/2026`,
      `${w.refs.b1},01/11/2026,ten pounds,0,0,0,0,0,0,28/11/2026`,
      `NOBODY-1,01/11/2026,100,0,0,0,0,0,100,28/11/2026`,
      `${w.refs.a1},01/11/2026,1200.00,100.00,50.00,60.00,36.00,36.00,1014.00,28/11/2026`,
      `${w.refs.a2},01/11/2026,100,0,0,0,0,0,90,28/11/2026`,
    ].join("\n");
    const preview = await previewPayrollRun(getDb(), {
      actor: w.actor,
      organisationId: w.organisation.id,
      commissionerId: w.commissioner.id,
      ...NOVEMBER,
      fileName: "bad.csv",
      text,
      today: todayInUk(),
    });
    if (preview.ok || !preview.problems) throw new Error("The file should have been refused line by line");
    expect(preview.problems.map((p) => p.line)).toEqual([3, 4, 5, 7, 8]);
    expect(preview.problems.map((p) => p.message).join("\n")).toMatch(
      /starts on 1 October 2026[\s\S]*must not be negative[\s\S]*must be a number[\s\S]*already on line 2[\s\S]*not the net pay/,
    );

    // Lines that read well but name a PA the organisation does not run payroll for, or the wrong layout, or nothing.
    const asOther = (body: string) =>
      previewPayrollRun(getDb(), {
        actor: { userId: other.user.id, commissionerId: w.commissioner.id },
        organisationId: other.organisation.id,
        commissionerId: w.commissioner.id,
        ...NOVEMBER,
        fileName: null,
        text: body,
        today: todayInUk(),
      });
    expect(await asOther(november(w))).toMatchObject({
      ok: false,
      problems: [2, 3, 4].map((line) => ({ line, message: expect.stringMatching(/is not a PA of anyone your organisation runs payroll for/) })),
    });
    expect(await asOther(payrollFile([]))).toMatchObject({ ok: false, problems: [{ line: 2, message: "The file has no lines after the column names" }] });
    expect(await asOther("Employee,Pay\nPat,100")).toMatchObject({
      ok: false,
      problems: [{ line: 1, message: expect.stringMatching(/not the payroll export's layout/) }],
    });

    expect(await ledgerSnapshot(w.commissioner.id)).toEqual(snapshot);
    expect((await getDb().select({ n: count() }).from(payrollRuns).where(eq(payrollRuns.commissionerId, w.commissioner.id)))[0].n).toBe(0);
  });

  it("refuses a PA who was not employed in the period, and a holder whose account cannot cover the whole cost", async () => {
    const w = await payrollWorld();
    await getDb().update(personalAssistants).set({ startsOn: "2026-12-01" }).where(eq(personalAssistants.payrollReference, w.refs.a2));
    const b = await accountsOf(w, "b");
    const available = await balanceOf(b.dpAccountId);
    const tooMuch = (available + 1).toString();
    const pounds = `${tooMuch.slice(0, -2)}.${tooMuch.slice(-2)}`;
    const { preview } = await postFile(
      w,
      payrollFile([
        [w.refs.a2, "100.00", "0", "0", "0", "0", "0", "100.00"],
        [w.refs.b1, pounds, "0", "0", "0", "0", "0", pounds],
      ]),
    );
    expect(preview).toMatchObject({
      ok: false,
      problems: [
        { line: 2, message: expect.stringMatching(/was not employed by .* in this period: employed from 1 December 2026/) },
        {
          line: 3,
          message: expect.stringMatching(/account has £[\d,.]+ once what is owed is paid, less than the £[\d,.]+ this payroll costs them \(lines 3\)/),
        },
      ],
    });
  });

  it("leaves nothing posted when the job dies between holders, and completes when run again", async () => {
    const w = await payrollWorld();
    const snapshot = await ledgerSnapshot(w.commissioner.id);
    const { preview, run } = await postFile(w, november(w), {
      holdersPerGroup: 1,
      afterGroup: (done) => {
        if (done === 1) throw new Error("The worker stopped");
      },
    });
    expect(preview.ok).toBe(true);
    expect(run).toMatchObject({ status: "failed", error: "The worker stopped" });
    expect(await ledgerSnapshot(w.commissioner.id)).toEqual(snapshot);
    expect((await getDb().select({ n: count() }).from(payslips).where(eq(payslips.payrollRunId, run!.id)))[0].n).toBe(0);

    await requestPayrollPosting(getDb(), { actor: w.actor, organisationId: w.organisation.id, runId: run!.id });
    const again = await performPayrollRun(getDb(), run!.id, { today: todayInUk(), holdersPerGroup: 1 });
    expect(again).toMatchObject({ status: "finished", postedLines: 3, error: null });
    await expectLedgerClean(w.commissioner.id);
  });
});

describe("a change of pay frequency", () => {
  it("cannot pay a PA twice for the same days: a weekly period inside a month already paid is refused", async () => {
    const w = await payrollWorld();
    expect((await postFile(w, november(w))).run?.status).toBe("finished");
    const week = { frequency: "weekly" as const, periodStartsOn: "2026-11-09" };
    const { preview } = await postFile(w, payrollFile([[w.refs.b1, "60.00", "0", "0", "0", "0", "0", "60.00"]], "09/11/2026", "15/11/2026"), { period: week });
    expect(preview).toMatchObject({
      ok: false,
      problems: [{ line: 2, message: expect.stringMatching(/was already paid for 1 November 2026 to 30 November 2026, which overlaps this period/) }],
    });
  });
});

describe("what payroll leaves owed", () => {
  it("is cleared by paying HMRC and the pension scheme later, from the holder's account, against the PAs' support line", async () => {
    const w = await payrollWorld();
    const a = await accountsOf(w, "a");
    await postFile(w, november(w));
    const afterPay = await balanceOf(a.dpAccountId);

    const months = await owedMonths(getDb(), w.a.holder.id);
    expect(months.map((m) => [m.paidTo, m.monthStartsOn, m.dueOn, m.owedPence, m.paidPence])).toEqual([
      ["hmrc", "2026-11-06", "2026-12-22", 21000, 0],
      ["pension", "2026-11-01", "2026-12-22", 9603, 0],
    ]);

    const actor = w.actor;
    const base = { actor, commissionerId: w.commissioner.id, holderId: w.a.holder.id, paidOn: "2026-12-01" };
    expect(await recordRemittance(getDb(), { ...base, paidTo: "hmrc", monthStartsOn: "2026-11-06" })).toEqual({ ok: true, amountPence: 21000 });
    expect(await owedByHolder(getDb(), [w.a.holder.id])).toEqual(new Map([[w.a.holder.id, 9603]]));
    expect(await recordRemittance(getDb(), { ...base, paidTo: "pension", monthStartsOn: "2026-11-01" })).toEqual({ ok: true, amountPence: 9603 });
    expect(await owedByHolder(getDb(), [w.a.holder.id])).toEqual(new Map([[w.a.holder.id, 0]]));
    // Sent again, it pays nothing.
    expect(await recordRemittance(getDb(), { ...base, paidTo: "hmrc", monthStartsOn: "2026-11-06" })).toEqual({
      ok: false,
      message: "Nothing is owed to HMRC for the month from 6 November 2026",
    });

    expect(await balanceOf(a.dpAccountId)).toBe(afterPay - 21000 - 9603);
    expect(await balanceOf(a.hmrcAccountId)).toBe(0);
    expect(await balanceOf(a.pensionAccountId)).toBe(0);
    // The whole employer's cost has now left the account, all of it counted against the PAs' line.
    const spent = await spendingByLine(getDb(), { holderId: w.a.holder.id, from: "2026-11-01", to: "2026-12-31" });
    expect(spent.get(w.a.lineKey)).toBe(120000 + 6000 + 3600 + 48050 + 961);
    await expectLedgerClean(w.commissioner.id);
  });
});

describe("an organisation's assignment", () => {
  it("gives it a holder's payroll only while it lasts", async () => {
    const w = await payrollWorld();
    await getDb().update(supportAssignments).set({ startsOn: "2026-01-01", endsOn: "2026-06-30" }).where(eq(supportAssignments.holderId, w.b.holder.id));
    const { preview } = await postFile(w, november(w));
    expect(preview).toMatchObject({
      ok: false,
      problems: [{ line: 4, message: expect.stringMatching(/not a PA of anyone your organisation runs payroll for/) }],
    });
  });
});
