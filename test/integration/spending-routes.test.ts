import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { journalEntries, planSupportLines, receiptFiles, representatives, spends } from "#db/schema";
import { action as actingForAction } from "~/routes/acting-for";
import { loader as csvLoader } from "~/routes/spending[.]csv";
import { loader as listLoader } from "~/routes/spending._index";
import { action as newAction, loader as newLoader } from "~/routes/spending.new";
import { loader as receiptLoader } from "~/routes/spending.receipts.$receiptId";
import { removeUnconfirmedReceipts } from "~/spending/receipt-files.server";
import { insertCommissioner, insertHolder, insertStaff } from "../factories";
import { BASE, cookieFor, dateFields, get, post, run, statusOf } from "../factories/requests";
import { spendingWorld, type SpendingWorld } from "./spending-fixtures";

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 9, 9, 9]);
const HTML = new TextEncoder().encode("<!doctype html><html><body><script>alert(1)</script></body></html>");

function spendForm(w: SpendingWorld, fields: Record<string, string>, files: { name: string; bytes: Uint8Array }[], cookie: string) {
  const form = new FormData();
  const { spentOn = "2026-11-02", ...rest } = fields;
  const all = {
    formToken: crypto.randomUUID(),
    ...dateFields("spentOn", spentOn),
    newPayeeName: "Jane Smith (PA)",
    amount: "40.00",
    whatFor: "Four hours of personal care",
    supportLineId: w.pa.id,
    howPaid: "account-transfer",
    intent: "check",
    ...rest,
  };
  for (const [k, v] of Object.entries(all)) form.append(k, v);
  for (const f of files) form.append("receipts", new File([new Uint8Array(f.bytes)], f.name));
  return new Request(`${BASE}/spending/new`, { method: "POST", body: form, headers: { Cookie: cookie } });
}

type FormResult = {
  data: {
    stage: string;
    errors: { fieldId: string; message: string }[];
    kept: { sha256: string; size: number; name: string }[];
    values: Record<string, string>;
  };
};

async function actAs(w: SpendingWorld) {
  const cookie = await cookieFor(w.carer.user.email);
  await run(actingForAction, post("/acting-for", { holderId: w.holder.id }, cookie));
  return cookie;
}

describe("/spending/new", () => {
  it("a receipt kept on check your answers for over a day is removed; confirming asks for it again and logs nothing", async () => {
    const w = await spendingWorld();
    const cookie = await cookieFor(w.holderUser.email);
    const png = new Uint8Array([...PNG, 7, 7]);
    const checked = (await run(newAction, spendForm(w, {}, [{ name: "till-receipt.png", bytes: png }], cookie))) as FormResult;
    expect(checked.data.stage).toBe("check");
    await w.db.update(receiptFiles).set({ createdAt: new Date(Date.now() - 25 * 3_600_000) });
    expect(await removeUnconfirmedReceipts(w.db, { now: new Date(), actor: { userId: null, commissionerId: null } })).toBe(1);
    const confirm = new FormData();
    for (const [k, v] of Object.entries(checked.data.values)) if (k !== "intent") confirm.append(k, v);
    for (const k of checked.data.kept) confirm.append("kept", `${k.sha256}:${k.size}:${k.name}`);
    confirm.append("intent", "confirm");
    const result = (await run(newAction, new Request(`${BASE}/spending/new`, { method: "POST", body: confirm, headers: { Cookie: cookie } }))) as FormResult;
    expect(result.data).toMatchObject({
      stage: "form",
      kept: [],
      errors: [{ fieldId: "receipts", message: "Attach till-receipt.png again: receipts are kept for a day until the spend is logged" }],
    });
    expect(await w.db.select().from(spends).where(eq(spends.holderId, w.holder.id))).toHaveLength(0);
  });

  it("a representative logs a spend with a receipt through check your answers; the holder sees it attributed", async () => {
    const w = await spendingWorld();
    const cookie = await actAs(w);
    expect(statusOf(await run(newLoader, get("/spending/new", cookie)))).toBe(200);
    const checked = (await run(newAction, spendForm(w, {}, [{ name: "receipt.png", bytes: PNG }], cookie))) as FormResult;
    expect(checked.data).toMatchObject({ stage: "check", kept: [{ name: "receipt.png", size: PNG.length }] });
    const confirm = new FormData();
    for (const [k, v] of Object.entries(checked.data.values)) if (k !== "intent") confirm.append(k, v);
    for (const k of checked.data.kept) confirm.append("kept", `${k.sha256}:${k.size}:${k.name}`);
    confirm.append("intent", "confirm");
    const request = () => new Request(`${BASE}/spending/new`, { method: "POST", body: confirm, headers: { Cookie: cookie } });
    const done = await run(newAction, request());
    expect(statusOf(done)).toBe(302);
    // Submitted again (back button, refresh): the same spend, not a second one.
    expect((await run(newAction, request())) as Response).toMatchObject({ status: 302, headers: expect.anything() });
    const rows = await w.db.select().from(spends).where(eq(spends.holderId, w.holder.id));
    expect(rows).toHaveLength(1);
    expect((done as Response).headers.get("Location")).toBe(`/spending/${rows[0].id}/logged`);

    const holderCookie = await cookieFor(w.holderUser.email);
    const list = (await run(listLoader, get("/spending", holderCookie))) as { spends: { attribution: string; receipts: { id: string }[] }[] };
    expect(list.spends[0].attribution).toMatch(/^Logged by Test representative \(your representative\) on \d{1,2} [A-Z][a-z]+$/);
    const receipt = (await run(receiptLoader, get(`/spending/receipts/${list.spends[0].receipts[0].id}`, holderCookie), {
      receiptId: list.spends[0].receipts[0].id,
    })) as Response;
    expect(receipt.status).toBe(200);
    expect(receipt.headers.get("Content-Disposition")).toBe('attachment; filename="receipt.png"');
    expect(receipt.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(new Uint8Array(await receipt.arrayBuffer())).toEqual(PNG);
    // Another holder cannot fetch it.
    const other = await spendingWorld();
    const otherCookie = await cookieFor(other.holderUser.email);
    expect(
      statusOf(await run(receiptLoader, get(`/spending/receipts/${list.spends[0].receipts[0].id}`, otherCookie), { receiptId: list.spends[0].receipts[0].id })),
    ).toBe(404);

    const csv = (await run(csvLoader, get("/spending.csv", holderCookie))) as Response;
    expect(await csv.text()).toContain(
      "02/11/2026,Jane Smith (PA),Four hours of personal care,Personal assistant for personal care,Transfer from the budget account,40.00,Test representative (representative)",
    );
  });

  it("answers every bad input with an error-summary message and writes nothing", async () => {
    const w = await spendingWorld();
    const other = await spendingWorld();
    const cookie = await cookieFor(w.holderUser.email);
    const errorsOf = async (fields: Record<string, string>, files: { name: string; bytes: Uint8Array }[] = []) => {
      const result = (await run(newAction, spendForm(w, fields, files, cookie))) as FormResult & { init?: { status?: number } };
      expect(statusOf(result)).toBe(400);
      return result.data.errors;
    };
    expect(await errorsOf({ amount: "twelve" })).toEqual([{ fieldId: "amount", message: "The amount must be a number of pounds and pence, like 12.50" }]);
    expect(await errorsOf({ spentOn: "2099-01-01" })).toEqual([
      { fieldId: "spentOn-day", message: "Date of the spend must be today or in the past", parts: ["day", "month", "year"] },
    ]);
    expect(await errorsOf({ "spentOn-month": "" })).toEqual([
      { fieldId: "spentOn-month", message: "Date of the spend must include a month", parts: ["month"] },
    ]);
    expect(await errorsOf({ "spentOn-day": "30", "spentOn-month": "2" })).toEqual([
      { fieldId: "spentOn-day", message: "Date of the spend must be a real date", parts: ["day", "month"] },
    ]);
    expect(await errorsOf({ "spentOn-day": "", "spentOn-month": "", "spentOn-year": "" })).toEqual([
      { fieldId: "spentOn-day", message: "Enter date of the spend", parts: ["day", "month", "year"] },
    ]);
    expect(await errorsOf({ spentOn: "2026-03-31" })).toEqual([
      { fieldId: "spentOn-day", message: "The date of the spend must be on or after the plan started (1 April 2026)" },
    ]);
    expect(await errorsOf({ supportLineId: other.pa.id })).toEqual([{ fieldId: "supportLineId", message: "Select a support line from your current plan" }]);
    expect(await errorsOf({}, [{ name: "receipt.pdf", bytes: HTML }])).toEqual([
      { fieldId: "receipts", message: "receipt.pdf must be a PDF, JPG, PNG or HEIC" },
    ]);
    expect(
      await errorsOf(
        {},
        Array.from({ length: 6 }, (_, i) => ({ name: `r${i}.png`, bytes: PNG })),
      ),
    ).toEqual([{ fieldId: "receipts", message: "Select up to 5 receipts: you selected 6" }]);
    const big = new Uint8Array(5 * 1024 * 1024 + 1);
    big.set(PNG);
    expect(await errorsOf({}, [{ name: "big.png", bytes: big }])).toEqual([{ fieldId: "receipts", message: "big.png must be smaller than 5MB" }]);
    expect(await errorsOf({ amount: "", whatFor: "", supportLineId: "", howPaid: "" })).toHaveLength(4);
    expect(await w.db.select().from(spends).where(eq(spends.holderId, w.holder.id))).toHaveLength(0);
  });

  it("is 403 for a representative without the scope, refused at once after revocation, 404 for another commissioner's holder", async () => {
    const viewOnly = await spendingWorld({ scopes: ["view"] });
    const viewCookie = await actAs(viewOnly);
    expect(statusOf(await run(newLoader, get("/spending/new", viewCookie)))).toBe(403);
    expect(statusOf(await run(newAction, spendForm(viewOnly, { intent: "confirm" }, [], viewCookie)))).toBe(403);
    expect(statusOf(await run(listLoader, get("/spending", viewCookie)))).toBe(200);
    // A filter value naming something every object has is dropped like any other bad value, not sent to the database.
    expect(statusOf(await run(listLoader, get("/spending?howPaid=constructor", viewCookie)))).toBe(200);

    const w = await spendingWorld();
    const cookie = await actAs(w);
    expect(statusOf(await run(newLoader, get("/spending/new", cookie)))).toBe(200);
    await w.db.update(representatives).set({ revokedAt: new Date() }).where(eq(representatives.id, w.carer.link.id));
    const after = await run(newAction, spendForm(w, { intent: "confirm" }, [], cookie));
    // The revoked link is gone from their next request: they are asked who they act for, and there is no one.
    expect(statusOf(after)).toBe(302);
    expect((after as Response).headers.get("Location")).toBe("/acting-for");
    expect(statusOf(await run(listLoader, get("/spending", cookie)))).toBe(302);
    expect(statusOf(await run(actingForAction, post("/acting-for", { holderId: w.holder.id }, cookie)))).toBe(404);
    expect(await w.db.select().from(spends).where(eq(spends.holderId, w.holder.id))).toHaveLength(0);

    const mine = await insertCommissioner();
    const coordinator = await insertStaff(mine.id, "coordinator");
    const staffCookie = await cookieFor(coordinator.email);
    expect(statusOf(await run(newLoader, get(`/spending/new?holder=${w.holder.id}`, staffCookie)))).toBe(404);
    const { holder: own } = await insertHolder(mine.id);
    expect(statusOf(await run(listLoader, get(`/spending?holder=${own.id}`, staffCookie)))).toBe(200);
  });
});

describe("/spending/plan", () => {
  it("shows allocated, spent, committed, left and % used per line and per outcome, the same numbers as the ledger", async () => {
    const { logSpend } = await import("~/spending/spends.server");
    const { loader: planLoader } = await import("~/routes/spending.plan");
    const { spendInput } = await import("./spending-fixtures");
    const w = await spendingWorld();
    const today = new Date().toISOString().slice(0, 10);
    expect(await logSpend(w.db, spendInput(w, { amountPence: 30_000, spentOn: "2026-06-01", today }))).toMatchObject({ ok: true });
    const cookie = await cookieFor(w.holderUser.email);
    const page = (await run(planLoader, get("/spending/plan", cookie))) as {
      report: {
        lines: { description: string; allocatedPence: number; spentPence: number; leftPence: number; percentUsed: number; projection: string }[];
        outcomes: { outcome: string; spentPence: number }[];
        scope: { filtered: boolean; covers: string; columns: string[] };
      };
    };
    expect(page.report.lines[0]).toMatchObject({
      description: "Personal assistant for personal care",
      allocatedPence: 120_000,
      spentPence: 30_000,
      leftPence: 90_000,
      percentUsed: 25,
    });
    expect(page.report.lines[0].projection).toMatch(/^At this rate/);
    expect(page.report.outcomes[0]).toMatchObject({ outcome: "Get up and washed at the time I choose", spentPence: 30_000 });
    const narrowed = (await run(planLoader, get("/spending/plan?from=2026-07-01&to=2026-07-31", cookie))) as typeof page;
    expect(narrowed.report.lines[0].spentPence).toBe(0);
    expect(page.report.scope).toMatchObject({ filtered: false, columns: ["Allocated", "Spent", "Committed", "Left", "Used"] });
    // As the filter's date inputs send it: each date in three boxes, read back as the same dates.
    const typed = new URLSearchParams({ ...dateFields("from", "2026-07-01"), ...dateFields("to", "2026-07-31") });
    const byBoxes = (await run(planLoader, get(`/spending/plan?${typed}`, cookie))) as typeof page & { values: Record<string, string> };
    expect(byBoxes.report.lines[0].spentPence).toBe(0);
    expect(byBoxes.values).toMatchObject({ "from-day": "1", "from-month": "7", "from-year": "2026" });
    const noMonth = (await run(planLoader, get("/spending/plan?from-day=1&from-month=&from-year=2026", cookie))) as { data: { errors: unknown[] } };
    expect(statusOf(noMonth)).toBe(400);
    expect(noMonth.data.errors).toEqual([{ fieldId: "from-month", message: "From must include a month", parts: ["month"] }]);
  });

  it("says what dates within the year cover, gives the year's allocation as the year's, and no left, % used or projection for them", async () => {
    const { logSpend } = await import("~/spending/spends.server");
    const { loader: planLoader } = await import("~/routes/spending.plan");
    const { spendInput } = await import("./spending-fixtures");
    const w = await spendingWorld();
    const today = new Date().toISOString().slice(0, 10);
    expect(await logSpend(w.db, spendInput(w, { amountPence: 30_000, spentOn: "2026-06-10", today }))).toMatchObject({ ok: true });
    const june = (await run(planLoader, get("/spending/plan?from=2026-06-01&to=2026-06-30", await cookieFor(w.holderUser.email)))) as {
      report: {
        scope: { filtered: boolean; covers: string; columns: string[] };
        lines: { allocatedPence: number; spentPence: number; projection: string | null }[];
      };
    };
    expect(june.report.scope).toEqual({
      filtered: true,
      covers: "from 1 June 2026 to 30 June 2026",
      columns: ["Allocated for the plan year", "Spent from 1 June 2026 to 30 June 2026", "Committed from 1 June 2026 to 30 June 2026"],
    });
    expect(june.report.lines[0]).toMatchObject({ allocatedPence: 120_000, spentPence: 30_000, projection: null });
    expect(june.report.lines.every((l) => l.projection === null)).toBe(true);
  });

  it("counts a line serving two outcomes in full under each, and the budget once, from the lines, as the plan costs it", async () => {
    const { logSpend } = await import("~/spending/spends.server");
    const { loader: planLoader } = await import("~/routes/spending.plan");
    const { spendInput } = await import("./spending-fixtures");
    const w = await spendingWorld();
    // The personal assistant helps with both outcomes; the plan states no share of it for either.
    await w.db
      .update(planSupportLines)
      .set({ outcomePositions: [1, 2] })
      .where(eq(planSupportLines.id, w.pa.id));
    const today = new Date().toISOString().slice(0, 10);
    expect(await logSpend(w.db, spendInput(w, { amountPence: 30_000, spentOn: "2026-06-01", today }))).toMatchObject({ ok: true });
    const page = (await run(planLoader, get("/spending/plan", await cookieFor(w.holderUser.email)))) as {
      report: {
        lines: { allocatedPence: number }[];
        outcomes: { outcome: string; allocatedPence: number; spentPence: number; lineCount: number; sharedLineCount: number }[];
        budget: { allocatedPence: number; spentPence: number };
        outcomesOverlap: boolean;
      };
    };
    expect(page.report.outcomes).toMatchObject([
      { outcome: "Get up and washed at the time I choose", allocatedPence: 240_000, spentPence: 30_000, lineCount: 2, sharedLineCount: 1 },
      { outcome: "Get out to the allotment every week", allocatedPence: 150_000, spentPence: 30_000, lineCount: 2, sharedLineCount: 1 },
    ]);
    expect(page.report.outcomesOverlap).toBe(true);
    expect(page.report.budget).toMatchObject({ allocatedPence: 270_000, spentPence: 30_000 });
    expect(page.report.budget.allocatedPence).toBe(page.report.lines.reduce((t, l) => t + l.allocatedPence, 0));
    expect(page.report.budget.allocatedPence).toBe(w.version.finalPence);
  });
});

describe("/spending/:id/change", () => {
  it("reverses and reposts with a reason, keeping the receipts; no reason is an error and nothing changes", async () => {
    const { logSpend } = await import("~/spending/spends.server");
    const { checkReceipts } = await import("~/spending/receipts");
    const { action: changeAction, loader: changeLoader } = await import("~/routes/spending.$spendId.change");
    const { spendInput } = await import("./spending-fixtures");
    const w = await spendingWorld();
    const today = new Date().toISOString().slice(0, 10);
    const checked = checkReceipts([{ name: "r.png", bytes: PNG }]);
    if (!checked.ok) throw new Error("receipt");
    const first = await logSpend(w.db, spendInput(w, { amountPence: 6_000, today, receipts: checked.receipts }));
    if (!first.ok) throw new Error(first.message);
    const cookie = await cookieFor(w.holderUser.email);
    const shown = (await run(changeLoader, get(`/spending/${first.spend.id}/change`, cookie), { spendId: first.spend.id })) as {
      values: Record<string, string>;
      formToken: string;
    };
    expect(shown.values).toMatchObject({ amount: "60.00", spentOn: "2026-11-02" });
    // As the browser posts it: the date in its three boxes.
    const { spentOn, ...shownRest } = shown.values;
    const fields = { ...shownRest, ...dateFields("spentOn", spentOn), formToken: shown.formToken, amount: "55.00" };
    const missing = (await run(changeAction, post(`/spending/${first.spend.id}/change`, fields, cookie), { spendId: first.spend.id })) as {
      data: { errors: { fieldId: string }[] };
    };
    expect(statusOf(missing)).toBe(400);
    expect(missing.data.errors).toEqual([{ fieldId: "reason", message: "Enter why you are changing this spend" }]);
    const changed = await run(changeAction, post(`/spending/${first.spend.id}/change`, { ...fields, reason: "The receipt says £55" }, cookie), {
      spendId: first.spend.id,
    });
    expect(statusOf(changed)).toBe(302);
    const rows = await w.db.select().from(spends).where(eq(spends.holderId, w.holder.id));
    const replaced = rows.find((r) => r.id === first.spend.id)!;
    const now = rows.find((r) => r.id !== first.spend.id)!;
    expect(replaced).toMatchObject({ reversalReason: "The receipt says £55", replacedBySpendId: now.id });
    expect(now).toMatchObject({ amountPence: 5_500, replacesSpendId: first.spend.id, flaggedForFinance: false });
    const list = (await run(listLoader, get("/spending", cookie))) as { spends: { id: string; receipts: unknown[] }[] };
    expect(list.spends.find((s) => s.id === now.id)!.receipts).toHaveLength(1);
    // The replaced spend cannot be changed again.
    expect(statusOf(await run(changeLoader, get(`/spending/${first.spend.id}/change`, cookie), { spendId: first.spend.id }))).toBe(404);
  });
});

describe("/spending/:id/change of an invoice the NHS paid", () => {
  it("refuses the holder's and a representative's POST with a 403; the spend and the ledger are unchanged; staff can still change it", async () => {
    const { logSpend } = await import("~/spending/spends.server");
    const { action: changeAction } = await import("~/routes/spending.$spendId.change");
    const { actorOf, spendInput } = await import("./spending-fixtures");
    const w = await spendingWorld();
    const today = new Date().toISOString().slice(0, 10);
    const invoice = await logSpend(
      w.db,
      spendInput(w, {
        actor: actorOf(w.coordinator),
        supportLineId: w.nursing.id,
        amountPence: 24_000,
        newPayeeName: "Community nursing team",
        whatFor: "Nursing visits, November invoice",
        howPaid: "invoice",
        today,
      }),
    );
    if (!invoice.ok) throw new Error(invoice.message);
    const spendId = invoice.spend.id;
    const ledger = async () => ({
      spends: await w.db.select().from(spends).where(eq(spends.holderId, w.holder.id)),
      entries: await w.db.select().from(journalEntries).where(eq(journalEntries.onBehalfOfHolderId, w.holder.id)),
    });
    const before = await ledger();
    // Moved onto a line the holder pays for, the NHS's money would come back to the notional line.
    const fields = {
      formToken: crypto.randomUUID(),
      spentOn: "2026-11-02",
      newPayeeName: "Community nursing team",
      amount: "1.00",
      whatFor: "Nursing visits",
      supportLineId: w.pa.id,
      howPaid: "account-transfer",
      reason: "Not right",
    };
    const holderCookie = await cookieFor(w.holderUser.email);
    const byHolder = await run(changeAction, post(`/spending/${spendId}/change`, fields, holderCookie), { spendId });
    expect(statusOf(byHolder)).toBe(403);
    expect(await (byHolder as Response).text()).toBe("Only your personal health budget team can change an invoice the NHS paid: contact them if it is wrong");
    const carerCookie = await actAs(w);
    const byCarer = await run(changeAction, post(`/spending/${spendId}/change`, { ...fields, formToken: crypto.randomUUID() }, carerCookie), { spendId });
    expect(statusOf(byCarer)).toBe(403);
    expect(await ledger()).toEqual(before);

    const staffCookie = await cookieFor(w.coordinator.email);
    const byStaff = await run(
      changeAction,
      post(
        `/spending/${spendId}/change?holder=${w.holder.id}`,
        { ...fields, formToken: crypto.randomUUID(), supportLineId: w.nursing.id, howPaid: "invoice" },
        staffCookie,
      ),
      { spendId },
    );
    expect(statusOf(byStaff)).toBe(302);
  });
});

describe("upload fuzzing", () => {
  it("never crashes on any bytes, names or form values: a 400 with messages and nothing written", async () => {
    const fc = (await import("fast-check")).default;
    const w = await spendingWorld();
    const cookie = await cookieFor(w.holderUser.email);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ name: fc.string({ maxLength: 40 }), bytes: fc.uint8Array({ maxLength: 256 }) }), { maxLength: 7 }),
        fc.string({ maxLength: 20 }),
        fc.string({ maxLength: 12 }),
        fc.constantFrom("check", "confirm", "change", "other"),
        async (files, amount, spentOn, intent) => {
          const result = await run(newAction, spendForm(w, { amount, spentOn, intent, supportLineId: "x" }, files, cookie));
          expect([200, 400]).toContain(statusOf(result));
        },
      ),
      { numRuns: 40 },
    );
    expect(await w.db.select().from(spends).where(eq(spends.holderId, w.holder.id))).toHaveLength(0);
  });
});
