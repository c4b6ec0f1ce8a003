import { and, eq, isNull, lt, or, sql } from "drizzle-orm";
import { rowsOf, type Database } from "#db/client.server";
import { financeQueries } from "#db/schema";
import { recordAudit } from "~/audit/audit.server";
import { longDate } from "~/dates/long-date";
import { sendFinanceQuery } from "~/integrations/notify/notify.server";
import { shiftDays } from "./periods";

/** Reminded when due within this many days, and not again for as long: a nudge, not a stream of email. */
export const REMIND_DAYS_BEFORE = 2;
const REMIND_EVERY_DAYS = 3;

/** Who answers a holder's queries: the holder, if they sign in, and any representative allowed to answer for them. */
async function answerers(db: Database, holderId: string) {
  return rowsOf<{ name: string; email: string }>(
    await db.execute(sql`
      select u.name, u.email from holders h join users u on u.id = h.user_id where h.id = ${holderId}
      union
      select u.name, u.email from representatives r join users u on u.id = r.user_id
      where r.holder_id = ${holderId} and r.revoked_at is null and r.accepted_at is not null and 'answer-finance-queries' = any (r.scopes)`),
  );
}

/**
 * Emails whoever answers the holder's queries that one is waiting on the portal (or, as a reminder, nearly due),
 * where GOV.UK Notify is set up. The email says only that there is a question; the question is behind sign-in.
 */
export async function emailAboutQuery(db: Database, input: { queryId: string; origin: string; reminder: boolean }) {
  const [query] = await db.select().from(financeQueries).where(eq(financeQueries.id, input.queryId));
  if (!query) return 0;
  let sent = 0;
  for (const person of await answerers(db, query.holderId)) {
    const outcome = await sendFinanceQuery({
      emailAddress: person.email,
      reference: `${query.id}:${input.reminder ? "reminder" : "raised"}`,
      personalisation: {
        name: person.name,
        link: `${input.origin}/queries/${query.id}`,
        due_on: longDate(query.dueOn),
        reminder: input.reminder ? "yes" : "no",
      },
    });
    if (outcome.sent) sent++;
  }
  if (sent > 0) {
    await db.transaction(async (tx) => {
      await tx.update(financeQueries).set({ remindedAt: new Date() }).where(eq(financeQueries.id, query.id));
      await recordAudit(
        tx,
        { userId: null, commissionerId: query.commissionerId, onBehalfOfHolderId: query.holderId },
        { action: input.reminder ? "query.reminder-emailed" : "query.emailed", entityType: "finance-query", entityId: query.id, after: { emails: sent } },
      );
    });
  }
  return sent;
}

/** The daily reminder: open queries due within two days or overdue, not reminded in the last three days. */
export async function sendQueryReminders(db: Database, input: { today: string; now: Date; origin: string }) {
  const due = await db
    .select({ id: financeQueries.id })
    .from(financeQueries)
    .where(
      and(
        eq(financeQueries.status, "open"),
        sql`${financeQueries.dueOn} <= ${shiftDays(input.today, REMIND_DAYS_BEFORE)}`,
        or(isNull(financeQueries.remindedAt), lt(financeQueries.remindedAt, new Date(input.now.getTime() - REMIND_EVERY_DAYS * 86_400_000))),
      ),
    );
  let sent = 0;
  for (const { id } of due) sent += await emailAboutQuery(db, { queryId: id, origin: input.origin, reminder: true });
  return sent;
}
