import { describe, expect, it } from "vitest";
import { payeeSimilarity, proposeMatches, type BankLineToMatch, type LedgerItem } from "./matching";

const line = (id: string, date: string, amountPence: number, description: string, reference: string | null = null): BankLineToMatch => ({
  id,
  date,
  amountPence,
  description,
  reference,
});
const item = (entryId: number, date: string, amountPence: number, payee: string | null, reference: string | null = null): LedgerItem => ({
  entryId,
  date,
  amountPence,
  payee,
  reference,
});

describe("payeeSimilarity", () => {
  it("finds a payee's name in a description the bank cut short, whatever its case", () => {
    expect(payeeSimilarity("Sunrise Care Ltd", "FP SUNRISE CAR 27MAR")).toBe(1);
    expect(payeeSimilarity("Chloe Adams", "BACS C ADAMS PAY")).toBe(0.5);
  });

  it("does not count words every company name has", () => {
    expect(payeeSimilarity("The Garden Centre Ltd", "LTD THE")).toBe(0);
  });
});

describe("proposeMatches", () => {
  it("matches money in to the instalment whose reference the bank line carries, however the bank spaced it", () => {
    const [proposal] = proposeMatches(
      [line("L1", "2026-04-03", 120_000, "NHS WEST PHB0034INST09")],
      [item(7, "2026-04-01", 120_000, null, "PHB 0034 INST 09")],
    );
    expect(proposal).toMatchObject({ lineId: "L1", entryId: 7, certain: true });
    expect(proposal.reasons).toContain("reference PHB 0034 INST 09");
  });

  it("matches money paid back by the date a recovery asked for, by its reference, however long after the recovery", () => {
    const recovery = { ...item(9, "2026-05-02", -25_050, "Commissioner funding", "PHB 0034 REC 01"), payBy: "2026-05-30" };
    const [paid] = proposeMatches([line("L1", "2026-05-27", -25_050, "FP NHS WESTSHIRE PHB0034 REC01")], [recovery]);
    expect(paid).toMatchObject({ lineId: "L1", entryId: 9, certain: true, reasons: ["same amount", "paid by 2026-05-30", "reference PHB 0034 REC 01"] });
    // A few days late is still it; weeks late, or before the recovery was decided, is not.
    expect(proposeMatches([line("L2", "2026-06-03", -25_050, "PHB0034REC01")], [recovery])).toMatchObject([{ certain: true }]);
    expect(proposeMatches([line("L3", "2026-06-20", -25_050, "PHB0034REC01")], [recovery])).toEqual([]);
    expect(proposeMatches([line("L4", "2026-04-20", -25_050, "PHB0034REC01")], [recovery])).toEqual([]);
  });

  it("matches a spend whose payee the line names within three days; a weaker one is only suggested", () => {
    const proposals = proposeMatches(
      [line("L1", "2026-04-05", -4_500, "CARD SUNRISE CARE"), line("L2", "2026-04-10", -2_000, "DD 882231")],
      [item(1, "2026-04-03", -4_500, "Sunrise Care Ltd"), item(2, "2026-04-06", -2_000, "Swim club")],
    );
    expect(proposals).toEqual([
      expect.objectContaining({ lineId: "L1", entryId: 1, certain: true }),
      expect.objectContaining({ lineId: "L2", entryId: 2, certain: false }),
    ]);
  });

  it("never pairs different amounts or dates outside the window", () => {
    expect(proposeMatches([line("L1", "2026-04-01", -4_500, "SUNRISE CARE")], [item(1, "2026-04-01", -4_501, "Sunrise Care")])).toEqual([]);
    expect(proposeMatches([line("L1", "2026-04-10", -4_500, "SUNRISE CARE")], [item(1, "2026-04-04", -4_500, "Sunrise Care")])).toEqual([]);
    expect(proposeMatches([line("L1", "2026-04-10", -4_500, "SUNRISE CARE")], [item(1, "2026-04-04", -4_500, "Sunrise Care")], 6)).toHaveLength(1);
  });

  it("pairs each line with one entry and each entry with one line", () => {
    const proposals = proposeMatches(
      [line("L1", "2026-04-02", -3_000, "ADAMS"), line("L2", "2026-04-09", -3_000, "ADAMS")],
      [item(1, "2026-04-02", -3_000, "Chloe Adams"), item(2, "2026-04-09", -3_000, "Chloe Adams")],
    );
    expect(proposals.map((p) => [p.lineId, p.entryId])).toEqual([
      ["L1", 1],
      ["L2", 2],
    ]);
  });

  it("leaves two equally good entries for finance to choose between rather than guessing", () => {
    const proposals = proposeMatches(
      [line("L1", "2026-04-05", -3_000, "C ADAMS")],
      [item(1, "2026-04-04", -3_000, "Chloe Adams"), item(2, "2026-04-06", -3_000, "Chloe Adams")],
    );
    expect(proposals).toHaveLength(1);
    expect(proposals[0].certain).toBe(false);
  });
});
