import { eq } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { holders, representatives, users } from "#db/schema";
import { recordAudit, type Actor } from "~/audit/audit.server";
import { longDate } from "~/dates/long-date";
import { sendRepresentativeInvitation } from "~/integrations/notify/notify.server";
import { renewInvitation, type NewInvitation } from "./invitations.server";
import { inviteRepresentative, type InviteInput } from "./representatives.server";

/**
 * What became of the invitation email. The link comes back only when no email went, so the person inviting can
 * pass it on themselves; once emailed, only the invitee has it.
 */
export type InvitationDelivery = { emailed: true; email: string } | { emailed: false; reason: "not-configured" | "failed"; token: string; link: string };

type Invited = { ok: true; value: { representativeId: string; delivery: InvitationDelivery } } | { ok: false; field: string | null; message: string };

/**
 * Invites a representative, then emails them their one-time link through GOV.UK Notify. Pass the database, not a
 * transaction: the email goes only once the invitation has committed, so no one is sent a link that was rolled back.
 * Someone who already has an account is sent one too: with it they sign in and accept.
 */
export async function inviteRepresentativeByEmail(db: Database, input: InviteInput & { origin: string }): Promise<Invited> {
  const result = await inviteRepresentative(db, input);
  if (!result.ok) return result;
  const { link, invitation } = result.value;
  const delivery = await emailInvitation(db, { actor: input.actor, holderId: input.holderId, representativeId: link.id, invitation, origin: input.origin });
  return { ok: true, value: { representativeId: link.id, delivery } };
}

/** Sends someone who has not taken up this holder's invitation a new one, by email when Notify is set up. */
export async function renewInvitationByEmail(
  db: Database,
  input: { actor: Actor; holderId: string; representativeId: string; origin: string },
): Promise<Invited> {
  const result = await renewInvitation(db, input);
  if (!result.ok) return result;
  const delivery = await emailInvitation(db, { ...input, invitation: result.value });
  return { ok: true, value: { representativeId: input.representativeId, delivery } };
}

/**
 * Emails an invitation that has committed, and records in the audit log whether Notify took it: the Notify id when
 * it did, the reason when it did not (then the person inviting is given the link). Neither the link nor its token is
 * written anywhere.
 */
export async function emailInvitation(
  db: Database,
  input: { actor: Actor; holderId: string; representativeId: string; invitation: NewInvitation; origin: string },
): Promise<InvitationDelivery> {
  const [invitee] = await db
    .select({
      name: users.name,
      email: users.email,
      relationship: representatives.relationship,
      holderGivenName: holders.givenName,
      holderFamilyName: holders.familyName,
    })
    .from(representatives)
    .innerJoin(users, eq(users.id, representatives.userId))
    .innerJoin(holders, eq(holders.id, representatives.holderId))
    .where(eq(representatives.id, input.representativeId));
  if (!invitee) throw new Error(`representative ${input.representativeId} not found after inviting them`);
  const [inviter] = input.actor.userId ? await db.select({ name: users.name }).from(users).where(eq(users.id, input.actor.userId)) : [];
  const holderName = `${invitee.holderGivenName} ${invitee.holderFamilyName}`;
  const link = `${input.origin}/invitation/${input.invitation.token}`;

  const outcome = await sendRepresentativeInvitation({
    emailAddress: invitee.email,
    reference: input.invitation.id,
    personalisation: {
      name: invitee.name,
      holder_name: holderName,
      invited_by: inviter?.name ?? holderName,
      relationship: invitee.relationship,
      link,
      expires_on: longDate(input.invitation.expiresAt),
    },
  });

  // Its own small transaction: the invitation has committed already, whatever became of the email.
  await db.transaction((tx) =>
    recordAudit(
      tx,
      { ...input.actor, onBehalfOfHolderId: input.holderId },
      {
        action: outcome.sent
          ? "representative.invitation-emailed"
          : outcome.reason === "failed"
            ? "representative.invitation-email-failed"
            : "representative.invitation-not-emailed",
        entityType: "representative",
        entityId: input.representativeId,
        after: outcome.sent
          ? { invitationId: input.invitation.id, notifyId: outcome.notificationId }
          : { invitationId: input.invitation.id, reason: outcome.reason, message: outcome.message },
      },
    ),
  );
  return outcome.sent ? { emailed: true, email: invitee.email } : { emailed: false, reason: outcome.reason, token: input.invitation.token, link };
}
