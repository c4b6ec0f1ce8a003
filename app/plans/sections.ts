import { longDate } from "~/dates/long-date";
import { FIVE_CRITERIA, latestFirstReview } from "./rules";

/**
 * The draft plan as an NHS.UK task list: each section is its own page, saved and checked on its own, in the order
 * the coordinator works through them with the person. Sending for approval comes after them all.
 */
export const PLAN_SECTIONS = [
  { key: "about", title: "About the person and what matters to them" },
  { key: "outcomes", title: "Outcomes" },
  { key: "support", title: "Support and its cost" },
  { key: "dates", title: "Dates and reviews" },
  { key: "criteria", title: "The five criteria" },
] as const;
export type SectionKey = (typeof PLAN_SECTIONS)[number]["key"];
export const SECTION_KEYS: readonly SectionKey[] = PLAN_SECTIONS.map((s) => s.key);

export function isSectionKey(key: string | undefined): key is SectionKey {
  return SECTION_KEYS.includes(key as SectionKey);
}

export function sectionTitle(key: SectionKey): string {
  return PLAN_SECTIONS.find((s) => s.key === key)!.title;
}

export type SectionStatus = "completed" | "incomplete" | "not-started";

export interface DraftForStatus {
  completedSections: string[];
  whatMatters: string;
  whoWasInvolved: string;
  criteriaMet: string[];
  outcomeCount: number;
  supportLineCount: number;
  /** A version carried from an earlier one starts with its dates: they are there, but not yet checked. */
  version: number;
}

/** A section is Completed once saved for this version; otherwise Incomplete if it holds anything, else Not started. */
export function sectionStatus(key: SectionKey, d: DraftForStatus): SectionStatus {
  if (d.completedSections.includes(key)) return "completed";
  const started: Record<SectionKey, boolean> = {
    about: d.whatMatters.trim() !== "" || d.whoWasInvolved.trim() !== "",
    outcomes: d.outcomeCount > 0,
    support: d.supportLineCount > 0,
    dates: d.version > 1,
    criteria: d.criteriaMet.length > 0,
  };
  return started[key] ? "incomplete" : "not-started";
}

/** The sections not yet completed, by title, in the task list's order. */
export function incompleteSections(completedSections: string[]): string[] {
  return PLAN_SECTIONS.filter((s) => !completedSections.includes(s.key)).map((s) => s.title);
}

/** Why a draft cannot go for approval while a section is not completed; null when every one is. */
export function incompleteSectionsProblem(completedSections: string[]): string | null {
  const left = incompleteSections(completedSections);
  if (left.length === 0) return null;
  return `Complete every section before sending the plan for approval. Not completed yet: ${left.join(", ")}`;
}

export interface SectionError {
  fieldId: string;
  message: string;
  parts?: ("day" | "month" | "year")[];
}

/**
 * The errors in the order their fields are on the page, so the error summary reads as the form does. Fields the
 * order does not name keep their own order, after the rest.
 */
export function inFieldOrder<E extends { fieldId: string }>(errors: E[], order: string[]): E[] {
  const rank = (e: E) => {
    const i = order.indexOf(e.fieldId);
    return i === -1 ? order.length : i;
  };
  return errors
    .map((e, i) => ({ e, i }))
    .sort((a, b) => rank(a.e) - rank(b.e) || a.i - b.i)
    .map(({ e }) => e);
}

const dateBoxes = (name: string) => [`${name}-day`, `${name}-month`, `${name}-year`];

export const ABOUT_ORDER = ["whatMatters", "whoWasInvolved"];
export const outcomesOrder = (rows: number) => Array.from({ length: rows }, (_, i) => [`outcomes-${i}-outcome`, `outcomes-${i}-howWillYouKnow`]).flat();
const LINE_FIELDS = [
  "description",
  "provider",
  "units",
  "frequency",
  "costPerUnit",
  "fundingSource",
  "holding",
  "thirdPartyOrganisationId",
  "outcomePositions",
];
export const supportOrder = (rows: number) => [
  ...Array.from({ length: rows }, (_, i) => LINE_FIELDS.map((f) => `supportLines-${i}-${f}`)).flat(),
  "contingency",
];
export const DATES_ORDER = [
  ...dateBoxes("startsOn"),
  "startsOnPastConfirmed",
  ...dateBoxes("firstReviewOn"),
  "firstReviewOnPastConfirmed",
  "reviewEveryMonths",
];
export const CRITERIA_ORDER = ["criteriaMet"];

/**
 * What the support lines' schema cannot see, read from the form as sent so it is reported with everything else: a
 * line held by a third party needs the organisation that holds it, and every line is for at least one outcome. A
 * blank spare row is not a line.
 */
export function supportRowProblems(rows: unknown): SectionError[] {
  if (!Array.isArray(rows)) return [];
  return rows.flatMap((row, i) => {
    const r = (row ?? {}) as Record<string, unknown>;
    if (["description", "provider", "units", "costPerUnit"].every((k) => r[k] == null || r[k] === "")) return [];
    const errors: SectionError[] = [];
    if (r.holding === "third-party" && !r.thirdPartyOrganisationId)
      errors.push({
        fieldId: `supportLines-${i}-thirdPartyOrganisationId`,
        message: `Choose the organisation that holds support line ${i + 1}'s third-party budget`,
      });
    if (r.outcomePositions == null || r.outcomePositions === "" || (Array.isArray(r.outcomePositions) && r.outcomePositions.length === 0))
      errors.push({ fieldId: `supportLines-${i}-outcomePositions`, message: `Choose at least one outcome support line ${i + 1} is for` });
    return errors;
  });
}

/** All five criteria are confirmed afresh with the person for each version: none is carried from the last. */
export function criteriaProblems(criteriaMet: string[]): SectionError[] {
  const missing = FIVE_CRITERIA.filter((c) => !criteriaMet.includes(c.key)).length;
  if (missing === 0) return [];
  return [
    {
      fieldId: "criteriaMet",
      message:
        missing === 5
          ? "Confirm each of the five criteria with the person, then tick it"
          : `Confirm each of the five criteria with the person, then tick it: ${missing} not ticked yet`,
    },
  ];
}

export interface DatesInput {
  /** null when the date was not given or not a real date: its boxes' own message says so. */
  startsOn: string | null;
  firstReviewOn: string | null;
  /** The dates in the past the coordinator ticked as right: "startsOn", "firstReviewOn". */
  confirmedPast: string[];
}

/**
 * The dates' rules, all at once: a date in the past is questioned until it is confirmed as right (a carried one, or
 * one typed in); a new first review in the past is refused (a carried one may have happened, so it is questioned);
 * and the first review is no more than 3 months after the start.
 */
export function datesProblems(input: DatesInput, ctx: { today: string; carried: { firstReviewOn: string | null } }): SectionError[] {
  const errors: SectionError[] = [];
  const { startsOn, firstReviewOn } = input;
  if (startsOn && startsOn < ctx.today && !input.confirmedPast.includes("startsOn"))
    errors.push({
      fieldId: "startsOnPastConfirmed",
      message: `The start date, ${longDate(startsOn)}, is in the past. Check it is right, then tick the box to say so, or change it`,
    });
  if (firstReviewOn && firstReviewOn < ctx.today) {
    if (firstReviewOn !== ctx.carried.firstReviewOn)
      errors.push({ fieldId: "firstReviewOn-day", message: "The first review date must be today or in the future" });
    else if (!input.confirmedPast.includes("firstReviewOn"))
      errors.push({
        fieldId: "firstReviewOnPastConfirmed",
        message: `The first review date, ${longDate(firstReviewOn)}, is in the past. Check it is right, then tick the box to say so, or change it`,
      });
  }
  if (startsOn && firstReviewOn && firstReviewOn > latestFirstReview(startsOn))
    errors.push({
      fieldId: "firstReviewOn-day",
      message: `The first review must be no more than 3 months after the plan starts: on or before ${longDate(latestFirstReview(startsOn))}`,
    });
  return errors;
}

/** The dates to question on the dates page before anything is typed: those carried over that are in the past. */
export function pastDates(d: { startsOn: string; firstReviewOn: string }, today: string): ("startsOn" | "firstReviewOn")[] {
  return (["startsOn", "firstReviewOn"] as const).filter((k) => d[k] < today);
}
