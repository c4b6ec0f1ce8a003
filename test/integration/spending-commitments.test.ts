import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, lineCommitments } from "#db/schema";
import { action as actingForAction } from "~/routes/acting-for";
import { action as commitmentsAction, loader as commitmentsLoader } from "~/routes/spending.commitments";
import { loadSpendVsPlan } from "~/spending/report.server";
import { logSpend } from "~/spending/spends.server";
import { insertCommissioner, insertStaff } from "../factories";
import { cookieFor, dateFields, get, post, run, statusOf } from "../factories/requests";
import { actorOf, spendInput, spendingWorld, TODAY } from "./spending-fixtures";

type Page = {
  commitments: { id: string; provider: string; amountPence: number; cancelledAt: string | null; cancelReason: string | null }[];
  canManage: boolean;
  lines: { id: string }[];
};
type Failed = { data: { errors: { fieldId: string; message: string }[] } };

/** As the browser posts it: each date in its three boxes (startsOn and endsOn in `over` are ISO, typed into them). */
const commitmentForm = (lineId: string, over: Record<string, string> = {}) => {
  const { startsOn = "2026-04-01", endsOn = "2027-03-31", ...rest } = over;
  return {
    intent: "add",
    supportLineId: lineId,
    provider: "Community nursing team",
    description: "Two nursing visits a week",
    amount: "1,200.00",
    ...dateFields("startsOn", startsOn),
    ...dateFields("endsOn", endsOn),
    reference: "PO-1",
    ...rest,
  };
};

describe("commitments on lines the NHS arranges", () => {
  it("a coordinator sets money aside; invoices use it up; the holder sees it read-only; cancelling frees it", async () => {
    const w = await spendingWorld();
    const coordinator = await cookieFor(w.coordinator.email);
    const path = `/spending/commitments?holder=${w.holder.id}`;
    expect(statusOf(await run(commitmentsAction, post(path, commitmentForm(w.nursing.id), coordinator)))).toBe(302);
    const nursing = async () => (await loadSpendVsPlan(w.db, { holderId: w.holder.id, today: TODAY }))!.lines.find((l) => l.lineKey === w.nursing.lineKey)!;
    expect(await nursing()).toMatchObject({
      allocatedPence: 120_000,
      spentPence: 0,
      committedPence: 120_000,
      leftPence: 0,
      percentUsed: 100,
      projection: "Fully used or committed: nothing is left to spend",
    });

    const invoice = await logSpend(
      w.db,
      spendInput(w, {
        actor: actorOf(w.coordinator),
        supportLineId: w.nursing.id,
        amountPence: 40_000,
        newPayeeName: "Community nursing team",
        whatFor: "April to July visits",
        howPaid: "invoice",
      }),
    );
    expect(invoice.ok).toBe(true);
    // The invoice draws on the money set aside: still nothing left, so still no month for the line to run out in.
    expect(await nursing()).toMatchObject({
      spentPence: 40_000,
      committedPence: 80_000,
      leftPence: 0,
      percentUsed: 100,
      projection: "Fully used or committed: nothing is left to spend",
    });

    const holder = await cookieFor(w.holderUser.email);
    const page = (await run(commitmentsLoader, get("/spending/commitments", holder))) as Page;
    expect(page).toMatchObject({ canManage: false, commitments: [{ provider: "Community nursing team", amountPence: 120_000, cancelledAt: null }] });
    expect(statusOf(await run(commitmentsAction, post("/spending/commitments", commitmentForm(w.nursing.id), holder)))).toBe(403);
    const carer = await cookieFor(w.carer.user.email);
    await run(actingForAction, post("/acting-for", { holderId: w.holder.id }, carer));
    expect(statusOf(await run(commitmentsAction, post("/spending/commitments", commitmentForm(w.nursing.id), carer)))).toBe(403);

    const id = page.commitments[0].id;
    const noReason = (await run(commitmentsAction, post(path, { intent: "cancel", commitmentId: id, reason: " " }, coordinator))) as Failed;
    expect(noReason.data.errors).toEqual([{ fieldId: `reason-${id}`, message: "Enter why the commitment is cancelled" }]);
    expect(
      statusOf(await run(commitmentsAction, post(path, { intent: "cancel", commitmentId: id, reason: "Nursing moved to a block contract" }, coordinator))),
    ).toBe(302);
    expect(await nursing()).toMatchObject({ spentPence: 40_000, committedPence: 0, leftPence: 80_000 });
    const [row] = await w.db.select().from(lineCommitments).where(eq(lineCommitments.id, id));
    expect(row).toMatchObject({ cancelledBy: w.coordinator.id, cancelReason: "Nursing moved to a block contract" });
    const audit = await w.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, "line-commitment"), eq(auditLog.entityId, id)));
    expect(audit.map((a) => [a.action, a.actorUserId, a.onBehalfOfHolderId])).toEqual([
      ["spending.commitment-added", w.coordinator.id, w.holder.id],
      ["spending.commitment-cancelled", w.coordinator.id, w.holder.id],
    ]);
  });

  it("bad input gets a message per field and writes nothing; a line the holder pays for is refused; another commissioner gets 404", async () => {
    const w = await spendingWorld();
    const finance = await cookieFor(w.finance.email);
    const path = `/spending/commitments?holder=${w.holder.id}`;
    const errorsOf = async (form: Record<string, string>) => ((await run(commitmentsAction, post(path, form, finance))) as Failed).data.errors;
    expect(await errorsOf(commitmentForm("", { provider: "", amount: "lots", startsOn: "2026-02-30", "endsOn-month": "" }))).toEqual([
      { fieldId: "startsOn-day", message: "Date the care starts must be a real date", parts: ["day", "month"] },
      { fieldId: "endsOn-month", message: "Date the care ends must include a month", parts: ["month"] },
      { fieldId: "supportLineId", message: "Select the support line the NHS arranges" },
      { fieldId: "provider", message: "Enter the provider" },
      { fieldId: "amount", message: "The amount must be a number of pounds and pence, like 12.50" },
    ]);
    expect(await errorsOf(commitmentForm(w.nursing.id, { "endsOn-day": "", "endsOn-month": "", "endsOn-year": "" }))).toEqual([
      { fieldId: "endsOn-day", message: "Enter date the care ends", parts: ["day", "month", "year"] },
    ]);
    expect(await errorsOf(commitmentForm(w.nursing.id, { startsOn: "2026-06-01", endsOn: "2026-05-01" }))).toEqual([
      { fieldId: "endsOn-day", message: "The end date must be the same as or after the start date" },
    ]);
    // An ISO date under the plain name, as a link or an older form would send it, is still read.
    const plain = Object.fromEntries(Object.entries(commitmentForm(w.nursing.id)).filter(([k]) => !/-(day|month|year)$/.test(k)));
    expect(await errorsOf({ ...plain, startsOn: "2026-06-01", endsOn: "2026-05-01" })).toEqual([
      { fieldId: "endsOn-day", message: "The end date must be the same as or after the start date" },
    ]);
    expect(await errorsOf(commitmentForm(w.pa.id))).toEqual([
      {
        fieldId: "supportLineId",
        message: `"Personal assistant for personal care" is paid for from the budget, not arranged by the NHS: select a line the NHS arranges`,
      },
    ]);
    expect(await errorsOf(commitmentForm(w.nursing.id, { startsOn: "2026-03-01" }))).toEqual([
      { fieldId: "startsOn-day", message: "The start date must be on or after the plan started" },
    ]);
    expect(await w.db.select().from(lineCommitments).where(eq(lineCommitments.holderId, w.holder.id))).toEqual([]);

    const other = await insertCommissioner();
    const stranger = await insertStaff(other.id, "coordinator");
    const strangerCookie = await cookieFor(stranger.email);
    expect(statusOf(await run(commitmentsLoader, get(path, strangerCookie)))).toBe(404);
    expect(statusOf(await run(commitmentsAction, post(path, commitmentForm(w.nursing.id), strangerCookie)))).toBe(404);
  });
});
