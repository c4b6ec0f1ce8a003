import { and, eq, type SQL } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { arrangements, bankAccounts, bankStatementImports, pooledStatementImports } from "#db/schema";
import { recordAudit, type Actor } from "~/audit/audit.server";
import type { StatementLine } from "./statement-files";
import { writeStatementLines } from "./statement-imports.server";

export interface StatementJobOptions {
  /** Told how many lines are written so far, outside the import's transaction, where the database lets it be seen. */
  progress?: (linesDone: number) => Promise<void>;
}

/** A line waiting to be written; a pooled statement's carries its fingerprint, worked out over the whole file. */
type PendingLine = StatementLine & { fingerprint?: string };

/**
 * Writes a large statement's lines, checked when it was sent, as the person who sent it for the holder. One
 * transaction: a crash leaves nothing written and the import waiting, and the job's retry writes it; any other
 * failure marks it failed, so its page stops waiting and says to send it again.
 */
export async function performStatementImport(db: Database, importId: string, options: StatementJobOptions = {}) {
  const [row] = await waitingImports(db, eq(bankStatementImports.id, importId));
  if (!row) return null;
  const actor = actorOf(row);
  try {
    const { added: linesAdded } = await db.transaction((tx) => writeWaiting(tx, row, options.progress));
    return { state: "imported" as const, linesAdded };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await db.transaction(async (tx) => {
      // Imported meanwhile by another run of the same job: nothing failed.
      if (await markFailed(tx, eq(bankStatementImports.id, importId), message)) {
        await recordAudit(tx, actor, {
          action: "bank-statement.import-failed",
          entityType: "bank-statement-import",
          entityId: importId,
          after: { error: message },
        });
      }
    });
    return { state: "failed" as const, error: message };
  }
}

/**
 * Writes a large pooled statement's lines, each holder's part as their own import, all in one transaction: the
 * statement is imported for everyone in it or for no one, as one sent in the request is. Progress is each holder's
 * import's lines done, which the pool's page adds up.
 */
export async function performPooledStatementImport(
  db: Database,
  pooledImportId: string,
  options: { progress?: (importId: string, linesDone: number) => Promise<void> } = {},
) {
  const rows = await waitingImports(db, eq(bankStatementImports.pooledImportId, pooledImportId));
  if (rows.length === 0) return null;
  const [pooled] = await db.select().from(pooledStatementImports).where(eq(pooledStatementImports.id, pooledImportId));
  const actor: Actor = { userId: pooled.importedBy, commissionerId: pooled.commissionerId };
  try {
    const linesAdded = await db.transaction(async (tx) => {
      let added = 0;
      for (const row of rows) {
        const progress = options.progress;
        added += (await writeWaiting(tx, row, progress && ((done) => progress(row.imported.id, done)))).added;
      }
      await tx.update(pooledStatementImports).set({ linesAdded: added }).where(eq(pooledStatementImports.id, pooledImportId));
      return added;
    });
    return { state: "imported" as const, linesAdded };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await db.transaction(async (tx) => {
      if (await markFailed(tx, eq(bankStatementImports.pooledImportId, pooledImportId), message)) {
        await recordAudit(tx, actor, {
          action: "pooled-statement.import-failed",
          entityType: "pooled-bank-account",
          entityId: pooled.pooledAccountId,
          after: { importId: pooledImportId, error: message },
        });
      }
    });
    return { state: "failed" as const, error: message };
  }
}

type Waiting = Awaited<ReturnType<typeof waitingImports>>[number];

function waitingImports(db: Database, which: SQL) {
  return db
    .select({ imported: bankStatementImports, account: bankAccounts, holderId: arrangements.holderId })
    .from(bankStatementImports)
    .innerJoin(bankAccounts, eq(bankAccounts.id, bankStatementImports.bankAccountId))
    .innerJoin(arrangements, eq(arrangements.id, bankAccounts.arrangementId))
    .where(and(which, eq(bankStatementImports.state, "importing")))
    .orderBy(bankStatementImports.id);
}

const actorOf = (row: Waiting): Actor => ({ userId: row.imported.importedBy, commissionerId: row.imported.commissionerId, onBehalfOfHolderId: row.holderId });

function writeWaiting(tx: Database, row: Waiting, progress: ((linesDone: number) => Promise<void>) | undefined) {
  const pending = (row.imported.pendingLines ?? []) as PendingLine[];
  const fingerprints = pending.every((l) => l.fingerprint) ? pending.map((l) => l.fingerprint!) : undefined;
  return writeStatementLines(tx, {
    actor: actorOf(row),
    account: row.account,
    imported: row.imported,
    holderId: row.holderId,
    lines: pending,
    fingerprints,
    progress,
  });
}

/** Marks the imports still waiting as failed, their lines let go; whether any were. */
async function markFailed(tx: Database, which: SQL, message: string) {
  const failed = await tx
    .update(bankStatementImports)
    .set({ state: "failed", error: message, pendingLines: null })
    .where(and(which, eq(bankStatementImports.state, "importing")))
    .returning({ id: bankStatementImports.id });
  return failed.length > 0;
}
