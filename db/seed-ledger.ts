import { and, eq, gt, inArray } from "drizzle-orm";
import type { Database } from "./client.server";
import { budgets, holders, representatives, staffRoles, users } from "./schema";
import type { Actor } from "../app/audit/audit.server";
import { ensureBudgetAccount, ensureOutsideAccount, ensurePayeeAccount } from "../app/ledger/accounts.server";
import { postDueInstalments, setUpInstalmentSchedule } from "../app/ledger/instalments.server";
import { postEntry, reverseEntry } from "../app/ledger/post-entry.server";

/** A year of 4-weekly instalments, up to the day before the demo's "today" of 23 November 2026. */
export const SEED_FIRST_INSTALMENT = "2025-11-24";
export const SEED_LEDGER_UNTIL = "2026-11-22";

function addDays(date: string, days: number) {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** What a direct-payment holder typically pays for in a 4-week period, in pence, by day of the period. */
interface Plan {
  payroll?: { payee: string; netPence: number; taxPence: number; pensionPence: number; everyDays: number };
  spends: { day: number; payee: string; pence: number; description: string; everyPeriods?: number }[];
}

const PLANS: Record<string, Plan> = {
  // Aisha employs a personal assistant through payroll, and goes to a weekly art class.
  "9990000034": {
    payroll: { payee: "Chloe Evans (personal assistant)", netPence: 32_850, taxPence: 3_640, pensionPence: 1_510, everyDays: 7 },
    spends: [
      { day: 3, payee: "Leicester Community Arts", pence: 4_800, description: "Art classes, 4 weeks" },
      { day: 10, payee: "Arriva Midlands", pence: 6_500, description: "Bus pass, monthly" },
      { day: 17, payee: "Ability Equipment Ltd", pence: 12_999, description: "Daily living equipment", everyPeriods: 4 },
    ],
  },
  // Leo's family buys respite care from an agency and swimming lessons; the rest of his budget is notional.
  "9990000042": {
    spends: [
      { day: 2, payee: "Brightside Respite Care", pence: 42_000, description: "Respite care, 2 weekends" },
      { day: 16, payee: "Brightside Respite Care", pence: 42_000, description: "Respite care, 2 weekends" },
      { day: 6, payee: "Aquaterra Leisure", pence: 4_800, description: "Swimming lessons, 4 weeks" },
      { day: 20, payee: "Sensory Direct", pence: 8_950, description: "Sensory toys", everyPeriods: 3 },
    ],
  },
};

/**
 * Ledger history for the demo: each direct-payment budget gets a schedule and a year of instalments, and the
 * spending its holder (or their representative) logged against it, including one mistake reversed by finance.
 * Idempotent like the ledger itself: the keys make a second run post nothing.
 */
export function seedLedger(db: Database) {
  // All or nothing, like the rest of the demo data; each entry is a savepoint inside it.
  return db.transaction((tx) => seedLedgerIn(tx));
}

async function seedLedgerIn(db: Database) {
  const dpBudgets = await db
    .select({ budget: budgets, holder: holders })
    .from(budgets)
    .innerJoin(holders, eq(holders.id, budgets.holderId))
    .where(gt(budgets.directPaymentPence, 0));
  if (dpBudgets.length === 0) return;
  const commissionerIds = [...new Set(dpBudgets.map((b) => b.budget.commissionerId))];
  const finance = await db
    .select({ id: users.id, commissionerId: users.commissionerId })
    .from(users)
    .innerJoin(staffRoles, and(eq(staffRoles.userId, users.id), eq(staffRoles.role, "finance")))
    .where(inArray(users.commissionerId, commissionerIds));

  for (const { budget, holder } of dpBudgets) {
    const plan = PLANS[holder.nhsNumber];
    if (!plan) continue;
    const system: Actor = { userId: null, commissionerId: budget.commissionerId };
    await setUpInstalmentSchedule(db, { budgetId: budget.id, firstDate: SEED_FIRST_INSTALMENT, actor: system });
    await postDueInstalments(db, { until: SEED_LEDGER_UNTIL, commissionerId: budget.commissionerId });

    // Who logged the spending: the holder, or the representative acting for them.
    const [rep] = await db.select({ userId: representatives.userId }).from(representatives).where(eq(representatives.holderId, holder.id));
    const actor: Actor = { userId: holder.userId ?? rep?.userId ?? null, commissionerId: budget.commissionerId, onBehalfOfHolderId: holder.userId ? null : holder.id };
    const dp = await ensureBudgetAccount(db, budget, "direct-payment");
    const payee = (name: string) => ensurePayeeAccount(db, budget.commissionerId, name);
    const post = async (input: Omit<Parameters<typeof postEntry>[1], "actor" | "onBehalfOf">) => {
      const result = await postEntry(db, { ...input, actor, onBehalfOf: holder.id });
      if (!result.ok) throw new Error(`seeding the ledger: ${input.idempotencyKey}: ${result.message}`);
      return result.entry;
    };

    for (let period = 0, start = SEED_FIRST_INSTALMENT; start <= SEED_LEDGER_UNTIL; period++, start = addDays(start, 28)) {
      if (plan.payroll) {
        const p = plan.payroll;
        const pa = await payee(p.payee);
        const hmrc = await ensureOutsideAccount(db, budget.commissionerId, "hmrc");
        const pension = await ensureOutsideAccount(db, budget.commissionerId, "pension-provider");
        for (let day = 4; day < 28; day += p.everyDays) {
          const date = addDays(start, day);
          if (date > SEED_LEDGER_UNTIL) break;
          const gross = p.netPence + p.taxPence + p.pensionPence;
          await post({
            idempotencyKey: `seed:payroll:${budget.id}:${date}`,
            kind: "payroll",
            effectiveDate: date,
            description: `Payroll: ${p.payee}, week to ${date}`,
            lines: [
              { accountId: dp.id, amountPence: -gross },
              { accountId: pa.id, amountPence: p.netPence },
              { accountId: hmrc.id, amountPence: p.taxPence },
              { accountId: pension.id, amountPence: p.pensionPence },
            ],
            sourceType: "payroll-run",
          });
        }
      }
      for (const s of plan.spends) {
        if (s.everyPeriods && period % s.everyPeriods !== 0) continue;
        const date = addDays(start, s.day);
        if (date > SEED_LEDGER_UNTIL) continue;
        await post({
          idempotencyKey: `seed:spend:${budget.id}:${date}:${s.payee}`,
          kind: "spend",
          effectiveDate: date,
          description: s.description,
          lines: [{ accountId: dp.id, amountPence: -s.pence }, { accountId: (await payee(s.payee)).id, amountPence: s.pence }],
          sourceType: "spend",
        });
      }
    }

    // A spend logged twice in September, reversed by finance; and a refund from a supplier in October.
    const first = plan.spends[0];
    const duplicate = await post({
      idempotencyKey: `seed:duplicate:${budget.id}`,
      kind: "spend",
      effectiveDate: "2026-09-18",
      description: `${first.description} (logged twice)`,
      lines: [{ accountId: dp.id, amountPence: -first.pence }, { accountId: (await payee(first.payee)).id, amountPence: first.pence }],
      sourceType: "spend",
    });
    const financeUser = finance.find((f) => f.commissionerId === budget.commissionerId);
    const reversed = await reverseEntry(db, {
      entryId: duplicate.id,
      reason: "The same invoice was logged twice",
      actor: { userId: financeUser?.id ?? null, commissionerId: budget.commissionerId },
    });
    if (!reversed.ok && reversed.reason !== "already-reversed") throw new Error(`seeding the ledger: ${reversed.message}`);
    await post({
      idempotencyKey: `seed:refund:${budget.id}`,
      kind: "refund",
      effectiveDate: "2026-10-09",
      description: `Refund from ${first.payee}: session cancelled`,
      lines: [{ accountId: (await payee(first.payee)).id, amountPence: -Math.floor(first.pence / 4) }, { accountId: dp.id, amountPence: Math.floor(first.pence / 4) }],
      sourceType: "spend",
    });
  }
}
