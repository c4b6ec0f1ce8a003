import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, directPaymentDecisions, plans, representatives, spendingSettings } from "#db/schema";
import { action as repsAction, loader as repsLoader } from "~/routes/representatives";
import { action as periodsAction, loader as periodsLoader } from "~/routes/staff.spending-periods";
import { action as rulesAction, loader as rulesLoader } from "~/routes/staff.spending-rules";
import { action as instalmentsAction, loader as instalmentsLoader } from "~/routes/staff.instalments";
import { action as planAction, loader as planLoader } from "~/routes/staff.holders.$holderId.plan";
import { cookieFor, dateFields, get, post, run, statusOf } from "../factories/requests";
import { approveVersion, planContent, planWorld } from "./plan-fixtures";
import { spendingWorld } from "./spending-fixtures";

/*
 * Each action that cannot be undone answers its first press with a check page and changes nothing; only the press
 * on the check page (confirm=yes) changes it, audited, and ends on a page with a success banner.
 */

const auditOf = (db: Awaited<ReturnType<typeof planWorld>>["db"], commissionerId: string, action: string) =>
  db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.commissionerId, commissionerId), eq(auditLog.action, action)));

const locationOf = (result: unknown) => (result as Response).headers.get("Location");

describe("confirming what cannot be undone", () => {
  it("closing a spending period: the first press shows the check page; only the confirmed one closes it", async () => {
    const w = await spendingWorld();
    const cookie = await cookieFor(w.finance.email);
    const { closableMonths } = (await run(periodsLoader, get("/staff/spending-periods", cookie))) as { closableMonths: { month: string; lastDay: string }[] };
    const month = closableMonths[0];

    const check = await run(periodsAction, post("/staff/spending-periods", { month: month.month }, cookie));
    expect(statusOf(check)).toBe(200);
    expect(check).toMatchObject({ check: { month: month.month, lastDay: month.lastDay } });
    expect(await w.db.select().from(spendingSettings).where(eq(spendingSettings.commissionerId, w.commissioner.id))).toEqual([]);
    expect(await auditOf(w.db, w.commissioner.id, "spending.period-closed")).toEqual([]);
    // A month that cannot be closed is refused before any check page.
    expect(statusOf(await run(periodsAction, post("/staff/spending-periods", { month: "2099-01" }, cookie)))).toBe(400);

    const closed = await run(periodsAction, post("/staff/spending-periods", { month: month.month, confirm: "yes" }, cookie));
    expect(statusOf(closed)).toBe(302);
    expect(locationOf(closed)).toBe("/staff/spending-periods?done=closed");
    const [settings] = await w.db.select().from(spendingSettings).where(eq(spendingSettings.commissionerId, w.commissioner.id));
    expect(settings.closedThrough).toBe(month.lastDay);
    expect(await auditOf(w.db, w.commissioner.id, "spending.period-closed")).toHaveLength(1);
    const page = await run(periodsLoader, get("/staff/spending-periods?done=closed", cookie));
    expect(page).toMatchObject({ justClosed: true, closedThrough: month.lastDay });
  });

  it("stopping a direct payment: nothing is recorded until the coordinator confirms it", async () => {
    const w = await planWorld();
    const path = `/staff/holders/${w.holder.id}/plan`;
    const params = { holderId: w.holder.id };
    const cookie = await cookieFor(w.coordinator.email);
    const stop = { intent: "refuse-direct-payment", kind: "stopped", reason: "Not spent on the plan", ...dateFields("effectiveOn", "2099-02-01") };

    const check = await run(planAction, post(path, stop, cookie), params);
    expect(statusOf(check)).toBe(200);
    expect(check).toMatchObject({ check: { kind: "stopped", reason: "Not spent on the plan", effectiveOn: "2099-02-01", fields: stop } });
    expect(await w.db.select().from(directPaymentDecisions).where(eq(directPaymentDecisions.holderId, w.holder.id))).toEqual([]);
    expect(await auditOf(w.db, w.commissioner.id, "direct-payment.stopped")).toEqual([]);

    const stopped = await run(planAction, post(path, { ...stop, confirm: "yes" }, cookie), params);
    expect(locationOf(stopped)).toBe(`${path}?done=direct-payment-stopped`);
    expect(await w.db.select().from(directPaymentDecisions).where(eq(directPaymentDecisions.holderId, w.holder.id))).toMatchObject([
      { kind: "stopped", effectiveOn: "2099-02-01" },
    ]);
    expect(await auditOf(w.db, w.commissioner.id, "direct-payment.stopped")).toMatchObject([{ actorUserId: w.coordinator.id }]);
    expect(await run(planLoader, get(`${path}?done=direct-payment-stopped`, cookie), params)).toMatchObject({ done: "direct-payment-stopped" });
    // Someone who may not decide is refused even with the confirmation.
    expect(statusOf(await run(planAction, post(path, { ...stop, confirm: "yes" }, await cookieFor(w.finance.email)), params))).toBe(403);
  });

  it("ending a budget: a day already past is refused before the check page; unconfirmed, nothing ends", async () => {
    const w = await planWorld();
    await approveVersion(
      w,
      planContent("2026-04-01", [{ description: "Personal assistant", amountPence: 1_300_000, holding: "direct-payment", outcomePositions: [1] }]),
      "2026-03-25",
    );
    const path = `/staff/holders/${w.holder.id}/plan`;
    const params = { holderId: w.holder.id };
    const cookie = await cookieFor(w.coordinator.email);
    const past = await run(planAction, post(path, { intent: "end-plan", reason: "Moved", ...dateFields("endedOn", "2020-01-01") }, cookie), params);
    expect(statusOf(past)).toBe(400);
    expect(past).not.toHaveProperty("endCheck");

    const ending = { intent: "end-plan", reason: "Moved to another area", ...dateFields("endedOn", "2099-05-31") };
    expect(await run(planAction, post(path, ending, cookie), params)).toMatchObject({ endCheck: { endedOn: "2099-05-31", fields: ending } });
    const [plan] = await w.db.select().from(plans).where(eq(plans.holderId, w.holder.id));
    expect(plan.endedOn).toBeNull();
    expect(await auditOf(w.db, w.commissioner.id, "plan.ended")).toEqual([]);

    expect(locationOf(await run(planAction, post(path, { ...ending, confirm: "yes" }, cookie), params))).toBe(`${path}?done=ended`);
    const [after] = await w.db.select().from(plans).where(eq(plans.holderId, w.holder.id));
    expect(after.endedOn).toBe("2099-05-31");
    expect(await auditOf(w.db, w.commissioner.id, "plan.ended")).toHaveLength(1);
  });

  it("revoking a representative: the holder is asked first; they still act until the holder confirms", async () => {
    const w = await spendingWorld();
    const cookie = await cookieFor(w.holderUser.email);
    const revoke = { intent: "revoke", representativeId: w.carer.link.id };

    const check = await run(repsAction, post("/representatives", revoke, cookie));
    expect(statusOf(check)).toBe(200);
    expect(check).toMatchObject({ revokeCheck: { representativeId: w.carer.link.id, name: expect.any(String) } });
    const [still] = await w.db.select().from(representatives).where(eq(representatives.id, w.carer.link.id));
    expect(still.revokedAt).toBeNull();
    expect(await auditOf(w.db, w.commissioner.id, "representative.revoked")).toEqual([]);

    const revoked = await run(repsAction, post("/representatives", { ...revoke, confirm: "yes" }, cookie));
    expect(locationOf(revoked)).toBe("/representatives?done=revoked");
    const [gone] = await w.db.select().from(representatives).where(eq(representatives.id, w.carer.link.id));
    expect(gone.revokedAt).not.toBeNull();
    expect(await auditOf(w.db, w.commissioner.id, "representative.revoked")).toHaveLength(1);
    expect(await run(repsLoader, get("/representatives?done=revoked", cookie))).toMatchObject({ done: "revoked" });
    // Asked again about someone already revoked: no check page, a message.
    expect(statusOf(await run(repsAction, post("/representatives", revoke, cookie)))).toBe(400);
  });
});

describe("a change ends on a page with a success banner", () => {
  it("saving a spending rule, how often money is paid and what a representative can do each redirect to the page naming the change", async () => {
    const w = await spendingWorld();
    const finance = await cookieFor(w.finance.email);
    const threshold = await run(rulesAction, post("/staff/spending-rules", { intent: "threshold", threshold: "75.00" }, finance));
    expect(locationOf(threshold)).toBe("/staff/spending-rules?done=threshold");
    expect(await run(rulesLoader, get("/staff/spending-rules?done=threshold", finance))).toMatchObject({ done: "threshold", noReceiptThresholdPence: 7500 });

    const frequency = await run(instalmentsAction, post("/staff/instalments", { intent: "frequency", frequency: "monthly" }, finance));
    expect(locationOf(frequency)).toBe("/staff/instalments?done=frequency");
    expect(await run(instalmentsLoader, get("/staff/instalments?done=frequency", finance))).toMatchObject({ banner: "frequency" });

    const holder = await cookieFor(w.holderUser.email);
    const changed = await run(repsAction, post("/representatives", { intent: "change", representativeId: w.carer.link.id, scopes: "log-spending" }, holder));
    expect(locationOf(changed)).toBe("/representatives?done=changed");
    // Bad input stays on the form with its errors: no redirect, no banner.
    expect(statusOf(await run(rulesAction, post("/staff/spending-rules", { intent: "threshold", threshold: "lots" }, finance)))).toBe(400);
  });

  it("a made-up done code shows nothing", async () => {
    const w = await spendingWorld();
    const cookie = await cookieFor(w.holderUser.email);
    expect(await run(repsLoader, get("/representatives?done=anything", cookie))).toMatchObject({ done: null });
  });
});
