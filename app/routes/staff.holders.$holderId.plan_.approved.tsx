import { redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getDb } from "#db/client.server";
import { requireAccess } from "~/access/access.server";
import { longDate } from "~/dates/long-date";
import { todayInUk } from "~/ledger/entries";
import { loadApprovalOutcome } from "~/plans/approvals.server";
import { requireId } from "~/http/ids";
import { pageTitle } from "~/ui/page-title";

export const meta: MetaFunction<typeof loader> = ({ data }) => pageTitle(data?.outcome.title ?? "Plan approval");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const holderId = requireId(params.holderId);
  const { principal } = await requireAccess(request, "approve-plan", { holderId });
  const version = Number(new URL(request.url).searchParams.get("version"));
  const outcome =
    Number.isInteger(version) && version > 0
      ? await loadApprovalOutcome(getDb(), { holderId, version, deciderId: principal.userId, today: todayInUk() })
      : null;
  // Nothing of this person's to confirm: the plan page says where the plan stands.
  if (!outcome) throw redirect(`/staff/holders/${holderId}/plan`);
  return { holderId, outcome };
}

export default function ApprovalConfirmed() {
  const { holderId, outcome } = useLoaderData<typeof loader>();
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <div className="nhsuk-panel">
          <h1 className="nhsuk-panel__heading">{outcome.title}</h1>
          <div className="nhsuk-panel__body">
            {outcome.holderName}&apos;s plan, version {outcome.version}
          </div>
        </div>
        <h2>What happens next</h2>
        <p>{outcome.next}</p>
        {outcome.stage === "approved" && outcome.inForceFrom ? <p>The budget applies from {longDate(outcome.inForceFrom)}.</p> : null}
        {outcome.stage === "first-approval" ? <p>You do not need to do anything else. The plan stays in the approvals queue until then.</p> : null}
        <p>
          <Link to="/staff">Back to plans waiting for approval</Link>
        </p>
        <p>
          <Link to={`/staff/holders/${holderId}/plan`}>See {outcome.holderName}&apos;s plan</Link>
        </p>
      </div>
    </div>
  );
}
