import { randomBytes } from "node:crypto";
import { and, desc, eq, gt, isNull, sql } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { asCommissioner } from "#db/tenant.server";
import { assistantInvitations, holders, personalAssistants, users } from "#db/schema";
import { recordAudit, type Actor } from "~/audit/audit.server";
import { longDate } from "~/dates/long-date";
import { sendAssistantInvitation } from "~/integrations/notify/notify.server";
import { INVITATION_DAYS } from "~/people/invitations.server";
import { hashPassword } from "~/people/passwords.server";
import { EmailAddress } from "~/people/schemas";
import { hashToken } from "~/people/sessions.server";
import { isUuid } from "~/http/ids";

type Result<T> = { ok: true; value: T } | { ok: false; field: "email" | ""; message: string };

/** Whether a PA can sign in, or has been asked to. */
export type AssistantSignIn =
  { state: "signs-in"; email: string } | { state: "invited"; email: string; expiresAt: Date } | { state: "not-invited"; lastEmail: string | null };

/** What became of the invitation email: the link comes back only when no email went, to be passed on by hand. */
export type AssistantInvitationDelivery = { emailed: true; email: string } | { emailed: false; email: string; link: string };

export const NO_SUCH_PA = "There is no such PA";
const CANNOT_BE_USED = "This link has been used, has expired or has been replaced by a newer one. Ask your employer for a new one.";

/** One PA of the holder's, with whether they sign in; null if the holder has no such PA. */
export async function assistantSignIn(db: Database, input: { holderId: string; assistantId: string }, now = new Date()) {
  if (!isUuid(input.assistantId)) return null;
  const [assistant] = await db
    .select({
      id: personalAssistants.id,
      givenName: personalAssistants.givenName,
      familyName: personalAssistants.familyName,
      signsInAs: users.email,
    })
    .from(personalAssistants)
    .leftJoin(users, eq(users.id, personalAssistants.userId))
    .where(and(eq(personalAssistants.id, input.assistantId), eq(personalAssistants.holderId, input.holderId)));
  if (!assistant) return null;
  const [latest] = await db
    .select({ email: users.email, expiresAt: assistantInvitations.expiresAt, acceptedAt: assistantInvitations.acceptedAt })
    .from(assistantInvitations)
    .innerJoin(users, eq(users.id, assistantInvitations.userId))
    .where(eq(assistantInvitations.personalAssistantId, assistant.id))
    .orderBy(desc(assistantInvitations.createdAt))
    .limit(1);
  const signIn: AssistantSignIn = assistant.signsInAs
    ? { state: "signs-in", email: assistant.signsInAs }
    : latest && !latest.acceptedAt && latest.expiresAt > now
      ? { state: "invited", email: latest.email, expiresAt: latest.expiresAt }
      : { state: "not-invited", lastEmail: latest?.email ?? null };
  return { assistant, signIn };
}

/**
 * Invites a PA to sign in, to submit their hours and read their payslips. An account is made for this PA's record
 * alone, with no usable password until they set one from the link; asking again (a lost email, a mistyped address)
 * closes the links before it. An address that belongs to any other account is refused: no employer can take over
 * someone's account by naming its email. Pass the database: the email goes once the invitation has committed.
 */
export async function inviteAssistant(
  db: Database,
  input: { actor: Actor; commissionerId: string; holderId: string; assistantId: string; email: string; origin: string },
  now = new Date(),
): Promise<Result<AssistantInvitationDelivery>> {
  if (!isUuid(input.assistantId)) return { ok: false, field: "", message: NO_SUCH_PA };
  const address = EmailAddress.safeParse(input.email);
  if (!address.success) return { ok: false, field: "email", message: address.error.issues[0].message };
  const email = address.data.toLowerCase();
  const made = await db.transaction(async (tx): Promise<Result<{ invitationId: string; token: string; name: string; expiresAt: Date }>> => {
    const [assistant] = await tx
      .select()
      .from(personalAssistants)
      .where(and(eq(personalAssistants.id, input.assistantId), eq(personalAssistants.holderId, input.holderId)))
      .for("update");
    if (!assistant) return { ok: false, field: "", message: NO_SUCH_PA };
    if (assistant.userId) return { ok: false, field: "", message: `${assistant.givenName} can sign in already` };
    const [existing] = await tx
      .select()
      .from(users)
      .where(sql`lower(${users.email}) = ${email}`);
    const earlier = await tx
      .select({ userId: assistantInvitations.userId })
      .from(assistantInvitations)
      .where(eq(assistantInvitations.personalAssistantId, assistant.id));
    // Only an account this PA's own earlier invitation made, never used, may be asked again.
    if (existing && !earlier.some((e) => e.userId === existing.id)) {
      return { ok: false, field: "email", message: "This email address is used by another account: ask the PA for another email address" };
    }
    const name = `${assistant.givenName} ${assistant.familyName}`;
    const userId =
      existing?.id ??
      (
        await tx
          .insert(users)
          .values({ commissionerId: input.commissionerId, kind: "assistant", email, name, passwordHash: await hashPassword(randomBytes(32).toString("hex")) })
          .returning({ id: users.id })
      )[0].id;
    const closed = await tx
      .update(assistantInvitations)
      .set({ expiresAt: now })
      .where(and(eq(assistantInvitations.personalAssistantId, assistant.id), isNull(assistantInvitations.acceptedAt), gt(assistantInvitations.expiresAt, now)))
      .returning({ id: assistantInvitations.id });
    const token = randomBytes(32).toString("base64url");
    const [invitation] = await tx
      .insert(assistantInvitations)
      .values({
        personalAssistantId: assistant.id,
        userId,
        tokenHash: hashToken(token),
        expiresAt: new Date(now.getTime() + INVITATION_DAYS * 24 * 60 * 60 * 1000),
        invitedBy: input.actor.userId!,
      })
      .returning();
    await recordAudit(
      tx,
      { ...input.actor, onBehalfOfHolderId: input.holderId },
      {
        action: "assistant.invited",
        entityType: "personal-assistant",
        entityId: assistant.id,
        after: { invitationId: invitation.id, userId, expiresAt: invitation.expiresAt, closedInvitationIds: closed.map((c) => c.id) },
      },
    );
    return { ok: true, value: { invitationId: invitation.id, token, name, expiresAt: invitation.expiresAt } };
  });
  if (!made.ok) return made;

  const [employer] = await db.select({ givenName: holders.givenName, familyName: holders.familyName }).from(holders).where(eq(holders.id, input.holderId));
  const link = `${input.origin}/pa-invitation/${made.value.token}`;
  const outcome = await sendAssistantInvitation({
    emailAddress: email,
    reference: made.value.invitationId,
    personalisation: { name: made.value.name, employer_name: `${employer.givenName} ${employer.familyName}`, link, expires_on: longDate(made.value.expiresAt) },
  });
  await db.transaction((tx) =>
    recordAudit(
      tx,
      { ...input.actor, onBehalfOfHolderId: input.holderId },
      {
        action: outcome.sent ? "assistant.invitation-emailed" : "assistant.invitation-not-emailed",
        entityType: "personal-assistant",
        entityId: input.assistantId,
        after: outcome.sent
          ? { invitationId: made.value.invitationId, notifyId: outcome.notificationId }
          : { invitationId: made.value.invitationId, reason: outcome.reason },
      },
    ),
  );
  return { ok: true, value: outcome.sent ? { emailed: true, email } : { emailed: false, email, link } };
}

/** The commissioner of the account a link is for, from its token alone: whoever uses it is not signed in yet. */
async function commissionerOfToken(db: Database, token: string): Promise<string | null> {
  const [row] = await db
    .select({ commissionerId: users.commissionerId })
    .from(assistantInvitations)
    .innerJoin(users, eq(users.id, assistantInvitations.userId))
    .where(eq(assistantInvitations.tokenHash, hashToken(token)));
  return row?.commissionerId ?? null;
}

async function readOpenInvitation(db: Database, token: string, now: Date) {
  const [row] = await db
    .select({
      invitation: assistantInvitations,
      email: users.email,
      commissionerId: users.commissionerId,
      linkedUserId: personalAssistants.userId,
      employerGivenName: holders.givenName,
      employerFamilyName: holders.familyName,
    })
    .from(assistantInvitations)
    .innerJoin(users, eq(users.id, assistantInvitations.userId))
    .innerJoin(personalAssistants, eq(personalAssistants.id, assistantInvitations.personalAssistantId))
    .innerJoin(holders, eq(holders.id, personalAssistants.holderId))
    .where(eq(assistantInvitations.tokenHash, hashToken(token)));
  if (!row || row.invitation.acceptedAt || row.invitation.expiresAt <= now || row.linkedUserId) return null;
  return { ...row, employerName: `${row.employerGivenName} ${row.employerFamilyName}` };
}

/** The invitation behind a token while it can still be used, with the email it is for and the employer's name. */
export async function findOpenAssistantInvitation(db: Database, token: string, now = new Date()) {
  const commissionerId = await commissionerOfToken(db, token);
  return commissionerId ? asCommissioner(commissionerId, () => readOpenInvitation(db, token, now)) : null;
}

/**
 * The PA sets their password from the link, which links their record to the account; every link for it then stops
 * working. Of two uses at once, the second waits on the PA's row the first locked, then finds it taken up.
 */
export async function acceptAssistantInvitation(
  db: Database,
  input: { token: string; password: string; requestId?: string | null },
  now = new Date(),
): Promise<Result<{ email: string }>> {
  const commissionerId = await commissionerOfToken(db, input.token);
  if (!commissionerId) return { ok: false, field: "", message: CANNOT_BE_USED };
  const passwordHash = await hashPassword(input.password);
  return asCommissioner(commissionerId, () =>
    db.transaction(async (tx): Promise<Result<{ email: string }>> => {
      const open = await readOpenInvitation(tx, input.token, now);
      if (!open) return { ok: false, field: "", message: CANNOT_BE_USED };
      await tx
        .select({ id: personalAssistants.id })
        .from(personalAssistants)
        .where(eq(personalAssistants.id, open.invitation.personalAssistantId))
        .for("update");
      if (!(await readOpenInvitation(tx, input.token, now))) return { ok: false, field: "", message: CANNOT_BE_USED };
      await tx.update(assistantInvitations).set({ acceptedAt: now }).where(eq(assistantInvitations.id, open.invitation.id));
      await tx.update(personalAssistants).set({ userId: open.invitation.userId }).where(eq(personalAssistants.id, open.invitation.personalAssistantId));
      await tx.update(users).set({ passwordHash }).where(eq(users.id, open.invitation.userId));
      await recordAudit(
        tx,
        { userId: open.invitation.userId, commissionerId: open.commissionerId, requestId: input.requestId },
        {
          action: "assistant.invitation-accepted",
          entityType: "personal-assistant",
          entityId: open.invitation.personalAssistantId,
          after: { passwordSet: true },
        },
      );
      return { ok: true, value: { email: open.email } };
    }),
  );
}
