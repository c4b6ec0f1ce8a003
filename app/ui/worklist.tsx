import { Link } from "@remix-run/react";
import { longDate } from "~/dates/long-date";
import type { WorkRow } from "~/plans/worklist";
import { ScrollableTable } from "~/ui/table-region";

interface Section {
  id: string;
  title: string;
  rows: WorkRow[];
  /** Where on the person's pages to act. */
  href: (holderId: string) => string;
  /** The third column's heading: how long it has waited, or when it is due. */
  when: string;
  /** Show the date itself beside "Due in 9 days". */
  withDate?: boolean;
}

/** A coordinator's work, section by section, each with the longest wait (or the soonest date) first. */
export function Worklist({ sections }: { sections: Section[] }) {
  return (
    <>
      {sections.map((s) => (
        <section key={s.id} aria-labelledby={s.id}>
          <h2 className="nhsuk-heading-m" id={s.id}>
            {s.title}
            {s.rows.length ? ` (${s.rows.length})` : ""}
          </h2>
          {s.rows.length === 0 ? (
            <p>Nothing waiting.</p>
          ) : (
            <ScrollableTable caption={s.title} hideCaption>
              <thead className="nhsuk-table__head">
                <tr className="nhsuk-table__row">
                  <th scope="col" className="nhsuk-table__header">
                    Person
                  </th>
                  <th scope="col" className="nhsuk-table__header">
                    What is needed
                  </th>
                  <th scope="col" className="nhsuk-table__header">
                    {s.when}
                  </th>
                </tr>
              </thead>
              <tbody className="nhsuk-table__body">
                {s.rows.map((r, i) => (
                  <tr className="nhsuk-table__row" key={`${r.holderId}-${i}`}>
                    <td className="nhsuk-table__cell">
                      <Link to={s.href(r.holderId)}>{r.holderName}</Link>
                    </td>
                    <td className="nhsuk-table__cell">{r.what}</td>
                    <td className="nhsuk-table__cell">
                      {r.when}
                      {s.withDate ? <span className="app-nowrap"> ({longDate(r.day)})</span> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </ScrollableTable>
          )}
        </section>
      ))}
    </>
  );
}
