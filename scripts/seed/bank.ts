import { and, eq, sql } from "drizzle-orm";
import { rowsOf, type Database } from "../../db/client.server";
import { holders, staffRoles, users } from "../../db/schema";
import { recordBankAccount } from "../../app/budgets/bank-accounts.server";
import { directPaymentAccounts, ledgerIds, unmatchedLedgerItems } from "../../app/reconciliation/matching.server";
import { monthBounds, shiftDays, shiftMonth } from "../../app/reconciliation/periods";
import { importBankStatement } from "../../app/reconciliation/statement-imports.server";

const SHORT_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const bankDate = (iso: string) => `${iso.slice(8, 10)} ${SHORT_MONTHS[Number(iso.slice(5, 7)) - 1]} ${iso.slice(0, 4)}`;
const pounds = (pence: number) => `£${(Math.abs(pence) / 100).toLocaleString("en-GB", { minimumFractionDigits: 2 })}`;
const quoted = (cells: string[]) => cells.map((c) => `"${c}"`).join(",");

/**
 * Aisha's direct payment account at the bank, and its statement for last month as her bank exports it, imported by
 * finance: what finance finds when they open the reconciliation. The statement is what the ledger says, as a bank
 * shows it (card payments a day after, names in capitals), except as real months are: one direct debit that names
 * no one (a match to confirm), a shop no one logged (a line to explain), and the month's last spend still clearing.
 */
export async function seedBankStatement(db: Database, input: { today: string }) {
  const [aisha] = await db.select().from(holders).where(eq(holders.nhsNumber, "9990000034"));
  const [finance] = await db
    .select({ id: users.id })
    .from(users)
    .innerJoin(staffRoles, and(eq(staffRoles.userId, users.id), eq(staffRoles.role, "finance")))
    .where(eq(users.commissionerId, aisha.commissionerId));
  const actor = { userId: finance.id, commissionerId: aisha.commissionerId };
  const recorded = await recordBankAccount(db, {
    actor,
    holderId: aisha.id,
    details: { accountName: "MISS A RAHMAN PHB ACCOUNT", sortCode: "309430", accountNumber: "00733445" },
  });
  if (!recorded.ok) throw new Error(`seeding the bank account: ${recorded.message}`);

  const month = shiftMonth(input.today.slice(0, 7), -1);
  const { startsOn, endsOn } = monthBounds(month);
  const accounts = (await directPaymentAccounts(db, aisha.id))!;
  const items = await unmatchedLedgerItems(db, accounts, startsOn, endsOn);
  const spends = items.filter((i) => i.kind === "spend");
  if (spends.length < 3) return;
  const [opening] = rowsOf<{ pence: string }>(
    await db.execute(sql`select coalesce(sum(amount_pence), 0) as pence from postings
      where account_id in (${ledgerIds(accounts.ledgerAccountIds)}) and effective_date < ${startsOn}`),
  );
  const vague = spends[0].entryId;
  const clearing = spends[spends.length - 1].entryId;
  const lines = items
    .filter((i) => i.entryId !== clearing)
    .map((i) => {
      if (i.kind === "instalment") return { date: i.date, type: "Bank credit", text: `NHS LLR ICB ${i.reference}`, pence: i.amountPence };
      const cleared = [shiftDays(i.date, 1), endsOn].sort()[0];
      if (i.entryId === vague) return { date: cleared, type: "Direct debit", text: "DD 00482213", pence: i.amountPence };
      const type = i.kind === "payroll" ? "Faster payment" : "Contactless payment";
      return {
        date: cleared,
        type,
        text: (i.payee ?? i.description)
          .replace(/\s*\(.*\)/, "")
          .toUpperCase()
          .slice(0, 22),
        pence: i.amountPence,
      };
    });
  lines.push({ date: shiftDays(startsOn, 14), type: "Contactless payment", text: "CO-OP GROUP 4471", pence: -840 });
  lines.sort((a, b) => a.date.localeCompare(b.date));
  let balance = Number(opening.pence);
  const csv = [
    quoted(["Account Name:", "FlexAccount ****3445"]),
    "",
    quoted(["Date", "Transaction type", "Description", "Paid out", "Paid in", "Balance"]),
    ...lines.map((l) => {
      balance += l.pence;
      return quoted([bankDate(l.date), l.type, l.text, l.pence < 0 ? pounds(l.pence) : "", l.pence > 0 ? pounds(l.pence) : "", pounds(balance)]);
    }),
  ].join("\r\n");
  const base = { actor, holderId: aisha.id, fileName: `statement-${month}.csv` };
  const asked = await importBankStatement(db, { ...base, bytes: new TextEncoder().encode(csv) });
  if (asked.state !== "confirm-columns" || !asked.mapping) throw new Error(`seeding the bank statement: ${JSON.stringify(asked)}`);
  const imported = await importBankStatement(db, { ...base, uploadId: asked.uploadId, mapping: asked.mapping });
  if (imported.state !== "imported") throw new Error(`seeding the bank statement: ${JSON.stringify(imported)}`);
}
