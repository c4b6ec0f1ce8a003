import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { builtOnce, type Database } from "#db/client.server";
import { arrangements, ledgerAccounts, supportOrganisations } from "#db/schema";
import type { Holding } from "~/plans/rules";

export type Arrangement = typeof arrangements.$inferSelect;

/** The arrangement a holder's money for one way of holding it is in: with one organisation for a third-party budget. */
export interface ArrangementKey {
  commissionerId: string;
  holderId: string;
  holding: Holding;
  supportOrganisationId?: string | null;
}

async function nameFor(db: Database, key: ArrangementKey) {
  if (key.holding === "direct-payment") return "Direct payment account";
  if (key.holding === "notional") return "Support the NHS arranges";
  const [organisation] = await db
    .select({ name: supportOrganisations.name })
    .from(supportOrganisations)
    .where(eq(supportOrganisations.id, key.supportOrganisationId!));
  return `Third-party budget held by ${organisation?.name ?? "an organisation"}`;
}

function whereKey(key: ArrangementKey) {
  return and(
    eq(arrangements.holderId, key.holderId),
    eq(arrangements.holding, key.holding),
    key.holding === "third-party" ? eq(arrangements.supportOrganisationId, key.supportOrganisationId!) : isNull(arrangements.supportOrganisationId),
  );
}

/**
 * The holder's arrangement and its account, opened the first time the money is held that way (when a plan is
 * approved). Direct-payment and third-party accounts hold real money and may never go below £0.00; what the NHS
 * arranges is a record of what it pays on the holder's behalf.
 */
export async function openArrangement(db: Database, key: ArrangementKey & { on: string }) {
  if (key.holding === "third-party" && !key.supportOrganisationId) throw new Error("A third-party arrangement needs its organisation");
  // Every spend and instalment asks: one read when it is open already, as it nearly always is.
  const [open] = await db
    .select({ arrangement: arrangements, account: ledgerAccounts })
    .from(arrangements)
    .innerJoin(ledgerAccounts, and(eq(ledgerAccounts.arrangementId, arrangements.id), isNull(ledgerAccounts.budgetId)))
    .where(whereKey(key));
  if (open) return open;
  const name = await nameFor(db, key);
  await db
    .insert(arrangements)
    .values({
      commissionerId: key.commissionerId,
      holderId: key.holderId,
      holding: key.holding,
      supportOrganisationId: key.holding === "third-party" ? key.supportOrganisationId : null,
      name,
      openedOn: key.on,
    })
    .onConflictDoNothing();
  const [arrangement] = await db.select().from(arrangements).where(whereKey(key));
  await db
    .insert(ledgerAccounts)
    .values({
      commissionerId: arrangement.commissionerId,
      kind: arrangement.holding,
      arrangementId: arrangement.id,
      code: `arrangement:${arrangement.id}`,
      name: arrangement.name,
      mayOverdraw: arrangement.holding === "notional",
    })
    .onConflictDoNothing();
  const [account] = await db
    .select()
    .from(ledgerAccounts)
    .where(and(eq(ledgerAccounts.commissionerId, arrangement.commissionerId), eq(ledgerAccounts.code, `arrangement:${arrangement.id}`)));
  return { arrangement, account };
}

const arrangementsQuery = (db: Database) =>
  db
    .select({
      arrangement: arrangements,
      account: { id: ledgerAccounts.id, budgetId: ledgerAccounts.budgetId, balancePence: ledgerAccounts.balancePence },
    })
    .from(arrangements)
    .leftJoin(ledgerAccounts, eq(ledgerAccounts.arrangementId, arrangements.id))
    .where(eq(arrangements.holderId, sql.placeholder("holderId")))
    .orderBy(asc(arrangements.openedOn), asc(arrangements.createdAt), asc(ledgerAccounts.id))
    .prepare("arrangements_with_accounts");

/**
 * A holder's arrangements, direct payment first, each with its own account and every account that is part of its
 * history (accounts opened per plan version before arrangements, whose money was carried over).
 */
export async function listArrangements(db: Database, holderId: string) {
  const joined = await builtOnce(db, arrangementsQuery).execute({ holderId });
  const rows = [...new Map(joined.map((r) => [r.arrangement.id, r.arrangement])).values()];
  const order: Record<Holding, number> = { "direct-payment": 0, "third-party": 1, notional: 2 };
  return rows
    .map((arrangement) => {
      const family = joined.filter((r) => r.account && r.arrangement.id === arrangement.id).map((r) => r.account!);
      const own = family.find((a) => a.budgetId === null);
      return {
        ...arrangement,
        accountId: own?.id ?? null,
        accountIds: family.map((a) => a.id),
        balancePence: family.reduce((t, a) => t + a.balancePence, 0),
      };
    })
    .sort((a, b) => order[a.holding] - order[b.holding]);
}

export type ArrangementWithAccounts = Awaited<ReturnType<typeof listArrangements>>[number];
