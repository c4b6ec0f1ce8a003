import iconv from "iconv-lite";
import { readCsvStatement } from "./statement-csv";
import { readOfxStatement } from "./statement-ofx";
import { looksLikeFieldText, readFieldTextStatement, readQifStatement } from "./statement-qif";
import { type ColumnMapping, failWith, NOT_A_STATEMENT, type StatementRead } from "./statement-read";

export type { ColumnMapping, StatementLine, StatementRead } from "./statement-read";

/** File types people pick by mistake, by their first bytes, each with what to do instead. */
const SIGNATURES: { bytes: number[]; message: string }[] = [
  { bytes: [0x25, 0x50, 0x44, 0x46], message: "This is a PDF: download your statement from your bank's website as CSV, OFX, QIF or text instead" },
  {
    bytes: [0x50, 0x4b, 0x03, 0x04],
    message: "This looks like an Excel or other compressed file: save it as CSV, or download your statement as CSV from your bank's website",
  },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0], message: "This is an old Excel file: save it as CSV (comma delimited) and choose that file instead" },
  { bytes: [0x89, 0x50, 0x4e, 0x47], message: "This is a picture, not a bank statement: download your statement from your bank's website as CSV instead" },
  { bytes: [0xff, 0xd8, 0xff], message: "This is a picture, not a bank statement: download your statement from your bank's website as CSV instead" },
];

const startsWith = (bytes: Uint8Array, prefix: number[]) => prefix.every((b, i) => bytes[i] === b);

/**
 * Turns a file's bytes into text: UTF-8 (with or without a byte-order mark), UTF-16 with its byte-order mark (Excel's
 * "Unicode text"), and otherwise Windows-1252, which older UK exports use and where £ is the single byte 0xA3.
 * Line endings become "\n" and non-breaking spaces become spaces, so every reader counts lines the same way.
 */
export function decodeStatementBytes(bytes: Uint8Array): { ok: true; text: string } | { ok: false; message: string } {
  const signature = SIGNATURES.find((s) => startsWith(bytes, s.bytes));
  if (signature) return { ok: false, message: signature.message };
  let text: string;
  if (startsWith(bytes, [0xff, 0xfe])) text = iconv.decode(Buffer.from(bytes.subarray(2)), "utf-16le");
  else if (startsWith(bytes, [0xfe, 0xff])) text = iconv.decode(Buffer.from(bytes.subarray(2)), "utf-16be");
  else {
    const body = startsWith(bytes, [0xef, 0xbb, 0xbf]) ? bytes.subarray(3) : bytes;
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(body);
    } catch {
      // Not valid UTF-8: every byte is a character in Windows-1252 (a superset of ISO-8859-1 for printable text).
      text = iconv.decode(Buffer.from(body), "win1252");
    }
  }
  // Control characters other than tab and line breaks do not occur in a text export; they mean a binary file.
  if (hasControlCharacters(text.slice(0, 4096))) return { ok: false, message: NOT_A_STATEMENT };
  return { ok: true, text: text.replace(/\r\n?/g, "\n").replace(/\u00a0/g, " ") };
}

function hasControlCharacters(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d && code !== 0x0c) return true;
  }
  return false;
}

export type StatementFileFormat = "csv" | "ofx" | "qif" | "text";

/** Chooses the format from the content; the file's name only decides when the content could be either. */
export function chooseStatementFormat(text: string, fileName: string): StatementFileFormat {
  const start = text.slice(0, 4096);
  if (/^\s*OFXHEADER\s*:/i.test(start) || /<\?OFX\b/i.test(start) || /<OFX>/i.test(start)) return "ofx";
  const firstLine = /^\s*(\S.*)$/m.exec(start)?.[1] ?? "";
  if (/^!(type|account|option|clear)/i.test(firstLine)) return "qif";
  if (/\.(ofx|qfx)$/i.test(fileName)) return "ofx";
  if (/\.qif$/i.test(fileName)) return "qif";
  return "csv";
}

/**
 * Reads a bank statement export into its transactions, all or nothing: either every line is good and they all come
 * back, or every bad line comes back by its line number in the file (the first 50, and how many more).
 * A CSV's columns are guessed from its header unless `mapping` (confirmed once by a person, kept by layout key) is given.
 */
export function readStatementFile(input: { bytes: Uint8Array; fileName: string; mapping?: ColumnMapping }): StatementRead {
  if (input.bytes.length === 0) return failWith("This file is empty");
  const decoded = decodeStatementBytes(input.bytes);
  if (!decoded.ok) return failWith(decoded.message);
  const text = decoded.text;
  if (text.trim() === "") return failWith("This file is empty");
  const format = chooseStatementFormat(text, input.fileName);
  if (format === "ofx") return readOfxStatement(text);
  const lines = text.split("\n");
  if (format === "qif") return readQifStatement(lines);
  const csv = readCsvStatement(text, input.mapping);
  // The text export has no columns; it is tried only when the file is not a CSV with a header we know.
  const noHeader = !csv.ok && csv.problems.every((p) => p.line === null);
  if (noHeader && !input.mapping && looksLikeFieldText(lines)) return readFieldTextStatement(lines);
  return csv;
}
