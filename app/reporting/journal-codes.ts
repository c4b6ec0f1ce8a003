import type { Holding } from "~/plans/rules";

/**
 * How a line of the journal for the commissioner's finance system is coded: the cost centre and subjective code for
 * what the money was, by the side of the entry the line is on. Each commissioner may change them; until it does,
 * these are the codes used, so the journal always has a code on every line.
 */
export const JOURNAL_CODE_KEYS = [
  "funding",
  "paid:direct-payment",
  "paid:third-party",
  "paid:notional",
  "spent:notional",
  "recovered:direct-payment",
  "recovered:third-party",
  "recovered:notional",
  "adjusted",
  "outside",
] as const;
export type JournalCodeKey = (typeof JOURNAL_CODE_KEYS)[number];

export interface JournalCode {
  costCentre: string;
  subjectiveCode: string;
}

export const JOURNAL_CODE_NAMES: Record<JournalCodeKey, string> = {
  funding: "The commissioner's funding for personal health budgets (its bank)",
  "paid:direct-payment": "Instalments paid into direct payments",
  "paid:third-party": "Instalments paid to organisations holding third-party budgets",
  "paid:notional": "Money set aside in notional budgets",
  "spent:notional": "Care the NHS bought from notional budgets, less refunds",
  "recovered:direct-payment": "Money recovered from direct payments",
  "recovered:third-party": "Money recovered from third-party budgets",
  "recovered:notional": "Money taken back from notional budgets",
  adjusted: "Adjustments, and anything else in a holder's account",
  outside: "Providers and suppliers paid from notional budgets",
};

export const DEFAULT_JOURNAL_CODES: Record<JournalCodeKey, JournalCode> = {
  funding: { costCentre: "PHB000", subjectiveCode: "22110000" },
  "paid:direct-payment": { costCentre: "PHB300", subjectiveCode: "52141000" },
  "paid:third-party": { costCentre: "PHB200", subjectiveCode: "52142000" },
  "paid:notional": { costCentre: "PHB100", subjectiveCode: "52143000" },
  "spent:notional": { costCentre: "PHB100", subjectiveCode: "52144000" },
  "recovered:direct-payment": { costCentre: "PHB300", subjectiveCode: "52149000" },
  "recovered:third-party": { costCentre: "PHB200", subjectiveCode: "52149000" },
  "recovered:notional": { costCentre: "PHB100", subjectiveCode: "52149000" },
  adjusted: { costCentre: "PHB000", subjectiveCode: "52199000" },
  outside: { costCentre: "PHB100", subjectiveCode: "21100000" },
};

export const isJournalCodeKey = (text: string): text is JournalCodeKey => (JOURNAL_CODE_KEYS as readonly string[]).includes(text);

/** The codes in force: the commissioner's own where it set them, the defaults for the rest. */
export function journalCodes(own: { key: string; costCentre: string; subjectiveCode: string }[]): Record<JournalCodeKey, JournalCode> {
  const codes = { ...DEFAULT_JOURNAL_CODES };
  for (const row of own) if (isJournalCodeKey(row.key)) codes[row.key] = { costCentre: row.costCentre, subjectiveCode: row.subjectiveCode };
  return codes;
}

export type AccountSide = "commissioner-funding" | Holding | "outside";

/**
 * Which code a posting takes: the funding account's own; a holder's account by what the entry was (a reversal by what
 * it reverses) and how the budget is held; payees, HMRC and the rest of the outside world theirs.
 */
export function journalCodeKey(side: AccountSide, kind: string): JournalCodeKey {
  if (side === "commissioner-funding") return "funding";
  if (side === "outside") return "outside";
  if (kind === "instalment") return `paid:${side}`;
  if (kind === "clawback") return `recovered:${side}`;
  if (side === "notional" && ["spend", "card-transaction", "payroll", "refund"].includes(kind)) return "spent:notional";
  return "adjusted";
}

/** Which side of the commissioner's books a ledger account is on. */
export function accountSide(accountKind: string): AccountSide {
  if (accountKind === "commissioner-funding" || accountKind === "direct-payment" || accountKind === "third-party" || accountKind === "notional")
    return accountKind;
  return "outside";
}
