import { randomBytes } from "node:crypto";
import { and, eq, gt, isNull } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { asCommissioner } from "#db/tenant.server";
import { holders, representativeInvitations, representatives, users } from "#db/schema";
import { recordAudit, type Actor } from "~/audit/audit.server";
import { invitationSetsPassword, type PasswordInvitation } from "./invitations";
import { hashPassword } from "./passwords.server";
import { hashToken } from "./sessions.server";

export const INVITATION_DAYS = 7;

type Result<T> = { ok: true; value: T } | { ok: false; field: string | null; message: string };

/** A new invitation: the raw token goes to the invitee and is never stored; the database keeps only its hash. */
export interface NewInvitation {
  id: string;
  token: string;
  expiresAt: Date;
  setsPassword: boolean;
}

const CANNOT_BE_USED = "This link has been used, has expired or has been cancelled. Ask the person who invited you for a new one.";
const SIGN_IN_TO_ACCEPT = "You have a password already. Sign in, then accept the invitation.";

/** Makes an invitation for one holder's link to a representative; it can never be used for any other link. */
export async function createInvitation(
  tx: Database,
  input: { representativeId: string; userId: string; setsPassword: boolean },
  now = new Date(),
): Promise<NewInvitation> {
  const token = randomBytes(32).toString("base64url");
  const [row] = await tx
    .insert(representativeInvitations)
    .values({ ...input, tokenHash: hashToken(token), expiresAt: new Date(now.getTime() + INVITATION_DAYS * 24 * 60 * 60 * 1000) })
    .returning({ id: representativeInvitations.id, expiresAt: representativeInvitations.expiresAt });
  return { id: row.id, token, expiresAt: row.expiresAt, setsPassword: input.setsPassword };
}

/** The invitations so far that could set this account's password, with the holder each was for. */
export async function passwordInvitationsOf(tx: Database, userId: string): Promise<PasswordInvitation[]> {
  const rows = await tx
    .select({ holderId: representatives.holderId, acceptedAt: representativeInvitations.acceptedAt })
    .from(representativeInvitations)
    .innerJoin(representatives, eq(representatives.id, representativeInvitations.representativeId))
    .where(and(eq(representativeInvitations.userId, userId), eq(representativeInvitations.setsPassword, true)));
  return rows.map((r) => ({ holderId: r.holderId, used: r.acceptedAt !== null }));
}

/**
 * A new invitation for someone who has not taken up this holder's invitation yet, when the first one was lost, not
 * emailed or has expired. Only this link's newest invitation works: any earlier one for it stops working now.
 * Another holder's invitations to the same person are theirs, and are left alone.
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
      .where(and(eq(representatives.id, input.representativeId), eq(representatives.holderId, input.holderId), isNull(representatives.revokedAt)))
      .for("update");
    if (!link) return { ok: false as const, field: null, message: "This person no longer acts for them" };
    if (link.acceptedAt) return { ok: false as const, field: null, message: "They have already accepted the invitation, so they can sign in" };
    const closed = await tx
      .update(representativeInvitations)
      .set({ expiresAt: now })
      .where(
        and(
          eq(representativeInvitations.representativeId, link.id),
          isNull(representativeInvitations.acceptedAt),
          gt(representativeInvitations.expiresAt, now),
        ),
      )
      .returning({ id: representativeInvitations.id });
    const setsPassword = invitationSetsPassword({
      accountMadeNow: false,
      passwordInvitations: await passwordInvitationsOf(tx, link.userId),
      holderId: link.holderId,
    });
    const invitation = await createInvitation(tx, { representativeId: link.id, userId: link.userId, setsPassword }, now);
    await recordAudit(
      tx,
      { ...input.actor, onBehalfOfHolderId: input.holderId },
      {
        action: "representative.invitation-renewed",
        entityType: "representative",
        entityId: link.id,
        after: { invitationId: invitation.id, expiresAt: invitation.expiresAt, setsPassword, closedInvitationIds: closed.map((c) => c.id) },
      },
    );
    return { ok: true as const, value: invitation };
  });
}

/**
 * The commissioner of the account an invitation is for, from its token alone. Someone using a link is not signed in,
 * so nothing else says whose rows the rest of the work may read (row-level security on PostgreSQL); the token,
 * which only the invited person holds, does.
 */
async function commissionerOfToken(db: Database, token: string): Promise<string | null> {
  const [row] = await db
    .select({ commissionerId: users.commissionerId })
    .from(representativeInvitations)
    .innerJoin(users, eq(users.id, representativeInvitations.userId))
    .where(eq(representativeInvitations.tokenHash, hashToken(token)));
  return row?.commissionerId ?? null;
}

/** The invitation behind a token, if it can still be used: not used, not expired, its link neither ended nor taken up. */
export async function findOpenInvitation(db: Database, token: string, now = new Date()) {
  const commissionerId = await commissionerOfToken(db, token);
  return commissionerId ? asCommissioner(commissionerId, () => readOpenInvitation(db, token, now)) : null;
}

async function readOpenInvitation(db: Database, token: string, now: Date) {
  const [row] = await db
    .select({
      invitation: representativeInvitations,
      email: users.email,
      name: users.name,
      commissionerId: users.commissionerId,
      relationship: representatives.relationship,
      revokedAt: representatives.revokedAt,
      linkAcceptedAt: representatives.acceptedAt,
      holderGivenName: holders.givenName,
      holderFamilyName: holders.familyName,
    })
    .from(representativeInvitations)
    .innerJoin(users, eq(users.id, representativeInvitations.userId))
    .innerJoin(representatives, eq(representatives.id, representativeInvitations.representativeId))
    .innerJoin(holders, eq(holders.id, representatives.holderId))
    .where(eq(representativeInvitations.tokenHash, hashToken(token)));
  if (!row || row.invitation.acceptedAt || row.invitation.expiresAt <= now || row.revokedAt || row.linkAcceptedAt) return null;
  return { ...row, holderName: `${row.holderGivenName} ${row.holderFamilyName}` };
}

/**
 * Marks the invitation used and its link taken up. Of two uses of one link at once, the second waits on the row the
 * first updated, then finds it used: only one wins.
 */
async function takeUp(tx: Database, invitation: { id: string; representativeId: string }, now: Date): Promise<boolean> {
  const [used] = await tx
    .update(representativeInvitations)
    .set({ acceptedAt: now })
    .where(and(eq(representativeInvitations.id, invitation.id), isNull(representativeInvitations.acceptedAt), gt(representativeInvitations.expiresAt, now)))
    .returning({ id: representativeInvitations.id });
  if (!used) return false;
  await tx
    .update(representatives)
    .set({ acceptedAt: now })
    .where(and(eq(representatives.id, invitation.representativeId), isNull(representatives.acceptedAt)));
  return true;
}

/**
 * A new representative sets their password from the invitation that made their account, which also takes up that
 * holder's link; the link then stops working. An invitation to someone who has a password cannot set it.
 */
export async function acceptInvitation(
  db: Database,
  input: { token: string; password: string; requestId?: string | null },
  now = new Date(),
): Promise<Result<{ email: string }>> {
  const commissionerId = await commissionerOfToken(db, input.token);
  if (!commissionerId) return { ok: false as const, field: null, message: CANNOT_BE_USED };
  const passwordHash = await hashPassword(input.password);
  return asCommissioner(commissionerId, () => setPasswordFromInvitation(db, input, passwordHash, now));
}

async function setPasswordFromInvitation(
  db: Database,
  input: { token: string; requestId?: string | null },
  passwordHash: string,
  now: Date,
): Promise<Result<{ email: string }>> {
  return db.transaction(async (tx) => {
    const open = await readOpenInvitation(tx, input.token, now);
    if (!open) return { ok: false as const, field: null, message: CANNOT_BE_USED };
    if (!open.invitation.setsPassword) return { ok: false as const, field: null, message: SIGN_IN_TO_ACCEPT };
    const userId = open.invitation.userId;
    // Uses of any invitation that sets this account's password queue here, then look again at what the one before
    // them left: so the password is set once.
    await tx.select({ id: users.id }).from(users).where(eq(users.id, userId)).for("update");
    if (!(await readOpenInvitation(tx, input.token, now))) return { ok: false as const, field: null, message: CANNOT_BE_USED };
    if ((await passwordInvitationsOf(tx, userId)).some((i) => i.used)) return { ok: false as const, field: null, message: SIGN_IN_TO_ACCEPT };
    if (!(await takeUp(tx, open.invitation, now))) return { ok: false as const, field: null, message: CANNOT_BE_USED };
    await tx.update(users).set({ passwordHash }).where(eq(users.id, userId));
    await recordAudit(
      tx,
      { userId, commissionerId: open.commissionerId, requestId: input.requestId },
      { action: "representative.invitation-accepted", entityType: "representative", entityId: open.invitation.representativeId, after: { passwordSet: true } },
    );
    return { ok: true as const, value: { email: open.email } };
  });
}

/**
 * Someone who already has an account, signed in as themselves, takes up a holder's invitation: only then can they
 * act for that holder. Nobody else's sign-in can accept it.
 */
export async function acceptInvitationSignedIn(
  db: Database,
  input: { token: string; userId: string; requestId?: string | null },
  now = new Date(),
): Promise<Result<{ holderId: string }>> {
  // Signed in, the request reads as the user's own commissioner: another's invitation is not there to accept.
  return db.transaction(async (tx) => {
    const open = await readOpenInvitation(tx, input.token, now);
    if (!open) return { ok: false as const, field: null, message: CANNOT_BE_USED };
    if (open.invitation.userId !== input.userId) {
      return { ok: false as const, field: null, message: `This invitation is for ${open.email}. Sign out, then sign in with that email address to accept it.` };
    }
    if (!(await takeUp(tx, open.invitation, now))) return { ok: false as const, field: null, message: CANNOT_BE_USED };
    const [link] = await tx
      .select({ holderId: representatives.holderId })
      .from(representatives)
      .where(eq(representatives.id, open.invitation.representativeId));
    await recordAudit(
      tx,
      { userId: input.userId, commissionerId: open.commissionerId, requestId: input.requestId, onBehalfOfHolderId: link.holderId },
      { action: "representative.invitation-accepted", entityType: "representative", entityId: open.invitation.representativeId, after: { passwordSet: false } },
    );
    return { ok: true as const, value: { holderId: link.holderId } };
  });
}
