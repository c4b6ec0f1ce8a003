import { eq } from "drizzle-orm";
import { expect } from "vitest";
import { getDb, type Database } from "#db/client.server";
import { arrangements, holders, instalments } from "#db/schema";
import type { Actor } from "~/audit/audit.server";
import { openArrangement } from "~/budgets/arrangements.server";
import { ensureOutsideAccount } from "~/ledger/accounts.server";
import { postEntry } from "~/ledger/post-entry.server";
import { verifyLedger } from "~/ledger/verify.server";
import { insertCommissioner, newNhsNumber } from "../factories";

export const SYSTEM = (commissionerId: string): Actor => ({ userId: null, commissionerId });

/** A commissioner with one direct-payment holder, their DP account (funded when `fundedPence` > 0) and a payee. */
export async function dpLedger(options: { fundedPence?: number; db?: Database } = {}) {
  const db = options.db ?? getDb();
  const commissioner = await insertCommissioner(db);
  const [holder] = await db
    .insert(holders)
    .values({ commissionerId: commissioner.id, nhsNumber: newNhsNumber(), givenName: "Test", familyName: "Holder", dateOfBirth: "1980-01-01", cohort: "chc" })
    .returning();
  const { account: dp, arrangement } = await openArrangement(db, {
    commissionerId: commissioner.id,
    holderId: holder.id,
    holding: "direct-payment",
    on: "2026-04-01",
  });
  const funding = await ensureOutsideAccount(db, commissioner.id, "commissioner-funding");
  const payee = await ensureOutsideAccount(db, commissioner.id, "payee", { code: "payee:sunrise", name: "Sunrise Care Agency" });
  const actor = SYSTEM(commissioner.id);
  if (options.fundedPence) {
    const funded = await postEntry(db, {
      idempotencyKey: `fund:${dp.id}`,
      kind: "instalment",
      effectiveDate: "2026-04-01",
      lines: [
        { accountId: funding.id, amountPence: -options.fundedPence },
        { accountId: dp.id, amountPence: options.fundedPence },
      ],
      actor,
      onBehalfOf: holder.id,
    });
    if (!funded.ok) throw new Error(funded.message);
  }
  return { db, commissioner, holder, arrangement, dp, funding, payee, actor };
}

export function spend(ledger: Awaited<ReturnType<typeof dpLedger>>, key: string, pence: number, effectiveDate = "2026-04-02") {
  return postEntry(ledger.db, {
    idempotencyKey: key,
    kind: "spend",
    effectiveDate,
    description: "Personal assistant hours",
    lines: [
      { accountId: ledger.dp.id, amountPence: -pence },
      { accountId: ledger.payee.id, amountPence: pence },
    ],
    actor: ledger.actor,
    onBehalfOf: ledger.holder.id,
  });
}

/** verify-ledger finds nothing wrong in the commissioner's ledger (the check the issue asks for after each money test). */
export async function expectLedgerClean(commissionerId: string, db: Database = getDb()) {
  expect((await verifyLedger(db, { commissionerId })).breaks).toEqual([]);
}

/** The instalments paid into a holder's direct-payment and third-party arrangements, in the order they fell due. */
export async function paidInto(holderId: string, db: Database = getDb()) {
  return db
    .select({
      number: instalments.number,
      dueOn: instalments.dueOn,
      amountPence: instalments.amountPence,
      yearStart: instalments.planYearStartsOn,
      holding: arrangements.holding,
    })
    .from(instalments)
    .innerJoin(arrangements, eq(arrangements.id, instalments.arrangementId))
    .where(eq(arrangements.holderId, holderId))
    .orderBy(instalments.dueOn);
}
