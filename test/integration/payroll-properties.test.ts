import { and, eq } from "drizzle-orm";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { payslips } from "#db/schema";
import { listArrangements } from "~/budgets/arrangements.server";
import { todayInUk } from "~/ledger/entries";
import { employerOf } from "~/payroll/employers.server";
import { addDays } from "~/payroll/pay-periods";
import { previewPayrollRun } from "~/payroll/payroll-runs.server";
import { performPayrollRun, requestPayrollPosting } from "~/payroll/post-payroll.server";
import { expectLedgerClean } from "./ledger-fixtures";
import { balanceOf, payrollFile, payrollWorld, type PayrollWorld } from "./payroll-fixtures";

/**
 * One PA's payslip, built from the parts so that it always adds up: gross is net pay plus the employee's deductions.
 * Each PA costs at most £330 a week, so ten weeks of two PAs stay well inside what the holder's account is paid.
 */
const payslip = fc
  .record({
    net: fc.integer({ min: 0, max: 20_000 }),
    tax: fc.integer({ min: 0, max: 5_000 }),
    eeNi: fc.integer({ min: 0, max: 2_000 }),
    eePension: fc.integer({ min: 0, max: 1_500 }),
    erNi: fc.integer({ min: 0, max: 3_000 }),
    erPension: fc.integer({ min: 0, max: 1_500 }),
  })
  .map((p) => ({ ...p, gross: p.net + p.tax + p.eeNi + p.eePension }))
  .filter((p) => p.gross > 0);
type Payslip = typeof payslip extends fc.Arbitrary<infer T> ? T : never;

const PAS = ["a1", "a2", "b1"] as const;
type Pa = (typeof PAS)[number];

/** Some of the fixture's PAs, in any order, each with their pay; and how many holders the job posts at a time. */
const run = fc.record({
  pas: fc.shuffledSubarray([...PAS], { minLength: 1 }),
  pay: fc.record({ a1: payslip, a2: payslip, b1: payslip }),
  holdersPerGroup: fc.integer({ min: 1, max: 3 }),
});

/** 1234 pence as the export writes it: 12.34. */
const pounds = (pence: number) => `${Math.floor(pence / 100)}.${String(pence % 100).padStart(2, "0")}`;
/** 2026-06-07 as the export writes it: 07/06/2026. */
const ukDate = (iso: string) => iso.split("-").reverse().join("/");

async function accountsOf(w: PayrollWorld, holder: "a" | "b") {
  const record = (await employerOf(getDb(), w[holder].holder.id))!;
  const dp = (await listArrangements(getDb(), w[holder].holder.id)).find((a) => a.holding === "direct-payment")!;
  return { ...record.employer, dpAccountId: dp.accountId!, assistants: record.assistants };
}

describe("a valid payroll file", () => {
  it("moves each holder's, PA's, HMRC's, pension's and costs' account by exactly the file's totals", async () => {
    const db = getDb();
    // Built once: the world takes seconds to make, and each run below is a new week, so no line was posted before.
    const w = await payrollWorld();
    const employers = { a: await accountsOf(w, "a"), b: await accountsOf(w, "b") };
    const holderOf: Record<Pa, "a" | "b"> = { a1: "a", a2: "a", b1: "b" };
    const assistantOf = (pa: Pa) => employers[holderOf[pa]].assistants.find((a) => a.payrollReference === w.refs[pa])!;
    const watched = [
      ...(["a", "b"] as const).flatMap((h) => [
        employers[h].dpAccountId,
        employers[h].hmrcAccountId,
        employers[h].pensionAccountId,
        employers[h].costsAccountId,
      ]),
      ...PAS.map((pa) => assistantOf(pa).accountId),
    ];
    const balances = async () => new Map(await Promise.all(watched.map(async (id) => [id, await balanceOf(id)] as const)));

    let week = 0;
    await fc.assert(
      fc.asyncProperty(run, async ({ pas, pay, holdersPerGroup }) => {
        const periodStartsOn = addDays("2026-06-01", 7 * week++);
        const paymentDate = addDays(periodStartsOn, 6);
        const text = payrollFile(
          pas.map((pa) => {
            const p = pay[pa];
            return [w.refs[pa], pounds(p.gross), pounds(p.tax), pounds(p.eeNi), pounds(p.erNi), pounds(p.eePension), pounds(p.erPension), pounds(p.net)];
          }),
          ukDate(periodStartsOn),
          ukDate(paymentDate),
        );
        const before = await balances();

        const preview = await previewPayrollRun(db, {
          actor: w.actor,
          organisationId: w.organisation.id,
          commissionerId: w.commissioner.id,
          frequency: "weekly",
          periodStartsOn,
          fileName: `week-${week}.csv`,
          text,
          today: todayInUk(),
        });
        if (!preview.ok) throw new Error(`The file was refused: ${JSON.stringify(preview)}`);
        await requestPayrollPosting(db, { actor: w.actor, organisationId: w.organisation.id, runId: preview.run.id });
        const posted = await performPayrollRun(db, preview.run.id, { today: todayInUk(), holdersPerGroup });
        expect(posted).toMatchObject({ status: "finished", error: null, postedLines: pas.length, alreadyPostedLines: 0 });

        const after = await balances();
        const moved = (accountId: number) => after.get(accountId)! - before.get(accountId)!;
        const sum = (holder: "a" | "b", part: (p: Payslip) => number) => pas.filter((pa) => holderOf[pa] === holder).reduce((t, pa) => t + part(pay[pa]), 0);
        // 0 - x, not -x: toBe tells -0 from 0.
        const fall = (holder: "a" | "b", part: (p: Payslip) => number) => 0 - sum(holder, part);
        for (const holder of ["a", "b"] as const) {
          const e = employers[holder];
          expect(moved(e.dpAccountId), `${holder}'s direct-payment account`).toBe(fall(holder, (p) => p.net));
          expect(moved(e.hmrcAccountId), `${holder}'s HMRC account`).toBe(fall(holder, (p) => p.tax + p.eeNi + p.erNi));
          expect(moved(e.pensionAccountId), `${holder}'s pension account`).toBe(fall(holder, (p) => p.eePension + p.erPension));
          expect(moved(e.costsAccountId), `${holder}'s costs account`).toBe(sum(holder, (p) => p.gross + p.erNi + p.erPension));
        }
        for (const pa of PAS) {
          // Net pay is owed to the PA and paid on the same day: their account ends where it began.
          expect(moved(assistantOf(pa).accountId), `${pa}'s account`).toBe(0);
          const slips = await db
            .select()
            .from(payslips)
            .where(and(eq(payslips.personalAssistantId, assistantOf(pa).id), eq(payslips.periodStartsOn, periodStartsOn)));
          const p = pay[pa];
          expect(
            slips.map((s) => [
              s.grossPence,
              s.employeeTaxPence,
              s.employeeNiPence,
              s.employerNiPence,
              s.employeePensionPence,
              s.employerPensionPence,
              s.netPayPence,
              s.paymentDate,
            ]),
            `${pa}'s payslip`,
          ).toEqual(pas.includes(pa) ? [[p.gross, p.tax, p.eeNi, p.erNi, p.eePension, p.erPension, p.net, paymentDate]] : []);
        }
      }),
      { numRuns: 10 },
    );
    await expectLedgerClean(w.commissioner.id);
  });
});
