import { Link } from "@remix-run/react";
import { eitherOf, STAGE_NAMES } from "~/plans/approvals";
import type { ApprovalQueueRow } from "~/plans/approvals.server";
import { ScrollableTable } from "~/ui/table-region";

type Row = Pick<ApprovalQueueRow, "holderId" | "holderName" | "version" | "stage" | "waited" | "firstApprover" | "mayApprove" | "whyNot" | "whoMayApprove">;

/** Plans waiting for an approval, the longest wait first, each with what this approver can do about it. */
export function ApprovalQueue({ rows }: { rows: Row[] }) {
  if (rows.length === 0) return <p>No plans are waiting for approval.</p>;
  return (
    <ScrollableTable caption={`${rows.length === 1 ? "1 plan waiting" : `${rows.length} plans waiting`}, the longest wait first`}>
      <thead className="nhsuk-table__head">
        <tr className="nhsuk-table__row">
          <th scope="col" className="nhsuk-table__header">
            Person
          </th>
          <th scope="col" className="nhsuk-table__header">
            Waiting for
          </th>
          <th scope="col" className="nhsuk-table__header">
            Waiting
          </th>
          <th scope="col" className="nhsuk-table__header">
            What you can do
          </th>
        </tr>
      </thead>
      <tbody className="nhsuk-table__body">
        {rows.map((r) => (
          <tr className="nhsuk-table__row" key={r.holderId}>
            <td className="nhsuk-table__cell">
              {r.holderName}, version {r.version}
            </td>
            <td className="nhsuk-table__cell">
              {STAGE_NAMES[r.stage]}
              {r.firstApprover ? ` (first given by ${r.firstApprover})` : ""}
            </td>
            <td className="nhsuk-table__cell">{r.waited}</td>
            <td className="nhsuk-table__cell">
              {r.mayApprove ? (
                <Link to={`/staff/holders/${r.holderId}/plan#decision`}>
                  Check and decide
                  <span className="nhsuk-u-visually-hidden">
                    {" "}
                    on {r.holderName}&apos;s plan, version {r.version}
                  </span>
                </Link>
              ) : (
                <>
                  <Link to={`/staff/holders/${r.holderId}/plan`}>
                    See the plan<span className="nhsuk-u-visually-hidden"> of {r.holderName}</span>
                  </Link>
                  . {r.whyNot}.{r.whoMayApprove.length ? ` ${eitherOf(r.whoMayApprove)} can give it.` : " No other approver can give it."}
                </>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </ScrollableTable>
  );
}
