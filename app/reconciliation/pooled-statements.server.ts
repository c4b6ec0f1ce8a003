import { eq } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { bankStatementImports, bankStatementUploads, pooledStatementImports } from "#db/schema";
import { recordAudit, type Actor } from "~/audit/audit.server";
import { poolClosingBalance, routePooledLines, type RouteBy } from "./pool-references";
import { findPool, poolMembers } from "./pooled-accounts.server";
import type { ColumnMapping, StatementLine } from "./statement-files";
import { fingerprintLines } from "./statement-fingerprints";
import { LARGE_STATEMENT_LINES, writeStatementLines, type StatementImport } from "./statement-imports.server";
import { keepLayout, readSentStatement } from "./statement-layouts.server";

export type PooledImport =
  | { state: "imported"; importId: string; linesRead: number; linesAdded: number; holders: number; matched: number }
  /** A large statement, checked and routed: its lines are written by a job (jobs.importPooledStatement), which the caller queues. */
  | { state: "importing"; importId: string; linesRead: number }
  | Extract<StatementImport, { state: "confirm-columns" | "refused" }>;

/**
 * Imports a pooled account's statement, all or nothing: read as a holder's own statement is (formats, confirmed
 * columns, kept layouts), then each line routed to the holder whose reference it carries (pool-references.ts). A
 * line that is no one's refuses the whole file, and nothing is stored.
 *
 * Each holder's lines are stored as lines of their own bank account row, so matching and their months work as for
 * an account of their own. The fingerprints are worked out over the whole file with the pool's sort code and number,
 * so the same or an overlapping statement imported again adds nothing, and two holders' identical lines stay two.
 * The running balance is the pool's: it is kept on the pooled import, never on a holder's lines.
 *
 * A statement of more than LARGE_STATEMENT_LINES is checked and routed here, and its lines are written by a job
 * (performPooledStatementImport), every holder's in one transaction, as a holder's own large statement is.
 */
export async function importPooledStatement(
  db: Database,
  input: { actor: Actor; poolId: string; fileName: string; bytes?: Uint8Array; uploadId?: string; mapping?: ColumnMapping },
): Promise<PooledImport> {
  const refuse = (message: string): PooledImport => ({ state: "refused", problems: [{ line: null, message }], more: 0 });
  const pool = input.actor.commissionerId ? await findPool(db, { commissionerId: input.actor.commissionerId, poolId: input.poolId }) : null;
  if (!pool || pool.closedAt) return refuse("This pooled account is not open");
  const members = await poolMembers(db, pool.id);
  if (members.length === 0) return refuse("No one's direct payment is in this pooled account yet: add them on their bank account page first");
  const sent = await readSentStatement(db, { ...input, commissionerId: pool.commissionerId, owner: { pooledAccountId: pool.id } });
  if (sent.state !== "read") return sent;
  const { read, fileName } = sent;
  const { lines, layout } = read;
  // A CSV's reference column is what a pool's statement says whose each line is; without one, its description does.
  const routedBy: RouteBy = layout && layout.mapping.reference !== null ? "reference" : "description";
  const routing = routePooledLines(
    lines,
    members.map((m) => ({ bankAccountId: m.bankAccount.id, poolReference: m.bankAccount.poolReference! })),
    routedBy,
  );
  if (!routing.ok) return { state: "refused", problems: routing.problems, more: routing.more };

  const fingerprints = fingerprintLines(`${pool.sortCode}${pool.accountNumber}`, lines);
  const dates = lines.map((l) => l.date).sort();
  const large = lines.length > LARGE_STATEMENT_LINES;
  return db.transaction(async (tx): Promise<PooledImport> => {
    if (layout && input.mapping) await keepLayout(tx, { actor: input.actor, commissionerId: pool.commissionerId, layout });
    const [pooled] = await tx
      .insert(pooledStatementImports)
      .values({
        commissionerId: pool.commissionerId,
        pooledAccountId: pool.id,
        fileName,
        format: read.format,
        layoutKey: layout?.key ?? null,
        routedBy,
        firstDate: dates[0],
        lastDate: dates[dates.length - 1],
        linesRead: lines.length,
        linesAdded: 0,
        holders: routing.byMember.size,
        poolClosingPence: poolClosingBalance(lines),
        importedBy: input.actor.userId!,
      })
      .returning();
    if (input.uploadId) await tx.delete(bankStatementUploads).where(eq(bankStatementUploads.id, input.uploadId));
    let linesAdded = 0;
    let matched = 0;
    for (const member of members) {
      const indexes = routing.byMember.get(member.bankAccount.id);
      if (!indexes) continue;
      // The pool's running balance is no holder's: their lines carry none (their share is summed in periods.server.ts).
      const own: StatementLine[] = indexes.map((i) => ({ ...lines[i], balancePence: null }));
      const ownDates = own.map((l) => l.date).sort();
      const [imported] = await tx
        .insert(bankStatementImports)
        .values({
          commissionerId: pool.commissionerId,
          bankAccountId: member.bankAccount.id,
          pooledImportId: pooled.id,
          fileName,
          format: read.format,
          layoutKey: layout?.key ?? null,
          firstDate: ownDates[0],
          lastDate: ownDates[ownDates.length - 1],
          linesRead: own.length,
          linesAdded: 0,
          state: "importing",
          // Each line with its fingerprint from the whole file: the job cannot work it out from one holder's part.
          pendingLines: large ? own.map((line, k) => ({ ...line, fingerprint: fingerprints[indexes[k]] })) : null,
          importedBy: input.actor.userId!,
        })
        .returning();
      if (large) continue;
      const written = await writeStatementLines(tx, {
        actor: { ...input.actor, onBehalfOfHolderId: member.holderId },
        account: member.bankAccount,
        imported,
        holderId: member.holderId,
        lines: own,
        fingerprints: indexes.map((i) => fingerprints[i]),
      });
      linesAdded += written.added;
      matched += written.matched;
    }
    if (large) {
      await recordAudit(tx, input.actor, {
        action: "pooled-statement.import-started",
        entityType: "pooled-bank-account",
        entityId: pool.id,
        after: { importId: pooled.id, fileName, format: read.format, routedBy, linesRead: lines.length, holders: routing.byMember.size },
      });
      return { state: "importing", importId: pooled.id, linesRead: lines.length };
    }
    await tx.update(pooledStatementImports).set({ linesAdded }).where(eq(pooledStatementImports.id, pooled.id));
    await recordAudit(tx, input.actor, {
      action: "pooled-statement.imported",
      entityType: "pooled-bank-account",
      entityId: pool.id,
      after: { importId: pooled.id, fileName, format: read.format, routedBy, linesRead: lines.length, linesAdded, holders: routing.byMember.size },
    });
    return { state: "imported", importId: pooled.id, linesRead: lines.length, linesAdded, holders: routing.byMember.size, matched };
  });
}
