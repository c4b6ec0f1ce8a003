/** Who asked for the person to be considered for a personal health budget. */
export const REFERRAL_NAMES = {
  gp: "GP",
  "hospital-discharge": "Hospital discharge team",
  "chc-assessment": "Continuing healthcare assessment",
  "social-care": "Social care",
  "self-or-family": "The person themselves, or their family",
  other: "Someone else",
} as const;
export type ReferralSource = keyof typeof REFERRAL_NAMES;
