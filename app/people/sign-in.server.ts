import { and, count, eq, gt, sql } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { signInAttempts, users } from "#db/schema";
import { recordAudit } from "~/audit/audit.server";
import { endSession, startSession } from "./sessions.server";
import { unknownUserHash, verifyPassword, type VerifyPassword } from "./passwords.server";
import { LOCKOUT_WINDOW_MS, lockedUntilAfterFailure } from "./session-rules";

export type SignInResult = { ok: true; userId: string; token: string } | { ok: false; reason: "invalid" | "locked" };

/**
 * Email and password sign-in. Wrong email, wrong password and a locked account all answer alike to the
 * caller's user; only the route decides how much of "locked" to say.
 */
export async function signIn(
  db: Database,
  input: { email: string; password: string; requestId?: string | null; replacesSessionId?: string | null },
  now = new Date(),
  verify: VerifyPassword = verifyPassword,
): Promise<SignInResult> {
  const email = input.email.trim().toLowerCase();
  const [user] = await db
    .select()
    .from(users)
    .where(sql`lower(${users.email}) = ${email}`);

  if (user?.lockedUntil && user.lockedUntil > now) {
    await db.insert(signInAttempts).values({ email, succeeded: false, at: now });
    return { ok: false, reason: "locked" };
  }

  const passwordOk = await verify(user?.passwordHash ?? (await unknownUserHash()), input.password);

  return db.transaction(async (tx) => {
    await tx.insert(signInAttempts).values({ email, succeeded: Boolean(user && passwordOk), at: now });
    if (!user) return { ok: false, reason: "invalid" } as const;
    const actor = { userId: user.id, commissionerId: user.commissionerId, requestId: input.requestId };

    if (!passwordOk) {
      const windowStart = new Date(now.getTime() - LOCKOUT_WINDOW_MS);
      const lastUnlock = user.lockedUntil && user.lockedUntil > windowStart ? user.lockedUntil : windowStart;
      const [{ failures }] = await tx
        .select({ failures: count() })
        .from(signInAttempts)
        .where(and(eq(signInAttempts.email, email), eq(signInAttempts.succeeded, false), gt(signInAttempts.at, lastUnlock)));
      const lockedUntil = lockedUntilAfterFailure(failures, now);
      if (lockedUntil) {
        await tx.update(users).set({ lockedUntil }).where(eq(users.id, user.id));
        await recordAudit(tx, actor, {
          action: "account.locked",
          entityType: "user",
          entityId: user.id,
          after: { lockedUntil: lockedUntil.toISOString(), failures },
        });
      }
      return { ok: false, reason: "invalid" } as const;
    }

    // A new session id at every sign-in, so a session fixed before sign-in is never the signed-in one.
    if (input.replacesSessionId) await endSession(tx, input.replacesSessionId, now);
    const { token, sessionId } = await startSession(tx, user.id);
    await recordAudit(tx, actor, { action: "signed-in", entityType: "session", entityId: sessionId });
    return { ok: true, userId: user.id, token } as const;
  });
}

export async function signOut(db: Database, sessionId: string, actor: { userId: string; commissionerId: string; requestId?: string | null }) {
  await db.transaction(async (tx) => {
    await endSession(tx, sessionId);
    await recordAudit(tx, actor, { action: "signed-out", entityType: "session", entityId: sessionId });
  });
}
