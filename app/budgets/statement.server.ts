import { createHash } from "node:crypto";
import { and, asc, desc, eq, inArray, isNull } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { holders, indicativeBudgets, statementOfResourcesImports, statementOfResourcesLines, users } from "#db/schema";
import { recordAudit, type Actor } from "~/audit/audit.server";
import { longDate } from "~/dates/long-date";
import { calculateIndicative, type Working } from "./indicative";
import { readStatementCsv } from "./statement-csv";

export type StatementLine = typeof statementOfResourcesLines.$inferSelect;
export type StatementLineInput = Omit<
  typeof statementOfResourcesLines.$inferInsert,
  "id" | "commissionerId" | "lineKey" | "version" | "createdBy" | "createdAt" | "supersededAt"
>;

/** The current version of every line of the commissioner's system-level statement of resources. */
export async function listStatementLines(db: Database, input: { commissionerId: string; cohort?: StatementLine["cohort"] }) {
  return db
    .select()
    .from(statementOfResourcesLines)
    .where(
      and(
        eq(statementOfResourcesLines.commissionerId, input.commissionerId),
        isNull(statementOfResourcesLines.supersededAt),
        input.cohort ? eq(statementOfResourcesLines.cohort, input.cohort) : undefined,
      ),
    )
    .orderBy(asc(statementOfResourcesLines.cohort), asc(statementOfResourcesLines.band), asc(statementOfResourcesLines.service));
}

/** Every version of one line, newest first: editing never loses the old figures. */
export async function listLineVersions(db: Database, input: { commissionerId: string; lineKey: string }) {
  return db
    .select()
    .from(statementOfResourcesLines)
    .where(and(eq(statementOfResourcesLines.commissionerId, input.commissionerId), eq(statementOfResourcesLines.lineKey, input.lineKey)))
    .orderBy(desc(statementOfResourcesLines.version));
}

export async function addStatementLines(db: Database, input: { actor: Actor; commissionerId: string; lines: StatementLineInput[] }) {
  return db.transaction((tx) => insertStatementLines(tx, input));
}

async function insertStatementLines(tx: Database, input: { actor: Actor; commissionerId: string; lines: StatementLineInput[] }) {
  if (input.lines.length === 0) return [];
  const rows = await tx
    .insert(statementOfResourcesLines)
    .values(input.lines.map((l) => ({ ...l, commissionerId: input.commissionerId, createdBy: input.actor.userId })))
    .returning();
  for (const row of rows) {
    await recordAudit(tx, input.actor, {
      action: "statement-of-resources.line-added",
      entityType: "statement-of-resources-line",
      entityId: row.id,
      after: row,
    });
  }
  return rows;
}

/** Editing a line makes a new version with the same line key; the old one is kept, marked superseded. */
export async function editStatementLine(db: Database, input: { actor: Actor; commissionerId: string; lineKey: string; line: StatementLineInput }) {
  return db.transaction(async (tx) => {
    const [current] = await tx
      .select()
      .from(statementOfResourcesLines)
      .where(
        and(
          eq(statementOfResourcesLines.commissionerId, input.commissionerId),
          eq(statementOfResourcesLines.lineKey, input.lineKey),
          isNull(statementOfResourcesLines.supersededAt),
        ),
      )
      .for("update");
    if (!current) return { ok: false as const, message: "There is no such line in the statement of resources" };
    await tx.update(statementOfResourcesLines).set({ supersededAt: new Date() }).where(eq(statementOfResourcesLines.id, current.id));
    const [next] = await tx
      .insert(statementOfResourcesLines)
      .values({ ...input.line, commissionerId: input.commissionerId, lineKey: current.lineKey, version: current.version + 1, createdBy: input.actor.userId })
      .returning();
    await recordAudit(tx, input.actor, {
      action: "statement-of-resources.line-changed",
      entityType: "statement-of-resources-line",
      entityId: next.id,
      before: current,
      after: next,
    });
    return { ok: true as const, line: next };
  });
}

export type IndicativeBudgetRow = typeof indicativeBudgets.$inferSelect & { workings: Working[] };

/**
 * Works out a holder's indicative budget from the lines staff chose (and the band), from the current version of
 * each line, as on `on`. Each calculation is a new version, so the figures shown before stay visible.
 */
export async function calculateIndicativeBudget(db: Database, input: { actor: Actor; holderId: string; lineKeys: string[]; band: string | null; on: string }) {
  return db.transaction(async (tx) => {
    const [holder] = await tx.select().from(holders).where(eq(holders.id, input.holderId));
    if (!holder) return { ok: false as const, message: "There is no such person" };
    if (input.lineKeys.length === 0) return { ok: false as const, message: "Select at least one line from the statement of resources" };
    const lines = await tx
      .select()
      .from(statementOfResourcesLines)
      .where(
        and(
          eq(statementOfResourcesLines.commissionerId, holder.commissionerId),
          inArray(statementOfResourcesLines.lineKey, input.lineKeys),
          isNull(statementOfResourcesLines.supersededAt),
        ),
      )
      .orderBy(asc(statementOfResourcesLines.service));
    if (lines.length !== new Set(input.lineKeys).size) return { ok: false as const, message: "One of the lines chosen is not in the statement of resources" };
    const result = calculateIndicative(lines, { band: input.band, on: input.on });
    const [last] = await tx
      .select({ version: indicativeBudgets.version })
      .from(indicativeBudgets)
      .where(eq(indicativeBudgets.holderId, holder.id))
      .orderBy(desc(indicativeBudgets.version))
      .limit(1);
    const [row] = await tx
      .insert(indicativeBudgets)
      .values({
        commissionerId: holder.commissionerId,
        holderId: holder.id,
        version: (last?.version ?? 0) + 1,
        band: input.band,
        calculatedOn: input.on,
        lineKeys: lines.map((l) => l.lineKey),
        workings: result.workings,
        totalPence: result.totalPence,
        createdBy: input.actor.userId,
      })
      .returning();
    await recordAudit(tx, input.actor, { action: "indicative-budget.calculated", entityType: "indicative-budget", entityId: row.id, after: row });
    return { ok: true as const, indicative: row as IndicativeBudgetRow };
  });
}

/** Recalculate with the same lines and band after the statement of resources has changed. */
export async function recalculateIndicativeBudget(db: Database, input: { actor: Actor; holderId: string; on: string }) {
  const latest = await latestIndicativeBudget(db, input.holderId);
  if (!latest) return { ok: false as const, message: "There is no indicative budget to recalculate" };
  return calculateIndicativeBudget(db, { actor: input.actor, holderId: input.holderId, lineKeys: latest.lineKeys, band: latest.band, on: input.on });
}

export async function latestIndicativeBudget(db: Database, holderId: string): Promise<IndicativeBudgetRow | null> {
  const [row] = await db.select().from(indicativeBudgets).where(eq(indicativeBudgets.holderId, holderId)).orderBy(desc(indicativeBudgets.version)).limit(1);
  return (row as IndicativeBudgetRow) ?? null;
}

export async function listIndicativeBudgets(db: Database, holderId: string): Promise<IndicativeBudgetRow[]> {
  return (await db
    .select()
    .from(indicativeBudgets)
    .where(eq(indicativeBudgets.holderId, holderId))
    .orderBy(desc(indicativeBudgets.version))) as IndicativeBudgetRow[];
}

export type StatementImport =
  { ok: true; imported: number } | { ok: false; errors: { line: number; message: string }[] } | { ok: false; alreadyImported: string };

/**
 * Imports a CSV of statement lines: every line or none, in one transaction. Each file is imported once per
 * commissioner: the unique SHA-256 of its text is claimed first, so a double submit, even at the same moment, or
 * a second upload of the same file adds nothing and says when it was imported.
 */
export async function importStatementCsv(db: Database, input: { actor: Actor; commissionerId: string; text: string }): Promise<StatementImport> {
  const read = readStatementCsv(input.text);
  if (!read.ok) return read;
  const contentSha256 = createHash("sha256").update(input.text, "utf8").digest("hex");
  return db.transaction(async (tx): Promise<StatementImport> => {
    // A second upload waits here for the first one's transaction, then finds its row.
    const [claimed] = await tx
      .insert(statementOfResourcesImports)
      .values({ commissionerId: input.commissionerId, contentSha256, lineCount: read.lines.length, importedBy: input.actor.userId })
      .onConflictDoNothing({ target: [statementOfResourcesImports.commissionerId, statementOfResourcesImports.contentSha256] })
      .returning();
    if (!claimed) {
      const [earlier] = await tx
        .select({ importedAt: statementOfResourcesImports.importedAt, name: users.name })
        .from(statementOfResourcesImports)
        .leftJoin(users, eq(users.id, statementOfResourcesImports.importedBy))
        .where(and(eq(statementOfResourcesImports.commissionerId, input.commissionerId), eq(statementOfResourcesImports.contentSha256, contentSha256)));
      return {
        ok: false,
        alreadyImported: `This file was already imported on ${longDate(earlier.importedAt)} by ${earlier.name ?? "the portal"}: nothing was changed`,
      };
    }
    const lines = await insertStatementLines(tx, {
      actor: input.actor,
      commissionerId: input.commissionerId,
      lines: read.lines.map(({ costPerUnit, ...l }) => ({ ...l, costPerUnitPence: costPerUnit })),
    });
    await recordAudit(tx, input.actor, {
      action: "statement-of-resources.imported",
      entityType: "statement-of-resources-import",
      entityId: claimed.id,
      after: claimed,
    });
    return { ok: true, imported: lines.length };
  });
}
