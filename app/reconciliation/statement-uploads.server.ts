import { lt } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { bankStatementUploads } from "#db/schema";
import { recordAudit } from "~/audit/audit.server";

/** A statement kept while its columns are confirmed waits this long; someone who comes back later sends it again. */
export const UNCONFIRMED_UPLOAD_HOURS = 24;

/**
 * Removes statements uploaded in a new layout whose columns no one confirmed within a day: a whole bank statement
 * is not kept for no purpose. Each commissioner's audit log says how many of theirs went; none of them was imported.
 */
export async function removeUnconfirmedUploads(db: Database, input: { now: Date }): Promise<number> {
  const cutoff = new Date(input.now.getTime() - UNCONFIRMED_UPLOAD_HOURS * 3_600_000);
  return db.transaction(async (tx) => {
    const removed = await tx
      .delete(bankStatementUploads)
      .where(lt(bankStatementUploads.uploadedAt, cutoff))
      .returning({ commissionerId: bankStatementUploads.commissionerId });
    const perCommissioner = new Map<string, number>();
    for (const r of removed) perCommissioner.set(r.commissionerId, (perCommissioner.get(r.commissionerId) ?? 0) + 1);
    for (const [commissionerId, uploads] of perCommissioner) {
      await recordAudit(
        tx,
        { userId: null, commissionerId },
        {
          action: "bank-statement.unconfirmed-uploads-removed",
          entityType: "bank-statement-uploads",
          entityId: "unconfirmed",
          after: { uploads, uploadedBefore: cutoff.toISOString() },
        },
      );
    }
    return removed.length;
  });
}
