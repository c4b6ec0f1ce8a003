import { describe, expect, it } from "vitest";
import { describeChanges } from "./changes";
import { NO_NAMES, type AuditNames } from "./names";

const LINE = "5f0c6a52-8d4e-4a5b-9a53-3b1f2c8a9d10";
const names: AuditNames = { ...NO_NAMES, lines: { [LINE]: "Personal assistant hours" }, users: { "0b9e2c5e-2a61-4f7e-8f0e-6f0f6f9b7d21": "Grace Okafor" } };

describe("describeChanges", () => {
  it("reads a ledger entry as the money moved, the line it is for and its date, with no account ids or keys", () => {
    const after = {
      kind: "spend",
      effectiveDate: "2026-11-03",
      description: "Carer's wages, October",
      idempotencyKey: "spend:7b1e…:post",
      lines: [
        { accountId: "a6d5c9b8-1f0e-4c3b-9a8d-7e6f5a4b3c2d", amountPence: -45_050 },
        { accountId: "b7e6d0c9-2a1f-4d4c-8b9e-8f7a6b5c4d3e", amountPence: 45_050 },
      ],
      reversesEntryId: null,
      reason: null,
      supportLineKey: LINE,
    };
    const changes = describeChanges({}, after, names);
    expect(changes).toEqual([
      { field: "Kind of entry", before: "", after: "Spend" },
      { field: "Date", before: "", after: "3 November 2026" },
      { field: "Description", before: "", after: "Carer's wages, October" },
      { field: "Amount moved", before: "", after: "£450.50" },
      { field: "Support line", before: "", after: "Personal assistant hours" },
    ]);
    expect(JSON.stringify(changes)).not.toMatch(/[0-9a-f]{8}-|idempotency|spend:/i);
  });

  it("shows only the fields that changed, money in pounds and people by name", () => {
    const changes = describeChanges(
      { finalPence: 2_604_000, decidedBy: "0b9e2c5e-2a61-4f7e-8f0e-6f0f6f9b7d21", startsOn: "2026-04-01" },
      { finalPence: 2_700_000, decidedBy: "0b9e2c5e-2a61-4f7e-8f0e-6f0f6f9b7d21", startsOn: "2026-04-01" },
      names,
    );
    expect(changes).toEqual([{ field: "Final budget", before: "£26,040.00", after: "£27,000.00" }]);
  });
});
