import { eq, sql } from "drizzle-orm";
import { rowsOf, type Database } from "#db/client.server";
import { enterCommissioner } from "#db/tenant.server";
import { users } from "#db/schema";
import type { Principal, StaffRole } from "./rules";
import { todayInUk } from "~/ledger/entries";

/**
 * Who a user is to the portal: their roles, the holder they are, the holders they act for or support. Two queries: the
 * user (or the row their session already read), then the rest together, once the commissioner is known, because on
 * PostgreSQL the tables it reads show their rows only to the commissioner's own requests.
 */
export async function loadPrincipal(db: Database, userId: string, today = todayInUk(), known?: typeof users.$inferSelect): Promise<Principal | null> {
  const user = known ?? (await db.select().from(users).where(eq(users.id, userId)))[0];
  if (!user) return null;
  // The rest of the request reads as this user's commissioner: on PostgreSQL the tenant tables show no other rows.
  enterCommissioner(user.commissionerId);

  // Only holders of the user's own commissioner, so that access checks can take a linked holder's commissioner as known.
  const [links] = rowsOf<{
    roles: StaffRole[] | null;
    own_holder_id: string | null;
    representing: Principal["representing"] | null;
    supporting: Principal["supporting"] | null;
    own_assistant: Principal["ownAssistant"];
  }>(
    await db.execute(sql`
      select
        (select array_agg(role::text order by role) from staff_roles where user_id = ${userId}) as roles,
        (select id from holders where user_id = ${userId} and commissioner_id = ${user.commissionerId}) as own_holder_id,
        -- A link grants nothing until the representative has taken up its invitation as themselves.
        (select json_agg(json_build_object('holderId', holder_id, 'scopes', scopes))
           from representatives
          where user_id = ${userId} and commissioner_id = ${user.commissionerId} and accepted_at is not null and revoked_at is null and (ends_on is null or ends_on >= ${today}::date)
        ) as representing,
        (select json_agg(json_build_object('holderId', s.holder_id, 'scopes', s.scopes))
           from support_assignments s join holders h on h.id = s.holder_id and h.commissioner_id = ${user.commissionerId}
          where s.support_organisation_id = ${user.supportOrganisationId}
            and s.starts_on <= ${today}::date and (s.ends_on is null or s.ends_on >= ${today}::date)) as supporting,
        -- A PA who has left still reads their own payslips: their employment dates do not end the link.
        (select json_build_object('id', id, 'holderId', holder_id)
           from personal_assistants where user_id = ${userId} and commissioner_id = ${user.commissionerId}) as own_assistant`),
  );

  return {
    userId: user.id,
    name: user.name,
    kind: user.kind,
    commissionerId: user.commissionerId,
    staffRoles: links.roles ?? [],
    ownHolderId: links.own_holder_id,
    representing: links.representing ?? [],
    supportOrganisationId: user.supportOrganisationId,
    supporting: links.supporting ?? [],
    ownAssistant: links.own_assistant ?? null,
  };
}
