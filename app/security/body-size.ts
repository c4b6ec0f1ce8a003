/** The largest body a page takes, other than the spend form's receipts: a statement of resources CSV, say. */
export const MAX_REQUEST_BYTES = 5 * 1024 * 1024;

/** Pages that refuse an over-size declared body themselves, before reading it, with a message on the form. */
const CHECKS_OWN_SIZE = [/^\/spending\/new$/, /^\/support\/payroll$/, /^\/budget\/bank-statements$/, /^\/staff\/holders\/[^/]+\/bank-statements$/];

/**
 * Whether to refuse a request's body before anything reads it. Node stops reading a body at its declared length, so
 * a declared length within the limit bounds what the portal holds; a body with no declared length (sent in chunks)
 * could be any size, and browsers always declare one, so it is refused.
 */
export function refuseBody(request: {
  method: string;
  path: string;
  contentLength: string | undefined;
  transferEncoding: string | undefined;
}): { status: 411 | 413; message: string } | null {
  if (request.method === "GET" || request.method === "HEAD") return null;
  if (request.transferEncoding !== undefined && request.contentLength === undefined) {
    return { status: 411, message: "Send the request with a Content-Length header." };
  }
  if (!CHECKS_OWN_SIZE.some((page) => page.test(request.path)) && Number(request.contentLength ?? 0) > MAX_REQUEST_BYTES) {
    return { status: 413, message: "The request is too large: it must be smaller than 5MB." };
  }
  return null;
}

/**
 * The most fields any form of ours sends: the plan form, the largest, sends about a dozen for each support line.
 * Well under PostgreSQL's 65,535 parameters a query may have, so a repeated field (receipts kept, lines chosen) that
 * reaches a query cannot break it.
 */
export const MAX_FORM_FIELDS = 5_000;
/** Rows of a repeated group, such as supportLines[n]: a row number is an array index, and a huge one costs minutes to parse. */
export const MAX_FORM_ROWS = 1_000;
const MAX_FIELD_NAME = 200;

/** Why a submitted form is refused before anything parses it, or null: too many fields, a row past any form's, a made-up name. */
export function formShapeProblem(names: Iterable<string>): string | null {
  let fields = 0;
  for (const name of names) {
    if (++fields > MAX_FORM_FIELDS) return `The form has too many fields: it must have ${MAX_FORM_FIELDS.toLocaleString("en-GB")} or fewer.`;
    if (name.length > MAX_FIELD_NAME) return "The form has a field with a name that is too long.";
    for (const [, row] of name.matchAll(/\[(\d+)\]/g)) {
      if (row.length > 4 || Number(row) >= MAX_FORM_ROWS) return `The form has too many rows: it must have ${MAX_FORM_ROWS.toLocaleString("en-GB")} or fewer.`;
    }
  }
  return null;
}
