import { randomBytes } from "node:crypto";
import { and, asc, eq, sql } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { representatives, users } from "#db/schema";
import type { RepresentativeScope } from "~/access/rules";
import { recordAudit, type Actor } from "~/audit/audit.server";
import { invitationSetsPassword } from "./invitations";
import { createInvitation, passwordInvitationsOf, type NewInvitation } from "./invitations.server";
import { hashPassword } from "./passwords.server";

export { SCOPE_NAMES } from "./representative-scopes";

export interface InviteInput {
  actor: Actor;
  holderId: string;
  commissionerId: string;
  email: string;
  name: string;
  relationship: string;
  scopes: RepresentativeScope[];
  consentGivenBy: string;
  endsOn: string | null;
  today: string;
}

type Result<T> = { ok: true; value: T } | { ok: false; field: string | null; message: string };

/** Scopes always include seeing what they act on: every other scope needs it. */
function withView(scopes: RepresentativeScope[]): RepresentativeScope[] {
  return [...new Set<RepresentativeScope>(["view", ...scopes])];
}

/**
 * Invites a carer, parent, nominee or deputy to act for the holder, with the relationship, who consented and when,
 * the scopes and an optional end date. They sign in with their own account: one is made for a new email address,
 * with no usable password until they set one from the invitation. Either way the link grants nothing until they
 * take up the invitation: a new person by setting their password, someone with an account by signing in and
 * accepting, so no holder can add themselves to, or take over, someone else's account.
 */
export async function inviteRepresentative(
  db: Database,
  input: InviteInput,
): Promise<Result<{ link: typeof representatives.$inferSelect; invitation: NewInvitation }>> {
  const email = input.email.trim().toLowerCase();
  if (input.endsOn && input.endsOn < input.today) return { ok: false, field: "endsOn", message: "The end date must be today or in the future" };
  return db.transaction(async (tx) => {
    const [existing] = await tx
      .select()
      .from(users)
      .where(sql`lower(${users.email}) = ${email}`);
    if (existing && (existing.kind !== "representative" || existing.commissionerId !== input.commissionerId)) {
      return { ok: false as const, field: "email", message: "This email address is used by an account that cannot act for someone: use another email address" };
    }
    let userId = existing?.id;
    const accountMadeNow = !userId;
    if (!userId) {
      const [created] = await tx
        .insert(users)
        .values({
          commissionerId: input.commissionerId,
          kind: "representative",
          email,
          name: input.name.trim(),
          passwordHash: await hashPassword(randomBytes(32).toString("hex")),
        })
        .returning();
      userId = created.id;
    }
    const [already] = await tx
      .select()
      .from(representatives)
      .where(and(eq(representatives.holderId, input.holderId), eq(representatives.userId, userId), sql`${representatives.revokedAt} is null`));
    if (already?.acceptedAt) return { ok: false as const, field: "email", message: "This person already acts for them: change their permissions instead" };
    if (already) return { ok: false as const, field: "email", message: "This person has been invited already: send them a new invitation instead" };
    const [link] = await tx
      .insert(representatives)
      .values({
        commissionerId: input.commissionerId,
        holderId: input.holderId,
        userId,
        relationship: input.relationship.trim(),
        scopes: withView(input.scopes),
        consentGivenBy: input.consentGivenBy.trim(),
        consentGivenAt: new Date(),
        endsOn: input.endsOn,
      })
      .returning();
    await recordAudit(
      tx,
      { ...input.actor, onBehalfOfHolderId: input.holderId },
      {
        action: "representative.invited",
        entityType: "representative",
        entityId: link.id,
        after: { email, relationship: link.relationship, scopes: link.scopes, consentGivenBy: link.consentGivenBy, endsOn: link.endsOn, accountMadeNow },
      },
    );
    const setsPassword = invitationSetsPassword({
      accountMadeNow,
      passwordInvitations: accountMadeNow ? [] : await passwordInvitationsOf(tx, userId),
      holderId: input.holderId,
    });
    const invitation = await createInvitation(tx, { representativeId: link.id, userId, setsPassword });
    return { ok: true as const, value: { link, invitation } };
  });
}

/** Changes what a representative may do, or when it ends; it applies from their next request. */
export async function changeRepresentativeScopes(
  db: Database,
  input: { actor: Actor; holderId: string; representativeId: string; scopes: RepresentativeScope[]; endsOn: string | null; today: string },
): Promise<Result<typeof representatives.$inferSelect>> {
  if (input.endsOn && input.endsOn < input.today) return { ok: false, field: "endsOn", message: "The end date must be today or in the future" };
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(representatives)
      .where(and(eq(representatives.id, input.representativeId), eq(representatives.holderId, input.holderId)))
      .for("update");
    if (!before || before.revokedAt) return { ok: false as const, field: null, message: "This person no longer acts for them" };
    const [after] = await tx
      .update(representatives)
      .set({ scopes: withView(input.scopes), endsOn: input.endsOn })
      .where(eq(representatives.id, before.id))
      .returning();
    await recordAudit(
      tx,
      { ...input.actor, onBehalfOfHolderId: input.holderId },
      {
        action: "representative.scopes-changed",
        entityType: "representative",
        entityId: before.id,
        before: { scopes: before.scopes, endsOn: before.endsOn },
        after: { scopes: after.scopes, endsOn: after.endsOn },
      },
    );
    return { ok: true as const, value: after };
  });
}

/** Ends a representative's access at once: their next request no longer finds the link. */
export async function revokeRepresentative(db: Database, input: { actor: Actor; holderId: string; representativeId: string }): Promise<Result<null>> {
  return db.transaction(async (tx) => {
    const [link] = await tx
      .update(representatives)
      .set({ revokedAt: new Date() })
      .where(and(eq(representatives.id, input.representativeId), eq(representatives.holderId, input.holderId), sql`${representatives.revokedAt} is null`))
      .returning();
    if (!link) return { ok: false as const, field: null, message: "This person no longer acts for them" };
    await recordAudit(
      tx,
      { ...input.actor, onBehalfOfHolderId: input.holderId },
      {
        action: "representative.revoked",
        entityType: "representative",
        entityId: link.id,
        after: { revokedAt: link.revokedAt },
      },
    );
    return { ok: true as const, value: null };
  });
}

/** Everyone who acts or acted for the holder, current first. */
export async function listRepresentatives(db: Database, holderId: string) {
  return db
    .select({
      id: representatives.id,
      name: users.name,
      email: users.email,
      relationship: representatives.relationship,
      scopes: representatives.scopes,
      consentGivenBy: representatives.consentGivenBy,
      consentGivenAt: representatives.consentGivenAt,
      endsOn: representatives.endsOn,
      revokedAt: representatives.revokedAt,
      // Invited but has not taken the invitation up: the link grants nothing yet.
      pending: sql<boolean>`${representatives.acceptedAt} is null`,
    })
    .from(representatives)
    .innerJoin(users, eq(users.id, representatives.userId))
    .where(eq(representatives.holderId, holderId))
    .orderBy(sql`${representatives.revokedAt} is not null`, asc(users.name));
}
