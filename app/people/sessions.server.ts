import { createHash, randomBytes } from "node:crypto";
import { and, eq, isNull, sql } from "drizzle-orm";
import { builtOnce, type Database } from "#db/client.server";
import { sessions, users } from "#db/schema";
import { isIdleExpired } from "./session-rules";

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export async function startSession(tx: Database, userId: string, actingForHolderId: string | null = null) {
  const token = randomBytes(32).toString("base64url");
  const [row] = await tx
    .insert(sessions)
    .values({ tokenHash: hashToken(token), userId, actingForHolderId })
    .returning({ id: sessions.id });
  return { token, sessionId: row.id };
}

export type SessionUser = typeof users.$inferSelect;

export type SessionLookup =
  | { status: "active"; sessionId: string; userId: string; user: SessionUser; actingForHolderId: string | null; lastSeenAt: Date }
  | { status: "expired" }
  | { status: "none" };

const liveSessionQuery = (db: Database) =>
  db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.tokenHash, sql.placeholder("tokenHash")), isNull(sessions.endedAt)))
    .prepare("live_session");

/**
 * Finds the live session for a cookie token, with its user in the same query, and slides its idle timer. An idle session is ended on the spot,
 * so the same token can never come back to life.
 */
export async function readSession(db: Database, token: string | null, now = new Date()): Promise<SessionLookup> {
  if (!token) return { status: "none" };
  const [found] = await builtOnce(db, liveSessionQuery).execute({ tokenHash: hashToken(token) });
  if (!found) return { status: "none" };
  const row = found.session;
  if (isIdleExpired(row.lastSeenAt, now)) {
    await db.update(sessions).set({ endedAt: now }).where(eq(sessions.id, row.id));
    return { status: "expired" };
  }
  // One write a minute at most per session is enough to keep the idle timer honest.
  if (now.getTime() - row.lastSeenAt.getTime() > 60_000) {
    await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, row.id));
  }
  return {
    status: "active",
    sessionId: row.id,
    userId: row.userId,
    user: found.user,
    actingForHolderId: row.actingForHolderId,
    lastSeenAt: now.getTime() - row.lastSeenAt.getTime() > 60_000 ? now : row.lastSeenAt,
  };
}

export async function touchSession(db: Database, sessionId: string, now = new Date()) {
  await db
    .update(sessions)
    .set({ lastSeenAt: now })
    .where(and(eq(sessions.id, sessionId), isNull(sessions.endedAt)));
}

export async function endSession(db: Database, sessionId: string, now = new Date()) {
  await db.update(sessions).set({ endedAt: now }).where(eq(sessions.id, sessionId));
}

export async function setActingFor(db: Database, sessionId: string, holderId: string) {
  await db.update(sessions).set({ actingForHolderId: holderId }).where(eq(sessions.id, sessionId));
}
