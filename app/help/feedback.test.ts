import { describe, expect, it } from "vitest";
import { easeLabel, feedbackCsvRows } from "./feedback";

describe("feedback as a spreadsheet", () => {
  it("has a header row, then each answer in words with its UK date and time", () => {
    const rows = feedbackCsvRows([{ createdAt: new Date("2026-07-01T08:30:00Z"), ease: "difficult", couldBeBetter: "More help with receipts" }]);
    expect(rows).toEqual([
      ["Sent on", "How easy it was", "What could be better"],
      ["01/07/2026, 09:30", "Difficult", "More help with receipts"],
    ]);
  });

  it("names every answer in words", () => {
    expect(easeLabel("neither")).toBe("Neither easy nor difficult");
  });
});
