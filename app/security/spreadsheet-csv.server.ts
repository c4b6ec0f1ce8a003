import { stringify } from "csv-stringify/sync";
import { neutraliseCell, type CsvCell } from "./spreadsheet-csv";

/**
 * Every CSV the portal writes goes through here (RFC 4180, CRLF): text cells are neutralised, quoted where they
 * hold a comma, quote or line break, with quotes doubled.
 */
export function writeCsv(rows: readonly (readonly CsvCell[])[]): string {
  return stringify(
    rows.map((row) => row.map((cell) => (typeof cell === "string" ? neutraliseCell(cell) : cell.csvNumber))),
    // csv-stringify quotes a field holding the record delimiter, CRLF, but not a lone CR or LF: quote those too.
    { record_delimiter: "windows", quoted_match: /[\r\n]/ },
  );
}
