import type { RepresentativeScope } from "~/access/rules";

/** What each representative scope lets someone do, in the words the holder sees. */
export const SCOPE_NAMES: Record<RepresentativeScope, string> = {
  view: "See the plan, budget and spending",
  "log-spending": "Log spending and upload receipts",
  "manage-payroll": "Manage payroll for personal assistants",
  "answer-finance-queries": "Answer questions from finance",
  "agree-plans": "Agree the care and support plan",
};
