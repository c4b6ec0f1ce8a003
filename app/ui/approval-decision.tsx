import { Form, Link } from "@remix-run/react";
import { longDate } from "~/dates/long-date";
import { eitherOf, secondApproverSentence } from "~/plans/approvals";
import type { ApprovalState } from "~/plans/approvals.server";
import type { FieldError } from "./error-summary";
import { TextField } from "./fields";

/**
 * The decision on a version waiting for approval: where it stands, who can give the approval it waits for, and to an
 * approver only what they may do (no Approve for whoever gave the first approval or wrote the plan).
 */
export function ApprovalDecision({
  holderId,
  approval,
  isApprover,
  errors,
}: {
  holderId: string;
  approval: Pick<ApprovalState, "planVersionId" | "version" | "stage" | "firstApprover" | "approveProblem" | "rejectProblem" | "whoMayApprove">;
  isApprover: boolean;
  errors: FieldError[];
}) {
  const { stage, firstApprover } = approval;
  return (
    <div className="nhsuk-card" id="decision">
      <div className="nhsuk-card__content">
        <h2 className="nhsuk-card__heading">Decision on version {approval.version}</h2>
        {stage === "only" ? <p>One approval is enough.</p> : null}
        {stage === "first" ? (
          <p>
            This needs two approvals from different approvers. {approval.whoMayApprove.length ? `${eitherOf(approval.whoMayApprove)} can give the first.` : ""}
          </p>
        ) : null}
        {stage === "second" && firstApprover ? (
          <p>
            {firstApprover.name} gave the first approval{firstApprover.at ? ` on ${longDate(firstApprover.at)}` : ""}.{" "}
            {secondApproverSentence(approval.whoMayApprove)}
          </p>
        ) : null}
        {isApprover && approval.approveProblem ? (
          <div className="nhsuk-inset-text">
            <p>{approval.approveProblem}.</p>
          </div>
        ) : null}
        {isApprover && !approval.approveProblem ? (
          <Link className="nhsuk-button" to={`/staff/holders/${holderId}/plan/approve`}>
            Check and approve
          </Link>
        ) : null}
        {isApprover && !approval.rejectProblem ? (
          <Form method="post">
            <input type="hidden" name="planVersionId" value={approval.planVersionId} />
            <TextField
              id="reason"
              name="reason"
              label="Reason for not approving (the person will see this)"
              error={errors.find((e) => e.fieldId === "reason")?.message}
            />
            <button className="nhsuk-button nhsuk-button--secondary" name="intent" value="reject" type="submit">
              Do not approve
            </button>
          </Form>
        ) : null}
      </div>
    </div>
  );
}
