import { describe, expect, it } from "vitest";
import { ledgerMeasureOf, moneyTable, moneyTotals } from "./dashboard";

describe("moneyTable", () => {
  it("counts instalments as paid, spending less refunds as spent and clawbacks as recovered, each per way of holding", () => {
    const table = moneyTable(
      [
        { held: "direct-payment", kind: "instalment", pence: 100_000 },
        { held: "direct-payment", kind: "spend", pence: -30_000 },
        { held: "direct-payment", kind: "refund", pence: 5_000 },
        { held: "direct-payment", kind: "payroll", pence: -20_000 },
        { held: "direct-payment", kind: "clawback", pence: -10_000 },
        { held: "notional", kind: "card-transaction", pence: -1_000 },
        { held: "notional", kind: "adjustment", pence: 999 },
        { held: "third-party", kind: "instalment", pence: 50_000 },
      ],
      { "direct-payment": 1_200_000, "third-party": 600_000, notional: 0 },
    );
    expect(table["direct-payment"]).toEqual({ committed: 1_200_000, paid: 100_000, spent: 45_000, recovered: 10_000 });
    expect(table.notional).toEqual({ committed: 0, paid: 0, spent: 1_000, recovered: 0 });
    expect(moneyTotals(table)).toEqual({ committed: 1_800_000, paid: 150_000, spent: 46_000, recovered: 10_000 });
  });

  it("leaves adjustments and reversals with no original kind out", () => {
    expect(ledgerMeasureOf("adjustment")).toBeNull();
    expect(ledgerMeasureOf("reversal")).toBeNull();
  });
});
