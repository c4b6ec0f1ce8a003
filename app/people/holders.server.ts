import { and, asc, count, desc, eq, ilike, inArray, or, sql, type SQL } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { budgets, holders } from "#db/schema";

export async function listHoldersByIds(db: Database, holderIds: string[]) {
  if (holderIds.length === 0) return [];
  return db
    .select({ id: holders.id, givenName: holders.givenName, familyName: holders.familyName, cohort: holders.cohort })
    .from(holders)
    .where(inArray(holders.id, holderIds))
    .orderBy(asc(holders.familyName), asc(holders.givenName));
}

export const CASELOAD_PAGE_SIZE = 25;

/** The commissioner's holders with their latest budget, searchable by name or NHS number. */
export async function listCaseload(
  db: Database,
  input: {
    commissionerId: string;
    search?: string;
    page: number;
    cohort?: (typeof holders.$inferSelect)["cohort"];
    planStatus?: "none" | "draft" | "submitted" | "approved" | "rejected";
  },
) {
  const conditions: (SQL | undefined)[] = [eq(holders.commissionerId, input.commissionerId)];
  if (input.cohort) conditions.push(eq(holders.cohort, input.cohort));
  // "approved" finds everyone with a plan in force, whatever change sits beside it; the others find the latest
  // version's status, which is the work waiting on a new plan or on a change.
  if (input.planStatus === "none") conditions.push(sql`not exists (select 1 from plan_versions pv where pv.holder_id = ${holders.id})`);
  else if (input.planStatus === "approved")
    conditions.push(sql`exists (select 1 from plan_versions pv where pv.holder_id = ${holders.id} and pv.status = 'approved')`);
  else if (input.planStatus) {
    conditions.push(sql`(select pv.status from plan_versions pv where pv.holder_id = ${holders.id} order by pv.version desc limit 1) = ${input.planStatus}`);
  }
  const search = input.search?.trim();
  if (search) {
    const digits = search.replace(/[\s-]/g, "");
    conditions.push(
      /^\d{10}$/.test(digits)
        ? eq(holders.nhsNumber, digits)
        : or(ilike(sql`${holders.givenName} || ' ' || ${holders.familyName}`, `%${search.replace(/[%_\\]/g, "\\$&")}%`)),
    );
  }
  const where = and(...conditions);
  const latestBudget = db
    .selectDistinctOn([budgets.holderId], {
      holderId: budgets.holderId,
      total: sql<number>`(${budgets.notionalPence} + ${budgets.thirdPartyPence} + ${budgets.directPaymentPence})::bigint`.mapWith(Number).as("total"),
    })
    .from(budgets)
    .orderBy(budgets.holderId, desc(budgets.startsOn), desc(budgets.createdAt))
    .as("latest_budget");

  const [rows, [{ total }]] = await Promise.all([
    db
      .select({
        id: holders.id,
        givenName: holders.givenName,
        familyName: holders.familyName,
        nhsNumber: holders.nhsNumber,
        cohort: holders.cohort,
        budgetPence: latestBudget.total,
      })
      .from(holders)
      .leftJoin(latestBudget, eq(latestBudget.holderId, holders.id))
      .where(where)
      .orderBy(asc(holders.familyName), asc(holders.givenName), asc(holders.id))
      .limit(CASELOAD_PAGE_SIZE)
      .offset((input.page - 1) * CASELOAD_PAGE_SIZE),
    db.select({ total: count() }).from(holders).where(where),
  ]);
  return { rows, total, pageCount: Math.max(1, Math.ceil(total / CASELOAD_PAGE_SIZE)) };
}
