import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useEffect } from "react";
import { Form, Link, useActionData, useLoaderData, useRevalidator } from "@remix-run/react";
import { getDb } from "#db/client.server";
import { formText, readForm } from "~/http/form-data";
import { optionalId } from "~/http/ids";
import { requireAccess } from "~/access/access.server";
import { may } from "~/access/rules";
import { longDate } from "~/dates/long-date";
import { getJobs, nextDailyRun } from "~/integrations/jobs/jobs.server";
import { todayInUk } from "~/ledger/entries";
import { FREQUENCY_NAMES, type FundingFrequency } from "~/ledger/instalments";
import { listInstalmentRuns, requestInstalmentRun } from "~/ledger/instalment-runs.server";
import { loadFundingFrequencies, setFundingFrequency } from "~/ledger/instalments.server";
import { ErrorSummary, type FieldError } from "~/ui/error-summary";
import { InsetText } from "~/ui/inset-text";
import { Money } from "~/ui/money";
import { pageTitle } from "~/ui/page-title";
import { readDone, SuccessBanner, withDone, useFreshAfterChange } from "~/ui/success-banner";
import { ScrollableTable } from "~/ui/table-region";

export const meta: MetaFunction = () => pageTitle("Instalments");

export async function loader({ request }: LoaderFunctionArgs) {
  const { principal } = await requireAccess(request, "view-caseload", "own-commissioner");
  const db = getDb();
  const today = todayInUk();
  const [frequencies, runs] = await Promise.all([
    loadFundingFrequencies(db, { commissionerId: principal.commissionerId, today }),
    listInstalmentRuns(db, { commissionerId: principal.commissionerId }),
  ]);
  return {
    frequencies,
    nextRun: nextDailyRun(),
    mayManage: may(principal, "manage-finance"),
    banner: readDone(request, ["run", "frequency"] as const),
    runs: runs.map(({ run, requestedByName }) => ({ ...run, requestedByName, refused: run.refused as { dueOn: string; message: string }[] })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const { principal, actor } = await requireAccess(request, "manage-finance", "own-commissioner");
  const db = getDb();
  const form = await readForm(request);
  const today = todayInUk();
  switch (form.get("intent")) {
    case "run": {
      const requested = await requestInstalmentRun(db, { actor, commissionerId: principal.commissionerId, until: today });
      if (!requested.ok) return data({ errors: [{ fieldId: "run", message: requested.message }] as FieldError[] }, { status: 400 });
      await getJobs().runInstalments(requested.run.id);
      return redirect(withDone("/staff/instalments", "run"));
    }
    case "frequency": {
      // None is the row for direct payments; an organisation is named by its id.
      const organisationId = optionalId(formText(form, "organisationId"));
      const frequency = formText(form, "frequency");
      const field = `frequency-${organisationId ?? "direct-payments"}`;
      if (!Object.hasOwn(FREQUENCY_NAMES, frequency)) {
        return data({ errors: [{ fieldId: field, message: "Select how often they are paid" }] as FieldError[] }, { status: 400 });
      }
      const result = await setFundingFrequency(db, {
        actor,
        commissionerId: principal.commissionerId,
        organisationId,
        frequency: frequency as FundingFrequency,
        today,
      });
      if (!result.ok) return data({ errors: [{ fieldId: field, message: result.message }] as FieldError[] }, { status: 400 });
      return redirect(withDone("/staff/instalments", "frequency"));
    }
    default:
      throw new Response("Unknown action", { status: 400 });
  }
}

const STATUS = { waiting: "Waiting to start", running: "Running", finished: "Finished", failed: "Stopped with an error" } as const;

export default function Instalments() {
  const fresh = useFreshAfterChange();
  const { frequencies, nextRun, runs, mayManage, banner } = useLoaderData<typeof loader>();
  const errors = useActionData<typeof action>()?.errors ?? [];
  const inProgress = runs.some((r) => r.status === "waiting" || r.status === "running");
  const revalidator = useRevalidator();
  useEffect(() => {
    if (!inProgress) return;
    const timer = setInterval(() => revalidator.state === "idle" && revalidator.revalidate(), 2_000);
    return () => clearInterval(timer);
  }, [inProgress, revalidator]);
  return (
    <div className="nhsuk-grid-row" key={fresh}>
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        <h1>Instalments</h1>
        {/* With JavaScript the page checks by itself every 2 seconds; a meta refresh would move the page under people reading it. */}
        {inProgress && banner === "run" ? (
          <SuccessBanner heading="The instalments due today are being paid.">
            The result shows below when the run has finished. <Link to={withDone("/staff/instalments", "run")}>Check for the result</Link>
          </SuccessBanner>
        ) : inProgress ? (
          <InsetText>
            The instalments due today are being paid. <Link to="/staff/instalments">Check for the result</Link>
          </InsetText>
        ) : banner === "run" ? (
          <SuccessBanner heading="The run has finished.">
            Its result is below: what was paid, and anything that could not be paid. The next daily run pays what falls due after today.
          </SuccessBanner>
        ) : null}
        {banner === "frequency" ? (
          <SuccessBanner heading="How often money is paid in has been saved.">
            Plan years that start from today are paid at the new frequency. A year already under way is paid as it began.
          </SuccessBanner>
        ) : null}
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
          <ScrollableTable caption="Recent instalment runs, newest first" hideCaption>
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
          </ScrollableTable>
        )}

        <h2>How often money is paid in</h2>
        <p>A change applies to plan years that start from the day it is made; a year already under way is paid as it began.</p>
        <Frequency
          id="direct-payments"
          legend="Direct payments"
          current={frequencies.directPayments}
          choices={["four-weekly", "monthly"]}
          mayManage={mayManage}
          error={errors.find((e) => e.fieldId === "frequency-direct-payments")?.message}
        />
        {frequencies.thirdParty.map((o) => (
          <Frequency
            key={o.id}
            id={o.id}
            organisationId={o.id}
            legend={`Third-party budgets held by ${o.name}, as their agreement says`}
            current={o.frequency}
            choices={["four-weekly", "monthly", "quarterly"]}
            mayManage={mayManage}
            error={errors.find((e) => e.fieldId === `frequency-${o.id}`)?.message}
          />
        ))}
        <p>
          <Link to="/staff">Back to the caseload</Link>
        </p>
      </div>
    </div>
  );
}

/** How often one kind of money is paid in: the frequency now and, for finance, the form to change it. */
function Frequency(props: {
  id: string;
  legend: string;
  current: FundingFrequency;
  choices: FundingFrequency[];
  mayManage: boolean;
  error?: string;
  organisationId?: string;
}) {
  const { id, legend, current, choices, error } = props;
  if (!props.mayManage) {
    return (
      <p>
        {legend}: paid {FREQUENCY_NAMES[current]}.
      </p>
    );
  }
  return (
    <Form method="post">
      <input type="hidden" name="intent" value="frequency" />
      {props.organisationId ? <input type="hidden" name="organisationId" value={props.organisationId} /> : null}
      <div className={`nhsuk-form-group${error ? " nhsuk-form-group--error" : ""}`}>
        <fieldset className="nhsuk-fieldset" id={`frequency-${id}`} aria-describedby={error ? `frequency-${id}-error` : undefined}>
          <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{legend}</legend>
          {error ? (
            <span className="nhsuk-error-message" id={`frequency-${id}-error`}>
              <span className="nhsuk-u-visually-hidden">Error:</span> {error}
            </span>
          ) : null}
          <div className="nhsuk-radios nhsuk-radios--inline">
            {choices.map((f) => (
              <div className="nhsuk-radios__item" key={f}>
                <input className="nhsuk-radios__input" id={`frequency-${id}-${f}`} name="frequency" type="radio" value={f} defaultChecked={current === f} />
                <label className="nhsuk-label nhsuk-radios__label" htmlFor={`frequency-${id}-${f}`}>
                  {FREQUENCY_NAMES[f].replace(/^./, (c) => c.toUpperCase())}
                </label>
              </div>
            ))}
          </div>
        </fieldset>
      </div>
      <button type="submit" className="nhsuk-button nhsuk-button--secondary">
        Save how often
      </button>
    </Form>
  );
}
