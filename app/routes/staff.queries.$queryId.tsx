import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "#db/client.server";
import { notFound, requireAccess } from "~/access/access.server";
import { may } from "~/access/rules";
import { todayInUk } from "~/dates/uk-day";
import { formText, formTextValues, readForm } from "~/http/form-data";
import { requireId } from "~/http/ids";
import { loadHolderName } from "~/plans/plan-views.server";
import { decideQuery, loadQuery } from "~/reconciliation/queries.server";
import { ErrorSummary, type FieldError } from "~/ui/error-summary";
import { TextArea } from "~/ui/fields";
import { pageTitle } from "~/ui/page-title";
import { QueryStatusTag, QueryThread } from "~/ui/query-thread";
import { readDone, SuccessBanner, withDone } from "~/ui/success-banner";

export const meta: MetaFunction = () => pageTitle("Finance query");

const DONE = ["raised", "accept", "send-back", "withdraw"] as const;
const DONE_HEADINGS: Record<(typeof DONE)[number], string> = {
  raised: "The question has been sent.",
  accept: "The answer is accepted and the query closed.",
  "send-back": "The query is sent back to the holder.",
  withdraw: "The query is withdrawn.",
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const queryId = requireId(params.queryId);
  const { principal } = await requireAccess(request, "view-finance-settings", "own-commissioner");
  const db = getDb();
  const loaded = await loadQuery(db, { queryId, commissionerId: principal.commissionerId });
  if (!loaded) throw notFound();
  const holder = await loadHolderName(db, loaded.query.holderId);
  return {
    loaded,
    name: `${holder.givenName} ${holder.familyName}`,
    canDecide: may(principal, "manage-finance", loaded.query.holderId),
    today: todayInUk(),
    done: readDone(request, DONE),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const queryId = requireId(params.queryId);
  const { actor } = await requireAccess(request, "manage-finance", "own-commissioner");
  if (!(await loadQuery(getDb(), { queryId, commissionerId: actor.commissionerId! }))) throw notFound();
  const form = await readForm(request);
  const decision = formText(form, "decision");
  if (decision !== "accept" && decision !== "send-back" && decision !== "withdraw") {
    return data({ errors: [{ fieldId: "note", message: "Choose what to do with the answer" }] as FieldError[], values: formTextValues(form) }, { status: 400 });
  }
  const result = await decideQuery(getDb(), { actor, queryId, decision, note: formText(form, "note") });
  if (result.ok) throw redirect(withDone(`/staff/queries/${queryId}`, decision));
  return data({ errors: [{ fieldId: result.field ?? "note", message: result.message }] as FieldError[], values: formTextValues(form) }, { status: 400 });
}

export default function FinanceQuery() {
  const { loaded, name, canDecide, today, done } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const errors = reply?.errors ?? [];
  const { query } = loaded;
  const open = query.status === "open" || query.status === "answered";
  return (
    <>
      <ErrorSummary errors={errors} />
      {done && !reply ? <SuccessBanner heading={DONE_HEADINGS[done]} /> : null}
      <p>
        <Link to="/staff/queries" className="nhsuk-back-link">
          Back to finance queries
        </Link>
      </p>
      <h1>A question to {name}</h1>
      <p>
        <strong>About:</strong> {query.subjectLabel}
      </p>
      <p>
        <QueryStatusTag status={query.status} dueOn={query.dueOn} today={today} />
      </p>
      <QueryThread loaded={loaded} fileHref={(fileId) => `/staff/queries/${query.id}/files/${fileId}`} />
      {canDecide && open ? (
        <Form method="post" noValidate>
          <TextArea
            id="note"
            label={query.status === "answered" ? "Your reply (needed to send it back or withdraw it)" : "Your note (needed to withdraw it)"}
            defaultValue={reply?.values.note}
            error={errors.find((e) => e.fieldId === "note")?.message}
          />
          <div className="nhsuk-button-group">
            {query.status === "answered" ? (
              <>
                <button className="nhsuk-button" type="submit" name="decision" value="accept">
                  Accept the answer
                </button>
                <button className="nhsuk-button nhsuk-button--secondary" type="submit" name="decision" value="send-back">
                  Send it back
                </button>
              </>
            ) : null}
            <button className="nhsuk-button nhsuk-button--secondary" type="submit" name="decision" value="withdraw">
              Withdraw the query
            </button>
          </div>
        </Form>
      ) : null}
      <p>
        <Link to={`/staff/holders/${query.holderId}/plan`}>Go to {name}'s plan</Link>
      </p>
    </>
  );
}
