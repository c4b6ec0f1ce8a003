import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkReceipts, MAX_RECEIPT_BYTES, safeFileName, sniffReceiptType } from "./receipts";

const bytes = (...parts: (number[] | string)[]) => new Uint8Array(parts.flatMap((p) => (typeof p === "string" ? [...Buffer.from(p)] : p)));

const PDF = bytes("%PDF-1.7\n%\xe2\xe3\n1 0 obj\n");
const PNG = bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], "rest");
const JPEG = bytes([0xff, 0xd8, 0xff, 0xe0], "JFIF");
const HEIC = bytes([0, 0, 0, 0x18], "ftypheic", [0, 0, 0, 0], "mif1heic");
const HTML = bytes("<!doctype html><html><script>alert(1)</script></html>");

describe("sniffReceiptType", () => {
  it("tells PDF, PNG, JPEG and HEIC by their first bytes", () => {
    expect(sniffReceiptType(PDF)?.contentType).toBe("application/pdf");
    expect(sniffReceiptType(PNG)?.contentType).toBe("image/png");
    expect(sniffReceiptType(JPEG)?.contentType).toBe("image/jpeg");
    expect(sniffReceiptType(HEIC)?.contentType).toBe("image/heic");
  });
  it("refuses an HTML page whatever it is called", () => {
    expect(sniffReceiptType(HTML)).toBeNull();
    expect(checkReceipts([{ name: "receipt.pdf", bytes: HTML }])).toEqual({ ok: false, messages: ["receipt.pdf must be a PDF, JPG, PNG or HEIC"] });
  });
  it("never throws on any bytes (upload fuzzing)", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.string(), (b, name) => {
        const result = checkReceipts([{ name, bytes: b }]);
        expect(typeof result.ok).toBe("boolean");
      }),
    );
  });
});

describe("checkReceipts", () => {
  it("refuses a sixth file and a file over 5MB", () => {
    const six = Array.from({ length: 6 }, (_, i) => ({ name: `r${i}.png`, bytes: PNG }));
    expect(checkReceipts(six)).toMatchObject({ ok: false, messages: ["Select up to 5 receipts: you selected 6"] });
    const big = new Uint8Array(MAX_RECEIPT_BYTES + 1);
    big.set(PDF);
    expect(checkReceipts([{ name: "big.pdf", bytes: big }])).toEqual({ ok: false, messages: ["big.pdf must be smaller than 5MB"] });
  });
  it("accepts five good files and names them by their real type", () => {
    const result = checkReceipts([
      { name: "photo.pdf", bytes: PNG },
      { name: "a.pdf", bytes: PDF },
    ]);
    expect(result).toMatchObject({ ok: true, receipts: [{ safeName: "photo.png", contentType: "image/png" }, { safeName: "a.pdf" }] });
  });
  it("makes file names safe for a header", () => {
    expect(safeFileName('../"evil"\r\n.pdf', "pdf")).toBe("evil.pdf");
  });
});
