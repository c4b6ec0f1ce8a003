import { sql } from "drizzle-orm";
import { rowsOf, type Database } from "#db/client.server";
import { loadCommissionerDashboard, type CommissionerDashboard } from "./dashboard.server";
import type { FinancialYear } from "./financial-year";

/**
 * Figures are worked out afresh at least this often whatever the check says, so that a row the check needs is never
 * one old enough to have been removed (FORGET_CHANGES_AFTER).
 */
const LONGEST_KEPT_MS = 10 * 60 * 1000;
const FORGET_CHANGES_AFTER = "1 day";
/** One a commissioner, year and day; yesterday's go first. */
const MOST_KEPT = 200;

interface Kept {
  /** The database's snapshot taken before the figures were worked out: every change it can see, they count. */
  snapshot: string;
  workedOutAt: number;
  figures: Promise<CommissionerDashboard>;
}

// Per database, as a test process opens many whose commissioners can share ids and whose snapshots are not comparable.
const keptIn = new WeakMap<Database, Map<string, Kept>>();

/**
 * The commissioner's dashboard (loadCommissionerDashboard), its figures worked out once and used again for as long as
 * nothing they count has changed: working them out reads every holder's year, about 30 ms of the database for 2,000
 * holders; seeing that nothing has changed reads one index. A change is any transaction, in this process or
 * another, that wrote to a table the figures read (migration 0037 notes each in dashboard_changes); one that had not
 * committed when the figures' snapshot was taken is a change too, so figures are never shown without a change that
 * had committed before the page was asked for.
 */
export async function commissionerDashboard(db: Database, input: { commissionerId: string; today: string; year: FinancialYear }) {
  let kept = keptIn.get(db);
  if (!kept) keptIn.set(db, (kept = new Map<string, Kept>()));
  const key = `${input.commissionerId} ${input.year.startYear} ${input.today}`;
  const found = kept.get(key);
  if (found && Date.now() - found.workedOutAt < LONGEST_KEPT_MS && !(await changedSince(db, input.commissionerId, found.snapshot))) {
    return found.figures;
  }

  const [{ snapshot }] = rowsOf<{ snapshot: string }>(await db.execute(sql`select pg_current_snapshot()::text as snapshot`));
  const figures = loadCommissionerDashboard(db, input);
  const entry: Kept = { snapshot, workedOutAt: Date.now(), figures };
  kept.delete(key);
  kept.set(key, entry);
  if (kept.size > MOST_KEPT) kept.delete(kept.keys().next().value!);
  // A failure is the request's to report, not every later one's.
  figures.catch(() => kept.get(key) === entry && kept.delete(key));
  return figures;
}

/** Whether a transaction the snapshot could not see (not begun, or not committed, when it was taken) changed the figures. */
async function changedSince(db: Database, commissionerId: string, snapshot: string) {
  const [row] = rowsOf<{ changed: boolean }>(
    await db.execute(sql`select exists (
      select 1 from dashboard_changes
      where commissioner_id = ${commissionerId} and transaction_id >= pg_snapshot_xmin(${snapshot}::pg_snapshot)
        and not pg_visible_in_snapshot(transaction_id, ${snapshot}::pg_snapshot)) as changed`),
  );
  return row.changed;
}

/**
 * Rows older than any figures still kept, removed hourly by the portal. A transaction that ran for longer than a day
 * before it committed would be missed: none here does.
 */
export async function forgetOldDashboardChanges(db: Database) {
  await db.execute(sql`delete from dashboard_changes where changed_at < now() - ${FORGET_CHANGES_AFTER}::interval`);
}
