import { sql } from "drizzle-orm";
import { rowsOf, type Database } from "#db/client.server";
import {
  DASHBOARD_PARTS,
  dashboardOf,
  loadDashboardPart,
  type CommissionerDashboard,
  type DashboardInput,
  type DashboardPart,
  type DashboardParts,
} from "./dashboard.server";

/**
 * A part's figures are worked out afresh at least this often whatever the check says, so that a row the check needs
 * is never one old enough to have been removed (FORGET_CHANGES_AFTER).
 */
const LONGEST_KEPT_MS = 10 * 60 * 1000;
const FORGET_CHANGES_AFTER = "1 day";
/** One a commissioner, year and day; the first worked out go first. */
const MOST_KEPT = 200;

interface Slot<T> {
  figures: Promise<T>;
  workedOutAt: number;
}
type KeptParts = { [P in DashboardPart]: Slot<DashboardParts[P]> };

interface Kept {
  /** The database's snapshot: each part's figures count every change it can see. */
  snapshot: string;
  parts: KeptParts;
  dashboard: Promise<CommissionerDashboard>;
}

// Per database, as a test process opens many whose commissioners can share ids and whose snapshots are not comparable.
const keptIn = new WeakMap<Database, Map<string, Kept>>();

/**
 * The commissioner's dashboard (loadCommissionerDashboard), its figures worked out once and used again for as long as
 * nothing they count has changed: working them out reads every holder's year, about 30 ms of the database for 2,000
 * holders; seeing that nothing has changed reads one index. A change is any transaction, in this process or another,
 * that wrote to a table a part of the page reads (migration 0037 notes each in dashboard_changes), and only that part
 * is worked out again: a spend changes the money, not the people or the reconciliation. A transaction that had not
 * committed when the figures' snapshot was taken is a change too, so the page never leaves out a change that had
 * committed before it was asked for.
 */
export async function commissionerDashboard(db: Database, input: DashboardInput): Promise<CommissionerDashboard> {
  let kept = keptIn.get(db);
  if (!kept) keptIn.set(db, (kept = new Map<string, Kept>()));
  const key = `${input.commissionerId} ${input.year.startYear} ${input.today}`;
  for (let attempt = 1; ; attempt++) {
    const found = kept.get(key);
    const { snapshot, changed } = await changesSince(db, input.commissionerId, found?.snapshot);
    const now = Date.now();
    const stale = DASHBOARD_PARTS.filter((p) => !found || changed.includes(p) || now - found.parts[p].workedOutAt >= LONGEST_KEPT_MS);
    if (found && stale.length === 0) return found.dashboard;
    // Another request has worked them out since this one looked: check against theirs, once, rather than read again.
    if (kept.get(key) !== found && attempt === 1) continue;

    // A part the check found unchanged is good at its snapshot; the others are read after it, so count it at least.
    const load = loadDashboardPart;
    const part = <T>(name: DashboardPart, slot: Slot<T> | undefined, read: () => Promise<T>): Slot<T> =>
      slot && !stale.includes(name) ? slot : { figures: read(), workedOutAt: now };
    const parts: KeptParts = {
      people: part("people", found?.parts.people, () => load.people(db, input)),
      money: part("money", found?.parts.money, () => load.money(db, input)),
      reconciliation: part("reconciliation", found?.parts.reconciliation, () => load.reconciliation(db, input)),
      attention: part("attention", found?.parts.attention, () => load.attention(db, input)),
    };
    const dashboard = Promise.all([parts.people.figures, parts.money.figures, parts.reconciliation.figures, parts.attention.figures]).then(
      ([people, money, reconciliation, attention]) => dashboardOf(input, { people, money, reconciliation, attention }),
    );
    const entry: Kept = { snapshot, parts, dashboard };
    kept.delete(key);
    kept.set(key, entry);
    if (kept.size > MOST_KEPT) kept.delete(kept.keys().next().value!);
    // A failure is the request's to report, not every later one's.
    dashboard.catch(() => kept.get(key) === entry && kept.delete(key));
    return dashboard;
  }
}

/**
 * The database's snapshot now, and the parts of the page changed by a transaction that `since` could not see (not
 * begun, or not committed, when it was taken) and this snapshot can: read in one statement, so both are of one moment.
 */
async function changesSince(db: Database, commissionerId: string, since: string | undefined) {
  const [row] = rowsOf<{ snapshot: string; changed: DashboardPart[] | null }>(
    await db.execute(
      since === undefined
        ? sql`select pg_current_snapshot()::text as snapshot, null as changed`
        : sql`select pg_current_snapshot()::text as snapshot, array(
            select distinct figures from dashboard_changes
            where commissioner_id = ${commissionerId} and transaction_id >= pg_snapshot_xmin(${since}::pg_snapshot)
              and not pg_visible_in_snapshot(transaction_id, ${since}::pg_snapshot)) as changed`,
    ),
  );
  return { snapshot: row.snapshot, changed: row.changed ?? [] };
}

/**
 * Rows older than any figures still kept, removed hourly by the portal. A transaction that ran for longer than a day
 * before it committed would be missed: none here does.
 */
export async function forgetOldDashboardChanges(db: Database) {
  await db.execute(sql`delete from dashboard_changes where changed_at < now() - ${FORGET_CHANGES_AFTER}::interval`);
}
