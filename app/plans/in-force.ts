export type VersionStatus = "draft" | "submitted" | "approved" | "rejected";

interface VersionLike {
  version: number;
  status: VersionStatus;
}

/** How a change to a plan in force is described beside it: drafted or waiting is being considered; rejected was not agreed. */
export type ChangeState = "being-considered" | "not-agreed";

/**
 * Which version of a plan applies and which newer one sits beside it. The plan in force is the latest approved
 * version; a later version that is not approved (draft, submitted or rejected) never takes its place, it is shown
 * beside it as a change. Before anything is approved there is nothing in force and the latest version is the change.
 */
export function planInForce<V extends VersionLike>(versions: readonly V[]): { inForce: V | null; change: V | null } {
  const newestFirst = [...versions].sort((a, b) => b.version - a.version);
  const inForce = newestFirst.find((v) => v.status === "approved") ?? null;
  const latest = newestFirst[0] ?? null;
  const change = latest && latest !== inForce && latest.status !== "approved" ? latest : null;
  return { inForce, change };
}

export function changeState(status: VersionStatus): ChangeState {
  return status === "rejected" ? "not-agreed" : "being-considered";
}

export const CHANGE_STATE_NAMES: Record<ChangeState, string> = {
  "being-considered": "Changes being considered",
  "not-agreed": "Changes not agreed",
};

/**
 * A holder's plan as one line of a list (the caseload): the status of the plan in force, or of the first plan
 * while none is in force, and the change beside it.
 */
export function planStanding(versions: readonly VersionLike[]): { status: VersionStatus | null; change: ChangeState | null } {
  const { inForce, change } = planInForce(versions);
  if (inForce) return { status: "approved", change: change ? changeState(change.status) : null };
  return { status: change?.status ?? null, change: null };
}
