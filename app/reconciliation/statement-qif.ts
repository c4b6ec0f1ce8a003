import { roleOfName } from "./statement-columns";
import { failWith, notPounds, StatementCollector, type StatementRead } from "./statement-read";
import { cleanText, parseColumnAmount, parseStatementAmount, parseStatementDate, type ReadValue } from "./statement-values";

/** A field of a QIF record or of a text export's block: its letter or name, its value and its line. */
interface Field {
  key: string;
  value: string;
  line: number;
}

// Investment and memorised-list sections hold no bank transactions; their records are passed over, not misread.
const BANK_TYPES = /^!type:(bank|ccard|cash|oth a|oth l)\s*$/i;

/**
 * QIF: `!Type:Bank` then records of one-letter fields, each ended by `^`. D date (27/03/2026 or 27/03'26), T or U
 * amount, P payee, M memo, N number. Split lines (S, E, $) add up to T, so only T is read.
 */
export function readQifStatement(lines: string[]): StatementRead {
  const collector = new StatementCollector();
  let inBank = false;
  let sawType = false;
  let record: Field[] = [];
  lines.forEach((raw, index) => {
    const text = cleanText(raw);
    const line = index + 1;
    if (text === "") return;
    if (text.startsWith("!")) {
      if (/^!type:/i.test(text)) {
        sawType = true;
        inBank = BANK_TYPES.test(text);
      } else if (/^!account/i.test(text)) inBank = false;
      record = [];
      return;
    }
    if (text.startsWith("^")) {
      if (inBank && record.length) readQifRecord(collector, record);
      record = [];
      return;
    }
    record.push({ key: text[0].toUpperCase(), value: text.slice(1).trim(), line });
  });
  if (inBank && record.length) readQifRecord(collector, record);
  if (!sawType) return failWith("This QIF file has no !Type line, so it is not a bank statement");
  return collector.finish("qif", null);
}

function readQifRecord(collector: StatementCollector, record: Field[]) {
  const get = (key: string) => record.find((f) => f.key === key);
  const line = record[0].line;
  const dateField = get("D");
  const amountField = get("T") ?? get("U");
  const date = parseStatementDate(dateField?.value ?? "");
  const amount = parseStatementAmount(amountField?.value ?? "");
  if (!date.ok) collector.problem(dateField?.line ?? line, [dateField ? date.message : "the transaction has no D date"]);
  if (!amount.ok) collector.problem(amountField?.line ?? line, [amountField ? amount.message : "the transaction has no T amount"]);
  if (!date.ok || !amount.ok) return;
  const payee = get("P")?.value ?? "";
  const memo = get("M")?.value ?? "";
  const description = memo === "" || memo === payee ? payee : payee === "" ? memo : `${payee} ${memo}`;
  collector.add({ line, date: date.value, amountPence: amount.value, description, reference: get("N")?.value || null, balancePence: null });
}

const FIELD_LINE = /^([A-Za-z][A-Za-z ()/.]{0,40}?)\s*:\s*(.*)$/;

/** Does this text look like the `Field: value` export: a "Date:" line and an "Amount:" (or paid in/out) line? */
export function looksLikeFieldText(lines: string[]): boolean {
  let date = false;
  let amount = false;
  for (const raw of lines) {
    const match = FIELD_LINE.exec(cleanText(raw));
    if (!match || match[2] === "") continue;
    const role = roleOfName(match[1]);
    if (role === "date") date = true;
    if (role === "amount" || role === "moneyIn" || role === "moneyOut") amount = true;
    if (date && amount) return true;
  }
  return false;
}

/**
 * The text export some banks offer instead of CSV (Santander's, padded with non-breaking spaces): blocks of
 * `Date: 27/03/2026`, `Description: ...`, `Amount: -12.40 GBP`, `Balance: 1,234.56 GBP`, one per transaction.
 * Blocks without a date and an amount ("From: ... to ...", "Account: ...") are the statement's heading.
 */
export function readFieldTextStatement(lines: string[]): StatementRead {
  const collector = new StatementCollector();
  let block: Field[] = [];
  const end = () => {
    if (block.length) readBlock(collector, block);
    block = [];
  };
  lines.forEach((raw, index) => {
    const text = cleanText(raw);
    if (text === "") return end();
    const match = FIELD_LINE.exec(text);
    if (!match) {
      // A description carried onto a second line belongs to the field before it.
      const last = block.at(-1);
      if (last) last.value = `${last.value} ${text}`;
      else collector.skip(index + 1, "not a field of a transaction");
      return;
    }
    const field = { key: match[1], value: match[2], line: index + 1 };
    // Some exports leave no blank line between transactions: a second date starts the next one.
    if (roleOfName(field.key) === "date" && block.some((f) => roleOfName(f.key) === "date")) end();
    block.push(field);
  });
  end();
  return collector.finish("text", null);
}

function readBlock(collector: StatementCollector, block: Field[]) {
  const byRole = (role: string) => block.find((f) => roleOfName(f.key) === role);
  const dateField = byRole("date");
  const amountField = byRole("amount");
  const inField = byRole("moneyIn");
  const outField = byRole("moneyOut");
  if (!dateField && !amountField && !inField && !outField) return;
  const line = block[0].line;
  const problems: { line: number; message: string }[] = [];
  const date = parseStatementDate(dateField?.value ?? "");
  if (!date.ok) problems.push({ line: dateField?.line ?? line, message: dateField ? date.message : "the transaction has no Date" });
  let amount: ReadValue<number> = { ok: false, message: "the transaction has no Amount" };
  const amountLine = (amountField ?? inField ?? outField)?.line ?? line;
  const withCurrency = (field: Field) => {
    const code = /\s([A-Z]{3})$/.exec(field.value)?.[1];
    const foreign = code ? notPounds(code) : null;
    return foreign ? { ok: false as const, message: `this line is in ${foreign}: only amounts in pounds can be imported` } : null;
  };
  if (amountField) amount = withCurrency(amountField) ?? parseStatementAmount(amountField.value);
  else if (inField?.value) amount = withCurrency(inField) ?? parseColumnAmount(inField.value, 1);
  else if (outField?.value) amount = withCurrency(outField) ?? parseColumnAmount(outField.value, -1);
  if (!amount.ok) problems.push({ line: amountLine, message: amount.message });
  const balanceField = byRole("balance");
  const balance = balanceField && balanceField.value !== "" ? parseStatementAmount(balanceField.value) : null;
  if (balance && !balance.ok) problems.push({ line: balanceField!.line, message: balance.message.replace("the amount", "the balance") });
  if (problems.length || !date.ok || !amount.ok || (balance && !balance.ok)) {
    for (const p of problems) collector.problem(p.line, [p.message]);
    return;
  }
  collector.add({
    line,
    date: date.value,
    amountPence: amount.value,
    description: cleanText(byRole("description")?.value ?? ""),
    reference: byRole("reference")?.value || null,
    balancePence: balance?.value ?? null,
  });
}
