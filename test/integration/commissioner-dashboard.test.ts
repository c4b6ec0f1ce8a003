import { parse } from "csv-parse/sync";
import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { currentScope, withRequestScope } from "#db/tenant.server";
import { auditLog, dashboardChanges, journalEntries } from "#db/schema";
import { PROGRESS_STATES } from "~/reporting/dashboard";
import { loadCommissionerDashboard } from "~/reporting/dashboard.server";
import { commissionerDashboard, forgetOldDashboardChanges } from "~/reporting/dashboard-figures.server";
import { reverseEntry } from "~/ledger/post-entry.server";
import type { DrillDown } from "~/reporting/drill-down";
import { listDashboardHolders } from "~/reporting/drill-down.server";
import { financialYear } from "~/reporting/financial-year";
import { loadJournal } from "~/reporting/journal.server";
import { setJournalCode } from "~/reporting/journal-codes.server";
import { writeCsv } from "~/security/spreadsheet-csv.server";
import { loader as dashboardLoader } from "~/routes/staff.dashboard";
import { loader as journalLoader } from "~/routes/staff.dashboard_.journal[.]csv";
import { cookieFor, get, run, statusOf } from "../factories/requests";
import { dashboardWorld, TODAY, type DashboardWorld } from "./dashboard-fixtures";
import { expectLedgerClean } from "./ledger-fixtures";
import { actorOf } from "./plan-fixtures";

const YEAR = financialYear(2026);
const sum = (values: number[]) => values.reduce((t, v) => t + v, 0);

let ours: DashboardWorld;
let theirs: DashboardWorld;
beforeAll(async () => {
  // Two commissioners with the same year, so anything of the other's counted would show as a figure doubled.
  ours = await dashboardWorld();
  theirs = await dashboardWorld();
}, 120_000);

const dashboard = () => loadCommissionerDashboard(getDb(), { commissionerId: ours.commissioner.id, today: TODAY, year: YEAR });
const list = async (filter: DrillDown) => {
  const listed = await listDashboardHolders(getDb(), { commissionerId: ours.commissioner.id, today: TODAY, filter, page: 1 });
  return { ...listed, ids: listed.rows.map((r) => r.holderId).sort() };
};
const ids = (...holders: { id: string }[]) => holders.map((h) => h.id).sort();

describe("the commissioner dashboard", () => {
  it("counts the people with a plan in force by cohort and how their budget is held, and lists exactly them", async () => {
    const { phbs } = await dashboard();
    expect(phbs.byCohort).toEqual([
      { cohort: "chc", people: 1, held: { "direct-payment": 1, "third-party": 1, notional: 1 } },
      { cohort: "mental-health", people: 1, held: { "direct-payment": 1, "third-party": 0, notional: 0 } },
    ]);
    expect(phbs.total).toEqual({ people: 2, held: { "direct-payment": 2, "third-party": 1, notional: 1 } });
    expect((await list({ list: "phbs", cohort: null, held: null })).ids).toEqual(ids(ours.ann, ours.bob));
    expect((await list({ list: "phbs", cohort: null, held: "direct-payment" })).ids).toEqual(ids(ours.ann, ours.bob));
    expect((await list({ list: "phbs", cohort: "chc", held: "notional" })).ids).toEqual(ids(ours.ann));
    expect((await list({ list: "phbs", cohort: "mental-health", held: "third-party" })).total).toBe(0);
  });

  it("adds up the budgets committed and the money paid, spent and recovered this financial year, each as its list does", async () => {
    const { money } = await dashboard();
    const paid = (holding: string) => sum(ours.paid.filter((p) => p.holding === holding).map((p) => p.amountPence));
    expect(paid("direct-payment")).toBeGreaterThan(0);
    expect(money.byHeld).toEqual({
      "direct-payment": { committed: 1_800_000, paid: paid("direct-payment"), spent: 4_500 + 2_000 - 500 - 2_000, recovered: 10_000 },
      "third-party": { committed: 600_000, paid: paid("third-party"), spent: 0, recovered: 0 },
      notional: { committed: 300_000, paid: paid("notional"), spent: 7_000, recovered: 0 },
    });
    expect(money.total.paid).toBe(sum(ours.paid.map((p) => p.amountPence)));

    const paidDp = await list({ list: "money", measure: "paid", held: "direct-payment", year: YEAR });
    expect(paidDp.ids).toEqual(ids(ours.ann, ours.bob));
    expect(paidDp.totalPence).toBe(money.byHeld["direct-payment"].paid);
    const spent = await list({ list: "money", measure: "spent", held: null, year: YEAR });
    expect(spent.ids).toEqual(ids(ours.ann));
    expect(spent.totalPence).toBe(money.total.spent);
    const recovered = await list({ list: "money", measure: "recovered", held: null, year: YEAR });
    expect(recovered.rows.map((r) => [r.holderId, r.pence])).toEqual([[ours.bob.id, 10_000]]);
    const committed = await list({ list: "phbs", cohort: null, held: "direct-payment" });
    expect(committed.totalPence).toBe(money.byHeld["direct-payment"].committed);
  });

  it("counts no money in a year before any was paid, with the budgets in force today still committed", async () => {
    const before = await loadCommissionerDashboard(getDb(), { commissionerId: ours.commissioner.id, today: TODAY, year: financialYear(2025) });
    expect(before.money.total).toEqual({ committed: 2_700_000, paid: 0, spent: 0, recovered: 0 });
  });

  it("shows each month's reconciliation from the month a direct payment opened, and lists exactly who is in each state", async () => {
    const { reconciliation } = await dashboard();
    expect(reconciliation.map((r) => r.month)).toEqual([
      "2026-10",
      "2026-09",
      "2026-08",
      "2026-07",
      "2026-06",
      "2026-05",
      "2026-04",
      "2026-03",
      "2026-02",
      "2026-01",
      "2025-12",
      "2025-11",
    ]);
    const byMonth = Object.fromEntries(reconciliation.map((r) => [r.month, r.counts]));
    expect(byMonth["2026-10"]).toEqual({ reconciled: 0, "in-progress": 1, "not-started": 1 });
    expect(byMonth["2026-09"]).toEqual({ reconciled: 1, "in-progress": 0, "not-started": 1 });
    // Bob's August was reopened: it is not reconciled any more.
    expect(byMonth["2026-08"]).toEqual({ reconciled: 0, "in-progress": 0, "not-started": 2 });
    const dpOpened = ours.opened.filter((a) => a.holding === "direct-payment").map((a) => a.openedOn);
    for (const month of ["2026-03", "2026-02", "2025-11"]) {
      const open = dpOpened.filter((d) => d <= `${month}-31`).length;
      expect(byMonth[month]).toEqual({ reconciled: 0, "in-progress": 0, "not-started": open });
    }
    expect((await list({ list: "reconciliation", month: "2026-10", state: "in-progress" })).ids).toEqual(ids(ours.ann));
    expect((await list({ list: "reconciliation", month: "2026-10", state: "not-started" })).ids).toEqual(ids(ours.bob));
    expect((await list({ list: "reconciliation", month: "2026-09", state: "reconciled" })).ids).toEqual(ids(ours.bob));
    expect((await list({ list: "reconciliation", month: "2026-08", state: "not-started" })).ids).toEqual(ids(ours.ann, ours.bob));
    // The figures are counted apart from the lists (monthProgressCounts): every one of them is its list's length.
    for (const { month, counts } of reconciliation) {
      for (const state of PROGRESS_STATES)
        expect([month, state, (await list({ list: "reconciliation", month, state })).total]).toEqual([month, state, counts[state]]);
    }
  });

  it("keeps the months' totals it reads equal to the postings (verify-ledger)", async () => {
    await expectLedgerClean(ours.commissioner.id);
    await expectLedgerClean(theirs.commissioner.id);
  });

  it("answers finance's request for the page with the same figures", async () => {
    const answer = (await run(dashboardLoader, get("/staff/dashboard?year=2026", await cookieFor(ours.finance.email)))) as Awaited<
      ReturnType<typeof dashboard>
    >;
    expect(answer.money).toEqual((await dashboard()).money);
  });
});

describe("the journal for the finance system", () => {
  const period = { from: "2026-04-01", to: "2026-11-30", name: "test" };
  const journal = async () => {
    const rows: string[][] = parse(writeCsv(await loadJournal(getDb(), { commissionerId: ours.commissioner.id, period })));
    const [header, ...lines] = rows;
    return { header, lines: lines.map((l) => Object.fromEntries(header.map((h, i) => [h, l[i]]))) };
  };

  it("has debits equal to credits in every entry, and a reference on each line that is the same in the next download", async () => {
    const first = await journal();
    const byEntry = new Map<string, number>();
    for (const l of first.lines) {
      const pence = Math.round(Number(l.Debit || 0) * 100) - Math.round(Number(l.Credit || 0) * 100);
      byEntry.set(l["Journal entry"], (byEntry.get(l["Journal entry"]) ?? 0) + pence);
      expect(l.Reference).toMatch(new RegExp(`^PHB-JE-${l["Journal entry"]}-\\d+$`));
      expect(l.Date).toMatch(/^\d{2}\/\d{2}\/2026$/);
    }
    expect([...byEntry.values()].every((v) => v === 0)).toBe(true);
    expect(new Set(first.lines.map((l) => l.Reference)).size).toBe(first.lines.length);
    expect((await journal()).lines.map((l) => l.Reference)).toEqual(first.lines.map((l) => l.Reference));
  });

  it("books the instalments, the recovery and the care bought from a notional budget, and nothing the holders spent themselves or another commissioner booked", async () => {
    const { lines } = await journal();
    const entries = new Set(lines.map((l) => Number(l["Journal entry"])));
    expect(lines.filter((l) => l["Entry type"] === "Instalment")).toHaveLength(ours.paid.length * 2);
    expect(entries.has(ours.entries.clawback)).toBe(true);
    expect(entries.has(ours.entries.therapy)).toBe(true);
    for (const id of [...ours.entries.dpSpends, ours.entries.reversal]) expect(entries.has(id)).toBe(false);
    const theirEntries = await getDb().select({ id: journalEntries.id }).from(journalEntries).where(eq(journalEntries.commissionerId, theirs.commissioner.id));
    expect(theirEntries.some((e) => entries.has(e.id))).toBe(false);
    const recovery = lines.filter((l) => Number(l["Journal entry"]) === ours.entries.clawback);
    expect(recovery.map((l) => [l["Cost centre"], l["Subjective code"], l.Debit, l.Credit])).toEqual([
      ["PHB300", "52149000", "", "100.00"],
      ["PHB000", "22110000", "100.00", ""],
    ]);
  });

  it("uses the codes finance sets, with an audit row, and downloads the same file twice over HTTP", async () => {
    await setJournalCode(getDb(), {
      actor: actorOf(ours.finance),
      commissionerId: ours.commissioner.id,
      key: "recovered:direct-payment",
      code: { costCentre: "CC9", subjectiveCode: "SC9" },
    });
    const recovery = (await journal()).lines.find((l) => Number(l["Journal entry"]) === ours.entries.clawback && l.Credit);
    expect([recovery!["Cost centre"], recovery!["Subjective code"]]).toEqual(["CC9", "SC9"]);
    const audited = await getDb()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "journal-code.set"), eq(auditLog.entityId, "recovered:direct-payment")));
    expect(audited.length).toBeGreaterThan(0);

    const cookie = await cookieFor(ours.finance.email);
    const download = async (query: string) => (await run(journalLoader, get(`/staff/dashboard/journal.csv?${query}`, cookie))) as Response;
    const october = await download("month=2026-10");
    expect(october.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    const text = await october.text();
    expect(text).toContain(`PHB-JE-${ours.entries.clawback}-`);
    expect(await (await download("month=2026-10")).text()).toBe(text);
    expect(statusOf(await download("month=October"))).toBe(400);
  });
});

describe("the dashboard's figures, kept between requests", () => {
  const kept = (world: DashboardWorld) => commissionerDashboard(getDb(), { commissionerId: world.commissioner.id, today: TODAY, year: YEAR });
  const reverse = async (world: DashboardWorld, entryId: number, db = getDb()) => {
    const reversed = await reverseEntry(db, { entryId, reason: "Paid from the wrong account", actor: actorOf(world.finance) });
    if (!reversed.ok) throw new Error(reversed.message);
  };

  /** The figures, and how many queries working them out (or seeing they need not be) took. */
  const keptCounting = (world: DashboardWorld) =>
    withRequestScope(async () => {
      const figures = await kept(world);
      return { figures, queries: currentScope()!.queries };
    });

  it("are used again while nothing they count has changed, and only the part that has changed is read again", async () => {
    const first = await kept(ours);
    expect(first).toEqual(await dashboard());
    // One query sees that nothing has changed.
    expect(await keptCounting(ours)).toEqual({ figures: first, queries: 1 });
    expect((await keptCounting(ours)).figures).toBe(first);

    // Another commissioner's change is not ours.
    await reverse(theirs, theirs.entries.dpSpends[0]);
    expect(await keptCounting(ours)).toEqual({ figures: first, queries: 1 });

    // A spend reversed changes the money, and only the money is read again.
    await reverse(ours, ours.entries.dpSpends[0]);
    const after = await keptCounting(ours);
    expect(after.queries).toBe(2);
    expect(after.figures).not.toBe(first);
    expect(after.figures.money.byHeld["direct-payment"].spent).toBe(first.money.byHeld["direct-payment"].spent - 4_500);
    expect(after.figures).toEqual(await dashboard());
    expect(await keptCounting(ours)).toEqual({ figures: after.figures, queries: 1 });
  });

  it.skipIf(!process.env.DATABASE_URL)("count a change that had not committed when they were worked out (PostgreSQL: two transactions at once)", async () => {
    const before = await kept(ours);
    let commit!: () => void;
    let written!: () => void;
    const wrote = new Promise<void>((resolve) => (written = resolve));
    const writing = getDb().transaction(async (tx) => {
      await reverse(ours, ours.entries.therapy, tx);
      written();
      await new Promise<void>((resolve) => (commit = resolve));
    });
    await wrote;
    // Worked out while the reversal is written and not committed: they cannot count it.
    await reverse(ours, ours.entries.clawback);
    const during = await kept(ours);
    expect(during.money.byHeld.notional.spent).toBe(before.money.byHeld.notional.spent);
    commit();
    await writing;
    const after = await kept(ours);
    expect(after.money.byHeld.notional.spent).toBe(before.money.byHeld.notional.spent - 7_000);
    expect(after).toEqual(await dashboard());
  });

  it("forgets the notes of changes a day old, and no others", async () => {
    const mine = eq(dashboardChanges.commissionerId, ours.commissioner.id);
    const notes = await getDb().select().from(dashboardChanges).where(mine);
    expect(notes.length).toBeGreaterThan(1);
    await getDb()
      .update(dashboardChanges)
      .set({ changedAt: sql`now() - interval '25 hours'` })
      .where(and(mine, eq(dashboardChanges.transactionId, notes[0].transactionId)));
    await forgetOldDashboardChanges(getDb());
    const left = await getDb().select({ transactionId: dashboardChanges.transactionId }).from(dashboardChanges).where(mine);
    expect(left.map((n) => n.transactionId).sort()).toEqual(
      notes
        .slice(1)
        .map((n) => n.transactionId)
        .sort(),
    );
  });
});
