import type { ColumnMapping } from "./statement-read";

/** The choice of columns as the confirm form sends it: each a column's position, or "" for none. */
export type ColumnChoiceFields = Partial<Record<"date" | "description" | "amountStyle" | "amount" | "moneyIn" | "moneyOut" | "balance" | "reference", string>>;

type Problem = { fieldId: keyof ColumnChoiceFields; message: string };

/**
 * What the person importing says each column holds. A CR/DR column is not offered: the guess finds it, and a person
 * choosing by hand has signed amounts or a pair of columns in every export we know of.
 */
export function readColumnChoice(fields: ColumnChoiceFields, columnCount: number): { ok: true; mapping: ColumnMapping } | { ok: false; errors: Problem[] } {
  const errors: Problem[] = [];
  const column = (name: keyof ColumnChoiceFields, required: string | null): number | null => {
    const value = fields[name] ?? "";
    if (value === "") {
      if (required) errors.push({ fieldId: name, message: required });
      return null;
    }
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0 || n >= columnCount) {
      errors.push({ fieldId: name, message: "Select one of the file's columns" });
      return null;
    }
    return n;
  };
  const date = column("date", "Select the column with the date of each transaction");
  const description = column("description", "Select the column that says what each transaction was");
  const style = fields.amountStyle;
  if (style !== "signed" && style !== "in-out") errors.push({ fieldId: "amountStyle", message: "Select how the file shows money in and money out" });
  const amount = style === "signed" ? column("amount", "Select the column with the amount") : null;
  const moneyIn = style === "in-out" ? column("moneyIn", "Select the column with money paid in") : null;
  const moneyOut = style === "in-out" ? column("moneyOut", "Select the column with money paid out") : null;
  if (style === "in-out" && moneyIn !== null && moneyIn === moneyOut)
    errors.push({ fieldId: "moneyOut", message: "Money paid out must be a different column from money paid in" });
  const balance = column("balance", null);
  const reference = column("reference", null);
  if (errors.length) return { ok: false, errors };
  return {
    ok: true,
    mapping: {
      date: date!,
      description: [description!],
      reference,
      amount: style === "signed" ? { kind: "signed", column: amount! } : { kind: "in-out", moneyIn: moneyIn!, moneyOut: moneyOut! },
      balance,
      currency: null,
    },
  };
}

/** A mapping as the confirm form's choices, so a guess is offered as already chosen. */
export function choiceOf(mapping: ColumnMapping | null): ColumnChoiceFields {
  if (!mapping) return {};
  const at = (n: number | null | undefined) => (n === null || n === undefined ? "" : String(n));
  const amount = mapping.amount;
  return {
    date: at(mapping.date),
    description: at(mapping.description[0]),
    reference: at(mapping.reference),
    balance: at(mapping.balance),
    amountStyle: amount.kind === "in-out" ? "in-out" : "signed",
    amount: amount.kind === "in-out" ? "" : at(amount.column),
    moneyIn: amount.kind === "in-out" ? at(amount.moneyIn) : "",
    moneyOut: amount.kind === "in-out" ? at(amount.moneyOut) : "",
  };
}
