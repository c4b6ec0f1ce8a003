import { eq } from "drizzle-orm";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { ledgerAccounts } from "#db/schema";
import { availableAt } from "~/ledger/entries";
import { formatPence } from "~/ledger/money";
import { postEntry, reverseEntry, type PostEntryResult } from "~/ledger/post-entry.server";
import { verifyLedger } from "~/ledger/verify.server";
import { dpLedger } from "./ledger-fixtures";

type Op = { type: "fund" | "spend"; pence: number; day: number } | { type: "reverse"; pick: number } | { type: "replay"; pick: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ type: fc.constant("fund" as const), pence: fc.integer({ min: 1, max: 50_000 }), day: fc.integer({ min: 0, max: 60 }) }),
  fc.record({ type: fc.constant("spend" as const), pence: fc.integer({ min: 1, max: 50_000 }), day: fc.integer({ min: 0, max: 60 }) }),
  fc.record({ type: fc.constant("reverse" as const), pick: fc.nat() }),
  fc.record({ type: fc.constant("replay" as const), pick: fc.nat() }),
);

const dateOf = (day: number) => new Date(Date.UTC(2026, 3, 1 + day)).toISOString().slice(0, 10);

describe("ledger properties", () => {
  it("random postings, reversals, replays and refused overdraws keep every invariant verify-ledger checks (1,000 runs)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 8 }), async (ops) => {
        const db = getDb();
        const ledger = await dpLedger();
        // The model: what the holder's DP account should hold, in effective-date-then-entry order.
        const history: { entryId: number; effectiveDate: string; amountPence: number }[] = [];
        const posted: { key: string; kind: "fund" | "spend"; pence: number; date: string; entryId: number; reversed: boolean }[] = [];
        const sorted = () => [...history].sort((a, b) => a.effectiveDate.localeCompare(b.effectiveDate) || a.entryId - b.entryId);
        const submit = (kind: "fund" | "spend", key: string, pence: number, date: string) =>
          postEntry(db, {
            idempotencyKey: key,
            kind: kind === "fund" ? "instalment" : "spend",
            effectiveDate: date,
            lines:
              kind === "fund"
                ? [
                    { accountId: ledger.funding.id, amountPence: -pence },
                    { accountId: ledger.dp.id, amountPence: pence },
                  ]
                : [
                    { accountId: ledger.dp.id, amountPence: -pence },
                    { accountId: ledger.payee.id, amountPence: pence },
                  ],
            actor: ledger.actor,
          });
        const expectRefused = (result: PostEntryResult, available: number) =>
          expect(result).toMatchObject({
            ok: false,
            reason: "not-enough-money",
            message: `not enough money in the account: ${formatPence(available)} available`,
          });

        for (const [i, step] of ops.entries()) {
          if (step.type === "fund" || step.type === "spend") {
            const key = `op-${i}`;
            const date = dateOf(step.day);
            const delta = step.type === "fund" ? step.pence : -step.pence;
            const available = availableAt(sorted(), date);
            const result = await submit(step.type, key, step.pence, date);
            if (delta < 0 && available + delta < 0) {
              expectRefused(result, available);
            } else {
              expect(result).toMatchObject({ ok: true, replayed: false });
              if (!result.ok) return;
              history.push({ entryId: result.entry.id, effectiveDate: date, amountPence: delta });
              posted.push({ key, kind: step.type, pence: step.pence, date, entryId: result.entry.id, reversed: false });
            }
          } else if (posted.length > 0 && (step.type === "reverse" || step.type === "replay")) {
            const target = posted[step.pick % posted.length];
            if (step.type === "replay") {
              const again = await submit(target.kind, target.key, target.pence, target.date);
              expect(again).toMatchObject({ ok: true, replayed: true, entry: { id: target.entryId } });
            } else {
              const delta = target.kind === "fund" ? -target.pence : target.pence;
              const available = availableAt(sorted(), target.date);
              const result = await reverseEntry(db, { entryId: target.entryId, reason: "Property test", actor: ledger.actor });
              if (target.reversed) expect(result).toMatchObject({ ok: false, reason: "already-reversed" });
              else if (delta < 0 && available + delta < 0) expectRefused(result, available);
              else {
                expect(result).toMatchObject({ ok: true, entry: { reversesEntryId: target.entryId } });
                if (!result.ok) return;
                target.reversed = true;
                history.push({ entryId: result.entry.id, effectiveDate: target.date, amountPence: delta });
              }
            }
          }
        }

        const verification = await verifyLedger(db, { commissionerId: ledger.commissioner.id });
        expect(verification.breaks).toEqual([]);
        expect(verification.summary.trialBalancePence).toBe(0);
        const [dp] = await db.select().from(ledgerAccounts).where(eq(ledgerAccounts.id, ledger.dp.id));
        expect(dp.balancePence).toBe(history.reduce((t, h) => t + h.amountPence, 0));
        let running = 0;
        for (const h of sorted()) expect((running += h.amountPence)).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 1_000 },
    );
  }, 600_000);
});
