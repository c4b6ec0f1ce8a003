import { SuccessBanner } from "./success-banner";

/** The changes the staff plan page ends on, by their `done` code ("added" has a banner of its own, HolderAdded). */
export const STAFF_PLAN_DONE = [
  "added",
  "rejected",
  "request-accepted",
  "request-declined",
  "direct-payment-refused",
  "direct-payment-stopped",
  "overturned",
  "upheld",
  "ended",
] as const;
export type StaffPlanDone = (typeof STAFF_PLAN_DONE)[number];

/** What happened and what happens next, after a change on the staff plan page. */
export function StaffPlanBanner({ done, name }: { done: Exclude<StaffPlanDone, "added">; name: string }) {
  const words: Record<Exclude<StaffPlanDone, "added">, [string, string]> = {
    rejected: ["The plan has been sent back.", `The coordinator can start a new version. ${name} sees the reason with the plan.`],
    "request-accepted": ["The request has been accepted.", `${name} sees the decision. Start a new version of the plan to change how the support is held.`],
    "request-declined": ["The request has been declined.", `${name} sees the decision and your reason.`],
    "direct-payment-refused": ["The direct payment has been refused.", `${name} sees the decision and the reason, and can ask you to reconsider.`],
    "direct-payment-stopped": [
      "The direct payment has been stopped.",
      `No instalment is paid into it from the date of the decision. ${name} sees the reason and can ask you to reconsider.`,
    ],
    overturned: ["The decision has been overturned.", "Instalments are paid again from the next daily run."],
    upheld: ["The decision has been upheld.", `${name} sees the outcome of the reconsideration.`],
    ended: ["The personal health budget has been ended.", `No instalment is paid after its last day. ${name} sees when and why it ended.`],
  };
  const [heading, next] = words[done];
  return (
    <SuccessBanner heading={heading} id="plan-changed">
      {next}
    </SuccessBanner>
  );
}
