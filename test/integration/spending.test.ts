import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, journalEntries, postings, restrictedSpendingCategories, spendReceipts, spends } from "#db/schema";
import { checkReceipts } from "~/spending/receipts";
import { editSpend, logSpend } from "~/spending/spends.server";
import { listRestrictedCategories, setNoReceiptThreshold, setOverspendRule } from "~/spending/settings.server";
import { loadReceipt } from "~/spending/receipt-files.server";
import { actorOf, spendInput, spendingWorld } from "./spending-fixtures";

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
const HTML = new TextEncoder().encode("<!doctype html><html><body><script>alert(1)</script></body></html>");

describe("logSpend", () => {
  it("posts exactly one ledger entry under a double submit, a refresh and two submits at once", async () => {
    const w = await spendingWorld();
    const input = spendInput(w);
    const first = await logSpend(w.db, input);
    const again = await logSpend(w.db, input);
    expect(first).toMatchObject({ ok: true, replayed: false });
    expect(again).toMatchObject({ ok: true, replayed: true });
    const both = await Promise.all([logSpend(w.db, { ...input, formToken: "same-twice" }), logSpend(w.db, { ...input, formToken: "same-twice" })]);
    expect(both.every((r) => r.ok)).toBe(true);
    const rows = await w.db.select().from(spends).where(eq(spends.holderId, w.holder.id));
    expect(rows).toHaveLength(2);
    const entries = await w.db
      .select()
      .from(journalEntries)
      .where(and(eq(journalEntries.onBehalfOfHolderId, w.holder.id), eq(journalEntries.kind, "spend")));
    expect(entries).toHaveLength(2);
    const legs = await w.db.select().from(postings).where(eq(postings.entryId, rows[0].journalEntryId));
    expect(legs.map((l) => l.amountPence).sort((a, b) => a - b)).toEqual([-4_000, 4_000]);
    expect(legs.find((l) => l.amountPence < 0)?.accountId).toBe(w.dp.id);
  });

  it("refuses a restricted category with the reason and what to do instead, and writes nothing", async () => {
    const w = await spendingWorld();
    const categories = await listRestrictedCategories(w.db, w.commissioner.id);
    const alcohol = categories.find((c) => c.key === "alcohol")!;
    const result = await logSpend(w.db, spendInput(w, { restrictedCategoryId: alcohol.id }));
    expect(result).toMatchObject({ ok: false, field: "restrictedCategoryId", message: expect.stringContaining("cannot be spent on alcohol") });
    expect(await w.db.select().from(spends).where(eq(spends.holderId, w.holder.id))).toHaveLength(0);
    // The list comes from the table: the commissioner can change the reason.
    await w.db.update(restrictedSpendingCategories).set({ reason: "Not alcohol, please." }).where(eq(restrictedSpendingCategories.id, alcohol.id));
    expect(await logSpend(w.db, spendInput(w, { restrictedCategoryId: alcohol.id }))).toMatchObject({
      ok: false,
      message: expect.stringContaining("Not alcohol, please."),
    });
  });

  it("records paying a family member in the same household as needing agreement, flagged for finance", async () => {
    const w = await spendingWorld();
    const family = (await listRestrictedCategories(w.db, w.commissioner.id)).find((c) => c.rule === "needs-agreement")!;
    const result = await logSpend(
      w.db,
      spendInput(w, { restrictedCategoryId: family.id, amountPence: 2_000, receipts: checkOk([{ name: "r.png", bytes: PNG }]) }),
    );
    expect(result).toMatchObject({
      ok: true,
      spend: { needsAgreement: true, flaggedForFinance: true, flagReason: expect.stringContaining("Needs agreement") },
    });
  });

  it("warns on a spend above what is left on the line, and blocks it when the budget's rule is block", async () => {
    const w = await spendingWorld();
    // £300 a year on activities: £250 logged, then £100 more is £50 over.
    expect(await logSpend(w.db, spendInput(w, { supportLineId: w.activities.id, amountPence: 25_000 }))).toMatchObject({ ok: true, warnings: [] });
    const warned = await logSpend(w.db, spendInput(w, { supportLineId: w.activities.id, amountPence: 10_000 }));
    expect(warned).toMatchObject({ ok: true, spend: { overspendWarning: true }, warnings: [expect.stringContaining("more than is left")] });
    await setOverspendRule(w.db, { actor: actorOf(w.finance), holderId: w.holder.id, commissionerId: w.commissioner.id, rule: "block" });
    const blocked = await logSpend(w.db, spendInput(w, { supportLineId: w.activities.id, amountPence: 100 }));
    expect(blocked).toMatchObject({ ok: false, field: "amount", message: expect.stringContaining("£0.00 left") });
  });

  it("is refused by the ledger above the direct-payment balance, with nothing written", async () => {
    const w = await spendingWorld({ fundedPence: 3_000 });
    const result = await logSpend(w.db, spendInput(w, { amountPence: 4_000 }));
    expect(result).toMatchObject({ ok: false, field: "amount", message: "not enough money in the account: £30.00 available" });
    expect(await w.db.select().from(spends).where(eq(spends.holderId, w.holder.id))).toHaveLength(0);
  });

  it("refuses a date in the future or before the plan, a line from another plan and a notional line", async () => {
    const w = await spendingWorld();
    const other = await spendingWorld();
    expect(await logSpend(w.db, spendInput(w, { spentOn: "2026-11-24" }))).toMatchObject({ ok: false, field: "spentOn" });
    expect(await logSpend(w.db, spendInput(w, { spentOn: "2026-03-31" }))).toMatchObject({
      ok: false,
      field: "spentOn",
      message: expect.stringContaining("1 April 2026"),
    });
    expect(await logSpend(w.db, spendInput(w, { supportLineId: other.pa.id }))).toMatchObject({ ok: false, field: "supportLineId" });
    expect(await logSpend(w.db, spendInput(w, { supportLineId: w.nursing.id }))).toMatchObject({ ok: false, field: "supportLineId" });
    expect(await w.db.select().from(spends).where(eq(spends.holderId, w.holder.id))).toHaveLength(0);
  });

  it("flags a spend over the commissioner's no-receipt amount without a receipt for finance", async () => {
    const w = await spendingWorld();
    expect(await logSpend(w.db, spendInput(w, { amountPence: 5_000 }))).toMatchObject({ ok: true, spend: { flaggedForFinance: false } });
    expect(await logSpend(w.db, spendInput(w, { amountPence: 5_001 }))).toMatchObject({
      ok: true,
      spend: { flaggedForFinance: true, flagReason: "No receipt for a spend over £50.00" },
    });
    await setNoReceiptThreshold(w.db, { actor: actorOf(w.finance), commissionerId: w.commissioner.id, pence: 10_000 });
    expect(await logSpend(w.db, spendInput(w, { amountPence: 5_001 }))).toMatchObject({ ok: true, spend: { flaggedForFinance: false } });
  });

  it("stores receipts by content and refuses a .pdf that is really an HTML page", async () => {
    const w = await spendingWorld();
    expect(checkReceipts([{ name: "receipt.pdf", bytes: HTML }])).toEqual({ ok: false, messages: ["receipt.pdf must be a PDF, JPG, PNG or HEIC"] });
    const result = await logSpend(w.db, spendInput(w, { receipts: checkOk([{ name: "till receipt.png", bytes: PNG }]) }));
    if (!result.ok) throw new Error(result.message);
    const [receipt] = await w.db.select().from(spendReceipts).where(eq(spendReceipts.spendId, result.spend.id));
    expect(receipt).toMatchObject({ fileName: "till-receipt.png", contentType: "image/png", sizeBytes: PNG.length });
    const stored = await loadReceipt(w.db, { holderId: w.holder.id, receiptId: receipt.id });
    expect([...stored!.content]).toEqual([...PNG]);
    const other = await spendingWorld();
    expect(await loadReceipt(w.db, { holderId: other.holder.id, receiptId: receipt.id })).toBeNull();
  });

  it("records a representative's spend on behalf of the holder on the spend, the ledger entry and the audit row", async () => {
    const w = await spendingWorld();
    const result = await logSpend(w.db, spendInput(w, { actor: actorOf(w.carer.user, w.holder.id) }));
    if (!result.ok) throw new Error(result.message);
    expect(result.spend).toMatchObject({ loggedBy: w.carer.user.id, onBehalfOfHolderId: w.holder.id });
    const [entry] = await w.db.select().from(journalEntries).where(eq(journalEntries.id, result.spend.journalEntryId));
    expect(entry).toMatchObject({ actorUserId: w.carer.user.id, onBehalfOfHolderId: w.holder.id, sourceType: "spend", sourceId: result.spend.id });
    const [audit] = await w.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, "spend"), eq(auditLog.entityId, result.spend.id)));
    expect(audit).toMatchObject({ actorUserId: w.carer.user.id, onBehalfOfHolderId: w.holder.id, action: "spending.logged" });
  });
});

describe("editSpend", () => {
  it("reverses the entry with the reason and logs the spend again, pointing back", async () => {
    const w = await spendingWorld();
    const first = await logSpend(w.db, spendInput(w, { amountPence: 4_000 }));
    if (!first.ok) throw new Error(first.message);
    const edited = await editSpend(w.db, { ...spendInput(w, { amountPence: 3_500 }), spendId: first.spend.id, reason: "Typed the wrong amount" });
    if (!edited.ok) throw new Error(edited.message);
    expect(edited.spend).toMatchObject({ amountPence: 3_500, replacesSpendId: first.spend.id });
    const [old] = await w.db.select().from(spends).where(eq(spends.id, first.spend.id));
    expect(old).toMatchObject({ replacedBySpendId: edited.spend.id, reversalReason: "Typed the wrong amount" });
    const [reversal] = await w.db.select().from(journalEntries).where(eq(journalEntries.reversesEntryId, first.spend.journalEntryId));
    expect(reversal).toMatchObject({ kind: "reversal", reason: "Typed the wrong amount" });
    expect(await editSpend(w.db, { ...spendInput(w), spendId: first.spend.id, reason: "Again" })).toMatchObject({
      ok: false,
      message: expect.stringContaining("already been changed"),
    });
    expect(await editSpend(w.db, { ...spendInput(w), spendId: edited.spend.id, reason: " " })).toMatchObject({ ok: false });
  });
});

function checkOk(files: Parameters<typeof checkReceipts>[0]) {
  const result = checkReceipts(files);
  if (!result.ok) throw new Error(result.messages.join("; "));
  return result.receipts;
}

describe("notional lines", () => {
  it("staff log an invoice against a notional line; it shows as spent, and the holder's side can neither log against it nor change it", async () => {
    const { loadSpendVsPlan } = await import("~/spending/report.server");
    const w = await spendingWorld();
    const invoice = spendInput(w, {
      actor: actorOf(w.coordinator),
      supportLineId: w.nursing.id,
      amountPence: 24_000,
      newPayeeName: "Community nursing team",
      whatFor: "Nursing visits, November invoice",
      howPaid: "invoice",
    });
    expect(await logSpend(w.db, { ...invoice, howPaid: "account-transfer" })).toMatchObject({
      ok: false,
      field: "howPaid",
      message: "This line is arranged by the NHS: select Invoice paid by the NHS",
    });
    const logged = await logSpend(w.db, invoice);
    if (!logged.ok) throw new Error(logged.message);
    // Nor can the holder's side change or undo the invoice: that would hand the NHS's spending back.
    for (const actor of [actorOf(w.holderUser), actorOf(w.carer.user, w.holder.id)]) {
      expect(await editSpend(w.db, { ...spendInput(w, { actor }), spendId: logged.spend.id, reason: "Not mine" })).toMatchObject({
        ok: false,
        forbidden: true,
        message: "Only your personal health budget team can change an invoice the NHS paid: contact them if it is wrong",
      });
    }
    expect(await w.db.select().from(spends).where(eq(spends.id, logged.spend.id))).toMatchObject([{ reversedAt: null, reversalEntryId: null }]);
    expect(await logSpend(w.db, spendInput(w, { supportLineId: w.nursing.id, howPaid: "invoice" }))).toMatchObject({ ok: false, field: "supportLineId" });
    expect(await logSpend(w.db, spendInput(w, { howPaid: "invoice" }))).toMatchObject({ ok: false, field: "howPaid" });
    const report = await loadSpendVsPlan(w.db, { holderId: w.holder.id, today: "2026-11-23" });
    expect(report!.lines.find((l) => l.lineKey === w.nursing.lineKey)).toMatchObject({
      spentPence: 24_000,
      committedPence: 0,
      leftPence: 96_000,
      percentUsed: 20,
    });
    expect(report!.outcomes[0]).toMatchObject({ spentPence: 24_000 });
  });
});
