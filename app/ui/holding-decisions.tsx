import { Form } from "@remix-run/react";
import { HOLDING_NAMES, type Holding } from "~/budgets/budget-summary";
import { longDate } from "~/dates/long-date";
import { ConfirmPage } from "./confirm-page";
import { DateInput } from "./date-input";
import type { FieldError } from "./error-summary";
import { TextField } from "./fields";

interface Request {
  id: string;
  requestedHolding: Holding;
  why: string;
  status: "pending" | "accepted" | "declined";
  decisionReason: string | null;
}

interface Decision {
  id: string;
  kind: "refused" | "stopped";
  reason: string;
  effectiveOn: string;
  reconsiderStatus: "pending" | "accepted" | "declined" | null;
  reconsiderWhy: string | null;
  reconsiderOutcome: string | null;
}

/**
 * How the person's support is held, for staff: the person's requests to hold a line differently, and the decisions to
 * refuse or stop a direct payment, each with what a coordinator can decide.
 */
export function HoldingDecisions({
  requests,
  decisions,
  isCoordinator,
  errors,
  values,
}: {
  requests: Request[];
  decisions: Decision[];
  isCoordinator: boolean;
  errors: FieldError[];
  /** What was typed in the decision's date, to show again after a message. */
  values: Record<string, string | undefined>;
}) {
  return (
    <>
      <h2 id="holding-requests">Requests to change how support is held</h2>
      {requests.length === 0 ? (
        <p>No requests.</p>
      ) : (
        requests.map((r) => (
          <div className="nhsuk-card" key={r.id}>
            <div className="nhsuk-card__content">
              <p>
                Asked for {HOLDING_NAMES[r.requestedHolding].toLowerCase()}: "{r.why}".{" "}
                {r.status === "pending"
                  ? "Waiting for a decision."
                  : `${r.status === "accepted" ? "Accepted" : "Declined"}${r.decisionReason ? `: ${r.decisionReason}` : ""}.`}
              </p>
              {r.status === "pending" && isCoordinator ? (
                <Form method="post">
                  <input type="hidden" name="requestId" value={r.id} />
                  <TextField
                    id={`request-reason-${r.id}`}
                    name="reason"
                    label="Reason (needed to decline)"
                    error={errors.find((e) => e.fieldId === `request-reason-${r.id}`)?.message}
                  />
                  <button className="nhsuk-button" name="intent" value="accept-request" type="submit">
                    Accept
                  </button>{" "}
                  <button className="nhsuk-button nhsuk-button--secondary" name="intent" value="decline-request" type="submit">
                    Decline
                  </button>
                </Form>
              ) : null}
            </div>
          </div>
        ))
      )}

      <h2>Direct payment decisions</h2>
      {decisions.map((d) => (
        <div className="nhsuk-card" key={d.id}>
          <div className="nhsuk-card__content">
            <p>
              Direct payment {d.kind} from {longDate(d.effectiveOn)}: {d.reason}
            </p>
            {d.reconsiderStatus ? (
              <p>
                Asked to reconsider: "{d.reconsiderWhy}".{" "}
                {d.reconsiderStatus === "pending"
                  ? "Waiting for a decision."
                  : `${d.reconsiderStatus === "accepted" ? "Decision overturned" : "Decision upheld"}: ${d.reconsiderOutcome}`}
              </p>
            ) : null}
            {d.reconsiderStatus === "pending" && isCoordinator ? (
              <Form method="post">
                <input type="hidden" name="decisionId" value={d.id} />
                <TextField
                  id={`outcome-${d.id}`}
                  name="reason"
                  label="Outcome of the reconsideration (the person will see this)"
                  error={errors.find((e) => e.fieldId === `outcome-${d.id}`)?.message}
                />
                <button className="nhsuk-button" name="intent" value="overturn" type="submit">
                  Overturn the decision
                </button>{" "}
                <button className="nhsuk-button nhsuk-button--secondary" name="intent" value="uphold" type="submit">
                  Uphold the decision
                </button>
              </Form>
            ) : null}
          </div>
        </div>
      ))}
      {isCoordinator ? (
        <Form method="post">
          <fieldset className="nhsuk-fieldset">
            <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Refuse or stop a direct payment for this person</legend>
            <div className="nhsuk-form-group">
              <label className="nhsuk-label" htmlFor="kind">
                Decision
              </label>
              <select className="nhsuk-select" id="kind" name="kind" defaultValue="refused">
                <option value="refused">Refuse a direct payment</option>
                <option value="stopped">Stop the direct payment</option>
              </select>
            </div>
            <TextField id="dp-reason" name="reason" label="Reason (the person will see this)" error={errors.find((e) => e.fieldId === "dp-reason")?.message} />
            <DateInput name="effectiveOn" label="Date the decision takes effect" values={values} errors={errors} />
            <button className="nhsuk-button nhsuk-button--warning" name="intent" value="refuse-direct-payment" type="submit">
              Record the decision
            </button>
          </fieldset>
        </Form>
      ) : null}
    </>
  );
}

/** "Are you sure?" before a direct payment is refused or stopped: nothing changes until its button is pressed. */
export function DirectPaymentCheck({
  name,
  kind,
  reason,
  effectiveOn,
  fields,
  cancelTo,
}: {
  name: string;
  kind: "refused" | "stopped";
  reason: string;
  effectiveOn: string;
  fields: Record<string, string>;
  cancelTo: string;
}) {
  const stop = kind === "stopped";
  return (
    <ConfirmPage
      caption={name}
      heading={stop ? `Are you sure you want to stop ${name}'s direct payment?` : `Are you sure you want to refuse a direct payment for ${name}?`}
      fields={fields}
      button={stop ? "Stop the direct payment" : "Refuse the direct payment"}
      cancelTo={cancelTo}
      undo="The decision stays on their record. Only if they ask you to reconsider can it be overturned."
    >
      <p>
        From {longDate(effectiveOn)} no direct payment is {stop ? "paid into their account" : "offered"}. {name} will see the decision and the reason: "{reason}
        ". They can ask you to reconsider.
      </p>
    </ConfirmPage>
  );
}
