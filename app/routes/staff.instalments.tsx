import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useEffect } from "react";
import { Form, Link, useActionData, useLoaderData, useRevalidator } from "@remix-run/react";
import { getDb } from "#db/client.server";
import { requireAccess } from "~/access/access.server";
import { may } from "~/access/rules";
import { longDate } from "~/dates/long-date";
import { getJobs, nextDailyRun } from "~/integrations/jobs/jobs.server";
import { todayInUk } from "~/ledger/entries";
import { FREQUENCY_NAMES } from "~/ledger/instalments";
import { listInstalmentRuns, requestInstalmentRun } from "~/ledger/instalment-runs.server";
import { loadDirectPaymentFrequency, setDirectPaymentFrequency } from "~/ledger/instalments.server";
import { ErrorSummary, type FieldError } from "~/ui/error-summary";
import { InsetText } from "~/ui/inset-text";
import { Money } from "~/ui/money";
import { pageTitle } from "~/ui/page-title";

export const meta: MetaFunction = () => pageTitle("Instalments");

export async function loader({ request }: LoaderFunctionArgs) {
  const { principal } = await requireAccess(request, "view-caseload", "own-commissioner");
  const db = getDb();
  const today = todayInUk();
  const [frequency, runs] = await Promise.all([
    loadDirectPaymentFrequency(db, { commissionerId: principal.commissionerId, today }),
    listInstalmentRuns(db, { commissionerId: principal.commissionerId }),
  ]);
  const done = new URL(request.url).searchParams.get("done");
  return {
    frequency,
    nextRun: nextDailyRun(),
    mayManage: may(principal, "manage-finance"),
    banner: done === "run" ? "run" : done === "frequency" ? "frequency" : null,
    runs: runs.map(({ run, requestedByName }) => ({ ...run, requestedByName, refused: run.refused as { dueOn: string; message: string }[] })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const { principal, actor } = await requireAccess(request, "manage-finance", "own-commissioner");
  const db = getDb();
  const form = await request.formData();
  const today = todayInUk();
  switch (form.get("intent")) {
    case "run": {
      const requested = await requestInstalmentRun(db, { actor, commissionerId: principal.commissionerId, until: today });
      if (!requested.ok) return data({ errors: [{ fieldId: "run", message: requested.message }] as FieldError[] }, { status: 400 });
      await getJobs().runInstalments(requested.run.id);
      return redirect("/staff/instalments?done=run");
    }
    case "frequency": {
      const frequency = form.get("frequency");
      if (frequency !== "four-weekly" && frequency !== "monthly") {
        return data({ errors: [{ fieldId: "frequency-four-weekly", message: "Select how often direct payments are paid" }] as FieldError[] }, { status: 400 });
      }
      await setDirectPaymentFrequency(db, { actor, commissionerId: principal.commissionerId, frequency, today });
      return redirect("/staff/instalments?done=frequency");
    }
    default:
      throw new Response("Unknown action", { status: 400 });
  }
}

const STATUS = { waiting: "Waiting to start", running: "Running", finished: "Finished", failed: "Stopped with an error" } as const;

export default function Instalments() {
  const { frequency, nextRun, runs, mayManage, banner } = useLoaderData<typeof loader>();
  const errors = useActionData<typeof action>()?.errors ?? [];
  const inProgress = runs.some((r) => r.status === "waiting" || r.status === "running");
  const revalidator = useRevalidator();
  useEffect(() => {
    if (!inProgress) return;
    const timer = setInterval(() => revalidator.state === "idle" && revalidator.revalidate(), 2_000);
    return () => clearInterval(timer);
  }, [inProgress, revalidator]);
  const frequencyError = errors.find((e) => e.fieldId.startsWith("frequency"))?.message;
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        <h1>Instalments</h1>
        {inProgress ? (
          <InsetText>
            The instalments due today are being paid. <Link to="/staff/instalments">Check for the result</Link>
            {/* With JavaScript the page checks by itself every 2 seconds; a meta refresh would move the page under people reading it. */}
          </InsetText>
        ) : banner === "run" ? (
          <InsetText>The run has finished: its result is below.</InsetText>
        ) : null}
        {banner === "frequency" ? <InsetText>Saved. Plan years that start from today are paid {FREQUENCY_NAMES[frequency.frequency]}.</InsetText> : null}
        <p>
          Direct payments and third-party budgets are paid into each person's account on their due dates by a daily run at 6am. A plan year pays exactly its
          share of the plan: when a plan changes, the rest of the year is paid at the new rate. Nothing is paid twice, however often the run happens.
        </p>
        <h2>The next run</h2>
        <p>The next daily run is at 6am on {longDate(nextRun)}.</p>
        {mayManage ? (
          <Form method="post">
            <input type="hidden" name="intent" value="run" />
            <button type="submit" className="nhsuk-button nhsuk-button--secondary" disabled={inProgress}>
              Pay the instalments due today now
            </button>
          </Form>
        ) : null}

        <h2>Recent runs</h2>
        {runs.length === 0 ? (
          <p>No run has happened yet.</p>
        ) : (
          <table className="nhsuk-table">
            <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">Recent instalment runs, newest first</caption>
            <thead className="nhsuk-table__head">
              <tr className="nhsuk-table__row">
                <th scope="col" className="nhsuk-table__header">
                  Run
                </th>
                <th scope="col" className="nhsuk-table__header">
                  Result
                </th>
              </tr>
            </thead>
            <tbody className="nhsuk-table__body">
              {runs.map((run) => (
                <tr className="nhsuk-table__row" key={run.id}>
                  <td className="nhsuk-table__cell">
                    {longDate(run.requestedAt)}
                    <br />
                    <span className="nhsuk-body-s">{run.requestedByName ? `Asked for by ${run.requestedByName}` : "Daily run"}</span>
                  </td>
                  <td className="nhsuk-table__cell">
                    <strong>{STATUS[run.status]}</strong>
                    {run.status === "finished" ? (
                      <>
                        <br />
                        {run.posted} paid (<Money pence={run.postedPence} />
                        ), {run.alreadyPosted} paid before
                        {run.refused.length ? (
                          <ul className="nhsuk-list nhsuk-list--bullet nhsuk-u-margin-bottom-0">
                            {run.refused.map((r) => (
                              <li key={`${r.dueOn}${r.message}`}>
                                Not paid, due {longDate(r.dueOn)}: {r.message}
                              </li>
                            ))}
                          </ul>
                        ) : null}
                      </>
                    ) : null}
                    {run.status === "failed" ? (
                      <>
                        <br />
                        {run.error}. The next run pays what this one did not.
                      </>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}

        <h2>How often direct payments are paid</h2>
        <p>
          Now: {FREQUENCY_NAMES[frequency.frequency]}. A change applies to plan years that start from the day it is made; a year already under way is paid as it
          began.
        </p>
        {mayManage ? (
          <Form method="post">
            <input type="hidden" name="intent" value="frequency" />
            <div className={`nhsuk-form-group${frequencyError ? " nhsuk-form-group--error" : ""}`}>
              <fieldset className="nhsuk-fieldset" aria-describedby={frequencyError ? "frequency-error" : undefined}>
                <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Pay direct payments</legend>
                {frequencyError ? (
                  <span className="nhsuk-error-message" id="frequency-error">
                    <span className="nhsuk-u-visually-hidden">Error:</span> {frequencyError}
                  </span>
                ) : null}
                <div className="nhsuk-radios">
                  {(["four-weekly", "monthly"] as const).map((f) => (
                    <div className="nhsuk-radios__item" key={f}>
                      <input
                        className="nhsuk-radios__input"
                        id={`frequency-${f}`}
                        name="frequency"
                        type="radio"
                        value={f}
                        defaultChecked={frequency.frequency === f}
                      />
                      <label className="nhsuk-label nhsuk-radios__label" htmlFor={`frequency-${f}`}>
                        {FREQUENCY_NAMES[f].replace(/^./, (c) => c.toUpperCase())}
                      </label>
                    </div>
                  ))}
                </div>
              </fieldset>
            </div>
            <button type="submit" className="nhsuk-button">
              Save how often
            </button>
          </Form>
        ) : null}
        <p>
          <Link to="/staff">Back to the caseload</Link>
        </p>
      </div>
    </div>
  );
}
