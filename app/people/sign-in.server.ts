import { and, count, eq, gt, sql } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { asCommissioner } from "#db/tenant.server";
import { signInAttempts, users } from "#db/schema";
import { recordAudit } from "~/audit/audit.server";
import { networkOf } from "~/security/client-address";
import { endSession, startSession } from "./sessions.server";
import { UNKNOWN_USER_HASH, verifyPassword, type VerifyPassword } from "./passwords.server";
import { failuresCountFrom, isLockedOut, lockedUntilAfterFailure, NETWORK_WINDOW_MS, networkMustWait } from "./session-rules";

export type SignInResult = { ok: true; userId: string; token: string } | { ok: false; reason: "invalid" | "locked" | "network-must-wait" };

/** The first half of the advisory lock key that queues one network's attempts; no other lock uses it. */
const NETWORK_LOCK = 0x5349;

/**
 * Email and password sign-in, in three steps so that no guess goes uncounted:
 * 1. with the network's attempts and the account's row locked, the attempt is written down as a failure, and
 *    whether it may succeed at all is decided from the attempts before it, checked or still being checked;
 * 2. the password is checked whatever step 1 decided (against a fixed hash for an unknown address), so the
 *    time taken says nothing about whether the account exists or is locked;
 * 3. the attempt is marked succeeded and a session started, or the account is locked if this was a failure too many.
 * Wrong email, wrong password and a locked account must look alike to the person; "locked" is for tests.
 */
export async function signIn(
  db: Database,
  input: { email: string; password: string; clientAddress?: string | null; requestId?: string | null; replacesSessionId?: string | null },
  now = new Date(),
  verify: VerifyPassword = verifyPassword,
): Promise<SignInResult> {
  const email = input.email.trim().toLowerCase();
  const network = input.clientAddress ? networkOf(input.clientAddress) : null;
  const claim = await db.transaction((tx) => countAttempt(tx, email, network, now));
  if (claim.networkMustWait) return { ok: false, reason: "network-must-wait" };

  const { user, locked, attemptId } = claim;
  const passwordOk = await verify(user?.passwordHash ?? UNKNOWN_USER_HASH, input.password);
  if (!user || locked || !passwordOk) {
    // As the account's own commissioner, whose audit log records the lock (row-level security on PostgreSQL).
    if (user && !locked) await asCommissioner(user.commissionerId, () => db.transaction((tx) => lockIfDue(tx, user, email, now, input.requestId)));
    return { ok: false, reason: locked ? "locked" : "invalid" };
  }

  return asCommissioner(user.commissionerId, () => startSignedInSession(db, user, attemptId, input, now));
}

async function startSignedInSession(
  db: Database,
  user: SignInUser,
  attemptId: number,
  input: { requestId?: string | null; replacesSessionId?: string | null },
  now: Date,
): Promise<SignInResult> {
  return db.transaction(async (tx) => {
    await tx.update(signInAttempts).set({ succeeded: true }).where(eq(signInAttempts.id, attemptId));
    // A new session id at every sign-in, so a session fixed before sign-in is never the signed-in one.
    if (input.replacesSessionId) await endSession(tx, input.replacesSessionId, now);
    const { token, sessionId } = await startSession(tx, user.id);
    await recordAudit(tx, actorOf(user, input.requestId), { action: "signed-in", entityType: "session", entityId: sessionId });
    return { ok: true, userId: user.id, token } as const;
  });
}

type SignInUser = { id: string; commissionerId: string; passwordHash: string; lockedUntil: Date | null };

async function countAttempt(tx: Database, email: string, network: string | null, now: Date) {
  if (network) {
    // One network's attempts queue here, so a burst from it cannot all read the count before any is written.
    await tx.execute(sql`select pg_advisory_xact_lock(${NETWORK_LOCK}::int, hashtext(${network}))`);
    const since = new Date(now.getTime() - NETWORK_WINDOW_MS);
    const [{ failures }] = await tx
      .select({ failures: count() })
      .from(signInAttempts)
      .where(and(eq(signInAttempts.network, network), eq(signInAttempts.succeeded, false), gt(signInAttempts.at, since)));
    // Not written down: a network that keeps trying while it waits adds nothing to the table.
    if (networkMustWait(failures)) return { networkMustWait: true } as const;
  }

  // The row lock queues the account's attempts: each sees every attempt before it, checked or not.
  const [user] = await tx
    .select({ id: users.id, commissionerId: users.commissionerId, passwordHash: users.passwordHash, lockedUntil: users.lockedUntil })
    .from(users)
    .where(sql`lower(${users.email}) = ${email}`)
    .for("update");
  const locked = user ? isLockedOut(user.lockedUntil, await failuresSince(tx, email, failuresCountFrom(user.lockedUntil, now)), now) : false;
  const [attempt] = await tx.insert(signInAttempts).values({ email, network, succeeded: false, at: now }).returning({ id: signInAttempts.id });
  return { networkMustWait: false, user: (user as SignInUser | undefined) ?? null, locked, attemptId: attempt.id } as const;
}

/** After a wrong password: lock the account if the failures now counted reach the limit and no other guess has. */
async function lockIfDue(tx: Database, user: SignInUser, email: string, now: Date, requestId: string | null | undefined) {
  const [current] = await tx.select({ lockedUntil: users.lockedUntil }).from(users).where(eq(users.id, user.id)).for("update");
  if (current.lockedUntil && current.lockedUntil > now) return;
  const failures = await failuresSince(tx, email, failuresCountFrom(current.lockedUntil, now));
  const lockedUntil = lockedUntilAfterFailure(failures, now);
  if (!lockedUntil) return;
  await tx.update(users).set({ lockedUntil }).where(eq(users.id, user.id));
  await recordAudit(tx, actorOf(user, requestId), {
    action: "account.locked",
    entityType: "user",
    entityId: user.id,
    after: { lockedUntil: lockedUntil.toISOString(), failures },
  });
}

async function failuresSince(tx: Database, email: string, since: Date): Promise<number> {
  const [{ failures }] = await tx
    .select({ failures: count() })
    .from(signInAttempts)
    .where(and(eq(signInAttempts.email, email), eq(signInAttempts.succeeded, false), gt(signInAttempts.at, since)));
  return failures;
}

function actorOf(user: SignInUser, requestId: string | null | undefined) {
  return { userId: user.id, commissionerId: user.commissionerId, requestId };
}

export async function signOut(db: Database, sessionId: string, actor: { userId: string; commissionerId: string; requestId?: string | null }) {
  await db.transaction(async (tx) => {
    await endSession(tx, sessionId);
    await recordAudit(tx, actor, { action: "signed-out", entityType: "session", entityId: sessionId });
  });
}
