import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { getDb } from "#db/client.server";
import { requireAccess } from "~/access/access.server";
import { HOLDING_NAMES } from "~/budgets/budget-summary";
import { longDate } from "~/dates/long-date";
import { todayInUk } from "~/ledger/entries";
import { previewSubmission, submitPlan } from "~/plans/plans.server";
import { loadHolderName, loadPlanPage } from "~/plans/plan-views.server";
import { FIVE_CRITERIA, FREQUENCY_NAMES } from "~/plans/rules";
import { sectionTitle, type SectionKey } from "~/plans/sections";
import { ErrorSummary } from "~/ui/error-summary";
import { Money } from "~/ui/money";
import { pageTitle } from "~/ui/page-title";
import { formText, readForm } from "~/http/form-data";
import { requireId } from "~/http/ids";

export const meta: MetaFunction = () => pageTitle("Check the plan before sending it for approval");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const holderId = requireId(params.holderId);
  await requireAccess(request, "manage-plan", { holderId });
  const db = getDb();
  const page = await loadPlanPage(db, { holderId, today: todayInUk() });
  if (!page?.current || page.current.status !== "draft") throw redirect(`/staff/holders/${holderId}/plan`);
  return {
    holderId,
    holder: await loadHolderName(db, holderId),
    planVersionId: page.current.id,
    criteriaMet: page.current.criteriaMet,
    view: page.view,
    preview: (await previewSubmission(db, { holderId, planVersionId: page.current.id }))!,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const holderId = requireId(params.holderId);
  const { actor } = await requireAccess(request, "manage-plan", { holderId });
  const formData = await readForm(request);
  const result = await submitPlan(getDb(), { actor, holderId, planVersionId: requireId(formText(formData, "planVersionId")) });
  if (!result.ok) {
    const problems = "problems" in result && result.problems ? result.problems : [result.message];
    return data({ errors: problems.map((message) => ({ fieldId: "", message })) }, { status: 400 });
  }
  throw redirect(`/staff/holders/${holderId}/plan/sent?version=${result.version.version}`);
}

function Section({ holderId, section, rows }: { holderId: string; section: SectionKey; rows: [string, ReactNode][] }) {
  const title = sectionTitle(section);
  return (
    <>
      <h2>{title}</h2>
      <dl className="nhsuk-summary-list">
        {rows.map(([key, value]) => (
          <div className="nhsuk-summary-list__row" key={key}>
            <dt className="nhsuk-summary-list__key">{key}</dt>
            <dd className="nhsuk-summary-list__value">{value}</dd>
            <dd className="nhsuk-summary-list__actions">
              <Link to={`/staff/holders/${holderId}/plan/edit/${section}`}>
                Change<span className="nhsuk-u-visually-hidden"> {key.toLowerCase()}</span>
              </Link>
            </dd>
          </div>
        ))}
      </dl>
    </>
  );
}

export default function CheckPlan() {
  const { holderId, holder, planVersionId, criteriaMet, view, preview } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const errors = reply?.errors ?? preview.problems.map((message) => ({ fieldId: "", message }));
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummary errors={reply?.errors ?? []} />
        <span className="nhsuk-caption-l">
          {holder.givenName} {holder.familyName}, version {view.version} (draft)
        </span>
        <h1>Check the plan before sending it for approval</h1>
        <Section
          holderId={holderId}
          section="about"
          rows={[
            ["What matters to the person", <span className="app-pre-wrap">{view.whatMatters || "Not recorded"}</span>],
            ["Who was involved", <span className="app-pre-wrap">{view.whoWasInvolved || "Not recorded"}</span>],
          ]}
        />
        <Section
          holderId={holderId}
          section="outcomes"
          rows={view.outcomes.map((o) => [`Outcome ${o.position}`, `${o.outcome}. How the person will know: ${o.howWillYouKnow}`])}
        />
        <Section
          holderId={holderId}
          section="support"
          rows={[
            ...view.supportLines.map((l, i): [string, ReactNode] => [
              `Support line ${i + 1}`,
              <>
                {l.description} from {l.provider}: {l.units} {FREQUENCY_NAMES[l.frequency]}, <Money pence={l.amountPence} /> a year,{" "}
                {HOLDING_NAMES[l.holding].toLowerCase()}, for outcome {l.outcomePositions.join(" and ")}
              </>,
            ]),
            ["Contingency", <Money pence={view.contingencyPence} />],
          ]}
        />
        <Section
          holderId={holderId}
          section="dates"
          rows={[
            ["Starts", longDate(view.startsOn)],
            ["First review", longDate(view.firstReviewOn)],
            ["Then reviewed every", `${view.reviewEveryMonths} months`],
          ]}
        />
        <Section
          holderId={holderId}
          section="criteria"
          rows={[["Confirmed with the person", `${FIVE_CRITERIA.filter((c) => criteriaMet.includes(c.key)).length} of 5`]]}
        />
        <h2>The budget</h2>
        <p>
          Final budget: <Money pence={preview.finalPence} />. Indicative budget:{" "}
          {preview.indicativePence === null ? "not worked out" : <Money pence={preview.indicativePence} />}.
        </p>
        <p>
          {preview.needsSecondApproval
            ? `This is more than ${preview.thresholdPercent}% from the indicative budget (or there is none), so it needs a first and a second approval, by two different approvers.`
            : `This is within ${preview.thresholdPercent}% of the indicative budget: one approval is enough.`}
        </p>
        {errors.length && !reply ? (
          <div className="nhsuk-warning-callout">
            <h2 className="nhsuk-warning-callout__label">
              <span role="text">
                <span className="nhsuk-u-visually-hidden">Important: </span>Not ready to send
              </span>
            </h2>
            <ul className="nhsuk-list nhsuk-list--bullet">
              {errors.map((e) => (
                <li key={e.message}>{e.message}</li>
              ))}
            </ul>
          </div>
        ) : null}
        <h2>Now send the plan for approval</h2>
        <p>Once sent, this version cannot be changed. If it is not approved, you can start a new version.</p>
        <Form method="post">
          <input type="hidden" name="planVersionId" value={planVersionId} />
          <button className="nhsuk-button" type="submit">
            Send for approval
          </button>
        </Form>
        <p>
          <Link to={`/staff/holders/${holderId}/plan/edit`}>Back to the task list</Link>
        </p>
      </div>
    </div>
  );
}
