import { randomBytes, randomUUID } from "node:crypto";
import { addDays, format, parseISO } from "date-fns";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { holdingChangeRequests, planSupportLines, planVersions, plans, representativeInvitations, representatives } from "#db/schema";
import { todayInUk } from "~/ledger/entries";
import { hashToken } from "~/people/sessions.server";
import type { Worklist } from "~/plans/worklist.server";
import { loader as staffHome } from "~/routes/staff._index";
import { insertCommissioner, insertHolder, insertRepresentative, insertStaff } from "../factories";
import { cookieFor, get, run } from "../factories/requests";

const DAY = 86_400_000;
const day = (offset: number) => format(addDays(parseISO(todayInUk()), offset), "yyyy-MM-dd");
// Noon in UTC is the same day in the UK all year, so "5 days" stays 5 days whatever time the test runs.
const daysAgo = (n: number) => new Date(`${day(-n)}T12:00:00Z`);

type Home = { worklist: Worklist | null; queue: unknown; mayAddHolder: boolean };

/**
 * A commissioner with one person in each state the worklist shows, one with nothing to do, and another
 * commissioner with the same kinds of work, which must not show.
 */
async function world() {
  const db = getDb();
  const commissioner = await insertCommissioner();
  const coordinator = await insertStaff(commissioner.id, "coordinator");
  const approver = await insertStaff(commissioner.id, "approver");

  const withPlan = async (
    commissionerId: string,
    versions: { status: "draft" | "submitted" | "approved" | "rejected"; firstReviewOn: string; createdAt: Date; rejectedAt?: Date }[],
    endedOn: string | null = null,
  ) => {
    const { holder } = await insertHolder(commissionerId);
    const author = commissionerId === commissioner.id ? coordinator.id : (await insertStaff(commissionerId, "coordinator")).id;
    const [plan] = await db.insert(plans).values({ commissionerId, holderId: holder.id, endedOn }).returning();
    const rows = [];
    for (const [i, v] of versions.entries()) {
      const [row] = await db
        .insert(planVersions)
        .values({
          commissionerId,
          planId: plan.id,
          holderId: holder.id,
          version: i + 1,
          status: v.status,
          startsOn: day(-400),
          firstReviewOn: v.firstReviewOn,
          reviewEveryMonths: 12,
          authoredBy: author,
          lastEditedBy: author,
          createdAt: v.createdAt,
          approvedAt: v.status === "approved" ? v.createdAt : null,
          rejectedAt: v.rejectedAt ?? null,
          rejectionReason: v.rejectedAt ? "The costs need checking" : null,
        })
        .returning();
      rows.push(row);
    }
    return { holder, versions: rows, author };
  };
  const approvedLongAgo = { status: "approved" as const, firstReviewOn: day(200), createdAt: daysAgo(300) };

  const drafting = await withPlan(commissioner.id, [{ status: "draft", firstReviewOn: day(60), createdAt: daysAgo(5) }]);
  const notAgreed = await withPlan(commissioner.id, [
    approvedLongAgo,
    { status: "rejected", firstReviewOn: day(60), createdAt: daysAgo(20), rejectedAt: daysAgo(9) },
  ]);
  const dueSoon = await withPlan(commissioner.id, [{ status: "approved", firstReviewOn: day(10), createdAt: daysAgo(80) }]);
  const overdue = await withPlan(commissioner.id, [{ status: "approved", firstReviewOn: day(-30), createdAt: daysAgo(120) }]);
  const ended = await withPlan(commissioner.id, [{ status: "approved", firstReviewOn: day(-30), createdAt: daysAgo(120) }], day(-1));
  const settled = await withPlan(commissioner.id, [approvedLongAgo]);

  // A request to hold a line differently, waiting 3 days, and one already decided.
  const asking = await withPlan(commissioner.id, [approvedLongAgo]);
  const lineKey = randomUUID();
  await db.insert(planSupportLines).values({
    planVersionId: asking.versions[0].id,
    lineKey,
    position: 1,
    description: "Personal assistant",
    provider: "Jane Smith",
    units: 1,
    frequency: "a-year",
    costPerUnitPence: 100_000,
    amountPence: 100_000,
    fundingSource: "nhs",
    holding: "notional",
    outcomePositions: [1],
  });
  const request = {
    commissionerId: commissioner.id,
    holderId: asking.holder.id,
    planVersionId: asking.versions[0].id,
    lineKey,
    why: "I would like to employ her myself",
  };
  await db.insert(holdingChangeRequests).values({ ...request, requestedHolding: "direct-payment", requestedBy: asking.author, requestedAt: daysAgo(3) });
  await db.insert(holdingChangeRequests).values({ ...request, requestedHolding: "third-party", requestedBy: asking.author, status: "declined" });

  // Invitations: one open for 2 days; one that stopped working (sent twice: only the latest counts); one accepted.
  const { holder: invitedFor } = await insertHolder(commissioner.id);
  const invite = async (sent: Date[], accepted = false) => {
    const { user, link } = await insertRepresentative(invitedFor, ["view"]);
    await db
      .update(representatives)
      .set({ acceptedAt: accepted ? new Date() : null })
      .where(eq(representatives.id, link.id));
    for (const at of sent)
      await db.insert(representativeInvitations).values({
        representativeId: link.id,
        userId: user.id,
        tokenHash: hashToken(randomBytes(16).toString("hex")),
        createdAt: at,
        expiresAt: new Date(at.getTime() + 7 * DAY),
        acceptedAt: accepted ? new Date() : null,
      });
    return user;
  };
  const waitingRep = await invite([daysAgo(2)]);
  const lapsedRep = await invite([daysAgo(30), daysAgo(12)]);
  await invite([daysAgo(1)], true);

  // Another commissioner's work of every kind.
  const elsewhere = await insertCommissioner();
  await withPlan(elsewhere.id, [{ status: "draft", firstReviewOn: day(60), createdAt: daysAgo(5) }]);
  await withPlan(elsewhere.id, [{ status: "approved", firstReviewOn: day(-30), createdAt: daysAgo(120) }]);

  return { commissioner, coordinator, approver, drafting, notAgreed, dueSoon, overdue, ended, settled, asking, invitedFor, waitingRep, lapsedRep };
}

describe("the coordinator's worklist", () => {
  it("lists each kind of work waiting in the commissioner, in words, with how long it has waited or when it is due", async () => {
    const w = await world();
    const home = (await run(staffHome, get("/staff", await cookieFor(w.coordinator.email)))) as Home;
    const list = home.worklist!;
    const name = (h: { givenName: string; familyName: string }) => `${h.givenName} ${h.familyName}`;

    expect(list.toFinish).toEqual([
      {
        holderId: w.notAgreed.holder.id,
        holderName: name(w.notAgreed.holder),
        what: "Changes to the plan were not agreed: start a new version",
        when: "9 days",
        day: day(-9),
      },
      {
        holderId: w.drafting.holder.id,
        holderName: name(w.drafting.holder),
        what: "Finish version 1 of the plan and send it for approval",
        when: "5 days",
        day: day(-5),
      },
    ]);
    expect(list.holding).toEqual([
      {
        holderId: w.asking.holder.id,
        holderName: name(w.asking.holder),
        what: 'Decide on their request for "Personal assistant" to be held as a direct payment',
        when: "3 days",
        day: day(-3),
      },
    ]);
    expect(list.due).toEqual([
      { holderId: w.dueSoon.holder.id, holderName: name(w.dueSoon.holder), what: "Review the plan with them", when: "Due in 10 days", day: day(10) },
    ]);
    // The ended plan's review is never due; the other commissioner's is not ours.
    expect(list.overdue).toEqual([
      { holderId: w.overdue.holder.id, holderName: name(w.overdue.holder), what: "Review the plan with them", when: "30 days overdue", day: day(-30) },
    ]);
    expect(list.invitations).toEqual([
      {
        holderId: w.invitedFor.id,
        holderName: name(w.invitedFor),
        what: `${w.lapsedRep.name}'s invitation to act for them stopped working before they accepted it: send a new one`,
        when: "12 days",
        day: day(-12),
      },
      {
        holderId: w.invitedFor.id,
        holderName: name(w.invitedFor),
        what: `${w.waitingRep.name} has not accepted the invitation to act for them yet`,
        when: "2 days",
        day: day(-2),
      },
    ]);
    const everyone = Object.values(list).flat();
    expect(everyone.map((r) => r.holderId)).not.toContain(w.settled.holder.id);
    expect(everyone.map((r) => r.holderId)).not.toContain(w.ended.holder.id);
    expect(home.mayAddHolder).toBe(true);
  });

  it("is a coordinator's: an approver sees their queue and no worklist, and may not add a person", async () => {
    const w = await world();
    const home = (await run(staffHome, get("/staff", await cookieFor(w.approver.email)))) as Home;
    expect(home.worklist).toBeNull();
    expect(home.queue).toEqual([]);
    expect(home.mayAddHolder).toBe(false);
  });

  it("says nothing is waiting for a commissioner with no work", async () => {
    const commissioner = await insertCommissioner();
    const coordinator = await insertStaff(commissioner.id, "coordinator");
    const home = (await run(staffHome, get("/staff", await cookieFor(coordinator.email)))) as Home;
    expect(home.worklist).toEqual({ toFinish: [], holding: [], due: [], overdue: [], invitations: [] });
  });
});
