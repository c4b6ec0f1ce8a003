export const PAYROLL_RUN_STATUS_NAMES = {
  previewed: "Checked, not posted",
  waiting: "Waiting to be posted",
  running: "Being posted",
  finished: "Posted",
  failed: "Not posted: there was a problem",
} as const;
