import { and, eq } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { ledgerAccounts } from "#db/schema";

export type BudgetMechanism = "direct-payment" | "third-party" | "notional";
export type OutsideAccountKind = "commissioner-funding" | "payee" | "hmrc" | "pension-provider" | "bank-clearing";

const MECHANISM_NAMES: Record<BudgetMechanism, string> = {
  "direct-payment": "Direct payment account",
  "third-party": "Third-party budget account",
  notional: "Notional budget commitments",
};

export type LedgerAccount = typeof ledgerAccounts.$inferSelect;

async function ensureAccount(db: Database, values: typeof ledgerAccounts.$inferInsert): Promise<LedgerAccount> {
  await db.insert(ledgerAccounts).values(values).onConflictDoNothing();
  const [account] = await db
    .select()
    .from(ledgerAccounts)
    .where(and(eq(ledgerAccounts.commissionerId, values.commissionerId), eq(ledgerAccounts.code, values.code)));
  return account;
}

/**
 * A budget's account for one mechanism, opened on first use. Direct-payment and third-party accounts hold real
 * money and may never go below £0.00; notional commitments are a record only.
 */
export function ensureBudgetAccount(db: Database, budget: { id: string; commissionerId: string }, mechanism: BudgetMechanism) {
  return ensureAccount(db, {
    commissionerId: budget.commissionerId,
    kind: mechanism,
    budgetId: budget.id,
    code: `budget:${budget.id}:${mechanism}`,
    name: MECHANISM_NAMES[mechanism],
    mayOverdraw: mechanism === "notional",
  });
}

/** The commissioner's funding account, the outside world's accounts (HMRC, a pension provider, a payee, the bank). */
export function ensureOutsideAccount(
  db: Database,
  commissionerId: string,
  kind: OutsideAccountKind,
  options: { code?: string; name?: string } = {},
) {
  const defaults: Record<OutsideAccountKind, { code: string; name: string }> = {
    "commissioner-funding": { code: "funding", name: "Commissioner funding" },
    hmrc: { code: "hmrc", name: "HM Revenue and Customs" },
    "pension-provider": { code: "pension-provider", name: "Workplace pension provider" },
    "bank-clearing": { code: "bank-clearing", name: "Bank clearing" },
    payee: { code: "payee", name: "Payee" },
  };
  const { code, name } = { ...defaults[kind], ...options };
  return ensureAccount(db, { commissionerId, kind, code, name, mayOverdraw: true });
}

/** A payee or supplier's account, one per name within the commissioner. */
export function ensurePayeeAccount(db: Database, commissionerId: string, payeeName: string) {
  const slug = payeeName.trim().toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
  return ensureOutsideAccount(db, commissionerId, "payee", { code: `payee:${slug}`, name: payeeName.trim() });
}
