import { randomUUID } from "node:crypto";
import { getDb, type Database } from "#db/client.server";
import { budgets, planOutcomes, plans, planSupportLines, planVersions } from "#db/schema";
import type { RepresentativeScope } from "~/access/rules";
import type { Actor } from "~/audit/audit.server";
import { openArrangement } from "~/budgets/arrangements.server";
import { ensureOutsideAccount } from "~/ledger/accounts.server";
import { postEntry } from "~/ledger/post-entry.server";
import type { SpendInput } from "~/spending/spends.server";
import { insertCommissioner, insertHolder, insertRepresentative, insertStaff } from "../factories";

export const TODAY = "2026-11-23";
export const actorOf = (user: { id: string; commissionerId: string }, onBehalfOfHolderId?: string): Actor => ({
  userId: user.id,
  commissionerId: user.commissionerId,
  onBehalfOfHolderId: onBehalfOfHolderId ?? null,
});

/**
 * A holder with an approved plan from 1 April 2026: two outcomes; a personal assistant line of £1,200 a year and
 * an activities line of £300 a year paid by direct payment, and a notional nursing line; £1,000 paid into the
 * direct-payment account; a carer with the given scopes.
 */
export async function spendingWorld(options: { fundedPence?: number; scopes?: RepresentativeScope[] } = {}) {
  const db = getDb();
  const commissioner = await insertCommissioner();
  const coordinator = await insertStaff(commissioner.id, "coordinator");
  const finance = await insertStaff(commissioner.id, "finance");
  const { holder, user: holderUser } = await insertHolder(commissioner.id);
  const carer = await insertRepresentative(holder, options.scopes ?? ["view", "log-spending"]);
  const {
    budget,
    version,
    lines,
    account: dp,
    arrangement,
  } = await insertPlanInForce(db, {
    commissionerId: commissioner.id,
    holderId: holder.id,
    startsOn: "2026-04-01",
    firstReviewOn: "2026-07-01",
    authoredBy: coordinator.id,
    approvedBy: coordinator.id,
    outcomes: [
      { outcome: "Get up and washed at the time I choose", howWillYouKnow: "Ready by 9am" },
      { outcome: "Get out to the allotment every week", howWillYouKnow: "Once a week" },
    ],
    supportLines: [
      { description: "Personal assistant for personal care", amountPence: 120_000, holding: "direct-payment", outcomePositions: [1] },
      { description: "Allotment activities", amountPence: 30_000, holding: "direct-payment", outcomePositions: [2] },
      { description: "Community nursing", amountPence: 120_000, holding: "notional", outcomePositions: [1] },
    ],
    fundedPence: options.fundedPence ?? 100_000,
  });
  const [pa, activities, nursing] = lines;
  return { db, commissioner, coordinator, finance, holder, holderUser: holderUser!, carer, budget, version, pa, activities, nursing, dp, arrangement };
}

/**
 * An approved first version of the holder's plan in force from `startsOn`, written directly so it applies from its
 * start (approving through the use-case would start it today): lines of so much a year from the NHS, a budget that
 * is their sum by how each is held, the direct-payment arrangement opened and `fundedPence` paid into it (none at 0).
 */
export async function insertPlanInForce(
  db: Database,
  input: {
    commissionerId: string;
    holderId: string;
    startsOn: string;
    firstReviewOn: string;
    authoredBy: string;
    approvedBy: string;
    about?: Pick<typeof planVersions.$inferInsert, "whatMatters" | "whoWasInvolved" | "criteriaMet">;
    outcomes: { outcome: string; howWillYouKnow: string }[];
    supportLines: { description: string; amountPence: number; holding: "direct-payment" | "notional"; outcomePositions: number[] }[];
    fundedPence: number;
  },
) {
  const { commissionerId, holderId, startsOn } = input;
  const held = (holding: "direct-payment" | "notional") =>
    input.supportLines.filter((l) => l.holding === holding).reduce((total, l) => total + l.amountPence, 0);
  const [budget] = await db
    .insert(budgets)
    .values({ commissionerId, holderId, startsOn, directPaymentPence: held("direct-payment"), notionalPence: held("notional") })
    .returning();
  const [plan] = await db.insert(plans).values({ commissionerId, holderId }).returning();
  const [version] = await db
    .insert(planVersions)
    .values({
      commissionerId,
      planId: plan.id,
      holderId,
      version: 1,
      status: "approved",
      startsOn,
      firstReviewOn: input.firstReviewOn,
      ...input.about,
      authoredBy: input.authoredBy,
      lastEditedBy: input.authoredBy,
      approvedBy: input.approvedBy,
      approvedAt: new Date(),
      finalPence: budget.directPaymentPence + budget.notionalPence,
      budgetId: budget.id,
      inForceFrom: startsOn,
    })
    .returning();
  await db.insert(planOutcomes).values(input.outcomes.map((o, i) => ({ ...o, planVersionId: version.id, position: i + 1 })));
  const lines = await db
    .insert(planSupportLines)
    .values(
      input.supportLines.map((l, i) => ({
        ...l,
        planVersionId: version.id,
        lineKey: randomUUID(),
        position: i + 1,
        provider: "Provider",
        units: 1,
        frequency: "a-year" as const,
        costPerUnitPence: l.amountPence,
        fundingSource: "nhs" as const,
      })),
    )
    .returning();
  const { account, arrangement } = await openArrangement(db, { commissionerId, holderId, holding: "direct-payment", on: startsOn });
  const funding = await ensureOutsideAccount(db, commissionerId, "commissioner-funding");
  if (input.fundedPence > 0) {
    const funded = await postEntry(db, {
      idempotencyKey: `fund:${account.id}`,
      kind: "instalment",
      effectiveDate: startsOn,
      lines: [
        { accountId: funding.id, amountPence: -input.fundedPence },
        { accountId: account.id, amountPence: input.fundedPence },
      ],
      actor: { userId: null, commissionerId },
      onBehalfOf: holderId,
    });
    if (!funded.ok) throw new Error(funded.message);
  }
  return { budget, plan, version, lines, account, arrangement };
}

export type SpendingWorld = Awaited<ReturnType<typeof spendingWorld>>;

/** A good spend on the personal assistant line by the holder, with any field changed. */
export function spendInput(w: SpendingWorld, over: Partial<SpendInput> = {}): SpendInput {
  return {
    actor: actorOf(w.holderUser),
    holderId: w.holder.id,
    formToken: randomUUID(),
    spentOn: "2026-11-02",
    newPayeeName: "Jane Smith (PA)",
    amountPence: 4_000,
    whatFor: "Four hours of personal care",
    supportLineId: w.pa.id,
    howPaid: "account-transfer",
    restrictedCategoryId: null,
    receipts: [],
    today: TODAY,
    ...over,
  };
}
