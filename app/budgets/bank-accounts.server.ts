import { and, desc, eq, isNull } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { arrangements, bankAccounts, instalments } from "#db/schema";
import { recordAudit, type Actor } from "~/audit/audit.server";
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
    account: current ? { accountName: current.accountName, recordedAt: current.recordedAt, ...maskBankAccount(current) } : null,
    recent,
  };
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
    const [before] = await tx
      .update(bankAccounts)
      .set({ replacedAt: new Date() })
      .where(and(eq(bankAccounts.arrangementId, arrangement.id), isNull(bankAccounts.replacedAt)))
      .returning();
    const [after] = await tx
      .insert(bankAccounts)
      .values({ commissionerId: arrangement.commissionerId, arrangementId: arrangement.id, recordedBy: input.actor.userId!, ...input.details })
      .returning();
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
