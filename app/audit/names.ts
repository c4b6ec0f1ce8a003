/** What the audit log's ids stand for, looked up once for a page of entries. */
export interface AuditNames {
  users: Record<string, string>;
  /** A holder's name, and their own sign-in if they have one (to tell their own actions from others' for them). */
  holders: Record<string, { name: string; userId: string | null }>;
  /** A support line's key (kept from version to version) to its description. */
  lines: Record<string, string>;
  planVersions: Record<string, { version: number; holderId: string }>;
}

export const NO_NAMES: AuditNames = { users: {}, holders: {}, lines: {}, planVersions: {} };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Every id a page of entries mentions that may need a name: found by the field it sits in, so one query per kind. */
export function idsToName(
  entries: { actorUserId: string | null; onBehalfOfHolderId: string | null; entityType: string; entityId: string; before: unknown; after: unknown }[],
) {
  const users = new Set<string>();
  const holders = new Set<string>();
  const lines = new Set<string>();
  const planVersions = new Set<string>();
  for (const e of entries) {
    if (e.actorUserId) users.add(e.actorUserId);
    if (e.onBehalfOfHolderId) holders.add(e.onBehalfOfHolderId);
    if (e.entityType === "plan-version" && UUID.test(e.entityId)) planVersions.add(e.entityId);
    if (e.entityType === "holder" && UUID.test(e.entityId)) holders.add(e.entityId);
    for (const side of [e.before, e.after]) {
      if (!side || typeof side !== "object") continue;
      for (const [key, value] of Object.entries(side)) {
        if (typeof value !== "string" || !UUID.test(value)) continue;
        if (key === "lineKey" || key === "supportLineKey") lines.add(value);
        else if (key === "holderId") holders.add(value);
        else if (/(By|UserId)$/.test(key)) users.add(value);
      }
    }
  }
  return { users: [...users], holders: [...holders], lines: [...lines], planVersions: [...planVersions] };
}
