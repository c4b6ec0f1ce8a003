import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { getDb } from "#db/client.server";
import { requireAccess } from "~/access/access.server";
import { longDate } from "~/dates/long-date";
import { listFlaggedSpends } from "~/spending/report.server";
import { Money } from "~/ui/money";
import { pageTitle } from "~/ui/page-title";
import { pageFrom, Pagination } from "~/ui/pagination";
import { ScrollableTable } from "~/ui/table-region";

export const meta: MetaFunction = () => pageTitle("Spends for finance to check");

export async function loader({ request }: LoaderFunctionArgs) {
  const { principal } = await requireAccess(request, "view-caseload", "own-commissioner");
  return listFlaggedSpends(getDb(), { commissionerId: principal.commissionerId, page: pageFrom(new URL(request.url).searchParams) });
}

export default function FlaggedSpends() {
  const { spends, total, page, pageCount } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  return (
    <>
      <p>
        <Link to="/staff" className="nhsuk-back-link">
          Back to people
        </Link>
      </p>
      <h1>Spends for finance to check</h1>
      <p>
        Spends without a receipt over the amount set in the spending rules, spends that need agreement, and spends that took a support line past what the plan
        allocated. {total === 1 ? "There is 1." : `There are ${total}.`}
      </p>
      {spends.length === 0 ? (
        <p>There is nothing to check.</p>
      ) : (
        <ScrollableTable caption="Spends for finance to check" hideCaption>
          <thead className="nhsuk-table__head">
            <tr>
              <th scope="col">Date</th>
              <th scope="col">Person</th>
              <th scope="col">What it was</th>
              <th scope="col">Why</th>
              <th scope="col" className="nhsuk-table__header--numeric">
                Amount
              </th>
            </tr>
          </thead>
          <tbody className="nhsuk-table__body">
            {spends.map((s) => (
              <tr key={s.id} className="nhsuk-table__row">
                <td className="nhsuk-table__cell app-nowrap">{longDate(s.spentOn)}</td>
                <td className="nhsuk-table__cell">
                  <Link to={`/spending?holder=${s.holderId}&flagged=yes`}>
                    {s.givenName} {s.familyName}
                  </Link>
                </td>
                <td className="nhsuk-table__cell">
                  {s.whatFor}
                  <br />
                  <span className="nhsuk-body-s">
                    Paid to {s.payee}. {s.line}.
                  </span>
                </td>
                <td className="nhsuk-table__cell">{[s.flagReason, s.overspendWarning ? "Over the plan line" : null].filter(Boolean).join("; ")}</td>
                <td className="nhsuk-table__cell nhsuk-table__cell--numeric">
                  <Money pence={s.amountPence} />
                </td>
              </tr>
            ))}
          </tbody>
        </ScrollableTable>
      )}
      <Pagination page={page} pageCount={pageCount} searchParams={searchParams} />
    </>
  );
}
