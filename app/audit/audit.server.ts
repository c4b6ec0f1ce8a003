import { and, desc, eq, gte, inArray, lt, sql, type SQL } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { auditLog, holders, planSupportLines, planVersions, users } from "#db/schema";
import { idsToName, type AuditNames } from "./names";

/** Who did a write, for whom, and in which request: carried from the route into every use-case. */
export interface Actor {
  userId: string | null;
  commissionerId: string | null;
  onBehalfOfHolderId?: string | null;
  requestId?: string | null;
}

export interface AuditEvent {
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
}

const auditRow = (actor: Actor, event: AuditEvent) => ({
  commissionerId: actor.commissionerId,
  actorUserId: actor.userId,
  onBehalfOfHolderId: actor.onBehalfOfHolderId ?? null,
  action: event.action,
  entityType: event.entityType,
  entityId: event.entityId,
  before: event.before ?? null,
  after: event.after ?? null,
  requestId: actor.requestId ?? null,
});

/** Call with the transaction that makes the change, so the row and the change commit or fail together. */
export async function recordAudit(tx: Database, actor: Actor, event: AuditEvent) {
  await tx.insert(auditLog).values(auditRow(actor, event));
}

/** Many changes made at once, each audited on its own row, in as few statements as the database's limits allow. */
export async function recordAudits(tx: Database, changes: { actor: Actor; event: AuditEvent }[]) {
  for (let i = 0; i < changes.length; i += 1_000) {
    await tx.insert(auditLog).values(changes.slice(i, i + 1_000).map((c) => auditRow(c.actor, c.event)));
  }
}

export const AUDIT_PAGE_SIZE = 25;

export interface AuditFilter {
  commissionerId: string;
  actorUserId?: string;
  entityType?: string;
  entityId?: string;
  /** Inclusive dates, YYYY-MM-DD, in UK time. */
  from?: string;
  to?: string;
  page: number;
}

/** As many entries as a download may hold: more is a sign the filters are too wide to read. */
export const AUDIT_DOWNLOAD_LIMIT = 10_000;

export async function listAuditEntries(db: Database, filter: AuditFilter, pageSize = AUDIT_PAGE_SIZE) {
  const conditions: SQL[] = [eq(auditLog.commissionerId, filter.commissionerId)];
  if (filter.actorUserId) conditions.push(eq(auditLog.actorUserId, filter.actorUserId));
  if (filter.entityType) conditions.push(eq(auditLog.entityType, filter.entityType));
  if (filter.entityId) conditions.push(eq(auditLog.entityId, filter.entityId));
  if (filter.from) conditions.push(gte(auditLog.at, sql`(${filter.from}::date)::timestamp at time zone 'Europe/London'`));
  if (filter.to) conditions.push(lt(auditLog.at, sql`(${filter.to}::date + 1)::timestamp at time zone 'Europe/London'`));
  const where = and(...conditions);

  const [rows, [{ total }]] = await Promise.all([
    db
      .select({
        id: auditLog.id,
        at: auditLog.at,
        action: auditLog.action,
        entityType: auditLog.entityType,
        entityId: auditLog.entityId,
        before: auditLog.before,
        after: auditLog.after,
        requestId: auditLog.requestId,
        actorUserId: auditLog.actorUserId,
        actorName: users.name,
        onBehalfOfHolderId: auditLog.onBehalfOfHolderId,
      })
      .from(auditLog)
      .leftJoin(users, eq(users.id, auditLog.actorUserId))
      .where(where)
      .orderBy(desc(auditLog.at), desc(auditLog.id))
      .limit(pageSize)
      .offset((filter.page - 1) * pageSize),
    db
      .select({ total: sql<number>`count(*)::int` })
      .from(auditLog)
      .where(where),
  ]);
  return { rows, total, pageCount: Math.max(1, Math.ceil(total / pageSize)) };
}

export async function listAuditPeople(db: Database, commissionerId: string) {
  return db.select({ id: users.id, name: users.name }).from(users).where(eq(users.commissionerId, commissionerId)).orderBy(users.name);
}

export async function listAuditEntityTypes(db: Database, commissionerId: string) {
  const rows = await db
    .selectDistinct({ entityType: auditLog.entityType })
    .from(auditLog)
    .where(eq(auditLog.commissionerId, commissionerId))
    .orderBy(auditLog.entityType);
  return rows.map((r) => r.entityType);
}

/**
 * The names behind the ids on a page of entries, a query per kind of record (not per entry). A plan version's holder
 * is looked up first, so that holder's name comes with the rest.
 */
export async function lookUpAuditNames(db: Database, commissionerId: string, entries: Parameters<typeof idsToName>[0]): Promise<AuditNames> {
  const ids = idsToName(entries);
  const versions = ids.planVersions.length
    ? await db
        .select({ id: planVersions.id, version: planVersions.version, holderId: planVersions.holderId })
        .from(planVersions)
        .where(and(eq(planVersions.commissionerId, commissionerId), inArray(planVersions.id, ids.planVersions)))
    : [];
  const holderIds = [...new Set([...ids.holders, ...versions.map((v) => v.holderId)])];
  const [userRows, holderRows, lineRows] = await Promise.all([
    ids.users.length
      ? db
          .select({ id: users.id, name: users.name })
          .from(users)
          .where(and(eq(users.commissionerId, commissionerId), inArray(users.id, ids.users)))
      : [],
    holderIds.length
      ? db
          .select({ id: holders.id, givenName: holders.givenName, familyName: holders.familyName, userId: holders.userId })
          .from(holders)
          .where(and(eq(holders.commissionerId, commissionerId), inArray(holders.id, holderIds)))
      : [],
    ids.lines.length
      ? db
          .selectDistinctOn([planSupportLines.lineKey], { lineKey: planSupportLines.lineKey, description: planSupportLines.description })
          .from(planSupportLines)
          .where(inArray(planSupportLines.lineKey, ids.lines))
          .orderBy(planSupportLines.lineKey)
      : [],
  ]);
  return {
    users: Object.fromEntries(userRows.map((u) => [u.id, u.name])),
    holders: Object.fromEntries(holderRows.map((h) => [h.id, { name: `${h.givenName} ${h.familyName}`, userId: h.userId }])),
    lines: Object.fromEntries(lineRows.map((l) => [l.lineKey, l.description])),
    planVersions: Object.fromEntries(versions.map((v) => [v.id, { version: v.version, holderId: v.holderId }])),
  };
}
