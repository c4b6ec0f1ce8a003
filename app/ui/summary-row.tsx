import type { ReactNode } from "react";

/** One row of an NHS.UK summary list: what it is, and its value. */
export function summaryRow(key: string, value: ReactNode) {
  return (
    <div className="nhsuk-summary-list__row">
      <dt className="nhsuk-summary-list__key">{key}</dt>
      <dd className="nhsuk-summary-list__value">{value}</dd>
    </div>
  );
}
