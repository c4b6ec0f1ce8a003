import { and, eq } from "drizzle-orm";
import type { Database } from "../../db/client.server";
import { holders, staffRoles, supportOrganisations, users } from "../../db/schema";
import { joinPooledAccount } from "../../app/budgets/bank-accounts.server";
import { paymentNumberText } from "../../app/ledger/instalments";
import { directPaymentAccounts, unmatchedLedgerItems } from "../../app/reconciliation/matching.server";
import { monthBounds, shiftMonth } from "../../app/reconciliation/periods";
import { recordPool } from "../../app/reconciliation/pooled-accounts.server";
import { importPooledStatement } from "../../app/reconciliation/pooled-statements.server";

const ukDate = (iso: string) => iso.split("-").reverse().join("/");

/**
 * A pooled account: the support organisation's client account, holding Leo's direct payment under his payment
 * number, and its statement for last month with his instalments in by their references (matched by themselves)
 * among other clients' money the demo does not know, shown as the pool's running balance only. Only Leo is in it:
 * the demo's one other direct payment, Aisha's, is in an account of her own.
 */
export async function seedPooledAccount(db: Database, input: { today: string }) {
  const [leo] = await db.select().from(holders).where(eq(holders.nhsNumber, "9990000042"));
  const [finance] = await db
    .select({ id: users.id })
    .from(users)
    .innerJoin(staffRoles, and(eq(staffRoles.userId, users.id), eq(staffRoles.role, "finance")))
    .where(eq(users.commissionerId, leo.commissionerId));
  const [organisation] = await db.select().from(supportOrganisations).where(eq(supportOrganisations.commissionerId, leo.commissionerId));
  const actor = { userId: finance.id, commissionerId: leo.commissionerId };
  const pool = await recordPool(db, {
    actor,
    details: { accountName: "LDPS CLIENT ACCOUNT", sortCode: "401276", accountNumber: "71554409", supportOrganisationId: organisation.id },
  });
  if (!pool.ok) throw new Error(`seeding the pooled account: ${pool.message}`);
  const reference = paymentNumberText(leo.paymentNumber);
  const joined = await joinPooledAccount(db, { actor, holderId: leo.id, poolId: pool.poolId, poolReference: reference });
  if (!joined.ok) throw new Error(`seeding the pooled account: ${joined.message}`);

  const { startsOn, endsOn } = monthBounds(shiftMonth(input.today.slice(0, 7), -1));
  const accounts = (await directPaymentAccounts(db, leo.id))!;
  const paidIn = (await unmatchedLedgerItems(db, accounts, startsOn, endsOn)).filter((i) => i.kind === "instalment");
  if (paidIn.length === 0) return;
  let balance = 2_450_000;
  const csv = [
    "Transaction date,Narrative,Payment reference,Amount,Balance",
    ...paidIn.map((i) => {
      balance += i.amountPence;
      return `${ukDate(i.date)},NHS LLR ICB,${i.reference},${(i.amountPence / 100).toFixed(2)},${(balance / 100).toFixed(2)}`;
    }),
  ].join("\n");
  const base = { actor, poolId: pool.poolId, fileName: "client-account.csv" };
  const asked = await importPooledStatement(db, { ...base, bytes: new TextEncoder().encode(csv) });
  if (asked.state !== "confirm-columns" || !asked.mapping) throw new Error(`seeding the pooled statement: ${JSON.stringify(asked)}`);
  const imported = await importPooledStatement(db, { ...base, uploadId: asked.uploadId, mapping: asked.mapping });
  if (imported.state !== "imported") throw new Error(`seeding the pooled statement: ${JSON.stringify(imported)}`);
}
