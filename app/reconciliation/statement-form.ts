import { formText, formTextValues } from "~/http/form-data";
import { readColumnChoice, choiceOf, type ColumnChoiceFields } from "./column-choice";
import type { ColumnMapping, StatementProblem } from "./statement-read";

/*
 * The bank statement form as finance's page and the holder's both take it: a file to upload, or the columns of a
 * layout not seen before, confirmed. What the form says back is the same on both pages.
 */

export const MAX_STATEMENT_BYTES = 10 * 1024 * 1024;
// The multipart wrapping and the other fields around the file.
const FORM_OVERHEAD_BYTES = 64 * 1024;

export interface FieldProblem {
  fieldId: string;
  message: string;
}

/** The columns of a layout no one has confirmed yet, as the confirm form shows them. */
export interface ConfirmColumnsForm {
  uploadId: string;
  fileName: string;
  header: string[];
  choice: ColumnChoiceFields;
}

export interface StatementReply {
  errors: FieldProblem[];
  /** How many problems there were beyond those listed. */
  more?: number;
  confirm?: ConfirmColumnsForm;
}

export type StatementFormInput = { fileName: string; bytes: Uint8Array } | { fileName: string; uploadId: string; mapping: ColumnMapping };

/** Refused before the body is read: a statement bigger than this is a longer period than anyone reconciles at once. */
export function statementTooBig(contentLength: string | null): StatementReply | null {
  if (Number(contentLength ?? 0) <= MAX_STATEMENT_BYTES + FORM_OVERHEAD_BYTES) return null;
  return { errors: [{ fieldId: "file", message: "The file is bigger than 10 MB: download a shorter period from the bank" }] };
}

/** The file uploaded, or the confirmed columns of the one kept; or what to put right. */
export async function readStatementForm(form: FormData): Promise<{ ok: true; input: StatementFormInput } | { ok: false; reply: StatementReply }> {
  if (formText(form, "intent") === "confirm") {
    const header = form.getAll("header").map(String);
    const choice = formTextValues(form) as ColumnChoiceFields;
    const read = readColumnChoice(choice, header.length);
    const confirm = { uploadId: formText(form, "uploadId"), fileName: formText(form, "fileName"), header, choice };
    if (!read.ok) return { ok: false, reply: { errors: read.errors, confirm } };
    return { ok: true, input: { fileName: confirm.fileName, uploadId: confirm.uploadId, mapping: read.mapping } };
  }
  const file = form.get("file");
  if (!(file instanceof File) || file.size === 0) return { ok: false, reply: { errors: [{ fieldId: "file", message: "Select the bank statement file" }] } };
  return { ok: true, input: { fileName: file.name.slice(0, 200), bytes: new Uint8Array(await file.arrayBuffer()) } };
}

/** What the page says when the statement was not imported: its columns to confirm, or every problem by line. */
export function statementReply(
  result:
    | { state: "confirm-columns"; uploadId: string; fileName: string; header: string[]; mapping: ColumnMapping | null }
    | { state: "refused"; problems: StatementProblem[]; more: number },
): { reply: StatementReply; status: 200 | 400 } {
  if (result.state === "confirm-columns") {
    return {
      reply: { errors: [], confirm: { uploadId: result.uploadId, fileName: result.fileName, header: result.header, choice: choiceOf(result.mapping) } },
      status: 200,
    };
  }
  const errors = result.problems.map((p) => ({
    fieldId: "file",
    message: p.line === null ? p.message : `Line ${p.line}: ${p.message.replace(/^Line \d+: /, "")}`,
  }));
  return { reply: { errors, more: result.more }, status: 400 };
}

/** While a large statement's lines are written, its page reloads itself every few seconds, with or without JavaScript. */
const REFRESH_SECONDS = 3;

export function refreshWhileImporting(imports: { state: string }[] | undefined): { headers: { Refresh: string } } | undefined {
  return imports?.some((i) => i.state === "importing") ? { headers: { Refresh: String(REFRESH_SECONDS) } } : undefined;
}
