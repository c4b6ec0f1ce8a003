import { Link } from "@remix-run/react";
import { longDate } from "~/dates/long-date";
import { Money } from "./money";

/** Money finance proposes to recover, waiting for an approver: on an approver's home page, after the plans. */
export function RecoveriesWaiting({
  rows,
}: {
  rows: { id: string; holderId: string; holderName: string; amountPence: number; proposedByName: string; proposedAt: string | Date; proposedByYou: boolean }[];
}) {
  if (rows.length === 0) return null;
  return (
    <>
      <h2 id="recoveries-waiting">Recoveries waiting for approval</h2>
      <ul className="nhsuk-list">
        {rows.map((r) => (
          <li key={r.id}>
            <Link to={`/staff/holders/${r.holderId}/recovery/${r.id}`}>
              {r.holderName}: <Money pence={r.amountPence} />
            </Link>
            , proposed by {r.proposedByYou ? "you (another approver must decide)" : r.proposedByName} on {longDate(r.proposedAt)}
          </li>
        ))}
      </ul>
    </>
  );
}
