import { and, asc, eq } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { supportAssignments, supportOrganisations } from "#db/schema";
import { recordAudit, type Actor } from "~/audit/audit.server";
import { longDate } from "~/dates/long-date";
import { checkScopes } from "./assignments";

/** A holder's support organisations, past and present, and the commissioner's organisations that could be assigned. */
export async function holderAssignments(db: Database, input: { holderId: string; commissionerId: string }) {
  const [assigned, organisations] = await Promise.all([
    db
      .select({
        organisationId: supportAssignments.supportOrganisationId,
        name: supportOrganisations.name,
        scopes: supportAssignments.scopes,
        startsOn: supportAssignments.startsOn,
        endsOn: supportAssignments.endsOn,
      })
      .from(supportAssignments)
      .innerJoin(supportOrganisations, eq(supportOrganisations.id, supportAssignments.supportOrganisationId))
      .where(eq(supportAssignments.holderId, input.holderId))
      .orderBy(asc(supportAssignments.startsOn)),
    db.select().from(supportOrganisations).where(eq(supportOrganisations.commissionerId, input.commissionerId)).orderBy(asc(supportOrganisations.name)),
  ]);
  return { assigned, organisations };
}

export type AssignmentResult = { ok: true } | { ok: false; field: "organisationId" | "scopes" | "endsOn"; message: string };

/**
 * Assigns an organisation to a holder for what it is to do, from a day and, if known, to a day. An organisation has
 * one assignment per holder: assigning it again (after one ended, or to change what it does) replaces the dates and
 * scopes, and the audit log keeps what they were.
 */
export async function assignOrganisation(
  db: Database,
  input: { actor: Actor; commissionerId: string; holderId: string; organisationId: string; scopes: string[]; startsOn: string; endsOn: string | null },
): Promise<AssignmentResult> {
  if (input.endsOn && input.endsOn < input.startsOn) return { ok: false, field: "endsOn", message: "The last day must be on or after the first day" };
  return db.transaction(async (tx): Promise<AssignmentResult> => {
    const [organisation] = await tx
      .select()
      .from(supportOrganisations)
      .where(and(eq(supportOrganisations.id, input.organisationId), eq(supportOrganisations.commissionerId, input.commissionerId)));
    if (!organisation) return { ok: false, field: "organisationId", message: "Select a support organisation" };
    const scopes = checkScopes(input.scopes, organisation);
    if (!scopes.ok) return { ok: false, field: "scopes", message: scopes.message };
    const key = and(eq(supportAssignments.supportOrganisationId, organisation.id), eq(supportAssignments.holderId, input.holderId));
    const [before] = await tx.select().from(supportAssignments).where(key).for("update");
    const values = { scopes: scopes.scopes, startsOn: input.startsOn, endsOn: input.endsOn, assignedBy: input.actor.userId };
    const [after] = before
      ? await tx.update(supportAssignments).set(values).where(key).returning()
      : await tx
          .insert(supportAssignments)
          .values({ supportOrganisationId: organisation.id, holderId: input.holderId, ...values })
          .returning();
    await recordAudit(
      tx,
      { ...input.actor, onBehalfOfHolderId: input.holderId },
      {
        action: before ? "support-assignment.changed" : "support-assignment.made",
        entityType: "support-organisation",
        entityId: organisation.id,
        before: before ?? undefined,
        after,
      },
    );
    return { ok: true };
  });
}

/** Ends an assignment on a day: from the next day the organisation no longer sees the holder. */
export async function endAssignment(
  db: Database,
  input: { actor: Actor; holderId: string; organisationId: string; endsOn: string },
): Promise<AssignmentResult> {
  return db.transaction(async (tx): Promise<AssignmentResult> => {
    const key = and(eq(supportAssignments.supportOrganisationId, input.organisationId), eq(supportAssignments.holderId, input.holderId));
    const [before] = await tx.select().from(supportAssignments).where(key).for("update");
    if (!before) return { ok: false, field: "organisationId", message: "This organisation is not assigned to them" };
    if (input.endsOn < before.startsOn) {
      return { ok: false, field: "endsOn", message: `The assignment starts on ${longDate(before.startsOn)}: it cannot end before then` };
    }
    const [after] = await tx.update(supportAssignments).set({ endsOn: input.endsOn }).where(key).returning();
    await recordAudit(
      tx,
      { ...input.actor, onBehalfOfHolderId: input.holderId },
      {
        action: "support-assignment.ended",
        entityType: "support-organisation",
        entityId: input.organisationId,
        before,
        after,
      },
    );
    return { ok: true };
  });
}
