import { and, asc, between, eq } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { arrangements, bankStatementLines, instalments, ledgerAccounts } from "#db/schema";
import { recordBankAccount } from "~/budgets/bank-accounts.server";
import { confirmMatch, logBankLineAsSpend, markBankLine } from "~/reconciliation/matching.server";
import { importBankStatement } from "~/reconciliation/statement-imports.server";
import { logSpend } from "~/spending/spends.server";
import { loadPlanInForce } from "~/plans/plan-in-force.server";
import { actorOf } from "./plan-fixtures";
import { balanceOf, payrollWorld } from "./payroll-fixtures";

const pounds = (pence: number) => (pence / 100).toFixed(2);

/**
 * Holder A of the payroll world, paid monthly on a direct payment, with a bank account recorded, two spends logged
 * in November, and November's statement: the instalment (by its reference), a spend naming its payee, a direct debit
 * that names no one, money moved to the holder's savings, and a shop no one logged.
 */
export async function novemberWorld() {
  const w = await payrollWorld();
  const db = getDb();
  const finance = actorOf(w.finance);
  const holderId = w.a.holder.id;
  const recorded = await recordBankAccount(db, {
    actor: finance,
    holderId,
    details: { accountName: "PHB ACCOUNT", sortCode: "600173", accountNumber: "12345678" },
  });
  if (!recorded.ok) throw new Error(recorded.message);
  const plan = (await loadPlanInForce(db, holderId))!;
  const holder = actorOf(w.a.holderUser);
  const spend = async (spentOn: string, amountPence: number, newPayeeName: string, token: string) => {
    const logged = await logSpend(db, {
      actor: holder,
      holderId,
      formToken: `${token}-${holderId}`,
      spentOn,
      newPayeeName,
      amountPence,
      whatFor: "Support",
      supportLineId: plan.lines[0].id,
      howPaid: "account-transfer",
      receipts: [],
      today: "2026-11-23",
    });
    if (!logged.ok) throw new Error(logged.message);
    return logged.spend;
  };
  const sunrise = await spend("2026-11-10", 4_500, "Sunrise Care Ltd", "sunrise");
  const swim = await spend("2026-11-12", 2_000, "Swim club", "swim");
  const [instalment] = await db
    .select({ instalment: instalments })
    .from(instalments)
    .innerJoin(arrangements, eq(arrangements.id, instalments.arrangementId))
    .where(and(eq(arrangements.holderId, holderId), eq(arrangements.holding, "direct-payment"), between(instalments.dueOn, "2026-11-01", "2026-11-30")));
  if (!instalment) throw new Error("expected an instalment in November");
  const paidIn = instalment.instalment.dueOn.split("-").reverse().join("/");
  const [account] = await db
    .select({ id: ledgerAccounts.id })
    .from(ledgerAccounts)
    .innerJoin(arrangements, eq(arrangements.id, ledgerAccounts.arrangementId))
    .where(and(eq(arrangements.holderId, holderId), eq(arrangements.holding, "direct-payment")));

  // The bank ends the month where the ledger will once the shop is logged, less the £100 moved to savings.
  const lines: [string, string, number][] = [
    [paidIn, `NHS WEST ${instalment.instalment.paymentReference.replace(/ /g, "")}`, instalment.instalment.amountPence],
    ["12/11/2026", "CARD SUNRISE CARE", -4_500],
    ["14/11/2026", "DD 882231", -2_000],
    ["20/11/2026", "TRANSFER TO SAVINGS", -10_000],
    ["21/11/2026", "CORNER SHOP", -750],
  ];
  let balance = (await balanceOf(account.id)) - 750 - 10_000 - lines.reduce((sum, [, , pence]) => sum + pence, 0);
  const csv =
    "Date,Description,Amount,Balance\n" +
    lines
      .map(([date, text, pence]) => {
        balance += pence;
        return `${date},${text},${pounds(pence)},${pounds(balance)}`;
      })
      .join("\n");
  const base = { actor: finance, holderId };
  const bytes = new TextEncoder().encode(csv);
  const asked = await importBankStatement(db, { ...base, fileName: "november.csv", bytes });
  if (asked.state !== "confirm-columns") throw new Error("expected to confirm the columns");
  const imported = await importBankStatement(db, { ...base, fileName: "november.csv", uploadId: asked.uploadId, mapping: asked.mapping! });
  if (imported.state !== "imported") throw new Error("expected the statement imported");
  const bankLines = await db
    .select()
    .from(bankStatementLines)
    .where(eq(bankStatementLines.commissionerId, w.commissioner.id))
    .orderBy(asc(bankStatementLines.lineDate));
  const lineOf = (text: string) => bankLines.find((l) => l.description.startsWith(text))!;
  return { w, db, finance, holderId, plan, imported, bytes, instalment: instalment.instalment, sunrise, swim, lineOf };
}

/** Every line of November's statement accounted for: the direct debit confirmed, the savings marked, the shop logged. */
export async function settleNovember(world: Awaited<ReturnType<typeof novemberWorld>>) {
  const { db, finance, holderId, swim, lineOf, plan } = world;
  const results = [
    await confirmMatch(db, { actor: finance, holderId, lineId: lineOf("DD 882231").id, entryId: swim.journalEntryId }),
    await markBankLine(db, { actor: finance, holderId, lineId: lineOf("TRANSFER TO SAVINGS").id, outcome: "own-transfer", note: "" }),
    await logBankLineAsSpend(db, {
      actor: finance,
      holderId,
      lineId: lineOf("CORNER SHOP").id,
      supportLineId: plan.lines[0].id,
      payeeName: "Corner Shop",
      whatFor: "Craft materials",
      today: "2026-11-23",
    }),
  ];
  const refused = results.find((r) => !r.ok);
  if (refused && !refused.ok) throw new Error(refused.message);
}
