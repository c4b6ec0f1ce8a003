import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { getDb } from "#db/client.server";
import { requireCurrentHolder } from "~/access/access.server";
import { longDate } from "~/dates/long-date";
import { loadHolderName } from "~/plans/plan-views.server";
import { listSpends, spendFilterFrom } from "~/spending/report.server";
import { loadPlanInForce } from "~/plans/plan-in-force.server";
import { attributionText, checkMayChangeSpend, spendKeeperOf } from "~/spending/rules";
import { HOW_PAID_NAMES } from "~/spending/schemas";
import { ErrorSummary } from "~/ui/error-summary";
import { TextField } from "~/ui/fields";
import { DateInput } from "~/ui/date-input";
import { Money } from "~/ui/money";
import { pageTitle } from "~/ui/page-title";
import { Pagination } from "~/ui/pagination";
import { may } from "~/access/rules";
import { ScrollableTable } from "~/ui/table-region";

export const meta: MetaFunction<typeof loader> = ({ data }) => pageTitle("Spending", { error: Boolean(data?.errors.length) });

export async function loader({ request }: LoaderFunctionArgs) {
  const { holderId, principal } = await requireCurrentHolder(request, "view");
  const db = getDb();
  const params = new URL(request.url).searchParams;
  const { filter, values, errors } = spendFilterFrom(params, holderId);
  const [list, plan, holder] = await Promise.all([listSpends(db, filter), loadPlanInForce(db, holderId), loadHolderName(db, holderId)]);
  const viewerIsHolder = principal.kind === "holder";
  const shown = {
    errors,
    ...list,
    spends: list.spends.map((s) => ({
      ...s,
      attribution: attributionText({ ...s, viewerUserId: principal.userId, viewerIsHolder }),
    })),
    values,
    lines: (plan?.lines ?? []).map((l) => ({ key: l.lineKey, description: l.description })),
    holderName: holder ? `${holder.givenName} ${holder.familyName}` : "",
    acting: principal.kind !== "holder",
    holderQuery: principal.kind === "staff" || principal.kind === "support" ? `holder=${holderId}` : "",
    keeper: spendKeeperOf(principal.kind),
    canLog: may(principal, "log-spending", holderId),
  };
  return errors.length ? data(shown, { status: 400 }) : shown;
}

export default function Spending() {
  const { errors, spends, total, page, pageCount, values, lines, holderName, acting, holderQuery, canLog, keeper } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const q = holderQuery ? `?${holderQuery}` : "";
  const csvQuery = new URLSearchParams([...searchParams].filter(([k]) => k !== "page")).toString();
  return (
    <>
      <ErrorSummary errors={errors} />
      <h1>{acting ? `${holderName}'s spending` : "Your spending"}</h1>
      <ul className="nhsuk-list">
        {canLog ? (
          <li>
            <Link to={`/spending/new${q}`} className="nhsuk-button nhsuk-u-margin-bottom-2">
              Log a spend
            </Link>
          </li>
        ) : null}
        <li>
          <Link to={`/spending/plan${q}`}>See spending against the plan</Link>
        </li>
      </ul>
      <Form method="get" className="app-filter">
        {holderQuery ? <input type="hidden" name="holder" value={holderQuery.slice("holder=".length)} /> : null}
        <TextField id="q" name="q" label="Search by who was paid or what it was for" defaultValue={values.q} />
        <div className="nhsuk-grid-row">
          <div className="nhsuk-grid-column-one-half">
            <DateInput name="from" label="From" values={values} errors={errors} />
          </div>
          <div className="nhsuk-grid-column-one-half">
            <DateInput name="to" label="To" values={values} errors={errors} />
          </div>
        </div>
        <div className="nhsuk-form-group">
          <label className="nhsuk-label" htmlFor="line">
            Support line
          </label>
          <select className="nhsuk-select" id="line" name="line" defaultValue={values.line}>
            <option value="">All support lines</option>
            {lines.map((l) => (
              <option key={l.key} value={l.key}>
                {l.description}
              </option>
            ))}
          </select>
        </div>
        <div className="nhsuk-form-group">
          <label className="nhsuk-label" htmlFor="howPaid">
            How it was paid
          </label>
          <select className="nhsuk-select" id="howPaid" name="howPaid" defaultValue={values.howPaid}>
            <option value="">Any way</option>
            {Object.entries(HOW_PAID_NAMES).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div className="nhsuk-checkboxes__item nhsuk-u-margin-bottom-4">
          <input className="nhsuk-checkboxes__input" id="flagged" name="flagged" type="checkbox" value="yes" defaultChecked={values.flagged === "yes"} />
          <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor="flagged">
            Only spends finance will check
          </label>
        </div>
        <button type="submit" className="nhsuk-button nhsuk-button--secondary">
          Show spending
        </button>
      </Form>
      {spends.length === 0 ? (
        <p>No spending to show.</p>
      ) : (
        <ScrollableTable
          caption={
            <>
              {total} {total === 1 ? "spend" : "spends"}
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
                Amount
              </th>
            </tr>
          </thead>
          <tbody className="nhsuk-table__body">
            {spends.map((s) => (
              <tr className="nhsuk-table__row" key={s.id}>
                <td className="nhsuk-table__cell app-nowrap">{longDate(s.spentOn)}</td>
                <td className="nhsuk-table__cell">
                  <strong>{s.whatFor}</strong>, paid to {s.payee}
                  <br />
                  <span className="nhsuk-body-s">
                    {s.line}. {HOW_PAID_NAMES[s.howPaid]}.
                  </span>
                  <br />
                  <span className="nhsuk-body-s">{s.attribution}</span>
                  {s.reversedAt ? (
                    <>
                      <br />
                      <span className="nhsuk-body-s">Changed: {s.reversalReason}</span>
                    </>
                  ) : null}
                  {s.flaggedForFinance ? (
                    <>
                      <br />
                      <span className="nhsuk-body-s">Finance will check: {s.flagReason}</span>
                    </>
                  ) : null}
                  {s.overspendWarning ? (
                    <>
                      <br />
                      <span className="nhsuk-body-s">Took the line over what the plan allows</span>
                    </>
                  ) : null}
                  {canLog && !s.reversedAt && checkMayChangeSpend(s, keeper) === null ? (
                    <>
                      <br />
                      <Link className="nhsuk-body-s" to={`/spending/${s.id}/change${q}`}>
                        Change this spend
                        <span className="nhsuk-u-visually-hidden">
                          : {s.whatFor}, {longDate(s.spentOn)}
                        </span>
                      </Link>
                    </>
                  ) : null}
                  {s.receipts.map((r) => (
                    <span key={r.id}>
                      <br />
                      <a className="nhsuk-body-s" href={`/spending/receipts/${r.id}${q}`} download>
                        Download receipt {r.fileName}
                      </a>
                    </span>
                  ))}
                </td>
                <td className="nhsuk-table__cell nhsuk-table__cell--numeric">
                  {s.reversedAt ? (
                    <s>
                      <Money pence={s.amountPence} />
                    </s>
                  ) : (
                    <Money pence={s.amountPence} />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </ScrollableTable>
      )}
      <Pagination page={page} pageCount={pageCount} searchParams={searchParams} />
      <p>
        <a href={`/spending.csv${csvQuery ? `?${csvQuery}` : ""}`} download>
          Download this spending as a spreadsheet (CSV)
        </a>
      </p>
    </>
  );
}
