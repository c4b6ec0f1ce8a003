import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { getDb } from "#db/client.server";
import { requireAccess } from "~/access/access.server";
import { longDate } from "~/dates/long-date";
import { todayInUk } from "~/dates/uk-day";
import { commissionerQueries } from "~/reconciliation/queries.server";
import { pageTitle } from "~/ui/page-title";
import { pageFrom, Pagination } from "~/ui/pagination";
import { QueryStatusTag } from "~/ui/query-thread";
import { StackedTable } from "~/ui/stacked-table";

export const meta: MetaFunction = () => pageTitle("Finance queries");

export async function loader({ request }: LoaderFunctionArgs) {
  const { principal } = await requireAccess(request, "view-finance-settings", "own-commissioner");
  const url = new URL(request.url);
  const closed = url.searchParams.get("closed") === "yes";
  const today = todayInUk();
  const list = await commissionerQueries(getDb(), { commissionerId: principal.commissionerId, page: pageFrom(url.searchParams), closed });
  return { ...list, closed, today };
}

/** Whole days from the UK day a query was asked to today: how long it has been waiting. */
const daysSince = (at: Date | string, today: string) => Math.round((Date.parse(today) - Date.parse(todayInUk(new Date(at)))) / 86_400_000);

export default function FinanceQueries() {
  const { rows, total, page, pageCount, closed, today } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  return (
    <>
      <p>
        <Link to="/staff" className="nhsuk-back-link">
          Back to people
        </Link>
      </p>
      <h1>{closed ? "Closed finance queries" : "Finance queries"}</h1>
      <p>
        {closed ? (
          <Link to="/staff/queries">See the open queries</Link>
        ) : (
          <>
            Answers waiting for you come first, then questions waiting for an answer, soonest due first.{" "}
            <Link to="/staff/queries?closed=yes">See closed queries</Link>.
          </>
        )}
      </p>
      {rows.length === 0 ? (
        <p>{closed ? "No queries have been closed yet." : "There are no open queries."}</p>
      ) : (
        <StackedTable
          caption={`${total} ${closed ? "closed" : "open"} queries`}
          columns={[{ heading: "Person" }, { heading: "About" }, { heading: "Status" }, { heading: "Asked" }]}
          rows={rows.map((r) => ({
            key: r.query.id,
            cells: [
              <Link to={`/staff/queries/${r.query.id}`}>
                {r.givenName} {r.familyName}
                <span className="nhsuk-u-visually-hidden">: {r.query.subjectLabel}</span>
              </Link>,
              r.query.subjectLabel,
              <QueryStatusTag status={r.query.status} dueOn={r.query.dueOn} today={today} />,
              `${longDate(r.query.raisedAt)} (${daysSince(r.query.raisedAt, today)} days ago)`,
            ],
          }))}
        />
      )}
      <Pagination page={page} pageCount={pageCount} searchParams={searchParams} />
    </>
  );
}
