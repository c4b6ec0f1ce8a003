export const COHORT_NAMES = {
  chc: "NHS Continuing Healthcare",
  "childrens-continuing-care": "Children and young people's continuing care",
  s117: "Section 117 mental health aftercare",
  wheelchair: "Personal wheelchair budget",
  "learning-disability-autism": "Learning disability and autism",
  "mental-health": "Mental health",
  "long-term-condition": "Long-term condition",
  ehc: "Education, health and care plan",
  "end-of-life": "End of life care",
  other: "Other",
} as const;

export type Cohort = keyof typeof COHORT_NAMES;
