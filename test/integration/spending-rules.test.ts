import { describe, expect, it } from "vitest";
import { action as rulesAction, loader as rulesLoader } from "~/routes/staff.spending-rules";
import { logSpend } from "~/spending/spending.server";
import { cookieFor, get, post, run, statusOf } from "../factories/requests";
import { spendInput, spendingWorld } from "./spending-fixtures";

describe("/staff/spending-rules", () => {
  it("finance sets the no-receipt amount and changes a restricted category; both apply to the next spend; others get 403", async () => {
    const w = await spendingWorld();
    const cookie = await cookieFor(w.finance.email);
    const page = (await run(rulesLoader, get("/staff/spending-rules", cookie))) as { noReceiptThresholdPence: number; categories: { id: string; key: string }[] };
    expect(page.noReceiptThresholdPence).toBe(5_000);
    expect(page.categories).toHaveLength(9);
    const bad = (await run(rulesAction, post("/staff/spending-rules", { intent: "threshold", threshold: "lots" }, cookie))) as { data: { errors: { fieldId: string }[] } };
    expect(bad.data.errors).toEqual([{ fieldId: "threshold", message: "The amount must be a number of pounds and pence, like 12.50" }]);
    expect(statusOf(await run(rulesAction, post("/staff/spending-rules", { intent: "threshold", threshold: "100.00" }, cookie)))).toBe(302);
    expect(await logSpend(w.db, spendInput(w, { amountPence: 9_000 }))).toMatchObject({ ok: true, spend: { flaggedForFinance: false } });

    const gambling = page.categories.find((c) => c.key === "gambling")!;
    expect(statusOf(await run(rulesAction, post("/staff/spending-rules", { intent: "category", categoryId: gambling.id, rule: "refused", reason: "No bets.", whatToDoInstead: "Talk to us." }, cookie)))).toBe(302);
    expect(await logSpend(w.db, spendInput(w, { restrictedCategoryId: gambling.id }))).toMatchObject({ ok: false, message: "No bets. Talk to us." });

    const coordinatorCookie = await cookieFor(w.coordinator.email);
    expect(statusOf(await run(rulesLoader, get("/staff/spending-rules", coordinatorCookie)))).toBe(403);
    const holderCookie = await cookieFor(w.holderUser.email);
    expect(statusOf(await run(rulesAction, post("/staff/spending-rules", { intent: "threshold", threshold: "1.00" }, holderCookie)))).toBe(403);
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
