import { and, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import { rowsOf, type Database } from "#db/client.server";
import { arrangements, bankAccounts, bankStatementImports, bankStatementLines, bankStatementUploads } from "#db/schema";
import { recordAudit, type Actor } from "~/audit/audit.server";
import { matchAutomatically } from "./matching.server";
import type { ColumnMapping, StatementLine } from "./statement-files";
import { fingerprintLines } from "./statement-fingerprints";
import { keepLayout, readSentStatement } from "./statement-layouts.server";
import type { StatementProblem } from "./statement-read";

export const LINES_SHOWN = 50;
/** Lines per insert: the job reports its progress after each. */
const INSERT_BATCH = 1_000;
/**
 * A statement with more lines than this (several years of a busy account) is checked in the request, all or nothing
 * as any other, but its lines are written by a job, so that the request does not hold the database while it writes.
 */
export const LARGE_STATEMENT_LINES = 2_000;

type BankAccount = typeof bankAccounts.$inferSelect;
type BankStatementImport = typeof bankStatementImports.$inferSelect;

export type StatementImport =
  | { state: "imported"; importId: string; linesRead: number; linesAdded: number; matched: number; firstDate: string; lastDate: string }
  /** A large statement, checked: its lines are written by a job (jobs.importStatement), which the caller queues. */
  | { state: "importing"; importId: string; linesRead: number }
  | { state: "confirm-columns"; uploadId: string; fileName: string; header: string[]; mapping: ColumnMapping | null }
  | { state: "refused"; problems: StatementProblem[]; more: number };

/** The direct payment's current bank account: statements are imported for it alone. */
async function currentAccount(db: Database, holderId: string) {
  const [row] = await db
    .select({ account: bankAccounts })
    .from(bankAccounts)
    .innerJoin(arrangements, eq(arrangements.id, bankAccounts.arrangementId))
    .where(and(eq(arrangements.holderId, holderId), eq(arrangements.holding, "direct-payment"), isNull(bankAccounts.replacedAt)));
  return row?.account ?? null;
}

/**
 * Imports a bank statement for the holder's direct payment account, all or nothing. A CSV in a layout no one has
 * confirmed yet is kept while the person importing confirms its columns (the guess, where there is one, is
 * offered), then read with them; the layout is kept, so the next export from that bank is read without asking. Lines
 * seen before, from the same file or an overlapping one, are not added again.
 *
 * `keepLayout: false` reads this statement with the columns confirmed and keeps nothing: a layout is kept for the
 * whole commissioner, so only finance's confirmation decides how everyone's statements in it are read.
 */
export async function importBankStatement(
  db: Database,
  input: { actor: Actor; holderId: string; fileName: string; bytes?: Uint8Array; uploadId?: string; mapping?: ColumnMapping; keepLayout?: boolean },
): Promise<StatementImport> {
  const refuse = (message: string): StatementImport => ({ state: "refused", problems: [{ line: null, message }], more: 0 });
  const account = await currentAccount(db, input.holderId);
  if (!account) return refuse("Record the bank account the direct payment is paid into before importing its statements");
  // A pooled account's statement has other holders' lines: finance imports it on the pool's page, which routes them.
  if (account.pooledAccountId) return refuse("This direct payment is held in a pooled account: finance imports that account's statements for everyone in it");
  const sent = await readSentStatement(db, { ...input, commissionerId: account.commissionerId, owner: { bankAccountId: account.id } });
  if (sent.state !== "read") return sent;
  const { read, fileName } = sent;
  const lines = read.lines;
  const dates = lines.map((l) => l.date).sort();
  const layout = read.layout;
  const large = lines.length > LARGE_STATEMENT_LINES;
  const actor = { ...input.actor, onBehalfOfHolderId: input.holderId };
  return db.transaction(async (tx): Promise<StatementImport> => {
    if (layout && input.mapping && input.keepLayout !== false) await keepLayout(tx, { actor: input.actor, commissionerId: account.commissionerId, layout });
    const [imported] = await tx
      .insert(bankStatementImports)
      .values({
        commissionerId: account.commissionerId,
        bankAccountId: account.id,
        fileName,
        format: read.format,
        layoutKey: layout?.key ?? null,
        firstDate: dates[0],
        lastDate: dates[dates.length - 1],
        linesRead: lines.length,
        linesAdded: 0,
        state: "importing",
        pendingLines: large ? lines : null,
        importedBy: input.actor.userId!,
      })
      .returning();
    if (input.uploadId) await tx.delete(bankStatementUploads).where(eq(bankStatementUploads.id, input.uploadId));
    if (large) {
      await recordAudit(tx, actor, {
        action: "bank-statement.import-started",
        entityType: "bank-statement-import",
        entityId: imported.id,
        after: { fileName, format: read.format, linesRead: lines.length, from: dates[0], to: dates[dates.length - 1] },
      });
      return { state: "importing", importId: imported.id, linesRead: lines.length };
    }
    const { added, matched } = await writeStatementLines(tx, { actor, account, imported, lines, holderId: input.holderId });
    return {
      state: "imported",
      importId: imported.id,
      linesRead: lines.length,
      linesAdded: added,
      matched,
      firstDate: dates[0],
      lastDate: dates[dates.length - 1],
    };
  });
}

/**
 * Writes an import's lines, leaving out those seen before, records it as imported, and matches its lines to the
 * ledger where the match is certain: in the request for a statement of up to LARGE_STATEMENT_LINES, by the job for a
 * larger one. How many lines were new, and how many were matched.
 */
export async function writeStatementLines(
  tx: Database,
  input: {
    actor: Actor;
    account: BankAccount;
    imported: BankStatementImport;
    holderId: string;
    lines: StatementLine[];
    /** Worked out over a whole pooled statement, where this is one holder's part of it; else from these lines. */
    fingerprints?: string[];
    /** Told how many lines are written so far, after each batch. */
    progress?: (linesDone: number) => Promise<void>;
  },
): Promise<{ added: number; matched: number }> {
  const { account, imported, lines } = input;
  const fingerprints = input.fingerprints ?? fingerprintLines(`${account.sortCode}${account.accountNumber}`, lines);
  let added = 0;
  for (let start = 0; start < lines.length; start += INSERT_BATCH) {
    const rows = lines.slice(start, start + INSERT_BATCH).map((line, i) => ({
      fingerprint: fingerprints[start + i],
      line_date: line.date,
      amount_pence: line.amountPence,
      description: line.description,
      reference: line.reference,
      balance_pence: line.balancePence,
    }));
    // The batch as one JSON parameter, not nine per line: drizzle building a 9,000-parameter insert took longer than
    // PostgreSQL took to run it.
    const inserted = await tx.execute(sql`
      insert into bank_statement_lines (commissioner_id, bank_account_id, import_id, fingerprint, line_date, amount_pence, description, reference, balance_pence)
      select ${account.commissionerId}::uuid, ${account.id}::uuid, ${imported.id}::uuid, l.fingerprint, l.line_date, l.amount_pence, l.description, l.reference, l.balance_pence
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
        as l(fingerprint text, line_date date, amount_pence bigint, description text, reference text, balance_pence bigint)
      on conflict do nothing
      returning id`);
    added += rowsOf(inserted).length;
    await input.progress?.(start + rows.length);
  }
  // Only an import still waiting for its lines: a job that ran twice writes them once.
  const [done] = await tx
    .update(bankStatementImports)
    .set({ state: "imported", linesAdded: added, linesDone: lines.length, pendingLines: null })
    .where(and(eq(bankStatementImports.id, imported.id), eq(bankStatementImports.state, "importing")))
    .returning({ id: bankStatementImports.id });
  if (!done) throw new Error(`The statement import ${imported.id} is not waiting for its lines`);
  await recordAudit(tx, input.actor, {
    action: "bank-statement.imported",
    entityType: "bank-statement-import",
    entityId: imported.id,
    after: {
      fileName: imported.fileName,
      format: imported.format,
      linesRead: lines.length,
      linesAdded: added,
      from: imported.firstDate,
      to: imported.lastDate,
    },
  });
  const matched = await matchAutomatically(tx, { actor: input.actor, holderId: input.holderId, from: imported.firstDate, to: imported.lastDate });
  return { added, matched };
}

/** The account's imports, newest first, and its latest lines as the bank reported them. */
export async function statementHistory(db: Database, holderId: string) {
  const account = await currentAccount(db, holderId);
  if (!account) return null;
  const accounts = await db.select({ id: bankAccounts.id }).from(bankAccounts).where(eq(bankAccounts.arrangementId, account.arrangementId));
  const ids = accounts.map((a) => a.id);
  const [imports, lines] = await Promise.all([
    // Not a large statement's pending lines: megabytes the page does not show.
    db
      .select({
        id: bankStatementImports.id,
        fileName: bankStatementImports.fileName,
        firstDate: bankStatementImports.firstDate,
        lastDate: bankStatementImports.lastDate,
        linesRead: bankStatementImports.linesRead,
        linesAdded: bankStatementImports.linesAdded,
        linesDone: bankStatementImports.linesDone,
        state: bankStatementImports.state,
        importedAt: bankStatementImports.importedAt,
      })
      .from(bankStatementImports)
      .where(inArray(bankStatementImports.bankAccountId, ids))
      .orderBy(desc(bankStatementImports.importedAt))
      .limit(20),
    db
      .select()
      .from(bankStatementLines)
      .where(inArray(bankStatementLines.bankAccountId, ids))
      .orderBy(desc(bankStatementLines.lineDate), bankStatementLines.description)
      .limit(LINES_SHOWN),
  ]);
  return { imports, lines, pooledAccountId: account.pooledAccountId };
}

/**
 * The holder's own page: their direct payment account's statements, or why there is nothing to upload. A budget the
 * NHS or an organisation holds is paid into no account of the holder's; a direct payment's account is recorded by
 * finance before its statements can be matched to it.
 */
export async function holderStatements(db: Database, holderId: string) {
  const [directPayment] = await db
    .select({ id: arrangements.id })
    .from(arrangements)
    .where(and(eq(arrangements.holderId, holderId), eq(arrangements.holding, "direct-payment")));
  if (!directPayment) return { status: "no-direct-payment" as const };
  const history = await statementHistory(db, holderId);
  if (!history) return { status: "no-account" as const };
  // Which pooled account is the commissioner's business; only that the money is in one is the holder's.
  const { pooledAccountId, ...shown } = history;
  return { status: "ready" as const, ...shown, pooled: pooledAccountId !== null };
}
