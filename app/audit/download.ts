import type { CsvCell } from "~/security/spreadsheet-csv";
import type { AuditChange } from "./changes";

export interface DownloadedEntry {
  at: Date;
  sentence: string;
  forWhom: string;
  changes: AuditChange[];
  requestId: string | null;
}

const when = new Intl.DateTimeFormat("en-GB", { dateStyle: "short", timeStyle: "medium", timeZone: "Europe/London" });

/** The audit log as an auditor takes it away: the same words as the page, the change on one line, and the request that
 * tied several entries together. */
export function auditCsvRows(entries: readonly DownloadedEntry[]): CsvCell[][] {
  return [
    ["When (UK time)", "What happened", "For whom", "What changed", "Request"],
    ...entries.map((e) => [
      when.format(e.at),
      e.sentence,
      e.forWhom,
      e.changes.map((c) => `${c.field}: ${c.before || "None"} to ${c.after || "None"}`).join("; "),
      e.requestId ?? "",
    ]),
  ];
}
