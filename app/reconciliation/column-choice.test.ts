import { describe, expect, it } from "vitest";
import { choiceOf, readColumnChoice } from "./column-choice";

describe("readColumnChoice", () => {
  it("reads a signed amount or a pair of columns, and says what is missing", () => {
    expect(readColumnChoice({ date: "0", description: "2", amountStyle: "signed", amount: "3", balance: "4", reference: "" }, 5)).toEqual({
      ok: true,
      mapping: { date: 0, description: [2], reference: null, amount: { kind: "signed", column: 3 }, balance: 4, currency: null },
    });
    expect(readColumnChoice({ date: "1", description: "0", amountStyle: "in-out", moneyIn: "3", moneyOut: "2" }, 4)).toMatchObject({
      ok: true,
      mapping: { amount: { kind: "in-out", moneyIn: 3, moneyOut: 2 }, balance: null },
    });
    expect(readColumnChoice({ date: "", description: "9", amountStyle: "in-out", moneyIn: "1", moneyOut: "1" }, 4)).toEqual({
      ok: false,
      errors: [
        { fieldId: "date", message: "Select the column with the date of each transaction" },
        { fieldId: "description", message: "Select one of the file's columns" },
        { fieldId: "moneyOut", message: "Money paid out must be a different column from money paid in" },
      ],
    });
    expect(readColumnChoice({ date: "0", description: "1" }, 3)).toMatchObject({ errors: [{ fieldId: "amountStyle" }] });
  });

  it("offers a guess back as the same choice", () => {
    const fields = { date: "0", description: "1", amountStyle: "in-out", amount: "", moneyIn: "3", moneyOut: "2", balance: "4", reference: "" };
    const read = readColumnChoice(fields, 5);
    if (!read.ok) throw new Error("should read");
    expect(choiceOf(read.mapping)).toEqual(fields);
  });
});
