import { randomBytes } from "node:crypto";
import { and, asc, eq, gt, isNull, sql } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { representativeInvitations, representatives, users } from "#db/schema";
import type { RepresentativeScope } from "~/access/rules";
import { recordAudit, type Actor } from "~/audit/audit.server";
import { hashPassword } from "./passwords.server";
import { hashToken } from "./sessions.server";

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
 * the scopes and an optional end date. They sign in with their own account: an existing representative account
 * with that email is linked; otherwise one is made, with no usable password until they set one from the invitation.
 */
export async function inviteRepresentative(
  db: Database,
  input: InviteInput,
): Promise<Result<typeof representatives.$inferSelect> & { invitation?: NewInvitation | null }> {
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
    const needsPassword = !userId;
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
    if (already) return { ok: false as const, field: "email", message: "This person already acts for them: change their permissions instead" };
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
        after: { email, relationship: link.relationship, scopes: link.scopes, consentGivenBy: link.consentGivenBy, endsOn: link.endsOn },
      },
    );
    const invitation = needsPassword ? await createInvitation(tx, { representativeId: link.id, userId }) : null;
    return { ok: true as const, value: link, invitation };
  });
}

export const INVITATION_DAYS = 7;

/** A new invitation: the raw token goes to the invitee and is never stored; the database keeps only its hash. */
export interface NewInvitation {
  id: string;
  token: string;
  expiresAt: Date;
}

async function createInvitation(tx: Database, input: { representativeId: string; userId: string }): Promise<NewInvitation> {
  const token = randomBytes(32).toString("base64url");
  const [row] = await tx
    .insert(representativeInvitations)
    .values({ ...input, tokenHash: hashToken(token), expiresAt: new Date(Date.now() + INVITATION_DAYS * 24 * 60 * 60 * 1000) })
    .returning({ id: representativeInvitations.id, expiresAt: representativeInvitations.expiresAt });
  return { id: row.id, token, expiresAt: row.expiresAt };
}

/**
 * A new invitation for someone who has not set their password yet, when the first one was lost, not emailed or has
 * expired. Only the newest link works: any earlier one still open stops working now.
 */
export async function renewInvitation(
  db: Database,
  input: { actor: Actor; holderId: string; representativeId: string },
  now = new Date(),
): Promise<Result<NewInvitation>> {
  return db.transaction(async (tx) => {
    const [link] = await tx
      .select()
      .from(representatives)
      .where(and(eq(representatives.id, input.representativeId), eq(representatives.holderId, input.holderId), sql`${representatives.revokedAt} is null`))
      .for("update");
    if (!link) return { ok: false as const, field: null, message: "This person no longer acts for them" };
    const earlier = await tx
      .select({ acceptedAt: representativeInvitations.acceptedAt })
      .from(representativeInvitations)
      .where(eq(representativeInvitations.userId, link.userId));
    // An account made without an invitation, or one whose invitation was used, already has a password.
    if (earlier.length === 0 || earlier.some((i) => i.acceptedAt)) {
      return { ok: false as const, field: null, message: "They have already set their password, so they can sign in" };
    }
    const closed = await tx
      .update(representativeInvitations)
      .set({ expiresAt: now })
      .where(and(eq(representativeInvitations.userId, link.userId), isNull(representativeInvitations.acceptedAt), gt(representativeInvitations.expiresAt, now)))
      .returning({ id: representativeInvitations.id });
    const invitation = await createInvitation(tx, { representativeId: link.id, userId: link.userId });
    await recordAudit(
      tx,
      { ...input.actor, onBehalfOfHolderId: input.holderId },
      {
        action: "representative.invitation-renewed",
        entityType: "representative",
        entityId: link.id,
        after: { invitationId: invitation.id, expiresAt: invitation.expiresAt, closedInvitationIds: closed.map((c) => c.id) },
      },
    );
    return { ok: true as const, value: invitation };
  });
}

/** The invitation behind a link, if it can still be used: not used before, not expired, not revoked. */
export async function findOpenInvitation(db: Database, token: string, now = new Date()) {
  const [row] = await db
    .select({
      invitation: representativeInvitations,
      email: users.email,
      name: users.name,
      revokedAt: representatives.revokedAt,
      commissionerId: users.commissionerId,
    })
    .from(representativeInvitations)
    .innerJoin(users, eq(users.id, representativeInvitations.userId))
    .innerJoin(representatives, eq(representatives.id, representativeInvitations.representativeId))
    .where(eq(representativeInvitations.tokenHash, hashToken(token)));
  if (!row || row.invitation.acceptedAt || row.invitation.expiresAt <= now || row.revokedAt) return null;
  return row;
}

/** Sets the new representative's password from their invitation link; the link then stops working. */
export async function acceptInvitation(
  db: Database,
  input: { token: string; password: string; requestId?: string | null },
  now = new Date(),
): Promise<Result<{ email: string }>> {
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const open = await findOpenInvitation(tx, input.token, now);
    if (!open)
      return {
        ok: false as const,
        field: null,
        message: "This link has been used, has expired or has been cancelled. Ask the person who invited you for a new one.",
      };
    await tx.update(users).set({ passwordHash }).where(eq(users.id, open.invitation.userId));
    await tx.update(representativeInvitations).set({ acceptedAt: now }).where(eq(representativeInvitations.id, open.invitation.id));
    await recordAudit(
      tx,
      { userId: open.invitation.userId, commissionerId: open.commissionerId, requestId: input.requestId },
      {
        action: "representative.invitation-accepted",
        entityType: "representative",
        entityId: open.invitation.representativeId,
      },
    );
    return { ok: true as const, value: { email: open.email } };
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
      // Invited but has not set a password: they cannot sign in until they use an invitation.
      awaitingPassword: sql<boolean>`exists (select 1 from ${representativeInvitations} i where i.user_id = ${representatives.userId})
        and not exists (select 1 from ${representativeInvitations} i where i.user_id = ${representatives.userId} and i.accepted_at is not null)`,
    })
    .from(representatives)
    .innerJoin(users, eq(users.id, representatives.userId))
    .where(eq(representatives.holderId, holderId))
    .orderBy(sql`${representatives.revokedAt} is not null`, asc(users.name));
}
