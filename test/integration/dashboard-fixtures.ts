import { eq, inArray } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { arrangements, holders, instalments, periodReconciliations } from "#db/schema";
import { recordBankAccount } from "~/budgets/bank-accounts.server";
import { openArrangement } from "~/budgets/arrangements.server";
import { ensureOutsideAccount } from "~/ledger/accounts.server";
import { postDueInstalments } from "~/ledger/instalments.server";
import { postEntry, reverseEntry, type PostEntryInput } from "~/ledger/post-entry.server";
import { importBankStatement } from "~/reconciliation/statement-imports.server";
import { insertHolder } from "../factories";
import { actorOf, approveVersion, planContent, planWorld } from "./plan-fixtures";

export const TODAY = "2026-11-30";

async function must(input: PostEntryInput) {
  const posted = await postEntry(getDb(), input);
  if (!posted.ok) throw new Error(`${input.idempotencyKey}: ${posted.message}`);
  return posted.entry.id;
}

/**
 * One commissioner's year so far, every amount known: Ann (CHC) holds her budget all three ways, Bob (mental health)
 * as a direct payment, Cy has no plan yet. Both are paid their instalments from April to November; Ann spends from
 * her direct payment (one spend reversed, one refunded) and the NHS buys her therapy from her notional budget; money
 * is recovered from Bob. Ann's October statement is in; Bob's September is reconciled, his August was and was reopened.
 */
export async function dashboardWorld() {
  const db = getDb();
  const w = await planWorld();
  const c = w.commissioner.id;
  const system = { userId: null, commissionerId: c };
  const ann = w.holder;
  await db.update(holders).set({ givenName: "Ann", familyName: "Avery" }).where(eq(holders.id, ann.id));
  await approveVersion(
    w,
    planContent("2026-04-01", [
      { description: "Personal assistants", amountPence: 1_200_000, holding: "direct-payment", outcomePositions: [1] },
      { description: "Day centre", amountPence: 600_000, holding: "third-party", thirdPartyOrganisationId: w.organisation.id, outcomePositions: [1] },
      { description: "Therapy", amountPence: 300_000, holding: "notional", outcomePositions: [1] },
    ]),
    "2026-03-25",
  );
  const { holder: bob, user: bobUser } = await insertHolder(c);
  await db.update(holders).set({ givenName: "Bob", familyName: "Baker", cohort: "mental-health" }).where(eq(holders.id, bob.id));
  await approveVersion(
    { ...w, holder: bob, holderUser: bobUser! },
    planContent("2026-04-01", [{ description: "Personal assistants", amountPence: 600_000, holding: "direct-payment", outcomePositions: [1] }]),
    "2026-03-25",
  );
  const { holder: cy } = await insertHolder(c);
  for (const holderId of [ann.id, bob.id]) await postDueInstalments(db, { until: "2026-11-23", holderId });

  const account = async (holderId: string, holding: "direct-payment" | "third-party" | "notional") =>
    (
      await openArrangement(db, {
        commissionerId: c,
        holderId,
        holding,
        supportOrganisationId: holding === "third-party" ? w.organisation.id : null,
        on: "2026-04-01",
      })
    ).account.id;
  const funding = (await ensureOutsideAccount(db, c, "commissioner-funding")).id;
  const payee = (await ensureOutsideAccount(db, c, "payee", { code: "payee:dash-care", name: "Dash Care Ltd" })).id;
  const annDp = await account(ann.id, "direct-payment");
  const annNotional = await account(ann.id, "notional");
  const bobDp = await account(bob.id, "direct-payment");
  const entry = (key: string, kind: PostEntryInput["kind"], effectiveDate: string, from: number, to: number, pence: number, onBehalfOf: string) =>
    must({
      idempotencyKey: `${key}:${c}`,
      kind,
      effectiveDate,
      description: `${kind} ${key}`,
      lines: [
        { accountId: from, amountPence: -pence },
        { accountId: to, amountPence: pence },
      ],
      actor: system,
      onBehalfOf,
    });
  const dpSpends = [
    await entry("care", "spend", "2026-05-10", annDp, payee, 4_500, ann.id),
    await entry("swim", "spend", "2026-05-12", annDp, payee, 2_000, ann.id),
  ];
  await entry("refund", "refund", "2026-05-20", payee, annDp, 500, ann.id);
  const reversed = await reverseEntry(db, { entryId: dpSpends[1], reason: "Logged twice", actor: system });
  if (!reversed.ok) throw new Error(reversed.message);
  const therapy = await entry("therapy", "spend", "2026-06-02", annNotional, payee, 7_000, ann.id);
  const clawback = await entry("clawback", "clawback", "2026-10-15", bobDp, funding, 10_000, bob.id);

  const finance = actorOf(w.finance);
  const recorded = await recordBankAccount(db, {
    actor: finance,
    holderId: ann.id,
    details: { accountName: "ANN AVERY PHB", sortCode: "600173", accountNumber: "12345678" },
  });
  if (!recorded.ok) throw new Error(recorded.message);
  const mapping = { date: 0, description: [1], reference: null, amount: { kind: "signed" as const, column: 2 }, balance: null, currency: null };
  await importBankStatement(db, {
    actor: finance,
    holderId: ann.id,
    fileName: "october.csv",
    bytes: new TextEncoder().encode("Date,Description,Amount\n03/10/2026,CARD SHOP,-12.00\n20/10/2026,CARD CAFE,-3.50\n"),
    mapping,
  });
  const reconciled = { commissionerId: c, holderId: bob.id, ledgerClosingPence: 0, agreedBalancePence: 0, reconciledBy: w.finance.id };
  await db.insert(periodReconciliations).values([
    { ...reconciled, periodStartsOn: "2026-09-01", periodEndsOn: "2026-09-30" },
    { ...reconciled, periodStartsOn: "2026-08-01", periodEndsOn: "2026-08-31", reopenedAt: new Date(), reopenedBy: w.finance.id, reopenReason: "Wrong" },
  ]);

  const paid = await db
    .select({ holderId: arrangements.holderId, holding: arrangements.holding, amountPence: instalments.amountPence })
    .from(instalments)
    .innerJoin(arrangements, eq(arrangements.id, instalments.arrangementId))
    .where(inArray(arrangements.holderId, [ann.id, bob.id]));
  const opened = await db
    .select()
    .from(arrangements)
    .where(inArray(arrangements.holderId, [ann.id, bob.id]));
  return { ...w, ann, bob, cy, paid, opened, entries: { dpSpends, therapy, clawback, reversal: reversed.entry.id } };
}

export type DashboardWorld = Awaited<ReturnType<typeof dashboardWorld>>;
