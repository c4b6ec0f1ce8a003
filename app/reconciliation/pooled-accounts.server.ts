import { and, asc, count, desc, eq, getTableColumns, isNull, sql } from "drizzle-orm";
import { pgErrorOf, type Database } from "#db/client.server";
import { arrangements, bankAccounts, holders, pooledBankAccounts, pooledStatementImports, statementImportState, supportOrganisations } from "#db/schema";
import { recordAudit, type Actor } from "~/audit/audit.server";
import { maskBankAccount } from "~/budgets/bank-accounts";
import { isUuid } from "~/http/ids";

/*
 * Pooled (managed) accounts: one bank account holding many holders' direct payments, each holder's share known by
 * the reference on its lines. Finance records them and imports their statements; no holder sees another's lines.
 */

export interface PoolDetails {
  accountName: string;
  sortCode: string;
  accountNumber: string;
  /** Who runs the account: a support organisation, or null for the commissioner. */
  supportOrganisationId: string | null;
}

/** The commissioner's pooled accounts still open, with who runs each and how many holders are in it. */
export async function listPools(db: Database, commissionerId: string) {
  const rows = await db
    .select({
      id: pooledBankAccounts.id,
      accountName: pooledBankAccounts.accountName,
      sortCode: pooledBankAccounts.sortCode,
      accountNumber: pooledBankAccounts.accountNumber,
      runBy: supportOrganisations.name,
      members: count(bankAccounts.id),
    })
    .from(pooledBankAccounts)
    .leftJoin(supportOrganisations, eq(supportOrganisations.id, pooledBankAccounts.supportOrganisationId))
    .leftJoin(bankAccounts, and(eq(bankAccounts.pooledAccountId, pooledBankAccounts.id), isNull(bankAccounts.replacedAt)))
    .where(and(eq(pooledBankAccounts.commissionerId, commissionerId), isNull(pooledBankAccounts.closedAt)))
    .groupBy(pooledBankAccounts.id, supportOrganisations.name)
    .orderBy(asc(pooledBankAccounts.accountName));
  return rows.map((r) => ({ ...r, ...maskBankAccount(r) }));
}

/** The organisations that may run a pooled account for the commissioner. */
export async function poolOrganisations(db: Database, commissionerId: string) {
  return db
    .select({ id: supportOrganisations.id, name: supportOrganisations.name })
    .from(supportOrganisations)
    .where(eq(supportOrganisations.commissionerId, commissionerId))
    .orderBy(asc(supportOrganisations.name));
}

export type RecordPoolResult = { ok: true; poolId: string } | { ok: false; field: keyof PoolDetails | ""; message: string };

/** Records a pooled account; the audit log keeps only its masked number, as it does for a holder's own account. */
export async function recordPool(db: Database, input: { actor: Actor; details: PoolDetails }): Promise<RecordPoolResult> {
  const commissionerId = input.actor.commissionerId;
  if (!commissionerId) throw new Error("Only a commissioner's staff record a pooled account");
  const { supportOrganisationId } = input.details;
  try {
    return await db.transaction(async (tx) => {
      if (supportOrganisationId) {
        const [organisation] = isUuid(supportOrganisationId)
          ? await tx
              .select({ id: supportOrganisations.id })
              .from(supportOrganisations)
              .where(and(eq(supportOrganisations.id, supportOrganisationId), eq(supportOrganisations.commissionerId, commissionerId)))
          : [];
        if (!organisation) return { ok: false as const, field: "supportOrganisationId" as const, message: "Select who runs the account" };
      }
      const [pool] = await tx
        .insert(pooledBankAccounts)
        .values({ commissionerId, recordedBy: input.actor.userId!, ...input.details })
        .returning();
      await recordAudit(tx, input.actor, {
        action: "pooled-account.recorded",
        entityType: "pooled-bank-account",
        entityId: pool.id,
        after: { accountName: pool.accountName, ...maskBankAccount(pool), supportOrganisationId },
      });
      return { ok: true as const, poolId: pool.id };
    });
  } catch (error) {
    if (pgErrorOf(error)?.code === "23505") return { ok: false, field: "accountNumber", message: "This pooled account is recorded already" };
    throw error;
  }
}

/** A pooled account of the commissioner's, or null (another commissioner's is no more found than one that does not exist). */
export async function findPool(db: Database, input: { commissionerId: string; poolId: string }) {
  if (!isUuid(input.poolId)) return null;
  const [pool] = await db
    .select()
    .from(pooledBankAccounts)
    .where(and(eq(pooledBankAccounts.id, input.poolId), eq(pooledBankAccounts.commissionerId, input.commissionerId)));
  return pool ?? null;
}

/** The holders whose direct payments are in the pool now: each one's current account row and reference. */
export async function poolMembers(db: Database, poolId: string) {
  return db
    .select({
      bankAccount: bankAccounts,
      holderId: arrangements.holderId,
      givenName: holders.givenName,
      familyName: holders.familyName,
    })
    .from(bankAccounts)
    .innerJoin(arrangements, eq(arrangements.id, bankAccounts.arrangementId))
    .innerJoin(holders, eq(holders.id, arrangements.holderId))
    .where(and(eq(bankAccounts.pooledAccountId, poolId), isNull(bankAccounts.replacedAt)))
    .orderBy(asc(bankAccounts.poolReference));
}

/** A pooled account's page: the account (masked), who runs it, its holders and its statements imported, newest first. */
export async function loadPool(db: Database, input: { commissionerId: string; poolId: string }) {
  const pool = await findPool(db, input);
  if (!pool) return null;
  const [members, imports, [runBy]] = await Promise.all([
    poolMembers(db, pool.id),
    db
      .select({
        ...getTableColumns(pooledStatementImports),
        // Where the job has got to with a large statement: each holder's part is an import of its own. The pool's
        // import is named in full: drizzle would write the column alone, which inside the subquery is the part's own id.
        state: sql<
          (typeof statementImportState.enumValues)[number]
        >`(select case when bool_or(m.state = 'failed') then 'failed' when bool_or(m.state = 'importing') then 'importing'
          else 'imported' end from bank_statement_imports m where m.pooled_import_id = pooled_statement_imports.id)`,
        linesDone: sql<number>`(select coalesce(sum(m.lines_done), 0)::int from bank_statement_imports m where m.pooled_import_id = pooled_statement_imports.id)`,
      })
      .from(pooledStatementImports)
      .where(eq(pooledStatementImports.pooledAccountId, pool.id))
      .orderBy(desc(pooledStatementImports.importedAt))
      .limit(20),
    pool.supportOrganisationId
      ? db.select({ name: supportOrganisations.name }).from(supportOrganisations).where(eq(supportOrganisations.id, pool.supportOrganisationId))
      : Promise.resolve([]),
  ]);
  return {
    pool: { id: pool.id, accountName: pool.accountName, ...maskBankAccount(pool), runBy: runBy?.name ?? null, closedAt: pool.closedAt },
    members: members.map((m) => ({ holderId: m.holderId, name: `${m.givenName} ${m.familyName}`, poolReference: m.bankAccount.poolReference! })),
    imports,
  };
}
