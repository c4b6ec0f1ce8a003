import type { ReactNode } from "react";

export interface StackedColumn {
  heading: string;
  numeric?: boolean;
}

/**
 * An NHS.UK responsive table: a table on a wide screen, and on a phone each row stacked with its headings beside its
 * values, so a long description and the form under it wrap rather than scroll sideways.
 */
export function StackedTable({ caption, columns, rows }: { caption: string; columns: StackedColumn[]; rows: { key: string; cells: ReactNode[] }[] }) {
  const numeric = (c: StackedColumn) => (c.numeric ? " nhsuk-table__cell--numeric" : "");
  return (
    <table className="nhsuk-table nhsuk-table--responsive" role="table">
      <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">{caption}</caption>
      <thead className="nhsuk-table__head" role="rowgroup">
        <tr className="nhsuk-table__row" role="row">
          {columns.map((c) => (
            <th key={c.heading} scope="col" role="columnheader" className={`nhsuk-table__header${c.numeric ? " nhsuk-table__header--numeric" : ""}`}>
              {c.heading}
            </th>
          ))}
        </tr>
      </thead>
      <tbody className="nhsuk-table__body">
        {rows.map((row) => (
          <tr className="nhsuk-table__row" role="row" key={row.key}>
            {row.cells.map((cell, i) => (
              <td className={`nhsuk-table__cell${numeric(columns[i])}`} role="cell" key={columns[i].heading}>
                <span className="nhsuk-table__heading" aria-hidden="true">
                  {columns[i].heading}{" "}
                </span>
                <span>{cell}</span>
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
