import { randomUUID } from "node:crypto";
import { getDb } from "#db/client.server";
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
  const [budget] = await db
    .insert(budgets)
    .values({ commissionerId: commissioner.id, holderId: holder.id, startsOn: "2026-04-01", directPaymentPence: 150_000, notionalPence: 120_000 })
    .returning();
  const [plan] = await db.insert(plans).values({ commissionerId: commissioner.id, holderId: holder.id }).returning();
  const [version] = await db
    .insert(planVersions)
    .values({
      commissionerId: commissioner.id,
      planId: plan.id,
      holderId: holder.id,
      version: 1,
      status: "approved",
      startsOn: "2026-04-01",
      firstReviewOn: "2026-07-01",
      authoredBy: coordinator.id,
      lastEditedBy: coordinator.id,
      approvedBy: coordinator.id,
      approvedAt: new Date(),
      finalPence: 270_000,
      budgetId: budget.id,
      inForceFrom: "2026-04-01",
    })
    .returning();
  await db.insert(planOutcomes).values([
    { planVersionId: version.id, position: 1, outcome: "Get up and washed at the time I choose", howWillYouKnow: "Ready by 9am" },
    { planVersionId: version.id, position: 2, outcome: "Get out to the allotment every week", howWillYouKnow: "Once a week" },
  ]);
  const line = (position: number, description: string, amountPence: number, holding: "direct-payment" | "notional", outcomePositions: number[]) => ({
    planVersionId: version.id,
    lineKey: randomUUID(),
    position,
    description,
    provider: "Provider",
    units: 1,
    frequency: "a-year" as const,
    costPerUnitPence: amountPence,
    amountPence,
    fundingSource: "nhs" as const,
    holding,
    outcomePositions,
  });
  const [pa, activities, nursing] = await db
    .insert(planSupportLines)
    .values([
      line(1, "Personal assistant for personal care", 120_000, "direct-payment", [1]),
      line(2, "Allotment activities", 30_000, "direct-payment", [2]),
      line(3, "Community nursing", 120_000, "notional", [1]),
    ])
    .returning();
  const { account: dp, arrangement } = await openArrangement(db, {
    commissionerId: commissioner.id,
    holderId: holder.id,
    holding: "direct-payment",
    on: "2026-04-01",
  });
  const funding = await ensureOutsideAccount(db, commissioner.id, "commissioner-funding");
  const fundedPence = options.fundedPence ?? 100_000;
  if (fundedPence > 0) {
    const funded = await postEntry(db, {
      idempotencyKey: `fund:${dp.id}`,
      kind: "instalment",
      effectiveDate: "2026-04-01",
      lines: [
        { accountId: funding.id, amountPence: -fundedPence },
        { accountId: dp.id, amountPence: fundedPence },
      ],
      actor: { userId: null, commissionerId: commissioner.id },
      onBehalfOf: holder.id,
    });
    if (!funded.ok) throw new Error(funded.message);
  }
  return { db, commissioner, coordinator, finance, holder, holderUser: holderUser!, carer, budget, version, pa, activities, nursing, dp, arrangement };
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
