import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { payees } from "#db/schema";
import { openPayeeAccount } from "~/ledger/accounts.server";

export type Payee = typeof payees.$inferSelect;

/**
 * Someone the holder pays: one of their known payees, or a new one by name (the same name, in any case, is the same
 * payee). A new payee gets a ledger account of its own: two holders' payees never share one, whatever they are called.
 */
export async function findOrAddPayee(
  tx: Database,
  input: { holderId: string; commissionerId: string; payeeId?: string | null; newPayeeName?: string | null },
): Promise<{ ok: true; payee: Payee } | { ok: false; message: string }> {
  if (input.payeeId) {
    const [payee] = await tx
      .select()
      .from(payees)
      .where(and(eq(payees.id, input.payeeId), eq(payees.holderId, input.holderId)));
    return payee ? { ok: true, payee } : { ok: false, message: "Select who you paid from the list, or add someone new" };
  }
  const name = (input.newPayeeName ?? "").trim();
  if (!name) return { ok: false, message: "Enter who you paid" };
  if (name.length > 120) return { ok: false, message: "Who you paid must be 120 characters or fewer" };
  const [existing] = await tx
    .select()
    .from(payees)
    .where(and(eq(payees.holderId, input.holderId), sql`lower(${payees.name}) = lower(${name})`));
  if (existing) return { ok: true, payee: existing };
  const id = randomUUID();
  const account = await openPayeeAccount(tx, { commissionerId: input.commissionerId, payeeId: id, name });
  const [payee] = await tx
    .insert(payees)
    .values({ id, commissionerId: input.commissionerId, holderId: input.holderId, name, ledgerAccountId: account.id })
    .returning();
  return { ok: true, payee };
}
