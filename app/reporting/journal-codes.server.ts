import { eq } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { journalCodes as journalCodeRows } from "#db/schema";
import { recordAudit, type Actor } from "~/audit/audit.server";
import { DEFAULT_JOURNAL_CODES, journalCodes, type JournalCode, type JournalCodeKey } from "./journal-codes";

/** The codes the commissioner's journal lines carry: its own where finance set them, the defaults for the rest. */
export async function loadJournalCodes(db: Database, commissionerId: string) {
  const own = await db
    .select({ key: journalCodeRows.codeKey, costCentre: journalCodeRows.costCentre, subjectiveCode: journalCodeRows.subjectiveCode })
    .from(journalCodeRows)
    .where(eq(journalCodeRows.commissionerId, commissionerId));
  return { codes: journalCodes(own), own: new Set(own.map((o) => o.key)) };
}

/** Finance sets the codes one kind of journal line is booked to; downloads from now on carry them. */
export async function setJournalCode(db: Database, input: { actor: Actor; commissionerId: string; key: JournalCodeKey; code: JournalCode }) {
  return db.transaction(async (tx) => {
    const before = (await loadJournalCodes(tx, input.commissionerId)).codes[input.key] ?? DEFAULT_JOURNAL_CODES[input.key];
    await tx
      .insert(journalCodeRows)
      .values({ commissionerId: input.commissionerId, codeKey: input.key, ...input.code, setBy: input.actor.userId! })
      .onConflictDoUpdate({
        target: [journalCodeRows.commissionerId, journalCodeRows.codeKey],
        set: { ...input.code, setBy: input.actor.userId!, setAt: new Date() },
      });
    await recordAudit(tx, input.actor, { action: "journal-code.set", entityType: "journal-code", entityId: input.key, before, after: input.code });
    return { ok: true as const };
  });
}
