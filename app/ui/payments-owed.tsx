import { Form } from "@remix-run/react";
import { longDate } from "~/dates/long-date";
import { Money } from "./money";
import { ScrollableTable } from "./table-region";

interface MonthOwed {
  paidTo: "hmrc" | "pension";
  monthStartsOn: string;
  dueOn: string;
  owedPence: number;
  paidPence: number;
}

/**
 * What each month's payroll left owed to HMRC and the pension schemes, when it is due, and what has been paid; those
 * who run the payroll record a payment as it leaves the account.
 */
export function PaymentsOwed({ months, today, canRecord }: { months: MonthOwed[]; today: string; canRecord: boolean }) {
  return (
    <>
      <h2>Payments to HMRC and pension schemes</h2>
      {months.length === 0 ? (
        <p>Nothing is owed: no payroll has been recorded yet.</p>
      ) : (
        <ScrollableTable caption="What each month's payroll left owed, newest first">
          <thead className="nhsuk-table__head">
            <tr className="nhsuk-table__row">
              <th scope="col" className="nhsuk-table__header">
                Owed to
              </th>
              <th scope="col" className="nhsuk-table__header">
                Due by
              </th>
              <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric">
                Owed
              </th>
              <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric">
                Paid
              </th>
              <th scope="col" className="nhsuk-table__header">
                <span className="nhsuk-u-visually-hidden">Action</span>
              </th>
            </tr>
          </thead>
          <tbody className="nhsuk-table__body">
            {months.map((m) => {
              const label = `${m.paidTo === "hmrc" ? "HMRC" : "Pension schemes"}, month from ${longDate(m.monthStartsOn)}`;
              const outstanding = m.owedPence - m.paidPence;
              return (
                <tr className="nhsuk-table__row" key={`${m.paidTo}:${m.monthStartsOn}`}>
                  <td className="nhsuk-table__cell">{label}</td>
                  <td className="nhsuk-table__cell">
                    {longDate(m.dueOn)}
                    {outstanding > 0 && m.dueOn < today ? (
                      <>
                        {" "}
                        <strong className="nhsuk-tag nhsuk-tag--red">Overdue</strong>
                      </>
                    ) : null}
                  </td>
                  <td className="nhsuk-table__cell nhsuk-table__cell--numeric">
                    <Money pence={m.owedPence} />
                  </td>
                  <td className="nhsuk-table__cell nhsuk-table__cell--numeric">
                    <Money pence={m.paidPence} />
                  </td>
                  <td className="nhsuk-table__cell">
                    {outstanding > 0 && canRecord ? (
                      <Form method="post">
                        <input type="hidden" name="paidTo" value={m.paidTo} />
                        <input type="hidden" name="monthStartsOn" value={m.monthStartsOn} />
                        <button
                          className="nhsuk-button nhsuk-button--secondary nhsuk-button--small nhsuk-u-margin-bottom-0"
                          type="submit"
                          name="intent"
                          value="paid"
                        >
                          Record <Money pence={outstanding} /> paid today<span className="nhsuk-u-visually-hidden"> to {label}</span>
                        </button>
                      </Form>
                    ) : outstanding > 0 ? (
                      "Not paid yet"
                    ) : (
                      "Paid"
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </ScrollableTable>
      )}
    </>
  );
}
