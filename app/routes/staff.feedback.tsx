import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { ScrollableTable } from "~/ui/table-region";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { getDb } from "#db/client.server";
import { requireAccess } from "~/access/access.server";
import { longDate } from "~/dates/long-date";
import { easeLabel } from "~/help/feedback";
import { listFeedback } from "~/help/feedback.server";
import { pageFrom, Pagination } from "~/ui/pagination";
import { pageTitle } from "~/ui/page-title";

export const meta: MetaFunction = () => pageTitle("Feedback about this service");

export async function loader({ request }: LoaderFunctionArgs) {
  const { principal } = await requireAccess(request, "view-feedback", "own-commissioner");
  const page = pageFrom(new URL(request.url).searchParams);
  const result = await listFeedback(getDb(), { commissionerId: principal.commissionerId, page });
  return { ...result, page, rows: result.rows.map((r) => ({ ...r, sentOn: longDate(r.createdAt), ease: easeLabel(r.ease) })) };
}

export default function FeedbackList() {
  const { rows, total, page, pageCount } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-full">
        <h1>Feedback about this service</h1>
        <p>
          What people told us through &quot;Tell us what you think&quot;, newest first. We do not keep who sent it.{" "}
          {total > 0 ? <a href="/staff/feedback.csv">Download all feedback as a spreadsheet (CSV)</a> : null}
        </p>
        {rows.length === 0 ? (
          <p>No feedback yet.</p>
        ) : (
          <ScrollableTable caption={`${total} ${total === 1 ? "answer" : "answers"}${pageCount > 1 ? `, page ${page} of ${pageCount}` : ""}`}>
            <thead className="nhsuk-table__head">
              <tr className="nhsuk-table__row">
                <th scope="col" className="nhsuk-table__header">
                  Sent on
                </th>
                <th scope="col" className="nhsuk-table__header">
                  How easy it was
                </th>
                <th scope="col" className="nhsuk-table__header">
                  What could be better
                </th>
              </tr>
            </thead>
            <tbody className="nhsuk-table__body">
              {rows.map((r) => (
                <tr className="nhsuk-table__row" key={r.id}>
                  <td className="nhsuk-table__cell">{r.sentOn}</td>
                  <td className="nhsuk-table__cell">{r.ease}</td>
                  <td className="nhsuk-table__cell">{r.couldBeBetter || "Nothing written"}</td>
                </tr>
              ))}
            </tbody>
          </ScrollableTable>
        )}
        <Pagination page={page} pageCount={pageCount} searchParams={searchParams} />
      </div>
    </div>
  );
}
