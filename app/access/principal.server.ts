import { and, eq, gte, isNotNull, isNull, or } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { enterCommissioner } from "#db/tenant.server";
import { holders, representatives, staffRoles, supportAssignments, users } from "#db/schema";
import type { Principal } from "./rules";
import { todayInUk } from "~/ledger/entries";

export async function loadPrincipal(db: Database, userId: string, today = todayInUk()): Promise<Principal | null> {
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  if (!user) return null;
  // The rest of the request reads as this user's commissioner: on PostgreSQL the tenant tables show no other rows.
  enterCommissioner(user.commissionerId);

  const [roles, ownHolder, links, supported] = await Promise.all([
    db.select({ role: staffRoles.role }).from(staffRoles).where(eq(staffRoles.userId, userId)),
    db.select({ id: holders.id }).from(holders).where(eq(holders.userId, userId)),
    db
      .select({ holderId: representatives.holderId, scopes: representatives.scopes })
      .from(representatives)
      .where(
        and(
          eq(representatives.userId, userId),
          // A link grants nothing until the representative has taken up its invitation as themselves.
          isNotNull(representatives.acceptedAt),
          isNull(representatives.revokedAt),
          or(isNull(representatives.endsOn), gte(representatives.endsOn, today)),
        ),
      ),
    user.supportOrganisationId
      ? db
          .select({ holderId: supportAssignments.holderId })
          .from(supportAssignments)
          .where(eq(supportAssignments.supportOrganisationId, user.supportOrganisationId))
      : Promise.resolve([]),
  ]);

  return {
    userId: user.id,
    name: user.name,
    kind: user.kind,
    commissionerId: user.commissionerId,
    staffRoles: roles.map((r) => r.role),
    ownHolderId: ownHolder[0]?.id ?? null,
    representing: links,
    supportOrganisationId: user.supportOrganisationId,
    supportedHolderIds: supported.map((s) => s.holderId),
  };
}
