import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "#db/client.server";
import { requireAccess } from "~/access/access.server";
import { longDate } from "~/dates/long-date";
import { formText, readForm } from "~/http/form-data";
import { requireId } from "~/http/ids";
import { todayInUk } from "~/ledger/entries";
import { secondApproverSentence } from "~/plans/approvals";
import { loadApprovalState } from "~/plans/approvals.server";
import { approvePlan } from "~/plans/plan-decisions.server";
import { loadHolderName } from "~/plans/plan-views.server";
import { ErrorSummary } from "~/ui/error-summary";
import { Money } from "~/ui/money";
import { pageTitle } from "~/ui/page-title";

export const meta: MetaFunction = () => pageTitle("Check before you approve");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const holderId = requireId(params.holderId);
  const { principal } = await requireAccess(request, "approve-plan", { holderId });
  const db = getDb();
  const state = await loadApprovalState(db, { holderId, deciderId: principal.userId });
  // Nothing waiting (approved or sent back since the link was shown): the plan page says where it stands.
  if (!state) throw redirect(`/staff/holders/${holderId}/plan`);
  return { holderId, holder: await loadHolderName(db, holderId), state };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const holderId = requireId(params.holderId);
  const { actor } = await requireAccess(request, "approve-plan", { holderId });
  const planVersionId = requireId(formText(await readForm(request), "planVersionId"));
  const result = await approvePlan(getDb(), { actor, holderId, planVersionId, today: todayInUk() });
  if (!result.ok) return data({ errors: [{ fieldId: "", message: result.message }] }, { status: 400 });
  return redirect(`/staff/holders/${holderId}/plan/approved?version=${result.version.version}`);
}

export default function CheckBeforeYouApprove() {
  const { holderId, holder, state } = useLoaderData<typeof loader>();
  const errors = useActionData<typeof action>()?.errors ?? [];
  const name = `${holder.givenName} ${holder.familyName}`;
  const difference = state.indicativePence === null || state.finalPence === null ? null : state.finalPence - state.indicativePence;
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        <span className="nhsuk-caption-l">{name}</span>
        <h1>Check before you approve</h1>
        <dl className="nhsuk-summary-list">
          <Row label="Plan">Version {state.version}</Row>
          <Row label="Final budget">
            <Money pence={state.finalPence ?? 0} /> a year
          </Row>
          <Row label="Indicative budget">
            {state.indicativePence === null ? (
              "Not worked out"
            ) : (
              <>
                <Money pence={state.indicativePence} />
                {difference !== null && difference !== 0 ? (
                  <>
                    {" "}
                    (the final budget is <Money pence={Math.abs(difference)} /> {difference > 0 ? "more" : "less"})
                  </>
                ) : null}
              </>
            )}
          </Row>
          <Row label="Starts">{longDate(state.startsOn)}</Row>
          <Row label="Approvals">
            {state.stage === "only"
              ? "One approval is enough"
              : state.stage === "first"
                ? "Two approvals needed: yours would be the first"
                : `Two approvals needed: ${state.firstApprover?.name} gave the first`}
          </Row>
        </dl>
        {state.approveProblem ? (
          <>
            <div className="nhsuk-inset-text">
              <p>{state.approveProblem}.</p>
              {state.stage === "second" ? <p>{secondApproverSentence(state.whoMayApprove)}</p> : null}
            </div>
            <p>
              <Link to={`/staff/holders/${holderId}/plan`}>Go back to the plan</Link>
            </p>
          </>
        ) : (
          <>
            <p>
              {state.stage === "first"
                ? `Approving records your approval. The plan then needs a second approval from another approver before ${holder.givenName} can see it.`
                : `Approving sets the budget and puts the plan in place. ${name} can then see it and tell us they agree to it.`}
            </p>
            <Form method="post">
              <input type="hidden" name="planVersionId" value={state.planVersionId} />
              <button className="nhsuk-button" type="submit">
                Approve version {state.version} of the plan
              </button>
            </Form>
            <p>
              <Link to={`/staff/holders/${holderId}/plan`}>Go back to the plan without approving</Link>
            </p>
          </>
        )}
      </div>
    </div>
  );
}

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="nhsuk-summary-list__row">
      <dt className="nhsuk-summary-list__key">{label}</dt>
      <dd className="nhsuk-summary-list__value">{children}</dd>
    </div>
  );
}
