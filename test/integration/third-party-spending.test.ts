import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { supportAssignments } from "#db/schema";
import { listArrangements } from "~/budgets/arrangements.server";
import { postDueInstalments } from "~/ledger/instalments.server";
import { loadPlanInForce } from "~/plans/plan-in-force.server";
import { loader as newSpendLoader } from "~/routes/spending.new";
import { loader as changeSpendLoader } from "~/routes/spending.$spendId.change";
import { editSpend, logSpend } from "~/spending/spends.server";
import { cookieFor, get, run, statusOf } from "../factories/requests";
import { expectLedgerClean } from "./ledger-fixtures";
import { actorOf, approveVersion, planContent, planWorld } from "./plan-fixtures";

/** A holder with a direct payment for their PA and a third-party budget for day services, held by the organisation. */
async function thirdPartyWorld() {
  const w = await planWorld();
  await getDb()
    .update(supportAssignments)
    .set({ scopes: ["third-party-budget"] })
    .where(eq(supportAssignments.holderId, w.holder.id));
  await approveVersion(
    w,
    planContent("2026-04-01", [
      { description: "Personal assistant", amountPence: 1_300_000, holding: "direct-payment", outcomePositions: [1] },
      { description: "Day services", amountPence: 520_000, holding: "third-party", thirdPartyOrganisationId: w.organisation.id, outcomePositions: [1] },
    ]),
    "2026-03-25",
  );
  await postDueInstalments(getDb(), { until: "2026-11-23", holderId: w.holder.id });
  const plan = (await loadPlanInForce(getDb(), w.holder.id))!;
  const [pa, day] = plan.lines;
  return { ...w, pa, day };
}

const spendOn = (w: Awaited<ReturnType<typeof thirdPartyWorld>>, lineId: string, pence: number) =>
  logSpend(getDb(), {
    actor: actorOf(w.organisationUser),
    holderId: w.holder.id,
    formToken: randomUUID(),
    spentOn: "2026-11-02",
    newPayeeName: "Riverside Day Centre",
    amountPence: pence,
    whatFor: "Day centre, 4 sessions",
    supportLineId: lineId,
    howPaid: "account-transfer",
    receipts: [],
    today: "2026-11-03",
  });

describe("a third-party budget", () => {
  it("is spent by the organisation that holds it, on its own lines only, from its account", async () => {
    const w = await thirdPartyWorld();
    const cookie = await cookieFor(w.organisationUser.email);
    const form = (await run(newSpendLoader, get(`/spending/new?holder=${w.holder.id}`, cookie))) as { lines: { id: string }[] };
    expect(form.lines.map((l) => l.id)).toEqual([w.day.id]);

    const before = await listArrangements(getDb(), w.holder.id);
    const spent = await spendOn(w, w.day.id, 18_000);
    expect(spent.ok).toBe(true);
    const after = await listArrangements(getDb(), w.holder.id);
    const balance = (list: typeof before, holding: string) => list.find((a) => a.holding === holding)!.balancePence;
    expect(balance(after, "third-party")).toBe(balance(before, "third-party") - 18_000);
    expect(balance(after, "direct-payment")).toBe(balance(before, "direct-payment"));

    expect(await spendOn(w, w.pa.id, 100)).toMatchObject({
      ok: false,
      field: "supportLineId",
      message: expect.stringMatching(/not held by your organisation/),
    });
    await expectLedgerClean(w.commissioner.id);
  });

  it("is not the payroll organisation's to spend, and an organisation assigned for payroll cannot log spending", async () => {
    const w = await thirdPartyWorld();
    await getDb()
      .update(supportAssignments)
      .set({ scopes: ["payroll"] })
      .where(eq(supportAssignments.holderId, w.holder.id));
    const cookie = await cookieFor(w.organisationUser.email);
    expect(statusOf(await run(newSpendLoader, get(`/spending/new?holder=${w.holder.id}`, cookie)))).toBe(403);
  });

  it("is the organisation's to keep: the holder reads its spending, and neither logs from it nor changes what it logged", async () => {
    const w = await thirdPartyWorld();
    const logged = await spendOn(w, w.day.id, 18_000);
    if (!logged.ok) throw new Error(logged.message);
    const spendId = logged.spend.id;
    const holder = await cookieFor(w.holderUser.email);
    const form = (await run(newSpendLoader, get("/spending/new", holder))) as { lines: { id: string }[] };
    expect(form.lines.map((l) => l.id)).toEqual([w.pa.id]);

    const asHolder = { ...spendInput(w), actor: actorOf(w.holderUser) };
    const HELD = /^Your support organisation holds this money for you and keeps the record/;
    expect(await logSpend(getDb(), { ...asHolder, supportLineId: w.day.id })).toMatchObject({
      ok: false,
      field: "supportLineId",
      message: expect.stringMatching(HELD),
    });
    const page = (await run(changeSpendLoader, get(`/spending/${spendId}/change`, holder), { spendId })) as Response;
    expect(page.status).toBe(403);
    expect(await page.text()).toMatch(HELD);
    expect(await editSpend(getDb(), { ...asHolder, supportLineId: w.day.id, spendId, reason: "Wrong amount" })).toMatchObject({
      ok: false,
      message: expect.stringMatching(HELD),
    });

    // The organisation that holds it corrects it.
    const organisation = await cookieFor(w.organisationUser.email);
    expect(statusOf(await run(changeSpendLoader, get(`/spending/${spendId}/change?holder=${w.holder.id}`, organisation), { spendId }))).toBe(200);
    const corrected = await editSpend(getDb(), { ...spendInput(w), supportLineId: w.day.id, amountPence: 17_500, spendId, reason: "Three sessions, not four" });
    expect(corrected.ok).toBe(true);
    await expectLedgerClean(w.commissioner.id);
  });
});

function spendInput(w: Awaited<ReturnType<typeof thirdPartyWorld>>) {
  return {
    actor: actorOf(w.organisationUser),
    holderId: w.holder.id,
    formToken: randomUUID(),
    spentOn: "2026-11-02",
    newPayeeName: "Riverside Day Centre",
    amountPence: 18_000,
    whatFor: "Day centre, 4 sessions",
    howPaid: "account-transfer" as const,
    receipts: [],
    today: "2026-11-03",
  };
}
