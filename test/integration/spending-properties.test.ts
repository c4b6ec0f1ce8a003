import { randomUUID } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { postings, spends } from "#db/schema";
import { loadSpendVsPlan } from "~/spending/report.server";
import { editSpend, logSpend } from "~/spending/spends.server";
import { spendInput, spendingWorld, TODAY, type SpendingWorld } from "./spending-fixtures";

/** What the ledger says was spent on a line: the direct-payment legs of the line's spend entries and their reversals. */
async function ledgerSpentOnLine(w: SpendingWorld, lineKey: string) {
  const lineSpends = await w.db.select().from(spends).where(eq(spends.lineKey, lineKey));
  const entryIds = lineSpends.flatMap((s) => [s.journalEntryId, ...(s.reversalEntryId ? [s.reversalEntryId] : [])]);
  if (!entryIds.length) return 0;
  const legs = await w.db
    .select({ amountPence: postings.amountPence })
    .from(postings)
    .where(and(inArray(postings.entryId, entryIds), eq(postings.accountId, w.dp.id)));
  return -legs.reduce((t, l) => t + l.amountPence, 0);
}

describe("spend vs plan", () => {
  it("always equals the ledger's postings for each line, through spends, edits and refusals", async () => {
    const w = await spendingWorld({ fundedPence: 60_000 });
    const ops = fc.array(
      fc.record({
        line: fc.constantFrom("pa", "activities"),
        amountPence: fc.integer({ min: 1, max: 30_000 }),
        day: fc.integer({ min: 1, max: 22 }),
        edit: fc.option(fc.integer({ min: 1, max: 20_000 }), { nil: null }),
      }),
      { minLength: 1, maxLength: 6 },
    );
    await fc.assert(
      fc.asyncProperty(ops, async (steps) => {
        for (const step of steps) {
          const line = step.line === "pa" ? w.pa : w.activities;
          const logged = await logSpend(
            w.db,
            spendInput(w, { supportLineId: line.id, amountPence: step.amountPence, spentOn: `2026-11-${String(step.day).padStart(2, "0")}` }),
          );
          if (logged.ok && step.edit !== null) {
            await editSpend(w.db, {
              ...spendInput(w, { supportLineId: line.id, amountPence: step.edit, formToken: randomUUID() }),
              spendId: logged.spend.id,
              reason: "Corrected",
            });
          }
        }
        const report = await loadSpendVsPlan(w.db, { holderId: w.holder.id, today: TODAY });
        for (const line of [w.pa, w.activities]) {
          const row = report!.lines.find((l) => l.lineKey === line.lineKey)!;
          expect(row.spentPence).toBe(await ledgerSpentOnLine(w, line.lineKey));
          expect(row.leftPence).toBe(line.amountPence - row.spentPence);
        }
        expect(report!.totals.spentPence).toBe(report!.lines.reduce((t, l) => t + l.spentPence, 0));
      }),
      { numRuns: 15 },
    );
  });
});
