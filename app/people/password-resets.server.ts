import { randomBytes } from "node:crypto";
import { and, eq, gt, isNull, sql } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { asCommissioner } from "#db/tenant.server";
import { passwordResets, sessions, users } from "#db/schema";
import { recordAudit } from "~/audit/audit.server";
import { sendPasswordReset } from "~/integrations/notify/notify.server";
import { hashPassword } from "./passwords.server";
import { hashToken } from "./sessions.server";
import { RESET_MINUTES } from "./session-rules";

const CANNOT_BE_USED = "This link has been used or has expired. Ask for a new one.";

type Result<T> = { ok: true; value: T } | { ok: false; message: string };

/**
 * Someone who has forgotten their password asks for a link. Whether or not the address has an account, the caller
 * learns nothing: the answer is the same, so the page cannot be used to find out who has one. For an account, any
 * link still open is closed, a new one made (its hash kept, never the token), and the link emailed once that has
 * committed. Pass the database, not a transaction.
 */
export async function requestPasswordReset(db: Database, input: { email: string; origin: string; requestId?: string | null }, now = new Date()): Promise<void> {
  const email = input.email.trim().toLowerCase();
  const [user] = await db
    .select({ id: users.id, name: users.name, email: users.email, commissionerId: users.commissionerId })
    .from(users)
    .where(sql`lower(${users.email}) = ${email}`);
  if (!user) return;
  const actor = { userId: user.id, commissionerId: user.commissionerId, requestId: input.requestId };
  const token = randomBytes(32).toString("base64url");

  // As the account's own commissioner, whose audit log records it (row-level security on PostgreSQL).
  const reset = await asCommissioner(user.commissionerId, () =>
    db.transaction(async (tx) => {
      const closed = await closeOpenResets(tx, user.id, now);
      const [row] = await tx
        .insert(passwordResets)
        .values({ userId: user.id, tokenHash: hashToken(token), expiresAt: new Date(now.getTime() + RESET_MINUTES * 60_000) })
        .returning({ id: passwordResets.id, expiresAt: passwordResets.expiresAt });
      await recordAudit(tx, actor, {
        action: "password.reset-requested",
        entityType: "user",
        entityId: user.id,
        after: { passwordResetId: row.id, expiresAt: row.expiresAt, closedResetIds: closed },
      });
      return row;
    }),
  );

  const outcome = await sendPasswordReset({
    emailAddress: user.email,
    reference: reset.id,
    personalisation: { name: user.name, link: `${input.origin}/password-reset/${token}`, expires_in: `${RESET_MINUTES} minutes` },
  });
  await asCommissioner(user.commissionerId, () =>
    db.transaction((tx) =>
      recordAudit(tx, actor, {
        action: outcome.sent ? "password.reset-emailed" : "password.reset-not-emailed",
        entityType: "user",
        entityId: user.id,
        after: outcome.sent ? { passwordResetId: reset.id, notifyId: outcome.notificationId } : { passwordResetId: reset.id, reason: outcome.reason },
      }),
    ),
  );
}

async function closeOpenResets(tx: Database, userId: string, now: Date): Promise<string[]> {
  const closed = await tx
    .update(passwordResets)
    .set({ expiresAt: now })
    .where(and(eq(passwordResets.userId, userId), isNull(passwordResets.usedAt), gt(passwordResets.expiresAt, now)))
    .returning({ id: passwordResets.id });
  return closed.map((c) => c.id);
}

/** The account a reset link is for, while it can still be used: not used, not expired, not replaced by a newer one. */
export async function findOpenReset(db: Database, token: string, now = new Date()) {
  const [row] = await db
    .select({ id: passwordResets.id, userId: passwordResets.userId, email: users.email, commissionerId: users.commissionerId })
    .from(passwordResets)
    .innerJoin(users, eq(users.id, passwordResets.userId))
    .where(and(eq(passwordResets.tokenHash, hashToken(token)), isNull(passwordResets.usedAt), gt(passwordResets.expiresAt, now)));
  return row ?? null;
}

/**
 * Sets a new password from a reset link. The link works once: of two uses at once, the second finds it used. Every
 * session of the account ends, so whoever knew the old password is signed out everywhere, and a lock from wrong
 * guesses is lifted: the person has shown they hold the account's email.
 */
export async function resetPassword(
  db: Database,
  input: { token: string; password: string; requestId?: string | null },
  now = new Date(),
): Promise<Result<{ email: string }>> {
  const open = await findOpenReset(db, input.token, now);
  if (!open) return { ok: false, message: CANNOT_BE_USED };
  const passwordHash = await hashPassword(input.password);
  return asCommissioner(open.commissionerId, () =>
    db.transaction(async (tx) => {
      const [used] = await tx
        .update(passwordResets)
        .set({ usedAt: now })
        .where(and(eq(passwordResets.id, open.id), isNull(passwordResets.usedAt), gt(passwordResets.expiresAt, now)))
        .returning({ id: passwordResets.id });
      if (!used) return { ok: false as const, message: CANNOT_BE_USED };
      await tx.update(users).set({ passwordHash, lockedUntil: null }).where(eq(users.id, open.userId));
      const ended = await tx
        .update(sessions)
        .set({ endedAt: now })
        .where(and(eq(sessions.userId, open.userId), isNull(sessions.endedAt)))
        .returning({ id: sessions.id });
      await closeOpenResets(tx, open.userId, now);
      await recordAudit(
        tx,
        { userId: open.userId, commissionerId: open.commissionerId, requestId: input.requestId },
        { action: "password.reset", entityType: "user", entityId: open.userId, after: { passwordResetId: open.id, sessionsEnded: ended.length } },
      );
      return { ok: true as const, value: { email: open.email } };
    }),
  );
}
