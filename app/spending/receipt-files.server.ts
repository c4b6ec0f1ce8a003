import { createHash } from "node:crypto";
import { and, eq, lt, notExists, sql } from "drizzle-orm";
import { rowsOf, type Database } from "#db/client.server";
import { receiptFiles, spendReceipts, spends } from "#db/schema";
import { recordAudit, type Actor } from "~/audit/audit.server";
import { checkReceipts, type CheckedReceipt, type ReceiptUpload } from "./receipts";

export function sha256(bytes: Uint8Array) {
  return createHash("sha256").update(bytes).digest("hex");
}

/**
 * Stores a receipt's bytes once, by their SHA-256; returns the hash. Storing the same file again renews its time,
 * so a file checked again today is not removed as an unconfirmed upload from yesterday. Through a database function:
 * the portal's role cannot read or change another commissioner's files (migration 0015).
 */
export async function storeReceiptFile(db: Database, bytes: Uint8Array) {
  const hash = sha256(bytes);
  await db.execute(sql`select receipt_file_store(${hash}, ${Buffer.from(bytes)})`);
  return hash;
}

/** A receipt checked on the check-your-answers step, carried to the confirm step by its hash. */
export type KeptReceipt = { sha256: string; size: number; name: string };

/**
 * A spend's receipts, checked together: those kept from the check step (read back by their hashes) and any new
 * uploads. One kept too long unconfirmed has been removed, and must be attached again.
 */
export async function gatherReceipts(
  db: Database,
  input: { kept: KeptReceipt[]; uploads: ReceiptUpload[] },
): Promise<{ ok: true; receipts: CheckedReceipt[]; kept: KeptReceipt[] } | { ok: false; messages: string[]; kept: KeptReceipt[] }> {
  const stored = await readReceiptFiles(
    db,
    input.kept.map((k) => k.sha256),
  );
  const kept = input.kept.filter((k) => stored.has(k.sha256));
  const messages = input.kept.filter((k) => !stored.has(k.sha256)).map((k) => `Attach ${k.name} again: receipts are kept for a day until the spend is logged`);
  const checked = checkReceipts([...kept.map((k) => ({ name: k.name, bytes: stored.get(k.sha256)! })), ...input.uploads]);
  if (!checked.ok) return { ok: false, messages: [...messages, ...checked.messages], kept };
  return messages.length ? { ok: false, messages, kept } : { ok: true, receipts: checked.receipts, kept };
}

/** Stores checked receipts for the confirm step, which carries only their hashes. */
export async function keepReceipts(db: Database, receipts: CheckedReceipt[]): Promise<KeptReceipt[]> {
  const kept: KeptReceipt[] = [];
  for (const r of receipts) kept.push({ sha256: await storeReceiptFile(db, r.bytes), size: r.bytes.length, name: r.safeName });
  return kept;
}

/** Receipts kept this long on the check-your-answers step without the spend being logged are removed. */
export const UNCONFIRMED_RECEIPT_HOURS = 24;

/**
 * Removes receipt files uploaded at the check step of a spend that was never logged: stored more than a day ago
 * and attached to no spend. Someone confirming after that is asked to attach the file again.
 */
export async function removeUnconfirmedReceipts(db: Database, input: { now: Date; actor: Actor }) {
  const cutoff = new Date(input.now.getTime() - UNCONFIRMED_RECEIPT_HOURS * 3_600_000);
  return db.transaction(async (tx) => {
    const removed = await tx
      .delete(receiptFiles)
      .where(
        and(
          lt(receiptFiles.createdAt, cutoff),
          notExists(
            tx
              .select({ one: sql`1` })
              .from(spendReceipts)
              .where(eq(spendReceipts.sha256, receiptFiles.sha256)),
          ),
        ),
      )
      .returning({ sha256: receiptFiles.sha256, sizeBytes: receiptFiles.sizeBytes });
    if (removed.length) {
      await recordAudit(tx, input.actor, {
        action: "spending.unconfirmed-receipts-removed",
        entityType: "receipt-files",
        entityId: "unconfirmed",
        after: { files: removed.length, bytes: removed.reduce((sum, r) => sum + r.sizeBytes, 0), storedBefore: cutoff.toISOString() },
      });
    }
    return removed.length;
  });
}

/** Reads stored receipt bytes back (for the check-your-answers step, which carries only their hashes). */
export async function readReceiptFiles(db: Database, hashes: string[]) {
  if (!hashes.length) return new Map<string, Uint8Array>();
  // By hash, not through the table: a file not yet attached to a spend is in no commissioner's rows.
  const rows = rowsOf<{ sha256: string; content: Uint8Array }>(
    await db.execute(
      sql`select sha256, content from receipt_files_by_hash(array[${sql.join(
        hashes.map((h) => sql`${h}`),
        sql`, `,
      )}]::text[])`,
    ),
  );
  return new Map(rows.map((r) => [r.sha256, new Uint8Array(r.content)]));
}

/** A stored receipt of one of the holder's spends, or null. */
export async function loadReceipt(db: Database, input: { holderId: string; receiptId: string }) {
  const [row] = await db
    .select({ fileName: spendReceipts.fileName, contentType: spendReceipts.contentType, content: receiptFiles.content })
    .from(spendReceipts)
    .innerJoin(spends, eq(spends.id, spendReceipts.spendId))
    .innerJoin(receiptFiles, eq(receiptFiles.sha256, spendReceipts.sha256))
    .where(and(eq(spendReceipts.id, input.receiptId), eq(spends.holderId, input.holderId)));
  return row ? { ...row, content: new Uint8Array(row.content) } : null;
}
