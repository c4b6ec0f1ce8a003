import { and, eq } from "drizzle-orm";
import { pgErrorOf, type Database } from "#db/client.server";
import { holders } from "#db/schema";
import { recordAudit, type Actor } from "~/audit/audit.server";
import type { AddHolderDetails } from "./add-holder";

export const ALREADY_HAS_A_RECORD = "Someone with this NHS number already has a record";

export type AddHolderResult =
  | { ok: true; holder: { id: string; givenName: string; familyName: string } }
  /** The NHS number is already someone's in this commissioner: `existing` is who, to link to. */
  | { ok: false; field: "nhsNumber"; message: string; existing: { id: string; name: string } | null };

async function findByNhsNumber(db: Database, commissionerId: string, nhsNumber: string) {
  const [row] = await db
    .select({ id: holders.id, givenName: holders.givenName, familyName: holders.familyName })
    .from(holders)
    .where(and(eq(holders.commissionerId, commissionerId), eq(holders.nhsNumber, nhsNumber)));
  return row ? { id: row.id, name: `${row.givenName} ${row.familyName}` } : null;
}

/**
 * Adds a person referred for a personal health budget to the commissioner's caseload, and records who added them, in
 * one transaction. An NHS number is one person's within a commissioner (another commissioner may know them too, after
 * a move); two coordinators adding the same person at once are told the same as one who adds them twice.
 */
export async function addHolder(db: Database, input: { actor: Actor; commissionerId: string; details: AddHolderDetails }): Promise<AddHolderResult> {
  const { actor, commissionerId, details } = input;
  const duplicate = (existing: { id: string; name: string } | null): AddHolderResult => ({
    ok: false,
    field: "nhsNumber",
    message: ALREADY_HAS_A_RECORD,
    existing,
  });
  try {
    return await db.transaction(async (tx) => {
      const existing = await findByNhsNumber(tx, commissionerId, details.nhsNumber);
      if (existing) return duplicate(existing);
      const values = {
        nhsNumber: details.nhsNumber,
        givenName: details.givenName,
        familyName: details.familyName,
        dateOfBirth: details.dateOfBirth,
        cohort: details.cohort,
        phone: details.phone ?? null,
        email: details.email ?? null,
        postalAddress: details.postalAddress ?? null,
        referredBy: details.referredBy,
        referredByOther: details.referredBy === "other" ? (details.referredByOther ?? null) : null,
      };
      const [holder] = await tx
        .insert(holders)
        .values({ commissionerId, addedBy: actor.userId, ...values })
        .returning({ id: holders.id, givenName: holders.givenName, familyName: holders.familyName });
      await recordAudit(tx, actor, { action: "holder.added", entityType: "holder", entityId: holder.id, after: values });
      return { ok: true as const, holder };
    });
  } catch (error) {
    // Another request added the same number between our check and our insert: the unique index refused this one.
    if (pgErrorOf(error)?.code !== "23505") throw error;
    return duplicate(await findByNhsNumber(db, commissionerId, details.nhsNumber));
  }
}
