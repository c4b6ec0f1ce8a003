import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { getDb } from "#db/client.server";
import { requireAccess } from "~/access/access.server";
import { longDate } from "~/dates/long-date";
import { todayInUk } from "~/dates/uk-day";
import { paymentNumberText } from "~/ledger/instalments";
import { monthName, readMonth, shiftMonth } from "~/reconciliation/periods";
import { WORKLIST_ORDER, type WorklistState } from "~/reconciliation/worklist";
import { reconciliationWorklist } from "~/reconciliation/worklist.server";
import { Select } from "~/ui/fields";
import { pageTitle } from "~/ui/page-title";
import { pageFrom, Pagination } from "~/ui/pagination";
import { ScrollableTable } from "~/ui/table-region";

export const meta: MetaFunction = () => pageTitle("Reconciliation");

const MONTHS_OFFERED = 18;

const STATE_LABELS: Record<WorklistState, string> = {
  "in-progress": "Lines to match",
  "queries-open": "Queries open",
  matched: "Lines matched: check and reconcile",
  "not-started": "No statement yet",
  reconciled: "Reconciled",
};
const STATE_TAGS: Record<WorklistState, string> = {
  "in-progress": "nhsuk-tag--orange",
  "queries-open": "nhsuk-tag--yellow",
  matched: "nhsuk-tag--blue",
  "not-started": "nhsuk-tag--grey",
  reconciled: "nhsuk-tag--green",
};

export async function loader({ request }: LoaderFunctionArgs) {
  const { principal } = await requireAccess(request, "view-finance-settings", "own-commissioner");
  const url = new URL(request.url);
  // A month is reconciled once its statement is in: last month, unless another is asked for.
  const thisMonth = todayInUk().slice(0, 7);
  const month = readMonth(url.searchParams.get("month")) ?? shiftMonth(thisMonth, -1);
  const worklist = await reconciliationWorklist(getDb(), { commissionerId: principal.commissionerId, month, page: pageFrom(url.searchParams) });
  const months = Array.from({ length: MONTHS_OFFERED }, (_, i) => shiftMonth(thisMonth, -i));
  return { ...worklist, months: months.includes(month) ? months : [month, ...months] };
}

export default function Reconciliation() {
  const { month, months, holders, counts, total, page, pageCount } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  return (
    <>
      <p>
        <Link to="/staff" className="nhsuk-back-link">
          Back to people
        </Link>
      </p>
      <h1>Reconciliation: {monthName(month)}</h1>
      <Form method="get" className="app-filter">
        <Select id="month" name="month" label="Month" value={month} options={months.map((m): [string, string] => [m, monthName(m)])} />
        <button className="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-0" type="submit">
          Show the month
        </button>
      </Form>
      <p>
        {total === 1 ? "1 person has" : `${total} people have`} a direct payment. Those with bank lines still to match come first, then those waiting to be
        reconciled.
      </p>
      <ul className="nhsuk-list">
        {WORKLIST_ORDER.map((state) => (
          <li key={state}>
            {STATE_LABELS[state]}: {counts[state]}
          </li>
        ))}
      </ul>
      {holders.length === 0 ? (
        <p>No one has a direct payment yet.</p>
      ) : (
        <ScrollableTable caption={`Direct payments to reconcile for ${monthName(month)}`} hideCaption>
          <thead className="nhsuk-table__head">
            <tr className="nhsuk-table__row">
              <th scope="col" className="nhsuk-table__header">
                Person
              </th>
              <th scope="col" className="nhsuk-table__header">
                Payment number
              </th>
              <th scope="col" className="nhsuk-table__header">
                Status
              </th>
              <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric">
                Bank lines
              </th>
              <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric">
                To match
              </th>
            </tr>
          </thead>
          <tbody className="nhsuk-table__body">
            {holders.map((h) => (
              <tr className="nhsuk-table__row" key={h.holderId}>
                <td className="nhsuk-table__cell">
                  <Link to={`/staff/holders/${h.holderId}/reconciliation/${month}`}>{h.name}</Link>
                </td>
                <td className="nhsuk-table__cell">{paymentNumberText(h.paymentNumber)}</td>
                <td className="nhsuk-table__cell">
                  <strong className={`nhsuk-tag ${STATE_TAGS[h.state]}`}>{STATE_LABELS[h.state]}</strong>
                  {h.reconciledAt ? <span className="nhsuk-body-s"> on {longDate(h.reconciledAt)}</span> : null}
                </td>
                <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{h.lines}</td>
                <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{h.unmatched}</td>
              </tr>
            ))}
          </tbody>
        </ScrollableTable>
      )}
      <Pagination page={page} pageCount={pageCount} searchParams={searchParams} />
    </>
  );
}
