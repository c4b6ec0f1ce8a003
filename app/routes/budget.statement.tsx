import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { getDb } from "#db/client.server";
import { longDate } from "~/dates/long-date";
import { CAUSE_NAMES, reversalNote } from "~/ledger/statement";
import { loadStatement } from "~/ledger/statement.server";
import { parseStatementFilter, requireStatementHolder } from "~/ledger/statement-holder.server";
import { ErrorSummary } from "~/ui/error-summary";
import { DateInput } from "~/ui/date-input";
import { Money } from "~/ui/money";
import { pageTitle } from "~/ui/page-title";
import { Pagination } from "~/ui/pagination";
import { ScrollableTable } from "~/ui/table-region";

export const meta: MetaFunction<typeof loader> = ({ data }) => pageTitle("Statement", { error: Boolean(data?.errors.length) });

export async function loader({ request }: LoaderFunctionArgs) {
  const { signedIn, holderId, params } = await requireStatementHolder(request);
  const { filter, errors, page, values } = parseStatementFilter(params);
  const statement = await loadStatement(
    getDb(),
    errors.length ? { holderId, arrangementId: filter.arrangementId, page: 1, from: "9999-12-31" } : { holderId, ...filter, page },
  );
  const shown = {
    errors,
    values,
    actingFor: signedIn.principal.kind !== "holder",
    back: BACK[signedIn.principal.kind](holderId),
    holderName: `${statement.holder.givenName} ${statement.holder.familyName}`,
    downloadQuery: new URLSearchParams([...params].filter(([k]) => k !== "page")).toString(),
    ...statement,
  };
  return errors.length ? data(shown, { status: 400 }) : shown;
}

const BACK = {
  holder: () => ({ to: "/", text: "Back to your budget" }),
  representative: () => ({ to: "/", text: null }),
  support: () => ({ to: "/support", text: "Back to the people you support" }),
  // Never reached: a PA is refused their employer's statement.
  assistant: () => ({ to: "/pa", text: null }),
  staff: (holderId: string) => ({ to: `/staff/holders/${holderId}/plan`, text: "Back to their plan" }),
} as const;

export default function Statement() {
  const { errors, values, actingFor, back, holderName, account, choices, lines, total, page, pageCount, openingPence, closingPence, downloadQuery } =
    useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const download = (format: "csv" | "pdf") => `/budget/statement.${format}${downloadQuery ? `?${downloadQuery}` : ""}`;
  return (
    <>
      <p>
        <Link to={back.to} className="nhsuk-back-link">
          {back.text ?? `Back to ${holderName}'s budget`}
        </Link>
      </p>
      <ErrorSummary errors={errors} />
      <h1>{actingFor ? `${holderName}'s statement` : "Your statement"}</h1>
      {!account ? (
        <p>There is nothing on this statement yet. Money paid in and everything spent will show here once {actingFor ? "the" : "your"} budget is being paid.</p>
      ) : (
        <>
          {choices.length > 1 ? (
            <nav aria-label="Accounts">
              <ul className="nhsuk-list">
                {choices.map((c) => (
                  <li key={c.id}>
                    {c.id === account.id ? (
                      <strong aria-current="page">{c.name}</strong>
                    ) : (
                      <Link to={`?${new URLSearchParams([...[...searchParams].filter(([k]) => k === "holder"), ["account", c.id]]).toString()}`}>{c.name}</Link>
                    )}
                  </li>
                ))}
              </ul>
            </nav>
          ) : null}
          <h2>{account.name}</h2>
          <p>
            Money paid into this account and spent from it, newest first, with the balance after each payment. It stays the same account for as long as the
            money is held this way: a new version of the plan changes what is allocated, not where the money is.
          </p>
          <Form method="get" className="app-filter">
            {searchParams.get("holder") ? <input type="hidden" name="holder" value={searchParams.get("holder")!} /> : null}
            <input type="hidden" name="account" value={account.id} />
            <div className="nhsuk-grid-row">
              <div className="nhsuk-grid-column-one-half">
                <DateInput name="from" label="From" values={values} errors={errors} />
              </div>
              <div className="nhsuk-grid-column-one-half">
                <DateInput name="to" label="To" values={values} errors={errors} />
              </div>
            </div>
            <button type="submit" className="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-0">
              Show these dates
            </button>
          </Form>
          {errors.length === 0 ? (
            <dl className="nhsuk-summary-list">
              <div className="nhsuk-summary-list__row">
                <dt className="nhsuk-summary-list__key">Balance at the start</dt>
                <dd className="nhsuk-summary-list__value">
                  <Money pence={openingPence} />
                </dd>
              </div>
              <div className="nhsuk-summary-list__row">
                <dt className="nhsuk-summary-list__key">Balance at the end</dt>
                <dd className="nhsuk-summary-list__value">
                  <Money pence={closingPence} />
                </dd>
              </div>
            </dl>
          ) : null}
          {lines.length === 0 ? (
            <p>{errors.length ? "Correct the dates to see your statement." : "Nothing was paid in or spent between these dates."}</p>
          ) : (
            <ScrollableTable
              caption={
                <>
                  {total} {total === 1 ? "payment" : "payments"}
                  {pageCount > 1 ? `, page ${page} of ${pageCount}` : ""}
                </>
              }
            >
              <thead className="nhsuk-table__head">
                <tr className="nhsuk-table__row">
                  <th scope="col" className="nhsuk-table__header">
                    Date
                  </th>
                  <th scope="col" className="nhsuk-table__header">
                    What it was
                  </th>
                  <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric">
                    Money in
                  </th>
                  <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric">
                    Money out
                  </th>
                  <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric">
                    Balance
                  </th>
                </tr>
              </thead>
              <tbody className="nhsuk-table__body">
                {lines.map((line) => {
                  const note = reversalNote(line);
                  return (
                    <tr className="nhsuk-table__row" key={line.entryId} id={`entry-${line.entryId}`}>
                      <td className="nhsuk-table__cell app-nowrap">{longDate(line.effectiveDate)}</td>
                      <td className="nhsuk-table__cell">
                        <strong>{CAUSE_NAMES[line.kind]}</strong>: {line.description}
                        {line.counterparty ? (
                          <>
                            <br />
                            <span className="nhsuk-body-s">
                              {line.amountPence < 0 ? "Paid to" : "From"} {line.counterparty}
                            </span>
                          </>
                        ) : null}
                        {note ? (
                          <>
                            <br />
                            <span className="nhsuk-body-s">
                              <a href={`#entry-${line.reversesEntryId ?? line.reversedByEntryId}`}>{note}</a>
                            </span>
                          </>
                        ) : null}
                        <br />
                        <span className="nhsuk-body-s">Reference {line.entryId}</span>
                      </td>
                      <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{line.amountPence > 0 ? <Money pence={line.amountPence} /> : null}</td>
                      <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{line.amountPence < 0 ? <Money pence={-line.amountPence} /> : null}</td>
                      <td className="nhsuk-table__cell nhsuk-table__cell--numeric">
                        <Money pence={line.balancePence} />
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </ScrollableTable>
          )}
          <Pagination page={page} pageCount={pageCount} searchParams={searchParams} />
          {errors.length === 0 ? (
            <ul className="nhsuk-list">
              <li>
                <a href={download("csv")} download>
                  Download this statement as a spreadsheet (CSV)
                </a>
              </li>
              <li>
                <a href={download("pdf")} download>
                  Download this statement as a PDF
                </a>
              </li>
            </ul>
          ) : null}
        </>
      )}
    </>
  );
}
