import { and, eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog } from "#db/schema";
import { action as rulesAction, loader as rulesLoader } from "~/routes/staff.spending-rules";
import { loader as flaggedLoader } from "~/routes/staff.flagged-spends";
import { editSpend, loadSpendForm, logSpend } from "~/spending/spends.server";
import { listRestrictedCategories } from "~/spending/settings.server";
import { cookieFor, get, post, run, statusOf } from "../factories/requests";
import { spendInput, spendingWorld } from "./spending-fixtures";

describe("/staff/spending-rules", () => {
  it("finance sets the no-receipt amount and changes a restricted category; both apply to the next spend; others get 403", async () => {
    const w = await spendingWorld();
    const cookie = await cookieFor(w.finance.email);
    const page = (await run(rulesLoader, get("/staff/spending-rules", cookie))) as {
      noReceiptThresholdPence: number;
      categories: { id: string; key: string }[];
    };
    expect(page.noReceiptThresholdPence).toBe(5_000);
    expect(page.categories).toHaveLength(9);
    const bad = (await run(rulesAction, post("/staff/spending-rules", { intent: "threshold", threshold: "lots" }, cookie))) as {
      data: { errors: { fieldId: string }[] };
    };
    expect(bad.data.errors).toEqual([{ fieldId: "threshold", message: "The amount must be a number of pounds and pence, like 12.50" }]);
    expect(statusOf(await run(rulesAction, post("/staff/spending-rules", { intent: "threshold", threshold: "100.00" }, cookie)))).toBe(302);
    expect(await logSpend(w.db, spendInput(w, { amountPence: 9_000 }))).toMatchObject({ ok: true, spend: { flaggedForFinance: false } });

    const gambling = page.categories.find((c) => c.key === "gambling")!;
    expect(
      statusOf(
        await run(
          rulesAction,
          post(
            "/staff/spending-rules",
            { intent: "category", categoryId: gambling.id, rule: "refused", reason: "No bets.", whatToDoInstead: "Talk to us." },
            cookie,
          ),
        ),
      ),
    ).toBe(302);
    expect(await logSpend(w.db, spendInput(w, { restrictedCategoryId: gambling.id }))).toMatchObject({ ok: false, message: "No bets. Talk to us." });

    const coordinatorCookie = await cookieFor(w.coordinator.email);
    expect(statusOf(await run(rulesLoader, get("/staff/spending-rules", coordinatorCookie)))).toBe(403);
    const holderCookie = await cookieFor(w.holderUser.email);
    expect(statusOf(await run(rulesAction, post("/staff/spending-rules", { intent: "threshold", threshold: "1.00" }, holderCookie)))).toBe(403);
  });
});

describe("finance maintains the list of restricted categories", () => {
  type Page = { categories: { id: string; key: string; name: string }[]; retired: { id: string; name: string }[] };
  type Failed = { data: { errors: { fieldId: string; message: string }[] } };

  it("adds one, which the next spend is refused by; stops using one, which is no longer offered; and uses it again", async () => {
    const w = await spendingWorld();
    const cookie = await cookieFor(w.finance.email);
    const page = () => run(rulesLoader, get("/staff/spending-rules", cookie)) as Promise<Page>;
    const add = (form: Record<string, string>) => run(rulesAction, post("/staff/spending-rules", { intent: "add", ...form }, cookie));
    const fireworks = { name: "Fireworks", rule: "refused", reason: "A budget cannot buy fireworks.", whatToDoInstead: "Pay for them yourself." };

    expect(((await add({ name: "", rule: "", reason: "", whatToDoInstead: "" })) as Failed).data.errors.map((e) => e.fieldId)).toEqual([
      "name",
      "rule-new",
      "reason-new",
      "instead-new",
    ]);
    expect(statusOf(await add(fireworks))).toBe(302);
    expect(((await add({ ...fireworks, name: "fireworks" })) as Failed).data.errors).toEqual([
      { fieldId: "name", message: "There is already a category called Fireworks" },
    ]);
    const added = (await page()).categories.at(-1)!;
    expect(added).toMatchObject({ key: "fireworks", name: "Fireworks" });
    expect(await logSpend(w.db, spendInput(w, { restrictedCategoryId: added.id }))).toMatchObject({
      ok: false,
      message: "A budget cannot buy fireworks. Pay for them yourself.",
    });

    const retire = (id: string, intent = "retire") => run(rulesAction, post("/staff/spending-rules", { intent, categoryId: id }, cookie));
    expect(statusOf(await retire(added.id))).toBe(302);
    const after = await page();
    expect(after.categories.map((c) => c.key)).not.toContain("fireworks");
    expect(after.retired).toEqual([expect.objectContaining({ id: added.id, name: "Fireworks" })]);
    const form = await loadSpendForm(w.db, { holderId: w.holder.id, commissionerId: w.commissioner.id, staff: false });
    expect(form.categories.map((c) => c.id)).not.toContain(added.id);
    expect(await logSpend(w.db, spendInput(w, { restrictedCategoryId: added.id }))).toMatchObject({
      ok: false,
      field: "restrictedCategoryId",
      message: "Select one of the listed options",
    });
    expect(((await retire(added.id)) as Failed).data.errors).toEqual([{ fieldId: "categories", message: "There is no such category" }]);

    expect(statusOf(await retire(added.id, "restore"))).toBe(302);
    expect((await page()).categories.map((c) => c.key)).toContain("fireworks");
    const audit = await w.db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(
        and(
          eq(auditLog.entityId, added.id),
          inArray(auditLog.action, ["spending.restricted-category-added", "spending.restricted-category-retired", "spending.restricted-category-restored"]),
        ),
      );
    expect(audit.map((a) => a.action).sort()).toEqual([
      "spending.restricted-category-added",
      "spending.restricted-category-restored",
      "spending.restricted-category-retired",
    ]);
  });

  it("retiring every category leaves none offered, rather than starting the list again", async () => {
    const w = await spendingWorld();
    const cookie = await cookieFor(w.finance.email);
    const { categories } = (await run(rulesLoader, get("/staff/spending-rules", cookie))) as Page;
    for (const c of categories)
      expect(statusOf(await run(rulesAction, post("/staff/spending-rules", { intent: "retire", categoryId: c.id }, cookie)))).toBe(302);
    expect(((await run(rulesLoader, get("/staff/spending-rules", cookie))) as Page).categories).toEqual([]);
  });
});

describe("overspend rule per budget", () => {
  it("finance switches a budget from warn to block on the spend-vs-plan page; a coordinator cannot", async () => {
    const { action: planAction, loader: planLoader } = await import("~/routes/spending.plan");
    const w = await spendingWorld();
    const cookie = await cookieFor(w.finance.email);
    const page = (await run(planLoader, get(`/spending/plan?holder=${w.holder.id}`, cookie))) as { overspendRule: string };
    expect(page.overspendRule).toBe("warn");
    expect(statusOf(await run(planAction, post(`/spending/plan?holder=${w.holder.id}`, { rule: "block" }, cookie)))).toBe(302);
    expect(await logSpend(w.db, spendInput(w, { supportLineId: w.activities.id, amountPence: 30_001 }))).toMatchObject({ ok: false, field: "amount" });
    const coordinatorCookie = await cookieFor(w.coordinator.email);
    expect(statusOf(await run(planAction, post(`/spending/plan?holder=${w.holder.id}`, { rule: "warn" }, coordinatorCookie)))).toBe(403);
  });
});

describe("/staff/flagged-spends", () => {
  it("lists the commissioner's spends finance should check, newest first, and no one else's", async () => {
    const w = await spendingWorld();
    const family = (await listRestrictedCategories(w.db, w.commissioner.id)).find((c) => c.key === "family-member-same-household")!;
    const log = async (over: Parameters<typeof spendInput>[1]) => {
      const result = await logSpend(w.db, spendInput(w, over));
      if (!result.ok) throw new Error(result.message);
      return result.spend;
    };
    await log({ amountPence: 1_000, spentOn: "2026-11-01" });
    const noReceipt = await log({ amountPence: 6_000, spentOn: "2026-11-02", whatFor: "Garden centre" });
    await log({ amountPence: 2_000, spentOn: "2026-11-03", restrictedCategoryId: family.id, whatFor: "Paid my sister" });
    await log({ supportLineId: w.activities.id, amountPence: 31_000, spentOn: "2026-11-04", whatFor: "Allotment year" });
    // Corrected to under £50: the spend it replaces no longer counts, and neither does the correction.
    await editSpend(w.db, {
      ...spendInput(w, { amountPence: 4_000, spentOn: "2026-11-02", whatFor: "Garden centre" }),
      spendId: noReceipt.id,
      reason: "Typed 60 for 40",
    });
    await log({ amountPence: 7_000, spentOn: "2026-11-05", whatFor: "Chair raiser" });
    const other = await spendingWorld();
    expect((await logSpend(other.db, spendInput(other, { amountPence: 9_000 }))).ok).toBe(true);

    const page = (await run(flaggedLoader, get("/staff/flagged-spends", await cookieFor(w.finance.email)))) as {
      total: number;
      spends: { whatFor: string; flagReason: string | null; overspendWarning: boolean }[];
    };
    expect(page.total).toBe(3);
    expect(page.spends.map((s) => [s.whatFor, s.flagReason, s.overspendWarning])).toEqual([
      ["Chair raiser", "No receipt for a spend over £50.00", false],
      ["Allotment year", "No receipt for a spend over £50.00", true],
      ["Paid my sister", "Needs agreement: Paying a close family member who lives with you", false],
    ]);
    expect(statusOf(await run(flaggedLoader, get("/staff/flagged-spends", await cookieFor(w.holderUser.email))))).toBe(403);
  });
});
