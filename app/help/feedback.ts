import type { CsvCell } from "~/security/spreadsheet-csv";

export type Ease = "very-easy" | "easy" | "neither" | "difficult" | "very-difficult";

/** The answers to "How easy was it to use this service?", in the order they are offered. */
export const EASE_CHOICES: readonly { value: Ease; label: string }[] = [
  { value: "very-easy", label: "Very easy" },
  { value: "easy", label: "Easy" },
  { value: "neither", label: "Neither easy nor difficult" },
  { value: "difficult", label: "Difficult" },
  { value: "very-difficult", label: "Very difficult" },
];

export function easeLabel(ease: Ease): string {
  return EASE_CHOICES.find((c) => c.value === ease)?.label ?? ease;
}

export interface FeedbackEntry {
  createdAt: Date;
  ease: Ease;
  couldBeBetter: string;
}

/** Feedback as a spreadsheet: a header row, then one row per answer, newest first, the date in UK time. */
export function feedbackCsvRows(entries: readonly FeedbackEntry[]): CsvCell[][] {
  return [["Sent on", "How easy it was", "What could be better"], ...entries.map((e) => [ukDateTime(e.createdAt), easeLabel(e.ease), e.couldBeBetter])];
}

const UK_DATE_TIME = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/London",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
});
const ukDateTime = (at: Date) => UK_DATE_TIME.format(at);
