/** Receipts: up to 5 a spend, 5 MB each, PDF, JPEG, PNG or HEIC, told by their content (magic bytes), never the name. */
export const MAX_RECEIPTS = 5;
export const MAX_RECEIPT_BYTES = 5 * 1024 * 1024;

export type ReceiptType = { contentType: "application/pdf" | "image/jpeg" | "image/png" | "image/heic"; extension: string };

const HEIC_BRANDS = new Set(["heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1"]);

function startsWith(bytes: Uint8Array, prefix: number[], at = 0) {
  if (bytes.length < at + prefix.length) return false;
  return prefix.every((b, i) => bytes[at + i] === b);
}

/** What the bytes really are, or null for anything else (an HTML page named receipt.pdf is null). */
export function sniffReceiptType(bytes: Uint8Array): ReceiptType | null {
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return { contentType: "application/pdf", extension: "pdf" }; // %PDF-
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return { contentType: "image/jpeg", extension: "jpg" };
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { contentType: "image/png", extension: "png" };
  // ISO base media: a box size, then "ftyp", then the major brand.
  if (startsWith(bytes, [0x66, 0x74, 0x79, 0x70], 4) && bytes.length >= 12) {
    const brand = String.fromCharCode(...bytes.subarray(8, 12));
    if (HEIC_BRANDS.has(brand)) return { contentType: "image/heic", extension: "heic" };
  }
  return null;
}

export interface ReceiptUpload {
  name: string;
  bytes: Uint8Array;
}

export type CheckedReceipt = ReceiptUpload & ReceiptType & { safeName: string };

/** A name safe to put in a Content-Disposition header: letters, digits, dot, dash, underscore; the real type's extension. */
export function safeFileName(name: string, extension: string): string {
  const base =
    name
      .replace(/\.[^.]*$/, "")
      .replace(/[^A-Za-z0-9._-]+/g, "-")
      .replace(/^[-.]+|-+$/g, "")
      .slice(0, 80) || "receipt";
  return `${base}.${extension}`;
}

/** Every problem with the files, each as a message for the error summary; none means all are fine. */
export function checkReceipts(files: ReceiptUpload[]): { ok: true; receipts: CheckedReceipt[] } | { ok: false; messages: string[] } {
  const messages: string[] = [];
  if (files.length > MAX_RECEIPTS) messages.push(`Select up to ${MAX_RECEIPTS} receipts: you selected ${files.length}`);
  const receipts: CheckedReceipt[] = [];
  for (const file of files) {
    const label = file.name || "A file";
    if (file.bytes.length > MAX_RECEIPT_BYTES) {
      messages.push(`${label} must be smaller than 5MB`);
      continue;
    }
    if (file.bytes.length === 0) {
      messages.push(`${label} is empty`);
      continue;
    }
    const type = sniffReceiptType(file.bytes);
    if (!type) {
      messages.push(`${label} must be a PDF, JPG, PNG or HEIC`);
      continue;
    }
    receipts.push({ ...file, ...type, safeName: safeFileName(file.name, type.extension) });
  }
  return messages.length ? { ok: false, messages } : { ok: true, receipts };
}
