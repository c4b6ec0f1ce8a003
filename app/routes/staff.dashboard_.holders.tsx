import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { getDb } from "#db/client.server";
import { requireAccess } from "~/access/access.server";
import { todayInUk } from "~/dates/uk-day";
import { paymentNumberText } from "~/ledger/instalments";
import { COHORT_NAMES } from "~/people/cohorts";
import { HOLDING_NAMES, PROGRESS_NAMES } from "~/reporting/dashboard";
import { drillDownTitle, readDrillDown } from "~/reporting/drill-down";
import { listDashboardHolders } from "~/reporting/drill-down.server";
import { Money } from "~/ui/money";
import { pageTitle } from "~/ui/page-title";
import { pageFrom, Pagination } from "~/ui/pagination";
import { StackedTable } from "~/ui/stacked-table";

export const meta: MetaFunction = () => pageTitle("People behind a figure");

export async function loader({ request }: LoaderFunctionArgs) {
  const { principal } = await requireAccess(request, "view-finance-settings", "own-commissioner");
  const today = todayInUk();
  const params = new URL(request.url).searchParams;
  const filter = readDrillDown(params, today);
  if (!filter) throw new Response("No such list", { status: 404 });
  const list = await listDashboardHolders(getDb(), { commissionerId: principal.commissionerId, today, filter, page: pageFrom(params) });
  return { ...list, filter, title: drillDownTitle(filter) };
}

const VALUE_HEADING = { phbs: "Yearly budget", money: "Amount", reconciliation: "Status" } as const;

export default function DashboardHolders() {
  const { rows, total, totalPence, page, pageCount, filter, title } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const year = filter.list === "money" ? `?year=${filter.year.startYear}` : "";
  return (
    <>
      <p>
        <Link to={`/staff/dashboard${year}`} className="nhsuk-back-link">
          Back to the dashboard
        </Link>
      </p>
      <h1>{title}</h1>
      {total === 0 ? (
        <p>There is no one to list.</p>
      ) : (
        <>
          <p>
            {total === 1 ? "1 person" : `${total} people`}
            {totalPence !== null ? (
              <>
                , <Money pence={totalPence} /> in all
              </>
            ) : null}
            . {pageCount > 1 ? `Page ${page} of ${pageCount}.` : ""}
          </p>
          <StackedTable
            caption={title}
            columns={[
              { heading: "Person" },
              { heading: "Payment number" },
              { heading: "Cohort" },
              { heading: "How held" },
              { heading: VALUE_HEADING[filter.list], numeric: filter.list !== "reconciliation" },
            ]}
            rows={rows.map((r) => ({
              key: r.holderId,
              cells: [
                <Link
                  key="name"
                  to={filter.list === "reconciliation" ? `/staff/holders/${r.holderId}/reconciliation/${filter.month}` : `/staff/holders/${r.holderId}/plan`}
                >
                  {r.name}
                </Link>,
                paymentNumberText(r.paymentNumber),
                COHORT_NAMES[r.cohort],
                r.held.map((h) => HOLDING_NAMES[h]).join(", "),
                r.state ? PROGRESS_NAMES[r.state] : <Money key="pence" pence={r.pence ?? 0} />,
              ],
            }))}
          />
        </>
      )}
      <Pagination page={page} pageCount={pageCount} searchParams={searchParams} />
    </>
  );
}
