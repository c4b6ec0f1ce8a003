import { and, eq } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { arrangements, bankAccounts, bankStatementImports } from "#db/schema";
import { recordAudit, type Actor } from "~/audit/audit.server";
import type { StatementLine } from "./statement-files";
import { writeStatementLines } from "./statement-imports.server";

export interface StatementJobOptions {
  /** Told how many lines are written so far, outside the import's transaction, where the database lets it be seen. */
  progress?: (linesDone: number) => Promise<void>;
}

/**
 * Writes a large statement's lines, checked when it was sent, as the person who sent it for the holder. One
 * transaction: a crash leaves nothing written and the import waiting, and the job's retry writes it; any other
 * failure marks it failed, so its page stops waiting and says to send it again.
 */
export async function performStatementImport(db: Database, importId: string, options: StatementJobOptions = {}) {
  const [row] = await db
    .select({ imported: bankStatementImports, account: bankAccounts, holderId: arrangements.holderId })
    .from(bankStatementImports)
    .innerJoin(bankAccounts, eq(bankAccounts.id, bankStatementImports.bankAccountId))
    .innerJoin(arrangements, eq(arrangements.id, bankAccounts.arrangementId))
    .where(and(eq(bankStatementImports.id, importId), eq(bankStatementImports.state, "importing")));
  if (!row) return null;
  const actor: Actor = { userId: row.imported.importedBy, commissionerId: row.imported.commissionerId, onBehalfOfHolderId: row.holderId };
  try {
    const { added: linesAdded } = await db.transaction((tx) =>
      writeStatementLines(tx, {
        actor,
        account: row.account,
        imported: row.imported,
        holderId: row.holderId,
        lines: (row.imported.pendingLines ?? []) as StatementLine[],
        progress: options.progress,
      }),
    );
    return { state: "imported" as const, linesAdded };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await db.transaction(async (tx) => {
      const [failed] = await tx
        .update(bankStatementImports)
        .set({ state: "failed", error: message, pendingLines: null })
        .where(and(eq(bankStatementImports.id, importId), eq(bankStatementImports.state, "importing")))
        .returning({ id: bankStatementImports.id });
      // Imported meanwhile by another run of the same job: nothing failed.
      if (failed) {
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
