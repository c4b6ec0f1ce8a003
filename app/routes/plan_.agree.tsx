import { summaryRow } from "~/ui/summary-row";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "#db/client.server";
import { requireCurrentHolder } from "~/access/access.server";
import { HOLDING_NAMES } from "~/budgets/budget-summary";
import { longDate } from "~/dates/long-date";
import { formText, readForm } from "~/http/form-data";
import { requireId } from "~/http/ids";
import { todayInUk } from "~/ledger/entries";
import { agreedWords, capitalise, voiceFor } from "~/people/voice";
import { agreePlan } from "~/plans/plan-decisions.server";
import { loadPlanForPerson } from "~/plans/plan-for-person.server";
import { loadHolderName } from "~/plans/plan-views.server";
import type { Holding } from "~/plans/rules";
import { ErrorSummary } from "~/ui/error-summary";
import { Money } from "~/ui/money";
import { pageTitle } from "~/ui/page-title";

export const meta: MetaFunction = () => pageTitle("Check before you agree");

/** The check step before agreeing to the plan in force: what is being agreed, and in whose name it is recorded. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { principal, holderId } = await requireCurrentHolder(request, "agree-plans");
  const db = getDb();
  const holder = await loadHolderName(db, holderId);
  const page = await loadPlanForPerson(db, { holderId, today: todayInUk() });
  if (!page || page.current.version !== page.inForceVersion) throw redirect("/plan");
  return {
    voice: voiceFor(holder, principal.kind !== "holder"),
    agentName: principal.name,
    planVersionId: page.current.id,
    version: page.current.version,
    approvedAt: page.current.secondApprovedAt ?? page.current.approvedAt,
    agreement: page.agreement,
    outcomes: page.view.outcomes.map((o) => o.outcome),
    totalPence: page.view.split.totalPence,
    byHolding: (Object.entries(page.view.split.byHolding) as [Holding, number][]).filter(([, pence]) => pence > 0),
    nextReviewOn: page.view.nextReviewOn,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const { actor, holderId } = await requireCurrentHolder(request, "agree-plans");
  const planVersionId = requireId(formText(await readForm(request), "planVersionId"));
  const result = await agreePlan(getDb(), { actor, holderId, planVersionId });
  if (!result.ok) return data({ errors: [{ fieldId: "", message: result.message }] }, { status: 400 });
  return redirect("/plan?agreed=1");
}

export default function AgreeToPlan() {
  const d = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const { voice } = d;
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummary errors={reply?.errors ?? []} />
        <span className="nhsuk-caption-l">{voice.Whose} care and support plan</span>
        <h1>Check before you agree</h1>
        {d.agreement ? (
          <>
            <p>
              {agreedWords(d.agreement, voice)} on {longDate(d.agreement.at)}. There is nothing more to do.
            </p>
            <p>
              <Link to="/plan">Back to the plan</Link>
            </p>
          </>
        ) : (
          <>
            <p>
              You are agreeing to version {d.version} of {voice.your} plan{d.approvedAt ? `, approved on ${longDate(d.approvedAt)}` : ""}.
            </p>
            <dl className="nhsuk-summary-list">
              {summaryRow(
                `What ${voice.thirdPerson ? `${voice.you} wants` : "you want"} to achieve`,
                <ul className="nhsuk-list nhsuk-u-margin-bottom-0">
                  {d.outcomes.map((o) => (
                    <li key={o}>{o}</li>
                  ))}
                </ul>,
              )}
              {summaryRow(
                "Budget for the year",
                <>
                  <Money pence={d.totalPence} />
                  {d.byHolding.map(([holding, pence]) => (
                    <span key={holding}>
                      <br />
                      {HOLDING_NAMES[holding]}: <Money pence={pence} />
                    </span>
                  ))}
                </>,
              )}
              {summaryRow("Next review", longDate(d.nextReviewOn))}
            </dl>
            <p>
              <Link to="/plan">Read the whole plan again</Link>
            </p>
            <h2>Now agree to the plan</h2>
            {voice.thirdPerson ? (
              <p>
                You are agreeing for {voice.fullName}. It will be recorded as &ldquo;{d.agentName} agreed for {voice.fullName}&rdquo;, and {voice.you} and{" "}
                {voice.your} team will see it.
              </p>
            ) : (
              <p>By agreeing, you tell your team the plan says what matters to you and the support you want.</p>
            )}
            <p>
              If something is wrong, do not agree: contact {voice.your} personal health budget team and they will change the plan with {voice.you}.{" "}
              {capitalise(voice.your)} plan still applies while you talk.
            </p>
            <Form method="post">
              <input type="hidden" name="planVersionId" value={d.planVersionId} />
              <button className="nhsuk-button" type="submit">
                Confirm and agree
              </button>
            </Form>
          </>
        )}
      </div>
    </div>
  );
}
