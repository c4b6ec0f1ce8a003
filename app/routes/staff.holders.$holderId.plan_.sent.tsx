import { redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getDb } from "#db/client.server";
import { requireAccess } from "~/access/access.server";
import { eitherOf, secondApproverSentence } from "~/plans/approvals";
import { loadSubmittedOutcome } from "~/plans/approvals.server";
import { Money } from "~/ui/money";
import { pageTitle } from "~/ui/page-title";
import { requireId } from "~/http/ids";

export const meta: MetaFunction = () => pageTitle("Plan sent for approval");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const holderId = requireId(params.holderId);
  await requireAccess(request, "manage-plan", { holderId });
  const version = Number(new URL(request.url).searchParams.get("version"));
  const outcome = Number.isInteger(version) && version > 0 ? await loadSubmittedOutcome(getDb(), { holderId, version }) : null;
  // Not waiting for approval (any more): the plan page says where it stands.
  if (!outcome) throw redirect(`/staff/holders/${holderId}/plan`);
  return { holderId, outcome };
}

export default function PlanSent() {
  const { holderId, outcome } = useLoaderData<typeof loader>();
  const approvers = outcome.approvers.length ? eitherOf(outcome.approvers) : null;
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <div className="nhsuk-panel">
          <h1 className="nhsuk-panel__heading">Plan sent for approval</h1>
          <div className="nhsuk-panel__body">
            {outcome.holderName}&apos;s plan, version {outcome.version}
          </div>
        </div>
        <h2>What happens next</h2>
        <p>
          The final budget is <Money pence={outcome.finalPence} />
          {outcome.indicativePence === null ? (
            ", and there is no indicative budget to compare it with"
          ) : (
            <>
              {" "}
              against an indicative budget of <Money pence={outcome.indicativePence} />
            </>
          )}
          .
        </p>
        {outcome.needsSecondApproval ? (
          <p>
            It needs two approvals, by two different approvers, because it is above the threshold.{" "}
            {approvers ? `${approvers} can give the first approval. ` : ""}
            After that, another approver gives the second approval.
          </p>
        ) : (
          <p>It needs one approval. {approvers ? `${approvers} can give it.` : ""}</p>
        )}
        {approvers ? null : <p>{secondApproverSentence([]).replace("the second approval", "an approval")}</p>}
        <p>
          Nobody who wrote or changed this version can approve it. Once it is approved, {outcome.holderName} can read it and tell us they agree to it, and the
          budget is set up from it.
        </p>
        <p>
          <Link to={`/staff/holders/${holderId}/plan`}>See {outcome.holderName}&apos;s plan</Link>
        </p>
      </div>
    </div>
  );
}
