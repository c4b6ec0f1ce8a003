import { and, eq } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { ledgerAccounts } from "#db/schema";

export type OutsideAccountKind = "commissioner-funding" | "payee" | "hmrc" | "pension-provider" | "bank-clearing" | "employer-costs";

export type LedgerAccount = typeof ledgerAccounts.$inferSelect;

async function ensureAccount(db: Database, values: typeof ledgerAccounts.$inferInsert): Promise<LedgerAccount> {
  await db.insert(ledgerAccounts).values(values).onConflictDoNothing();
  const [account] = await db
    .select()
    .from(ledgerAccounts)
    .where(and(eq(ledgerAccounts.commissionerId, values.commissionerId), eq(ledgerAccounts.code, values.code)));
  return account;
}

/** The commissioner's funding account, the outside world's accounts (HMRC, a pension provider, a payee, the bank). */
export function ensureOutsideAccount(db: Database, commissionerId: string, kind: OutsideAccountKind, options: { code?: string; name?: string } = {}) {
  const defaults: Record<OutsideAccountKind, { code: string; name: string }> = {
    "commissioner-funding": { code: "funding", name: "Commissioner funding" },
    hmrc: { code: "hmrc", name: "HM Revenue and Customs" },
    "pension-provider": { code: "pension-provider", name: "Workplace pension provider" },
    "bank-clearing": { code: "bank-clearing", name: "Bank clearing" },
    payee: { code: "payee", name: "Payee" },
    "employer-costs": { code: "employer-costs", name: "Employer's costs" },
  };
  const { code, name } = { ...defaults[kind], ...options };
  return ensureAccount(db, { commissionerId, kind, code, name, mayOverdraw: true });
}

/** A holder's payee's own account, by the payee's id: two holders' payees of the same name never share one. */
export function openPayeeAccount(db: Database, input: { commissionerId: string; payeeId: string; name: string }) {
  return ensureOutsideAccount(db, input.commissionerId, "payee", { code: `payee:${input.payeeId}`, name: input.name.trim() });
}
