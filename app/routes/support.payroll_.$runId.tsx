import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { refreshWhileBusy } from "~/http/refresh-header";
import { getDb } from "#db/client.server";
import { notFound, requireSupportOrganisation } from "~/access/access.server";
import { longDate } from "~/dates/long-date";
import { isUuid } from "~/http/ids";
import { getJobs } from "~/integrations/jobs/jobs.server";
import { todayInUk } from "~/ledger/entries";
import { PAY_FREQUENCY_NAMES } from "~/payroll/pay-periods";
import { payrollRunView } from "~/payroll/payroll-run-views.server";
import { requestPayrollPosting } from "~/payroll/post-payroll.server";
import { PAYROLL_RUN_STATUS_NAMES } from "~/payroll/schemas";
import { Money } from "~/ui/money";
import { pageTitle } from "~/ui/page-title";
import { ScrollableTable } from "~/ui/table-region";

export const meta: MetaFunction = () => pageTitle("Payroll run");

/** While the job posts, the page reloads itself every few seconds, with or without JavaScript (the Refresh header). */
const REFRESH_SECONDS = 3;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organisationId } = await requireSupportOrganisation(request);
  if (!isUuid(params.runId)) throw notFound();
  const view = await payrollRunView(getDb(), { runId: params.runId, organisationId, today: todayInUk() });
  if (!view) throw notFound();
  const busy = view.run.status === "waiting" || view.run.status === "running";
  return data(view, busy ? { headers: { Refresh: String(REFRESH_SECONDS) } } : undefined);
}

export const headers = refreshWhileBusy;

export async function action({ request, params }: ActionFunctionArgs) {
  const { organisationId, actor } = await requireSupportOrganisation(request);
  if (!isUuid(params.runId)) throw notFound();
  const requested = await requestPayrollPosting(getDb(), { actor, organisationId, runId: params.runId });
  if (!requested) throw notFound();
  // Asked for already, or posted: the page says where it has got to.
  if (requested.queued) await getJobs().runPayroll(requested.run.id);
  throw redirect(`/support/payroll/${params.runId}`);
}

export default function PayrollRun() {
  const { run, holders, totals, problems, alreadyPosted } = useLoaderData<typeof loader>();
  const busy = run.status === "waiting" || run.status === "running";
  const canPost = (run.status === "previewed" || run.status === "failed") && problems.length === 0;
  return (
    <>
      <p>
        <Link to="/support/payroll">Back to payroll</Link>
      </p>
      <h1>
        Payroll for {longDate(run.periodStartsOn)} to {longDate(run.periodEndsOn)}
      </h1>
      <p>
        {PAY_FREQUENCY_NAMES[run.frequency]} pay, from {run.fileName ?? "the form"}: {run.lineCount} {run.lineCount === 1 ? "line" : "lines"}.
      </p>
      <div role="status" aria-live="polite">
        {run.status === "finished" ? (
          <div className="nhsuk-card nhsuk-card--feature">
            <div className="nhsuk-card__content nhsuk-card__content--feature">
              <h2 className="nhsuk-card__heading nhsuk-card__heading--feature">Posted</h2>
              <p className="nhsuk-card__description">
                {run.postedLines} {run.postedLines === 1 ? "payslip was" : "payslips were"} recorded
                {run.alreadyPostedLines ? `; ${run.alreadyPostedLines} had been recorded before and were left as they were` : ""}. Net pay left each person's
                account on its payment date. What is owed to HMRC and the pension schemes shows as owed until it is paid.
              </p>
            </div>
          </div>
        ) : busy ? (
          <>
            <h2>{PAYROLL_RUN_STATUS_NAMES[run.status]}</h2>
            <label className="nhsuk-label" htmlFor="progress">
              {run.holdersDone} of {run.holderCount} {run.holderCount === 1 ? "person" : "people"} done
            </label>
            <progress id="progress" className="app-progress" max={run.holderCount} value={run.holdersDone}>
              {run.holdersDone} of {run.holderCount}
            </progress>
            <p>
              This page updates itself every few seconds. You can leave it: the payroll carries on being posted. <Link to=".">Update it now</Link>
            </p>
          </>
        ) : run.status === "failed" ? (
          <div className="nhsuk-warning-callout">
            <h2 className="nhsuk-warning-callout__label">
              <span role="text">
                <span className="nhsuk-u-visually-hidden">Important: </span>Nothing was posted
              </span>
            </h2>
            <p>
              Posting stopped, so nothing of this payroll was recorded: {run.error}.{" "}
              {problems.length === 0 ? "You can try again." : "Fix the problems below first."}
            </p>
          </div>
        ) : null}
      </div>
      {problems.length ? (
        <>
          <h2>Problems found now</h2>
          <p>Something has changed since the file was checked. Nothing can be posted until these are put right; then upload the file again.</p>
          <ul>
            {problems.map((p) => (
              <li key={`${p.line}:${p.message}`}>
                Line {p.line}: {p.message}
              </li>
            ))}
          </ul>
        </>
      ) : run.status === "previewed" ? (
        <>
          <h2>Checks</h2>
          <ul className="nhsuk-list nhsuk-list--tick">
            <li>Every line adds up: gross pay less the employee's tax, National Insurance and pension is the net pay</li>
            <li>Every PA is employed by someone your organisation runs payroll for, and was employed in the period</li>
            <li>Each person's account covers what this payroll costs them as an employer, on top of what they owe already</li>
            <li>
              {alreadyPosted
                ? `${alreadyPosted} ${alreadyPosted === 1 ? "line was" : "lines were"} posted before with the same amounts, and will be left as they are`
                : "No line has been posted before"}
            </li>
          </ul>
        </>
      ) : null}
      {run.status === "running" ? null : (
        <ScrollableTable caption="What each person pays">
          <thead className="nhsuk-table__head">
            <tr className="nhsuk-table__row">
              <th scope="col" className="nhsuk-table__header">
                Person
              </th>
              <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric">
                PAs
              </th>
              <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric">
                Gross pay
              </th>
              <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric">
                Net pay
              </th>
              <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric">
                To HMRC
              </th>
              <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric">
                To pension
              </th>
              <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric">
                Employer's cost
              </th>
              {run.status === "previewed" || run.status === "failed" ? (
                <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric">
                  Available before
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody className="nhsuk-table__body">
            {holders.map((h) => (
              <tr className="nhsuk-table__row" key={h.holderId}>
                <td className="nhsuk-table__cell">
                  <Link to={`/employer?holder=${h.holderId}`}>{h.name}</Link>
                </td>
                <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{h.lines}</td>
                <td className="nhsuk-table__cell nhsuk-table__cell--numeric">
                  <Money pence={h.grossPence} />
                </td>
                <td className="nhsuk-table__cell nhsuk-table__cell--numeric">
                  <Money pence={h.netPayPence} />
                </td>
                <td className="nhsuk-table__cell nhsuk-table__cell--numeric">
                  <Money pence={h.hmrcPence} />
                </td>
                <td className="nhsuk-table__cell nhsuk-table__cell--numeric">
                  <Money pence={h.pensionPence} />
                </td>
                <td className="nhsuk-table__cell nhsuk-table__cell--numeric">
                  <Money pence={h.employerCostPence} />
                </td>
                {h.availablePence !== null ? (
                  <td className="nhsuk-table__cell nhsuk-table__cell--numeric">
                    <Money pence={h.availablePence} />
                  </td>
                ) : null}
              </tr>
            ))}
            <tr className="nhsuk-table__row">
              <th scope="row" className="nhsuk-table__header">
                Total
              </th>
              <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{totals.lines}</td>
              <td className="nhsuk-table__cell nhsuk-table__cell--numeric">
                <Money pence={totals.grossPence} />
              </td>
              <td className="nhsuk-table__cell nhsuk-table__cell--numeric">
                <Money pence={totals.netPayPence} />
              </td>
              <td className="nhsuk-table__cell nhsuk-table__cell--numeric">
                <Money pence={totals.hmrcPence} />
              </td>
              <td className="nhsuk-table__cell nhsuk-table__cell--numeric">
                <Money pence={totals.pensionPence} />
              </td>
              <td className="nhsuk-table__cell nhsuk-table__cell--numeric">
                <Money pence={totals.employerCostPence} />
              </td>
              {run.status === "previewed" || run.status === "failed" ? <td className="nhsuk-table__cell" /> : null}
            </tr>
          </tbody>
        </ScrollableTable>
      )}
      {canPost ? (
        <Form method="post">
          <button className="nhsuk-button" type="submit">
            {run.status === "failed" ? "Try posting again" : "Post this payroll"}
          </button>
        </Form>
      ) : null}
    </>
  );
}
