import { Link } from "@remix-run/react";
import { CHANGE_STATE_NAMES, type ChangeState } from "~/plans/in-force";

export interface PlanChangeData {
  version: number;
  state: ChangeState;
  reason: string | null;
  /** False for a draft: the coordinator's work in progress is counted, not shown. */
  viewable: boolean;
}

/** A newer version beside the plan in force, which it never replaces until it is approved. */
export function PlanChange({ change, inForceVersion, your }: { change: PlanChangeData; inForceVersion: number; your: string }) {
  return (
    <div className="nhsuk-inset-text" id="plan-change">
      <span className="nhsuk-u-visually-hidden">Information: </span>
      <h2 className="nhsuk-heading-s">{CHANGE_STATE_NAMES[change.state]}</h2>
      {change.state === "not-agreed" ? (
        <p>
          Changes to {your} plan (version {change.version}) were not agreed. The reason: {change.reason}
        </p>
      ) : (
        <p>
          Changes to {your} plan (version {change.version}) are {change.viewable ? "waiting for approval" : "being prepared"}.
        </p>
      )}
      <p>Until changes are approved, this plan (version {inForceVersion}) still applies.</p>
      {change.viewable ? (
        <p>
          <Link to={`/plan?version=${change.version}&compare=${inForceVersion}`}>See the changes in version {change.version}</Link>
        </p>
      ) : null}
    </div>
  );
}
