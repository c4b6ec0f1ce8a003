import { and, desc, eq, isNull, ne, sql } from "drizzle-orm";
import { pgErrorOf, type Database } from "#db/client.server";
import { arrangements, bankAccounts, holders, instalments, pooledBankAccounts } from "#db/schema";
import { recordAudit, type Actor } from "~/audit/audit.server";
import { isUuid } from "~/http/ids";
import { poolReferenceKey, tidyPoolReference } from "~/reconciliation/pool-references";
import { maskBankAccount } from "./bank-accounts";

export const REFERENCES_SHOWN = 6;

/**
 * A holder's direct payment as finance reconciles it: the bank account it is paid into (masked: the whole number is
 * needed only to pay into it, which the commissioner's own payment system does), and the references the latest
 * instalments carry on the bank statement. Null when the holder has no direct payment.
 */
export async function directPaymentBanking(db: Database, holderId: string) {
  const [arrangement] = await db
    .select({ id: arrangements.id, name: arrangements.name })
    .from(arrangements)
    .where(and(eq(arrangements.holderId, holderId), eq(arrangements.holding, "direct-payment")));
  if (!arrangement) return null;
  const [[current], recent] = await Promise.all([
    db
      .select()
      .from(bankAccounts)
      .where(and(eq(bankAccounts.arrangementId, arrangement.id), isNull(bankAccounts.replacedAt))),
    db
      .select({ dueOn: instalments.dueOn, amountPence: instalments.amountPence, paymentReference: instalments.paymentReference })
      .from(instalments)
      .where(eq(instalments.arrangementId, arrangement.id))
      .orderBy(desc(instalments.dueOn))
      .limit(REFERENCES_SHOWN),
  ]);
  return {
    arrangement,
    account: current
      ? {
          accountName: current.accountName,
          recordedAt: current.recordedAt,
          pooledAccountId: current.pooledAccountId,
          poolReference: current.poolReference,
          poolShareBroughtPence: current.poolShareBroughtPence,
          ...maskBankAccount(current),
        }
      : null,
    recent,
  };
}

/** Ends the arrangement's current account, kept for the statements that named it, and records the new one. */
async function replaceCurrentAccount(
  tx: Database,
  input: {
    actor: Actor;
    arrangement: { id: string; commissionerId: string };
    account: Pick<
      typeof bankAccounts.$inferInsert,
      "accountName" | "sortCode" | "accountNumber" | "pooledAccountId" | "poolReference" | "poolShareBroughtPence"
    >;
  },
) {
  const [before] = await tx
    .update(bankAccounts)
    .set({ replacedAt: new Date() })
    .where(and(eq(bankAccounts.arrangementId, input.arrangement.id), isNull(bankAccounts.replacedAt)))
    .returning();
  const [after] = await tx
    .insert(bankAccounts)
    .values({ commissionerId: input.arrangement.commissionerId, arrangementId: input.arrangement.id, recordedBy: input.actor.userId!, ...input.account })
    .returning();
  return { before: before as typeof after | undefined, after };
}

/**
 * Records the account a direct payment is paid into. The one before it is kept, ended, so that statements from
 * before the change still match their account. The audit log keeps only the masked details: staff who read it do
 * not need the whole number.
 */
export async function recordBankAccount(
  db: Database,
  input: { actor: Actor; holderId: string; details: { accountName: string; sortCode: string; accountNumber: string } },
): Promise<{ ok: true } | { ok: false; message: string }> {
  return db.transaction(async (tx) => {
    const [arrangement] = await tx
      .select()
      .from(arrangements)
      .where(and(eq(arrangements.holderId, input.holderId), eq(arrangements.holding, "direct-payment")))
      .for("update");
    if (!arrangement) return { ok: false as const, message: "They have no direct payment to record a bank account for" };
    const { before, after } = await replaceCurrentAccount(tx, { actor: input.actor, arrangement, account: input.details });
    const shown = (a: typeof after) => ({ accountName: a.accountName, ...maskBankAccount(a) });
    await recordAudit(
      tx,
      { ...input.actor, onBehalfOfHolderId: input.holderId },
      {
        action: before ? "bank-account.changed" : "bank-account.recorded",
        entityType: "arrangement",
        entityId: arrangement.id,
        before: before ? shown(before) : undefined,
        after: shown(after),
      },
    );
    return { ok: true as const };
  });
}

export type JoinPoolResult = { ok: true } | { ok: false; field: "poolId" | "poolReference" | ""; message: string };

/**
 * Records that the direct payment is held in a pooled account, as the holder's share known by a reference: the
 * account row carries the pool's sort code and number (where the money is), the pool, the reference and the money of
 * theirs already in it. The account before it is kept, ended, as for a change of the holder's own account. A
 * reference is one holder's in a pool.
 */
export async function joinPooledAccount(
  db: Database,
  input: { actor: Actor; holderId: string; poolId: string; poolReference: string; shareBroughtPence?: number },
): Promise<JoinPoolResult> {
  const poolReference = tidyPoolReference(input.poolReference);
  const taken = (name: string): JoinPoolResult => ({
    ok: false,
    field: "poolReference",
    message: `The reference ${poolReference} is ${name}'s in this pooled account: enter this person's own reference`,
  });
  try {
    return await db.transaction(async (tx) => {
      const [arrangement] = await tx
        .select()
        .from(arrangements)
        .where(and(eq(arrangements.holderId, input.holderId), eq(arrangements.holding, "direct-payment")))
        .for("update");
      if (!arrangement) return { ok: false as const, field: "" as const, message: "They have no direct payment to record a bank account for" };
      const [pool] = isUuid(input.poolId)
        ? await tx
            .select()
            .from(pooledBankAccounts)
            .where(
              and(
                eq(pooledBankAccounts.id, input.poolId),
                eq(pooledBankAccounts.commissionerId, arrangement.commissionerId),
                isNull(pooledBankAccounts.closedAt),
              ),
            )
        : [];
      if (!pool) return { ok: false as const, field: "poolId" as const, message: "Select the pooled account the direct payment is held in" };
      const [other] = await tx
        .select({ givenName: holders.givenName, familyName: holders.familyName })
        .from(bankAccounts)
        .innerJoin(arrangements, eq(arrangements.id, bankAccounts.arrangementId))
        .innerJoin(holders, eq(holders.id, arrangements.holderId))
        .where(
          and(
            eq(bankAccounts.pooledAccountId, pool.id),
            isNull(bankAccounts.replacedAt),
            ne(bankAccounts.arrangementId, arrangement.id),
            sql`regexp_replace(upper(${bankAccounts.poolReference}), '[^A-Z0-9]', '', 'g') = ${poolReferenceKey(poolReference)}`,
          ),
        );
      if (other) return taken(`${other.givenName} ${other.familyName}`);
      const { before, after } = await replaceCurrentAccount(tx, {
        actor: input.actor,
        arrangement,
        account: {
          accountName: pool.accountName,
          sortCode: pool.sortCode,
          accountNumber: pool.accountNumber,
          pooledAccountId: pool.id,
          poolReference,
          poolShareBroughtPence: input.shareBroughtPence ?? 0,
        },
      });
      const shown = (a: typeof after) => ({
        accountName: a.accountName,
        ...maskBankAccount(a),
        ...(a.pooledAccountId ? { pooledAccountId: a.pooledAccountId, poolReference: a.poolReference, shareBroughtPence: a.poolShareBroughtPence } : {}),
      });
      await recordAudit(
        tx,
        { ...input.actor, onBehalfOfHolderId: input.holderId },
        {
          action: "bank-account.pooled",
          entityType: "arrangement",
          entityId: arrangement.id,
          before: before ? shown(before) : undefined,
          after: shown(after),
        },
      );
      return { ok: true as const };
    });
  } catch (error) {
    // Two people giving the same reference at once: the index keeps it one holder's.
    if (pgErrorOf(error)?.code === "23505") return taken("another holder");
    throw error;
  }
}
