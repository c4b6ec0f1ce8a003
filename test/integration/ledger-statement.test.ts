import { describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { openArrangement } from "~/budgets/arrangements.server";
import { postEntry, reverseEntry } from "~/ledger/post-entry.server";
import type { StatementLine } from "~/ledger/statement";
import { loader as statementLoader } from "~/routes/budget.statement";
import { loader as csvLoader } from "~/routes/budget.statement[.]csv";
import { loader as pdfLoader } from "~/routes/budget.statement[.]pdf";
import { insertCommissioner, insertHolder, insertRepresentative, insertStaff } from "../factories";
import { cookieFor, get, run, statusOf } from "../factories/requests";
import { SYSTEM } from "./ledger-fixtures";
import { ensureOutsideAccount } from "~/ledger/accounts.server";

type Page = {
  errors: { fieldId: string; message: string }[];
  lines: StatementLine[];
  total: number;
  page: number;
  pageCount: number;
  openingPence: number;
  closingPence: number;
  account: { name: string } | null;
};

/** A holder with an account, one instalment of £500, 30 spends of £1.00 and one reversed spend. */
async function holderWithHistory() {
  const db = getDb();
  const c = await insertCommissioner();
  const { holder, user } = await insertHolder(c.id);
  const { account: dp } = await openArrangement(db, { commissionerId: c.id, holderId: holder.id, holding: "direct-payment", on: "2026-04-01" });
  const funding = await ensureOutsideAccount(db, c.id, "commissioner-funding");
  const shop = await ensureOutsideAccount(db, c.id, "payee", { code: "payee:corner-shop", name: "Corner Shop" });
  const actor = SYSTEM(c.id);
  const post = async (key: string, kind: "instalment" | "spend", date: string, pence: number, description: string) => {
    const lines =
      kind === "instalment"
        ? [
            { accountId: funding.id, amountPence: -pence },
            { accountId: dp.id, amountPence: pence },
          ]
        : [
            { accountId: dp.id, amountPence: -pence },
            { accountId: shop.id, amountPence: pence },
          ];
    const r = await postEntry(db, { idempotencyKey: key, kind, effectiveDate: date, description, lines, actor, onBehalfOf: holder.id });
    if (!r.ok) throw new Error(r.message);
    return r.entry;
  };
  await post("i1", "instalment", "2026-04-01", 50_000, "Direct payment instalment 1");
  for (let i = 0; i < 30; i++) await post(`s${i}`, "spend", `2026-04-${String(2 + (i % 20)).padStart(2, "0")}`, 100, `Groceries ${i}`);
  const mistake = await post("oops", "spend", "2026-05-02", 1_234, "Carer, logged twice");
  const reversal = await reverseEntry(db, { entryId: mistake.id, reason: "Logged twice", actor });
  if (!reversal.ok) throw new Error(reversal.message);
  return { c, holder, user: user!, mistake, reversal: reversal.entry };
}

describe("holder statement", () => {
  it("shows money in, money out and the running balance, newest first, with reversals tied to what they reverse", async () => {
    const { user, mistake, reversal } = await holderWithHistory();
    const cookie = await cookieFor(user.email);
    const page = (await run(statementLoader, get("/budget/statement", cookie))) as Page;
    expect(page.errors).toEqual([]);
    expect(page.total).toBe(33);
    expect(page.pageCount).toBe(2);
    expect(page.closingPence).toBe(50_000 - 3_000);
    const [top, second] = page.lines;
    expect(top).toMatchObject({
      entryId: reversal.id,
      kind: "reversal",
      amountPence: 1_234,
      balancePence: 47_000,
      reversesEntryId: mistake.id,
      reversesDescription: "Carer, logged twice",
      reason: "Logged twice",
    });
    expect(second).toMatchObject({
      entryId: mistake.id,
      kind: "spend",
      amountPence: -1_234,
      balancePence: 45_766,
      reversedByEntryId: reversal.id,
      counterparty: "Corner Shop",
    });

    const last = (await run(statementLoader, get("/budget/statement?page=2", cookie))) as Page;
    expect(last.lines.at(-1)).toMatchObject({ kind: "instalment", amountPence: 50_000, balancePence: 50_000, counterparty: "Commissioner funding" });
  });

  it("filters by date and explains bad dates in the error summary", async () => {
    const { user } = await holderWithHistory();
    const cookie = await cookieFor(user.email);
    const april = (await run(statementLoader, get("/budget/statement?from=2026-04-02&to=2026-04-30", cookie))) as Page;
    expect(april.total).toBe(30);
    expect(april.openingPence).toBe(50_000);
    expect(april.closingPence).toBe(47_000);
    const bad = await run(statementLoader, get("/budget/statement?from=2026-02-30", cookie));
    expect(statusOf(bad)).toBe(400);
    expect((bad as { data: Page }).data.errors).toEqual([{ fieldId: "from", message: "Enter a real date, like 2026-03-27" }]);
    const backwards = (await run(statementLoader, get("/budget/statement?from=2026-05-01&to=2026-04-01", cookie))) as { data: Page };
    expect(backwards.data.errors).toEqual([{ fieldId: "to", message: "The 'to' date must be the same as or after the 'from' date" }]);
    expect(backwards.data.lines).toEqual([]);
  });

  it("shows a representative with view scope the same; refuses one without it; hides other commissioners' holders", async () => {
    const { c, holder, user } = await holderWithHistory();
    const own = (await run(statementLoader, get("/budget/statement", await cookieFor(user.email)))) as Page;
    const { user: rep } = await insertRepresentative(holder, ["view"]);
    const repCookie = await cookieFor(rep.email);
    // A representative chooses whom they act for first.
    const unchosen = await run(statementLoader, get("/budget/statement", repCookie));
    expect(statusOf(unchosen)).toBe(302);
    const { getDb: db } = await import("#db/client.server");
    const { sessions } = await import("#db/schema");
    const { eq } = await import("drizzle-orm");
    await db().update(sessions).set({ actingForHolderId: holder.id }).where(eq(sessions.userId, rep.id));
    const asRep = (await run(statementLoader, get("/budget/statement", repCookie))) as Page;
    expect(asRep.lines).toEqual(own.lines);

    const { user: noView } = await insertRepresentative(holder, ["log-spending"]);
    const noViewCookie = await cookieFor(noView.email);
    await db().update(sessions).set({ actingForHolderId: holder.id }).where(eq(sessions.userId, noView.id));
    expect(statusOf(await run(statementLoader, get("/budget/statement", noViewCookie)))).toBe(403);

    const staff = await insertStaff(c.id, "finance");
    const staffCookie = await cookieFor(staff.email);
    expect(((await run(statementLoader, get(`/budget/statement?holder=${holder.id}`, staffCookie))) as Page).total).toBe(33);
    const other = await insertCommissioner();
    const outsider = await insertStaff(other.id, "finance");
    expect(statusOf(await run(statementLoader, get(`/budget/statement?holder=${holder.id}`, await cookieFor(outsider.email))))).toBe(404);
  });

  it("shows an empty state for a new budget", async () => {
    const c = await insertCommissioner();
    const { user } = await insertHolder(c.id);
    const page = (await run(statementLoader, get("/budget/statement", await cookieFor(user!.email)))) as Page;
    expect(page).toMatchObject({ account: null, lines: [], total: 0 });
  });

  it("downloads the statement as CSV to the penny with en-GB dates and a header row, and as a PDF", async () => {
    const { user, mistake, reversal } = await holderWithHistory();
    const cookie = await cookieFor(user.email);
    const csv = (await run(csvLoader, get("/budget/statement.csv?from=2026-05-01", cookie))) as Response;
    expect(csv.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(csv.headers.get("Content-Disposition")).toMatch(/^attachment; filename="statement-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect((await csv.text()).trim().split("\r\n")).toEqual([
      "Date,Reference,What it was,Description,Paid to or received from,Money in (£),Money out (£),Balance (£),Note",
      `02/05/2026,${reversal.id},Correction,"Reversal of: Carer, logged twice",Corner Shop,12.34,,470.00,"Corrects entry ${mistake.id} (Carer, logged twice): Logged twice"`,
      `02/05/2026,${mistake.id},Spending,"Carer, logged twice",Corner Shop,,12.34,457.66,Cancelled by entry ${reversal.id}`,
    ]);
    const bad = (await run(csvLoader, get("/budget/statement.csv?from=yesterday", cookie))) as Response;
    expect(bad.status).toBe(400);

    const pdf = (await run(pdfLoader, get("/budget/statement.pdf", cookie))) as Response;
    expect(pdf.headers.get("Content-Type")).toBe("application/pdf");
    const bytes = Buffer.from(await pdf.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");
    expect(bytes.length).toBeGreaterThan(2_000);
  });
});
