import { and, asc, count, eq, isNull } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import {
  arrangements,
  auditLog,
  bankAccounts,
  bankLineMatches,
  bankStatementImports,
  bankStatementLines,
  periodReconciliations,
  pooledStatementImports,
} from "#db/schema";
import type { Actor } from "~/audit/audit.server";
import { openArrangement } from "~/budgets/arrangements.server";
import { joinPooledAccount, recordBankAccount } from "~/budgets/bank-accounts.server";
import { ensureOutsideAccount } from "~/ledger/accounts.server";
import { postEntry } from "~/ledger/post-entry.server";
import { markBankLine } from "~/reconciliation/matching.server";
import { loadReconciliationPeriod } from "~/reconciliation/periods.server";
import { reconcileAgreeingPeriods } from "~/reconciliation/worklist.server";
import { recordPool } from "~/reconciliation/pooled-accounts.server";
import { importPooledStatement } from "~/reconciliation/pooled-statements.server";
import { holderStatements, importBankStatement, LARGE_STATEMENT_LINES } from "~/reconciliation/statement-imports.server";
import { performPooledStatementImport } from "~/reconciliation/statement-import-job.server";
import { setJobs, startJobs } from "~/integrations/jobs/jobs.server";
import { action as bankAccountAction, loader as bankAccountLoader } from "~/routes/staff.holders.$holderId.bank-account";
import { loader as poolLoader, action as poolAction } from "~/routes/staff.pooled-accounts.$poolId";
import { insertCommissioner, insertHolder, insertStaff } from "../factories";
import { BASE, cookieFor, get, post, run, statusOf } from "../factories/requests";
import { jobQueueDatabase } from "./job-queue-database";

const db = () => getDb();
const actorOf = (user: { id: string; commissionerId: string }): Actor => ({ userId: user.id, commissionerId: user.commissionerId });
const bytes = (text: string) => new TextEncoder().encode(text);

/** A commissioner's pooled account with three holders' direct payments in it, PHB 0001 to PHB 0003, and a payee. */
async function poolWorld() {
  const commissioner = await insertCommissioner();
  const finance = await insertStaff(commissioner.id, "finance");
  const actor = actorOf(finance);
  const recorded = await recordPool(db(), {
    actor,
    details: { accountName: "Westshire Managed Accounts", sortCode: "309430", accountNumber: "55501234", supportOrganisationId: null },
  });
  if (!recorded.ok) throw new Error(recorded.message);
  const members = [];
  for (const reference of ["PHB 0001", "phb 0002", "PHB0003"]) {
    const { holder } = await insertHolder(commissioner.id);
    const { account: dp } = await openArrangement(db(), { commissionerId: commissioner.id, holderId: holder.id, holding: "direct-payment", on: "2026-04-01" });
    const joined = await joinPooledAccount(db(), { actor, holderId: holder.id, poolId: recorded.poolId, poolReference: reference });
    if (!joined.ok) throw new Error(joined.message);
    members.push({ holder, dp });
  }
  const payee = await ensureOutsideAccount(db(), commissioner.id, "payee", { code: "payee:sunrise", name: "Sunrise Care Agency" });
  return { commissioner, finance, actor, poolId: recorded.poolId, members, payee };
}

/** Money paid into a member's direct payment in the ledger, as an instalment from the commissioner. */
async function fund(w: Awaited<ReturnType<typeof poolWorld>>, member: (typeof w.members)[number], pence: number, on: string) {
  const funding = await ensureOutsideAccount(db(), w.commissioner.id, "commissioner-funding");
  const funded = await postEntry(db(), {
    idempotencyKey: `pooled-funding-${member.holder.id}-${on}`,
    kind: "instalment",
    effectiveDate: on,
    lines: [
      { accountId: funding.id, amountPence: -pence },
      { accountId: member.dp.id, amountPence: pence },
    ],
    actor: w.actor,
    onBehalfOf: member.holder.id,
  });
  if (!funded.ok) throw new Error(funded.message);
}

/** The pool's statement: each holder's instalment in, then spending out, with the pool's own running balance. */
const HEADER = "Date,Description,Reference,Amount,Balance";
const MAY = [
  "01/05/2026,NHS WESTSHIRE,PHB 0001,500.00,10500.00",
  "01/05/2026,NHS WESTSHIRE,PHB 0002,300.00,10800.00",
  "01/05/2026,NHS WESTSHIRE,PHB 0003,200.00,11000.00",
  "10/05/2026,SUNRISE CARE AGENCY,phb0001,-45.00,10955.00",
  "12/05/2026,CORNER SHOP,PHB 0002,-7.50,10947.50",
];
const csv = (lines: string[]) => `${HEADER}\n${lines.join("\n")}\n`;

/** The columns of HEADER, as finance confirms them once; the layout is kept for the commissioner after. */
const MAPPING = { date: 0, description: [1], reference: 2, amount: { kind: "signed" as const, column: 3 }, balance: 4, currency: null };

function importCsv(w: Awaited<ReturnType<typeof poolWorld>>, fileName: string, text: string) {
  return importPooledStatement(db(), { actor: w.actor, poolId: w.poolId, fileName, bytes: bytes(text), mapping: MAPPING });
}

/** A holder's bank lines, oldest first. */
async function linesOf(holderId: string) {
  return db()
    .select({ amountPence: bankStatementLines.amountPence, description: bankStatementLines.description, balancePence: bankStatementLines.balancePence })
    .from(bankStatementLines)
    .innerJoin(bankAccounts, eq(bankAccounts.id, bankStatementLines.bankAccountId))
    .innerJoin(arrangements, eq(arrangements.id, bankAccounts.arrangementId))
    .where(eq(arrangements.holderId, holderId))
    .orderBy(asc(bankStatementLines.lineDate), asc(bankStatementLines.amountPence));
}

async function lineCount(commissionerId: string) {
  const [{ n }] = await db().select({ n: count() }).from(bankStatementLines).where(eq(bankStatementLines.commissionerId, commissionerId));
  return n;
}

describe("a pooled account's statement", () => {
  it("routes each line to the holder whose reference it carries, with no pool balance on any holder's line, and audits it", async () => {
    const w = await poolWorld();
    const imported = await importCsv(w, "may.csv", csv(MAY));
    expect(imported).toMatchObject({ state: "imported", linesRead: 5, linesAdded: 5, holders: 3 });

    const [a, b, c] = await Promise.all(w.members.map((m) => linesOf(m.holder.id)));
    expect(a.map((l) => l.amountPence)).toEqual([50_000, -4_500]);
    expect(b.map((l) => l.amountPence)).toEqual([30_000, -750]);
    expect(c.map((l) => l.amountPence)).toEqual([20_000]);
    expect([...a, ...b, ...c].every((l) => l.balancePence === null)).toBe(true);
    // The holder's own page shows their lines alone, and that the pool's statements are finance's to import.
    const seen = await holderStatements(db(), w.members[0].holder.id);
    expect(seen).toMatchObject({ status: "ready", pooled: true });
    expect(seen.status === "ready" && seen.lines.map((l) => l.amountPence).sort()).toEqual([-4_500, 50_000]);

    const [pooled] = await db().select().from(pooledStatementImports).where(eq(pooledStatementImports.pooledAccountId, w.poolId));
    expect(pooled).toMatchObject({ linesRead: 5, linesAdded: 5, holders: 3, routedBy: "reference", poolClosingPence: 1_094_750 });
    const perHolder = await db().select().from(bankStatementImports).where(eq(bankStatementImports.pooledImportId, pooled.id));
    expect(perHolder.map((i) => i.linesAdded).sort()).toEqual([1, 2, 2]);

    const audit = await db().select().from(auditLog).where(eq(auditLog.commissionerId, w.commissioner.id));
    expect(audit.filter((r) => r.action === "pooled-account.recorded")).toHaveLength(1);
    expect(audit.filter((r) => r.action === "bank-account.pooled").map((r) => (r.after as { poolReference: string }).poolReference)).toEqual([
      "PHB 0001",
      "PHB 0002",
      "PHB0003",
    ]);
    expect(audit.find((r) => r.action === "pooled-statement.imported")).toMatchObject({
      actorUserId: w.finance.id,
      entityId: w.poolId,
      after: { linesRead: 5, linesAdded: 5, holders: 3 },
    });
    // Each holder's part is audited on their record, as a statement of their own would be.
    const onBehalf = audit.filter((r) => r.action === "bank-statement.imported").map((r) => r.onBehalfOfHolderId);
    expect(onBehalf.sort()).toEqual(w.members.map((m) => m.holder.id).sort());
  });

  it("refuses the whole file when a line is no holder's, naming every bad line, and stores nothing", async () => {
    const w = await poolWorld();
    const bad = [...MAY.slice(0, 2), "03/05/2026,NHS WESTSHIRE,XYZ 99,100.00,10900.00", ...MAY.slice(2), "20/05/2026,REFUND,PHB 00011,5.00,10952.50"];
    const refused = await importCsv(w, "bad.csv", csv(bad));
    expect(refused).toEqual({
      state: "refused",
      more: 0,
      problems: [
        { line: 4, message: 'Line 4: the reference "XYZ 99" is no holder\'s in this pooled account' },
        { line: 8, message: 'Line 8: the reference "PHB 00011" is no holder\'s in this pooled account' },
      ],
    });
    expect(await lineCount(w.commissioner.id)).toBe(0);
    expect(await db().select().from(pooledStatementImports).where(eq(pooledStatementImports.pooledAccountId, w.poolId))).toEqual([]);
    const audit = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.commissionerId, w.commissioner.id), eq(auditLog.action, "pooled-statement.imported")));
    expect(audit).toEqual([]);
  });

  it("adds nothing when the same statement is imported again, and only the new lines of an overlapping one", async () => {
    const w = await poolWorld();
    await importCsv(w, "may.csv", csv(MAY));
    const again = await importCsv(w, "may-again.csv", csv(MAY));
    expect(again).toMatchObject({ state: "imported", linesRead: 5, linesAdded: 0 });
    const overlapping = [...MAY.slice(3), "02/06/2026,NHS WESTSHIRE,PHB 0003,200.00,11147.50"];
    const next = await importCsv(w, "late-may-june.csv", csv(overlapping));
    expect(next).toMatchObject({ state: "imported", linesRead: 3, linesAdded: 1 });
    expect(await lineCount(w.commissioner.id)).toBe(6);
  });

  it("keeps two holders' identical lines apart: the fingerprint is the pool's, over the whole file", async () => {
    const w = await poolWorld();
    // No balance column: the same day, amount and description for two holders, told apart only by the reference.
    const same = "Date,Description,Reference,Amount\n01/05/2026,NHS WESTSHIRE,PHB 0001,100.00\n01/05/2026,NHS WESTSHIRE,PHB 0002,100.00\n";
    const imported = await importPooledStatement(db(), {
      actor: w.actor,
      poolId: w.poolId,
      fileName: "same.csv",
      bytes: bytes(same),
      mapping: { ...MAPPING, balance: null },
    });
    expect(imported).toMatchObject({ state: "imported", linesAdded: 2, holders: 2 });
  });

  it("matches a holder's pooled line to their spend with the usual automatic matching", async () => {
    const w = await poolWorld();
    const [a] = w.members;
    await fund(w, a, 10_000, "2026-04-01");
    const posted = await postEntry(db(), {
      idempotencyKey: `pooled-spend-${a.holder.id}`,
      kind: "spend",
      effectiveDate: "2026-05-10",
      description: "Care visits",
      lines: [
        { accountId: a.dp.id, amountPence: -4_500 },
        { accountId: w.payee.id, amountPence: 4_500 },
      ],
      actor: w.actor,
      onBehalfOf: a.holder.id,
    });
    if (!posted.ok) throw new Error(posted.message);
    const imported = await importCsv(w, "may.csv", csv(MAY));
    expect(imported).toMatchObject({ state: "imported", matched: 1 });
    const [match] = await db()
      .select({ holderId: bankLineMatches.holderId, entryId: bankLineMatches.journalEntryId, how: bankLineMatches.how })
      .from(bankLineMatches)
      .innerJoin(bankStatementLines, eq(bankStatementLines.id, bankLineMatches.bankLineId))
      .where(and(isNull(bankLineMatches.unmatchedAt), eq(bankStatementLines.commissionerId, w.commissioner.id)));
    expect(match).toEqual({ holderId: a.holder.id, entryId: posted.entry.id, how: "automatic" });
  });

  it("gives a holder's month their share as the bank's closing balance, never the pool's", async () => {
    const w = await poolWorld();
    const june = ["02/06/2026,NHS WESTSHIRE,PHB 0001,500.00,11447.50", "05/06/2026,SUNRISE CARE AGENCY,PHB 0001,-45.00,11402.50"];
    await importCsv(w, "may-june.csv", csv([...MAY, ...june]));
    const [a, b] = w.members;
    const mayA = await loadReconciliationPeriod(db(), { holderId: a.holder.id, period: "2026-05", standingOnly: true });
    expect(mayA?.bank.closingPence).toBe(45_500);
    const juneA = await loadReconciliationPeriod(db(), { holderId: a.holder.id, period: "2026-06", standingOnly: true });
    expect(juneA?.bank.closingPence).toBe(45_500 + 45_500);
    const juneB = await loadReconciliationPeriod(db(), { holderId: b.holder.id, period: "2026-06", standingOnly: true });
    // No lines of B's in June: no statement for their month, as for an account of their own.
    expect(juneB?.bank.closingPence).toBeNull();

    // With every May line of A's explained, A's May is reconciled with the others that agree, on A's share.
    for (const line of mayA!.bank.lines) {
      const marked = await markBankLine(db(), { actor: w.actor, holderId: a.holder.id, lineId: line.id, outcome: "own-transfer", note: "" });
      expect(marked).toEqual({ ok: true });
    }
    expect((await loadReconciliationPeriod(db(), { holderId: a.holder.id, period: "2026-05" }))?.status).toBe("ready");
    expect(await reconcileAgreeingPeriods(db(), { actor: w.actor, period: "2026-05" })).toMatchObject({ reconciled: 1 });
    const [row] = await db().select().from(periodReconciliations).where(eq(periodReconciliations.holderId, a.holder.id));
    expect(row).toMatchObject({ periodStartsOn: "2026-05-01", bankClosingPence: 45_500, agreedBalancePence: 45_500 });
  });

  it("counts the holder's money already in the pool when they joined it as part of their share, on their page and in the worklist", async () => {
    const w = await poolWorld();
    const a = w.members[0];
    const cookie = await cookieFor(w.finance.email);
    const path = `/staff/holders/${a.holder.id}/bank-account`;
    const send = (form: Record<string, string>) =>
      run(bankAccountAction, post(path, { intent: "pooled", poolId: w.poolId, poolReference: "PHB 0001", ...form }, cookie), { holderId: a.holder.id });
    const bad = (await send({ shareBrought: "two hundred" })) as { data: { errors: { fieldId: string; message: string }[] } };
    expect(bad.data.errors).toEqual([
      { fieldId: "shareBrought", message: "The money already in the pooled account must be a number of pounds and pence, like 12.50" },
    ]);
    expect(statusOf(await send({ shareBrought: "£200.00" }))).toBe(302);
    const page = (await run(bankAccountLoader, get(path, cookie), { holderId: a.holder.id })) as Awaited<ReturnType<typeof bankAccountLoader>>;
    expect(page.banking?.account).toMatchObject({ poolReference: "PHB 0001", poolShareBroughtPence: 20_000 });

    // The ledger has the same £200 from before the pool's first statement.
    await fund(w, a, 20_000, "2026-04-28");
    await importCsv(w, "may.csv", csv(MAY));
    const may = await loadReconciliationPeriod(db(), { holderId: a.holder.id, period: "2026-05", standingOnly: true });
    expect(may?.bank.closingPence).toBe(20_000 + 45_500);
    for (const line of may!.bank.lines)
      expect(await markBankLine(db(), { actor: w.actor, holderId: a.holder.id, lineId: line.id, outcome: "own-transfer", note: "" })).toEqual({ ok: true });
    // Reconciled together on the same share: £200 brought and the £455 of May's lines.
    expect(await reconcileAgreeingPeriods(db(), { actor: w.actor, period: "2026-05" })).toMatchObject({ reconciled: 1 });
    const [row] = await db().select().from(periodReconciliations).where(eq(periodReconciliations.holderId, a.holder.id));
    expect(row).toMatchObject({ bankClosingPence: 65_500, ledgerClosingPence: 20_000 });
  });

  it("refuses a pooled holder's statement sent as their own account's: it has everyone's lines", async () => {
    const w = await poolWorld();
    const refused = await importBankStatement(db(), { actor: w.actor, holderId: w.members[0].holder.id, fileName: "may.csv", bytes: bytes(csv(MAY)) });
    expect(refused).toMatchObject({ state: "refused", problems: [{ line: null, message: expect.stringContaining("pooled account") }] });
    expect(await lineCount(w.commissioner.id)).toBe(0);
  });
});

describe("a holder's share of a pooled account", () => {
  it("is one holder's reference in the pool, whatever its spaces and capitals; leaving for an own account ends it", async () => {
    const w = await poolWorld();
    const { holder } = await insertHolder(w.commissioner.id);
    await openArrangement(db(), { commissionerId: w.commissioner.id, holderId: holder.id, holding: "direct-payment", on: "2026-04-01" });
    const taken = await joinPooledAccount(db(), { actor: w.actor, holderId: holder.id, poolId: w.poolId, poolReference: "PHB 00 01" });
    expect(taken).toMatchObject({ ok: false, field: "poolReference", message: expect.stringContaining("is Test Holder") });
    const left = await recordBankAccount(db(), {
      actor: w.actor,
      holderId: w.members[0].holder.id,
      details: { accountName: "OWN", sortCode: "600173", accountNumber: "12345678" },
    });
    expect(left.ok).toBe(true);
    expect(await joinPooledAccount(db(), { actor: w.actor, holderId: holder.id, poolId: w.poolId, poolReference: "PHB 00 01" })).toEqual({ ok: true });
  });

  it("is chosen on the holder's bank account page, with each field's problem said beside it", async () => {
    const w = await poolWorld();
    const { holder } = await insertHolder(w.commissioner.id);
    await openArrangement(db(), { commissionerId: w.commissioner.id, holderId: holder.id, holding: "direct-payment", on: "2026-04-01" });
    const cookie = await cookieFor(w.finance.email);
    const path = `/staff/holders/${holder.id}/bank-account`;
    const send = (form: Record<string, string>) => run(bankAccountAction, post(path, { intent: "pooled", ...form }, cookie), { holderId: holder.id });
    const empty = (await send({ poolId: "", poolReference: " " })) as { data: { errors: { fieldId: string }[] } };
    expect(statusOf(empty)).toBe(400);
    expect(empty.data.errors.map((e) => e.fieldId)).toEqual(["poolId", "poolReference"]);
    const taken = (await send({ poolId: w.poolId, poolReference: "phb0002" })) as { data: { errors: { fieldId: string; message: string }[] } };
    expect(taken.data.errors).toEqual([
      { fieldId: "poolReference", message: expect.stringMatching(/^The reference PHB0002 is Test Holder .+'s in this pooled account/) },
    ]);
    const joined = (await send({ poolId: w.poolId, poolReference: " phb  0004 " })) as Response;
    expect(joined.headers.get("Location")).toBe(`${path}?done=pooled`);
    const page = (await run(bankAccountLoader, get(path, cookie), { holderId: holder.id })) as Awaited<ReturnType<typeof bankAccountLoader>>;
    expect(page.banking?.account).toMatchObject({ poolReference: "PHB 0004", pooledAccountId: w.poolId, accountNumber: "****1234" });
    expect(page.pool?.accountName).toBe("Westshire Managed Accounts");
  });

  it("cannot be in another commissioner's pool", async () => {
    const w = await poolWorld();
    const other = await poolWorld();
    const joined = await joinPooledAccount(db(), { actor: w.actor, holderId: w.members[0].holder.id, poolId: other.poolId, poolReference: "PHB 0009" });
    expect(joined).toMatchObject({ ok: false, field: "poolId" });
  });
});

describe("the pooled account's page", () => {
  it("is not found by another commissioner's finance, to read or to import into", async () => {
    const w = await poolWorld();
    const other = await poolWorld();
    const cookie = await cookieFor(other.finance.email);
    expect(statusOf(await run(poolLoader, get(`/staff/pooled-accounts/${w.poolId}`, cookie), { poolId: w.poolId }))).toBe(404);
    const form = new FormData();
    form.set("intent", "upload");
    form.set("file", new File([csv(MAY)], "may.csv"));
    const request = new Request(`${BASE}/staff/pooled-accounts/${w.poolId}`, { method: "POST", body: form, headers: { Cookie: cookie } });
    expect(statusOf(await run(poolAction, request, { poolId: w.poolId }))).toBe(404);
    expect(await lineCount(w.commissioner.id)).toBe(0);
    // Their own finance reads it, with its three holders.
    const ours = await run(poolLoader, get(`/staff/pooled-accounts/${w.poolId}`, await cookieFor(w.finance.email)), { poolId: w.poolId });
    expect(ours).toMatchObject({ data: { members: [{ poolReference: "PHB 0001" }, { poolReference: "PHB 0002" }, { poolReference: "PHB0003" }] } });
  });

  it("imports a statement sent by finance and lists what a bad one got wrong, line by line", async () => {
    const w = await poolWorld();
    const cookie = await cookieFor(w.finance.email);
    const send = (text: string) => {
      const form = new FormData();
      form.set("intent", "upload");
      form.set("file", new File([text], "pool.csv"));
      return run(poolAction, new Request(`${BASE}/staff/pooled-accounts/${w.poolId}`, { method: "POST", body: form, headers: { Cookie: cookie } }), {
        poolId: w.poolId,
      });
    };
    // A layout seen for the first time is confirmed before it is read, as for a holder's own statement.
    const confirm = await send(csv(MAY));
    expect(statusOf(confirm)).toBe(200);
    expect((confirm as { data: { confirm?: { header: string[] } } }).data.confirm?.header).toEqual(["Date", "Description", "Reference", "Amount", "Balance"]);
    expect(await lineCount(w.commissioner.id)).toBe(0);
    await importCsv(w, "first.csv", csv(MAY.slice(0, 1)));
    // Confirmed once, the layout is read without asking: a bad line refuses the file, listed by its number.
    const refused = await send(csv([...MAY, "20/05/2026,REFUND,XYZ 99,5.00,10952.50"]));
    expect(statusOf(refused)).toBe(400);
    expect((refused as { data: { errors: { message: string }[] } }).data.errors).toEqual([
      { fieldId: "file", message: 'Line 7: the reference "XYZ 99" is no holder\'s in this pooled account' },
    ]);
    expect(await lineCount(w.commissioner.id)).toBe(1);
    const imported = await send(csv(MAY));
    expect(statusOf(imported)).toBe(302);
    expect((imported as Response).headers.get("Location")).toBe(`/staff/pooled-accounts/${w.poolId}?done=imported`);
    expect(await lineCount(w.commissioner.id)).toBe(5);
  });
});

describe("a large pooled account's statement", () => {
  // Shared equally by the three holders.
  const LARGE = LARGE_STATEMENT_LINES + 301;
  /** LARGE card payments of £1 from the pool, a day apart in fifties, each holder's in turn, with the pool's balance. */
  const largeCsv = (from = 0) =>
    csv(
      Array.from({ length: LARGE }, (_, k) => {
        const i = from + k;
        const day = new Date(Date.UTC(2026, 4, 1) + Math.floor(i / 50) * 86_400_000).toISOString().slice(0, 10).split("-").reverse().join("/");
        return `${day},SHOP ${i},PHB 000${1 + (i % 3)},-1.00,${(100_000 - i - 1).toFixed(2)}`;
      }),
    );
  const queued: string[] = [];
  beforeEach(() => {
    queued.length = 0;
    setJobs({
      runInstalments: async () => {},
      runPayroll: async () => {},
      importStatement: async () => {},
      importPooledStatement: (id) => Promise.resolve(void queued.push(id)),
      stop: async () => {},
    });
  });
  afterEach(() => setJobs(undefined));

  type PoolPage = {
    data: { imports: { id: string; state: string; linesDone: number; linesAdded: number }[] };
    init: { headers?: Record<string, string> } | null;
  };

  it("is checked and routed in the request, written for everyone by one job, and its page waits for it", async () => {
    const w = await poolWorld();
    await importCsv(w, "first.csv", csv(MAY));
    const cookie = await cookieFor(w.finance.email);
    const form = new FormData();
    form.set("intent", "upload");
    form.set("file", new File([largeCsv()], "year.csv"));
    const sent = await run(poolAction, new Request(`${BASE}/staff/pooled-accounts/${w.poolId}`, { method: "POST", body: form, headers: { Cookie: cookie } }), {
      poolId: w.poolId,
    });
    expect(statusOf(sent)).toBe(302);
    const [pooled] = await db().select().from(pooledStatementImports).where(eq(pooledStatementImports.fileName, "year.csv"));
    expect(queued).toEqual([pooled.id]);
    const parts = await db().select().from(bankStatementImports).where(eq(bankStatementImports.pooledImportId, pooled.id));
    expect(parts.map((p) => [p.state, (p.pendingLines as unknown[]).length])).toEqual([
      ["importing", LARGE / 3],
      ["importing", LARGE / 3],
      ["importing", LARGE / 3],
    ]);
    expect(await lineCount(w.commissioner.id)).toBe(MAY.length);
    const page = () => run(poolLoader, get(`/staff/pooled-accounts/${w.poolId}`, cookie), { poolId: w.poolId }) as Promise<PoolPage>;
    const waiting = await page();
    expect(waiting.init?.headers).toEqual({ Refresh: "3" });
    expect(waiting.data.imports[0]).toMatchObject({ id: pooled.id, state: "importing", linesDone: 0 });

    const progress: [string, number][] = [];
    const done = await performPooledStatementImport(db(), pooled.id, { progress: (id, n) => Promise.resolve(void progress.push([id, n])) });
    expect(done).toEqual({ state: "imported", linesAdded: LARGE });
    expect(progress.filter(([, n]) => n === LARGE / 3).map(([id]) => id)).toEqual(parts.map((p) => p.id).sort());
    expect(await lineCount(w.commissioner.id)).toBe(MAY.length + LARGE);
    const [a, b, c] = await Promise.all(w.members.map((m) => linesOf(m.holder.id)));
    expect([a.length, b.length, c.length]).toEqual([2 + LARGE / 3, 2 + LARGE / 3, 1 + LARGE / 3]);
    const imported = await page();
    expect(imported.init?.headers).toBeUndefined();
    expect(imported.data.imports[0]).toMatchObject({ id: pooled.id, state: "imported", linesDone: LARGE, linesAdded: LARGE });
    // The job asked again writes nothing twice; the same statement sent again adds nothing.
    expect(await performPooledStatementImport(db(), pooled.id)).toBeNull();
    const again = await importCsv(w, "year-again.csv", largeCsv());
    if (again.state !== "importing") throw new Error(`expected the job to import it: ${again.state}`);
    expect(await performPooledStatementImport(db(), again.importId)).toEqual({ state: "imported", linesAdded: 0 });
    expect(await lineCount(w.commissioner.id)).toBe(MAY.length + LARGE);
  });

  it("is imported for no one when the job stops part way, and says so", async () => {
    const w = await poolWorld();
    const started = await importCsv(w, "year.csv", largeCsv());
    if (started.state !== "importing") throw new Error(`expected the job to import it: ${started.state}`);
    const written: string[] = [];
    const stopped = await performPooledStatementImport(db(), started.importId, {
      progress: (id) => {
        if (!written.includes(id)) written.push(id);
        return written.length > 1 ? Promise.reject(new Error("the worker stopped")) : Promise.resolve();
      },
    });
    expect(stopped).toEqual({ state: "failed", error: "the worker stopped" });
    expect(await lineCount(w.commissioner.id)).toBe(0);
    const parts = await db().select().from(bankStatementImports).where(eq(bankStatementImports.pooledImportId, started.importId));
    expect(parts.map((p) => [p.state, p.pendingLines])).toEqual([
      ["failed", null],
      ["failed", null],
      ["failed", null],
    ]);
    const page = (await run(poolLoader, get(`/staff/pooled-accounts/${w.poolId}`, await cookieFor(w.finance.email)), { poolId: w.poolId })) as PoolPage;
    expect(page.data.imports.map((i) => [i.id, i.state])).toEqual([[started.importId, "failed"]]);
    const audit = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.commissionerId, w.commissioner.id), eq(auditLog.action, "pooled-statement.import-failed")));
    expect(audit).toMatchObject([{ entityId: w.poolId, after: { importId: started.importId, error: "the worker stopped" } }]);
  });
});

describe("the pooled statement job on the job queue (pg-boss)", () => {
  const ownDatabase = jobQueueDatabase();

  it("writes every holder's lines of a large pooled statement queued by the request", async () => {
    const w = await poolWorld();
    const database = ownDatabase();
    const jobs = await startJobs(database.db, database.jobConnection, { schedule: false, pollSeconds: 1 });
    try {
      const lines = LARGE_STATEMENT_LINES + 3;
      const text = csv(Array.from({ length: lines }, (_, i) => `02/05/2026,SHOP ${i},PHB 000${1 + (i % 3)},-1.00,${(50_000 - i).toFixed(2)}`));
      const started = await importCsv(w, "year.csv", text);
      if (started.state !== "importing") throw new Error(`expected the job to import it: ${started.state}`);
      await jobs.importPooledStatement(started.importId);
      for (let i = 0; i < 60 && (await lineCount(w.commissioner.id)) < lines; i++) await new Promise((r) => setTimeout(r, 500));
      expect(await lineCount(w.commissioner.id)).toBe(lines);
      const [pooled] = await database.db.select().from(pooledStatementImports).where(eq(pooledStatementImports.id, started.importId));
      expect(pooled.linesAdded).toBe(lines);
    } finally {
      await jobs.stop();
    }
  });
});
