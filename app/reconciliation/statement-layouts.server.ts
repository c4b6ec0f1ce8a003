import { and, eq } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { bankLayouts, bankStatementUploads } from "#db/schema";
import type { Actor } from "~/audit/audit.server";
import { isUuid } from "~/http/ids";
import { readStatementFile, type ColumnMapping, type StatementRead } from "./statement-files";
import type { StatementLayout } from "./statement-read";

/*
 * What a holder's statement and a pooled account's share: a statement read with the layout finance confirmed before,
 * the statement kept while the columns of a new layout are confirmed, and the layout kept once they are.
 */

/**
 * Reads a statement, with the columns confirmed for its layout before where there are some. `unconfirmed` is set
 * when a person must say which column holds what first: a CSV in a layout no one has confirmed (with the guess, if
 * there is one).
 */
export async function readWithKeptLayout(
  db: Database,
  input: { commissionerId: string; bytes: Uint8Array; fileName: string; mapping?: ColumnMapping },
): Promise<{ read: StatementRead; unconfirmed: { header: string[]; mapping: ColumnMapping | null } | null }> {
  let read = readStatementFile({ bytes: input.bytes, fileName: input.fileName, mapping: input.mapping });
  // A layout confirmed before is read as it was confirmed, whether its columns could be guessed or not.
  const layoutKey = input.mapping ? null : read.ok ? (read.layout?.guessed ? read.layout.key : null) : (read.columns?.key ?? null);
  if (layoutKey) {
    const [kept] = await db
      .select()
      .from(bankLayouts)
      .where(and(eq(bankLayouts.commissionerId, input.commissionerId), eq(bankLayouts.layoutKey, layoutKey)));
    if (kept) read = readStatementFile({ bytes: input.bytes, fileName: input.fileName, mapping: kept.mapping as ColumnMapping });
  }
  const unconfirmed = read.ok ? (read.layout?.guessed ? read.layout : null) : read.columns ? { header: read.columns.header, mapping: null } : null;
  return { read, unconfirmed: unconfirmed ? { header: unconfirmed.header, mapping: unconfirmed.mapping } : null };
}

/** Keeps the columns a person confirmed for the commissioner, so the next statement in this layout is read the same way. */
export async function keepLayout(tx: Database, input: { actor: Actor; commissionerId: string; layout: StatementLayout }) {
  const { layout } = input;
  await tx
    .insert(bankLayouts)
    .values({ commissionerId: input.commissionerId, layoutKey: layout.key, header: layout.header, mapping: layout.mapping, confirmedBy: input.actor.userId! })
    .onConflictDoUpdate({
      target: [bankLayouts.commissionerId, bankLayouts.layoutKey],
      set: { mapping: layout.mapping, confirmedBy: input.actor.userId!, confirmedAt: new Date() },
    });
}

/** Keeps a statement while its columns are confirmed: a holder's account's (bankAccountId) or a pool's (pooledAccountId). */
export async function keepUpload(
  db: Database,
  input: { actor: Actor; commissionerId: string; fileName: string; bytes: Uint8Array } & ({ bankAccountId: string } | { pooledAccountId: string }),
) {
  const [upload] = await db
    .insert(bankStatementUploads)
    .values({
      commissionerId: input.commissionerId,
      bankAccountId: "bankAccountId" in input ? input.bankAccountId : null,
      pooledAccountId: "pooledAccountId" in input ? input.pooledAccountId : null,
      fileName: input.fileName,
      content: input.bytes,
      uploadedBy: input.actor.userId!,
    })
    .returning({ id: bankStatementUploads.id });
  return upload.id;
}

type StatementOwner = { bankAccountId: string } | { pooledAccountId: string };
type Refused = { state: "refused"; problems: { line: number | null; message: string }[]; more: number };
type ConfirmColumns = { state: "confirm-columns"; uploadId: string; fileName: string; header: string[]; mapping: ColumnMapping | null };

/**
 * The statement sent, or the one kept while its columns were confirmed (by `uploadId`, for the same account only),
 * read with the layout confirmed before: its lines, or the columns to confirm first, or why it cannot be read.
 */
export async function readSentStatement(
  db: Database,
  input: { actor: Actor; commissionerId: string; owner: StatementOwner; fileName: string; bytes?: Uint8Array; uploadId?: string; mapping?: ColumnMapping },
): Promise<Refused | ConfirmColumns | { state: "read"; fileName: string; read: Extract<StatementRead, { ok: true }> }> {
  const refuse = (message: string): Refused => ({ state: "refused", problems: [{ line: null, message }], more: 0 });
  let { bytes, fileName } = input;
  if (input.uploadId) {
    const sameOwner =
      "bankAccountId" in input.owner
        ? eq(bankStatementUploads.bankAccountId, input.owner.bankAccountId)
        : eq(bankStatementUploads.pooledAccountId, input.owner.pooledAccountId);
    const [upload] = isUuid(input.uploadId)
      ? await db
          .select()
          .from(bankStatementUploads)
          .where(and(eq(bankStatementUploads.id, input.uploadId), sameOwner))
      : [];
    if (!upload) return refuse("This statement is no longer kept: it has been imported already, or its columns were not checked within a day. Upload it again");
    bytes = upload.content;
    fileName = upload.fileName;
  }
  if (!bytes) return refuse("Select the bank statement file");

  const { read, unconfirmed } = await readWithKeptLayout(db, { commissionerId: input.commissionerId, bytes, fileName, mapping: input.mapping });
  if (unconfirmed) {
    const uploadId = input.uploadId ?? (await keepUpload(db, { actor: input.actor, commissionerId: input.commissionerId, fileName, bytes, ...input.owner }));
    return { state: "confirm-columns", uploadId, fileName, header: unconfirmed.header, mapping: unconfirmed.mapping };
  }
  if (!read.ok) return { state: "refused", problems: read.problems, more: read.more };
  return { state: "read", fileName, read };
}
