import { parse } from "csv-parse/sync";
import { guessMapping, layoutKey, mappedColumns, normaliseColumnName } from "./statement-columns";
import { type ColumnMapping, failWith, NOT_A_STATEMENT, notPounds, StatementCollector, type StatementLayout, type StatementRead } from "./statement-read";
import { cleanText, parseColumnAmount, parseDirection, parseStatementAmount, parseStatementDate, type ReadValue } from "./statement-values";

/** One CSV record: its cells with padding trimmed, and the file line it starts on. */
interface CsvRecord {
  line: number;
  cells: string[];
}

export const CHOOSE_COLUMNS =
  "We could not tell which columns hold the date, the description and the amount: choose them, and we will remember them for this bank's files";

// Lines before the header (account name, sort code) and after the transactions (totals) that are not transactions.
const SUMMARY =
  /^(total|totals|sub ?total|closing|opening|balance|brought forward|carried forward|b\/f|c\/f|end of|statement|summary|account|sort code|available|uncleared|pending|number of|generated|printed|page|date range|from|to)\b/i;
const BALANCE_LINE = /\b(balance|brought forward|carried forward|b\/f|c\/f)\b/i;

/** Banks use commas; a few "CSV" downloads are tab- or semicolon-separated, so those are tried when commas find no header. */
const DELIMITERS = [",", "\t", ";", "|"];

/**
 * Reads a CSV statement. The header row is found by its column names, wherever the preamble ends; when the caller
 * passes the mapping a person confirmed, it is used instead of the guess. A file without a header row whose lines are
 * date, description, amount[, balance] (as HSBC exports) is read that way.
 */
export function readCsvStatement(text: string, mapping?: ColumnMapping): StatementRead {
  let fallback: CsvRecord[] | null = null;
  for (const delimiter of DELIMITERS) {
    const parsed = parseRecords(text, delimiter);
    if (!parsed.ok) {
      if (delimiter === ",") return failWith(parsed.message);
      continue;
    }
    fallback ??= parsed.value;
    const headerAt = parsed.value.findIndex((r) => guessMapping(r.cells) !== null);
    if (headerAt >= 0) return readRecords(parsed.value, headerAt, mapping);
  }
  return readWithoutNamedHeader(fallback ?? [], mapping);
}

function parseRecords(text: string, delimiter: string): ReadValue<CsvRecord[]> {
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    rows = parse(text, { delimiter, info: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: false }) as unknown as typeof rows;
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    return { ok: false, message: `A quotation mark is not closed${line ? ` (by line ${line})` : ""}: this file cannot be read as CSV` };
  }
  let lastLine = 0;
  return {
    ok: true,
    value: rows.map(({ record, info }) => {
      const row = { line: lastLine + 1, cells: record.map(cleanText) };
      lastLine = info.lines;
      return row;
    }),
  };
}

const isBlank = (r: CsvRecord) => r.cells.every((c) => c === "");

/** Without a recognised header: the person's mapping, a headerless date,description,amount file, or a request to choose. */
function readWithoutNamedHeader(records: CsvRecord[], mapping?: ColumnMapping): StatementRead {
  const firstData = (dateColumn: number, amountColumn: number) =>
    records.findIndex((r) => parseStatementDate(r.cells[dateColumn] ?? "").ok && parseStatementAmount(r.cells[amountColumn] ?? "").ok);
  if (mapping) {
    const dataAt = firstData(mapping.date, mappedColumns(mapping).at(-1) ?? mapping.date);
    const at = dataAt >= 0 ? dataAt : records.findIndex((r) => parseStatementDate(r.cells[mapping.date] ?? "").ok);
    if (at < 0) return failWith("None of the lines in this file has a date in the column chosen for the date");
    const headerAt = previousNonBlank(records, at);
    // A preamble line narrower than the transactions is not their header: then the file has none.
    if (headerAt >= 0 && records[headerAt].cells.length >= records[at].cells.length) return readRecords(records, headerAt, mapping);
    return readRecords(records, at - 1, mapping, records[at].cells.length);
  }
  const dataAt = records.findIndex((r) => r.cells.some((c) => parseStatementDate(c).ok) && r.cells.some((c) => /\d/.test(c) && parseStatementAmount(c).ok));
  if (dataAt < 0) return failWith(NOT_A_STATEMENT);
  const width = records[dataAt].cells.length;
  // HSBC's CSV has no header row: date, description, amount and sometimes a balance, and nothing before them.
  const headerless = dataAt === firstData(0, 2) && (width === 3 || width === 4) && !parseStatementDate(records[dataAt].cells[1]).ok;
  if (headerless && records.slice(0, dataAt).every(isBlank)) {
    const mapping: ColumnMapping = {
      date: 0,
      description: [1],
      reference: null,
      amount: { kind: "signed", column: 2 },
      balance: width === 4 ? 3 : null,
      currency: null,
    };
    return readRecords(records, dataAt - 1, mapping, width, true);
  }
  const candidate = previousNonBlank(records, dataAt);
  const header = candidate >= 0 ? records[candidate].cells : [];
  return { ok: false, problems: [{ line: null, message: CHOOSE_COLUMNS }], more: 0, columns: { key: layoutKey(header), header } };
}

function previousNonBlank(records: CsvRecord[], index: number): number {
  for (let i = index - 1; i >= 0; i--) {
    if (!isBlank(records[i])) return i;
  }
  return -1;
}

/**
 * Reads every record after headerAt with the mapping. A file without a header row passes the width of its
 * transaction lines instead, and headerAt is the line before the first transaction.
 */
function readRecords(records: CsvRecord[], headerAt: number, given: ColumnMapping | undefined, headerlessWidth?: number, guessed = false): StatementRead {
  const header = headerAt >= 0 && headerlessWidth === undefined ? records[headerAt].cells : [];
  const mapping = given ?? guessMapping(header);
  if (!mapping) return failWith(CHOOSE_COLUMNS);
  const width = headerlessWidth ?? header.length;
  const needed = Math.max(...mappedColumns(mapping)) + 1;
  if (width > 0 && needed > width) return failWith(`The chosen columns do not fit this file: it has ${width} columns`);
  const headerKey = header.map(normaliseColumnName).join("\u001f");
  const collector = new StatementCollector();
  for (const record of records.slice(headerAt + 1)) {
    const { cells, line } = record;
    if (isBlank(record)) continue;
    const dateCell = cells[mapping.date] ?? "";
    if (!parseStatementDate(dateCell).ok) {
      if (header.length > 0 && cells.map(normaliseColumnName).join("\u001f") === headerKey) {
        collector.skip(line, "the column names again");
        continue;
      }
      if (SUMMARY.test(cells.find((c) => c !== "") ?? "")) {
        collector.skip(line, "a summary line, not a transaction");
        continue;
      }
    }
    const used = lastFilled(cells);
    if ((width > 0 && used > width) || cells.length < needed) {
      const expected = width > 0 ? width : needed;
      collector.problem(line, [`there are ${used} columns here, not ${expected}: check for a comma in a description without quotation marks round it`]);
      continue;
    }
    readRecord(collector, line, cells, mapping);
  }
  const layout: StatementLayout = {
    key: header.length ? layoutKey(header) : `csv-no-header-${width}`,
    header,
    mapping,
    guessed: guessed || given === undefined,
  };
  return collector.finish("csv", layout);
}

const lastFilled = (cells: string[]) => {
  let n = cells.length;
  while (n > 0 && cells[n - 1] === "") n--;
  return n;
};

function readRecord(collector: StatementCollector, line: number, cells: string[], mapping: ColumnMapping) {
  const cell = (i: number | null) => (i === null ? "" : (cells[i] ?? ""));
  const problems: string[] = [];
  const date = parseStatementDate(cell(mapping.date));
  if (!date.ok) problems.push(date.message);
  // NatWest and Lloyds start text cells with an apostrophe, Excel's mark for "keep as text"; it is not the bank's.
  const textCell = (i: number | null) => cell(i).replace(/^'/, "");
  const description = cleanText(mapping.description.map(textCell).join(" "));
  const currency = notPounds(cell(mapping.currency));
  if (currency) problems.push(`this line is in ${currency}: only amounts in pounds can be imported`);

  const amount = readAmount(cells, mapping);
  if (amount === "none") {
    if (BALANCE_LINE.test(description)) {
      collector.skip(line, "a balance line, not a transaction");
      return;
    }
    problems.push("the amount is missing");
  } else if (!amount.ok) problems.push(amount.message);

  const balanceCell = cell(mapping.balance);
  const balance = balanceCell === "" ? null : parseStatementAmount(balanceCell);
  if (balance && !balance.ok) problems.push(balance.message.replace("the amount", "the balance"));

  if (problems.length || !date.ok || amount === "none" || !amount.ok || (balance && !balance.ok)) {
    collector.problem(line, problems);
    return;
  }
  const reference = textCell(mapping.reference);
  collector.add({ line, date: date.value, amountPence: amount.value, description, reference: reference || null, balancePence: balance?.value ?? null });
}

/** The line's signed amount, or "none" when every amount cell is blank. */
function readAmount(cells: string[], mapping: ColumnMapping): ReadValue<number> | "none" {
  const cell = (i: number) => cells[i] ?? "";
  const amount = mapping.amount;
  if (amount.kind === "signed") return cell(amount.column) === "" ? "none" : parseStatementAmount(cell(amount.column));
  if (amount.kind === "signed-with-type") {
    if (cell(amount.column) === "") return "none";
    const read = parseStatementAmount(cell(amount.column));
    if (!read.ok || cell(amount.type) === "") return read;
    const direction = parseDirection(cell(amount.type));
    if (direction === null) return { ok: false, message: `the type "${cell(amount.type)}" is not CR or DR` };
    return { ok: true, value: direction * Math.abs(read.value) };
  }
  const moneyIn = cell(amount.moneyIn);
  const moneyOut = cell(amount.moneyOut);
  if (moneyIn === "" && moneyOut === "") return "none";
  const read = [moneyIn === "" ? null : parseColumnAmount(moneyIn, 1), moneyOut === "" ? null : parseColumnAmount(moneyOut, -1)];
  let total = 0;
  for (const r of read) {
    if (r && !r.ok) return r;
    if (r) total += r.value;
  }
  return { ok: true, value: total };
}
