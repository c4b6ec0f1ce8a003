/** The largest body a page takes, other than the spend form's receipts: a statement of resources CSV, say. */
export const MAX_REQUEST_BYTES = 5 * 1024 * 1024;

/** Pages that refuse an over-size declared body themselves, before reading it, with a message on the form. */
const CHECKS_OWN_SIZE = new Set(["/spending/new"]);

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
  if (!CHECKS_OWN_SIZE.has(request.path) && Number(request.contentLength ?? 0) > MAX_REQUEST_BYTES) {
    return { status: 413, message: "The request is too large: it must be smaller than 5MB." };
  }
  return null;
}
