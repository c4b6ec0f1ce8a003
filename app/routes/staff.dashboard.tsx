import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { getDb } from "#db/client.server";
import { requireAccess } from "~/access/access.server";
import { longDate } from "~/dates/long-date";
import { todayInUk } from "~/dates/uk-day";
import { COHORT_NAMES } from "~/people/cohorts";
import { FLAG_NAMES } from "~/reconciliation/flags";
import { monthName, shiftMonth } from "~/reconciliation/periods";
import { HOLDING_NAMES, HOLDINGS, LEDGER_MEASURES, PROGRESS_NAMES, PROGRESS_STATES } from "~/reporting/dashboard";
import type { QueryAge } from "~/reporting/dashboard.server";
import { commissionerDashboard } from "~/reporting/dashboard-figures.server";
import { drillDownHref, drillDownTitle, MEASURE_NAMES, type DrillDown } from "~/reporting/drill-down";
import { financialYear, financialYearOf, readFinancialYear } from "~/reporting/financial-year";
import { DashboardChart } from "~/ui/dashboard-chart";
import { Select } from "~/ui/fields";
import { Money } from "~/ui/money";
import { pageTitle } from "~/ui/page-title";
import { StackedTable } from "~/ui/stacked-table";

export const meta: MetaFunction = () => pageTitle("Personal health budgets dashboard");

/** Years offered besides this one: enough to compare with the last few year-ends. */
const YEARS_BACK = 3;
const BLUE = "#005eb8";
const GREEN = "#007f3b";
const YELLOW = "#ffb81c";
const GREY = "#768692";

export async function loader({ request }: LoaderFunctionArgs) {
  const { principal } = await requireAccess(request, "view-finance-settings", "own-commissioner");
  const today = todayInUk();
  const year = readFinancialYear(new URL(request.url).searchParams.get("year"), today) ?? financialYearOf(today);
  const dashboard = await commissionerDashboard(getDb(), { commissionerId: principal.commissionerId, today, year });
  const current = financialYearOf(today).startYear;
  return { ...dashboard, years: Array.from({ length: YEARS_BACK + 1 }, (_, i) => financialYear(current - i)) };
}

/** A figure, linked to the list of the people it counts (with what it counts, for a screen reader); a nought is not linked. */
function Figure({ filter, children, zero }: { filter: DrillDown; children: ReactNode; zero: boolean }) {
  if (zero) return <>{children}</>;
  return (
    <Link to={drillDownHref(filter)}>
      {children}
      <span className="nhsuk-u-visually-hidden">: {drillDownTitle(filter)}</span>
    </Link>
  );
}

const QUERY_AGE_NAMES: Record<QueryAge, string> = {
  answered: "Answered, for finance to read",
  overdue: "Past the date to answer by",
  "this-week": "Asked in the last 7 days",
  "this-month": "Asked 8 to 30 days ago",
  older: "Asked more than 30 days ago",
};

export default function Dashboard() {
  const { today, year, years, phbs, money, reconciliation, attention } = useLoaderData<typeof loader>();
  const thisMonth = today.slice(0, 7);
  const journalMonths = Array.from({ length: 13 }, (_, i) => shiftMonth(thisMonth, -i));
  const shortMonth = (month: string) => monthName(month).replace(/^(\w{3})\w*/, "$1");
  return (
    <>
      <p>
        <Link to="/staff" className="nhsuk-back-link">
          Back to people
        </Link>
      </p>
      <h1>Personal health budgets dashboard</h1>
      <p className="nhsuk-lede-text">
        People and budgets as at {longDate(today)}; money in the financial year {longDate(year.startsOn)} to {longDate(year.endsOn)}.
      </p>
      <Form method="get" className="app-filter">
        <Select
          id="year"
          name="year"
          label="Financial year"
          value={String(year.startYear)}
          options={years.map((y): [string, string] => [String(y.startYear), y.label])}
        />
        <button className="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-0" type="submit">
          Show the year
        </button>
      </Form>

      <h2>People with a personal health budget</h2>
      {phbs.total.people === 0 ? (
        <p>No one has a plan in force yet.</p>
      ) : (
        <>
          <p>
            {phbs.total.people === 1 ? "1 person has" : `${phbs.total.people} people have`} a plan in force. Someone whose budget is held more than one way is
            counted under each way, so the ways can add up to more than the people.
          </p>
          <DashboardChart
            sideways
            rows={phbs.byCohort.map((r) => ({ name: COHORT_NAMES[r.cohort], ...r.held }))}
            series={[
              { key: "direct-payment", label: "Direct payment", colour: BLUE },
              { key: "third-party", label: "Third-party", colour: YELLOW },
              { key: "notional", label: "Notional", colour: GREY },
            ]}
          />
          <StackedTable
            caption="People with a personal health budget, by cohort and how it is held"
            columns={[{ heading: "Cohort" }, { heading: "People", numeric: true }, ...HOLDINGS.map((h) => ({ heading: HOLDING_NAMES[h], numeric: true }))]}
            rows={[...phbs.byCohort, { cohort: null, ...phbs.total }].map((r) => ({
              key: r.cohort ?? "total",
              cells: [
                r.cohort ? COHORT_NAMES[r.cohort] : <strong>All cohorts</strong>,
                <Figure key="people" filter={{ list: "phbs", cohort: r.cohort, held: null }} zero={r.people === 0}>
                  {r.people}
                </Figure>,
                ...HOLDINGS.map((h) => (
                  <Figure key={h} filter={{ list: "phbs", cohort: r.cohort, held: h }} zero={r.held[h] === 0}>
                    {r.held[h]}
                  </Figure>
                )),
              ],
            }))}
          />
        </>
      )}

      <h2>Money in {year.label}</h2>
      <p>
        Committed is the yearly budget of each plan in force today. Paid is the instalments paid in during the year, spent is what was spent less refunds, and
        recovered is money taken back.
      </p>
      <DashboardChart
        money
        rows={HOLDINGS.map((h) => ({ name: HOLDING_NAMES[h], ...money.byHeld[h] }))}
        series={[
          { key: "committed", label: "Committed", colour: GREY },
          { key: "paid", label: "Paid", colour: BLUE },
          { key: "spent", label: "Spent", colour: YELLOW },
          { key: "recovered", label: "Recovered", colour: GREEN },
        ]}
      />
      <StackedTable
        caption={`Money committed, paid, spent and recovered in ${year.label}, by how it is held`}
        columns={[
          { heading: "How held" },
          { heading: "Committed", numeric: true },
          ...LEDGER_MEASURES.map((m) => ({ heading: MEASURE_NAMES[m], numeric: true })),
        ]}
        rows={[...HOLDINGS.map((h) => ({ held: h, figures: money.byHeld[h] })), { held: null, figures: money.total }].map(({ held, figures }) => ({
          key: held ?? "total",
          cells: [
            held ? HOLDING_NAMES[held] : <strong>All budgets</strong>,
            <Figure key="committed" filter={{ list: "phbs", cohort: null, held }} zero={figures.committed === 0}>
              <Money pence={figures.committed} />
            </Figure>,
            ...LEDGER_MEASURES.map((m) => (
              <Figure key={m} filter={{ list: "money", measure: m, held, year }} zero={figures[m] === 0}>
                <Money pence={figures[m]} />
              </Figure>
            )),
          ],
        }))}
      />

      <h2>Flags and queries waiting for finance</h2>
      <StackedTable
        caption="Flags open, by kind"
        columns={[{ heading: "Flag" }, { heading: "Open", numeric: true }, { heading: "Money it is about", numeric: true }]}
        rows={attention.flags.map((f) => ({
          key: f.kind,
          cells: [<Link to="/staff/flags">{FLAG_NAMES[f.kind]}</Link>, f.open, <Money pence={f.pence} />],
        }))}
      />
      <StackedTable
        caption="Finance queries open, by how long they have waited"
        columns={[{ heading: "Queries" }, { heading: "Open", numeric: true }]}
        rows={attention.queries.map((q) => ({ key: q.age, cells: [<Link to="/staff/queries">{QUERY_AGE_NAMES[q.age]}</Link>, q.open] }))}
      />

      <h2>Reconciliation of direct payments</h2>
      <p>Each person&apos;s month with a direct payment, from the month it started. A month is in progress once its bank statement is in.</p>
      <DashboardChart
        stacked
        rows={[...reconciliation].reverse().map((r) => ({ name: shortMonth(r.month), ...r.counts }))}
        series={[
          { key: "reconciled", label: "Reconciled", colour: GREEN },
          { key: "in-progress", label: "In progress", colour: YELLOW },
          { key: "not-started", label: "Not started", colour: GREY },
        ]}
      />
      <StackedTable
        caption="Months of direct payment reconciled, in progress and not started, newest first"
        columns={[{ heading: "Month" }, ...PROGRESS_STATES.map((s) => ({ heading: PROGRESS_NAMES[s], numeric: true }))]}
        rows={reconciliation.map((r) => ({
          key: r.month,
          cells: [
            <Link key="month" to={`/staff/reconciliation?month=${r.month}`}>
              {monthName(r.month)}
            </Link>,
            ...PROGRESS_STATES.map((s) => (
              <Figure key={s} filter={{ list: "reconciliation", month: r.month, state: s }} zero={r.counts[s] === 0}>
                {r.counts[s]}
              </Figure>
            )),
          ],
        }))}
      />

      <h2>Journal for the finance system</h2>
      <p>
        Every payment into and out of the commissioner&apos;s funding and notional budgets, one line per ledger posting, with its cost centre, subjective code
        and a reference that stays the same in every download. <Link to="/staff/dashboard/journal-codes">Cost centres and subjective codes</Link>
      </p>
      <Form method="get" action="/staff/dashboard/journal.csv" reloadDocument className="app-filter">
        <Select
          id="journal-month"
          name="month"
          label="Month"
          value={shiftMonth(thisMonth, -1)}
          options={journalMonths.map((m): [string, string] => [m, monthName(m)])}
        />
        <button className="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-0" type="submit">
          Download the journal (CSV)
        </button>
      </Form>
    </>
  );
}
