import type { ActionFunction } from "@remix-run/node";
import { beforeAll, describe, expect, it } from "vitest";
import { action as representativesAction } from "~/routes/representatives";
import { action as commitmentsAction } from "~/routes/spending.commitments";
import { action as staffPlanAction } from "~/routes/staff.holders.$holderId.plan";
import { action as planSectionAction } from "~/routes/staff.holders.$holderId.plan_.edit_.$section";
import { action as resourcesAction } from "~/routes/staff.statement-of-resources";
import { startPlanVersion } from "~/plans/plans.server";
import { insertStaff } from "../factories";
import { cookieFor, dateFields, post, run, statusOf } from "../factories/requests";
import { rowCounts } from "../factories/row-counts";
import { spendingWorld, type SpendingWorld } from "./spending-fixtures";

/**
 * Every form with a date, posted as the browser posts the NHS.UK date input (three boxes), with a month left out and
 * with a day the month does not have: each answers 400 with the message naming the date as its legend does, linked
 * to the box at fault, and changes nothing.
 */
let w: SpendingWorld;
let holder: string;
let staff: string;
let draftId: string;

beforeAll(async () => {
  w = await spendingWorld();
  holder = await cookieFor(w.holderUser.email);
  const everything = await insertStaff(w.commissioner.id, "coordinator", "approver", "finance");
  staff = await cookieFor(everything.email);
  const draft = await startPlanVersion(w.db, {
    actor: { userId: everything.id, commissionerId: w.commissioner.id },
    holderId: w.holder.id,
    today: "2026-11-23",
  });
  if (!draft.ok) throw new Error(draft.message);
  draftId = draft.version.id;
});

/** A date with its month box left empty, and one that is not on the calendar (30 February). */
const noMonth = (name: string) => ({ ...dateFields(name, "2027-03-31"), [`${name}-month`]: "" });
const notReal = (name: string) => dateFields(name, "2027-02-30");

interface Form {
  name: string;
  fn: ActionFunction;
  path: () => string;
  cookie: () => string;
  params?: () => Record<string, string>;
  /** The form's other fields, filled in as a person would. */
  fields: () => Record<string, string>;
  /** The date's name: its boxes are `<date>-day` and so on. */
  date: () => string;
  label: string;
}

const forms: Form[] = [
  {
    name: "ending a budget",
    fn: staffPlanAction,
    path: () => `/staff/holders/${w.holder.id}/plan`,
    cookie: () => staff,
    params: () => ({ holderId: w.holder.id }),
    fields: () => ({ intent: "end-plan", reason: "Moved to another area", confirm: "yes" }),
    date: () => "endedOn",
    label: "Last day of the personal health budget",
  },
  {
    name: "refusing a direct payment",
    fn: staffPlanAction,
    path: () => `/staff/holders/${w.holder.id}/plan`,
    cookie: () => staff,
    params: () => ({ holderId: w.holder.id }),
    fields: () => ({ intent: "refuse-direct-payment", kind: "refused", reason: "Risk to the person" }),
    date: () => "effectiveOn",
    label: "Date the decision takes effect",
  },
  {
    name: "the plan's start",
    fn: planSectionAction,
    path: () => `/staff/holders/${w.holder.id}/plan/edit/dates`,
    cookie: () => staff,
    params: () => ({ holderId: w.holder.id, section: "dates" }),
    fields: () => ({ planVersionId: draftId, ...dateFields("firstReviewOn", "2027-02-01"), reviewEveryMonths: "12" }),
    date: () => "startsOn",
    label: "Date the plan starts",
  },
  {
    name: "the plan's first review",
    fn: planSectionAction,
    path: () => `/staff/holders/${w.holder.id}/plan/edit/dates`,
    cookie: () => staff,
    params: () => ({ holderId: w.holder.id, section: "dates" }),
    fields: () => ({ planVersionId: draftId, ...dateFields("startsOn", "2026-12-01"), reviewEveryMonths: "12" }),
    date: () => "firstReviewOn",
    label: "Date of the first review",
  },
  {
    name: "setting money aside",
    fn: commitmentsAction,
    path: () => `/spending/commitments?holder=${w.holder.id}`,
    cookie: () => staff,
    fields: () => ({
      intent: "add",
      supportLineId: w.nursing.id,
      provider: "Nurses",
      description: "Visits",
      amount: "100.00",
      ...dateFields("startsOn", "2026-04-01"),
    }),
    date: () => "endsOn",
    label: "Date the care ends",
  },
  {
    name: "a statement of resources line",
    fn: resourcesAction,
    path: () => "/staff/statement-of-resources",
    cookie: () => staff,
    fields: () => ({
      cohort: "chc",
      service: "Personal care",
      provider: "Provider",
      purpose: "Care at home",
      costingMethod: "local-cost",
      unit: "hour",
      unitsPerYear: "52",
      costPerUnit: "20.00",
      includedInPersonalBudgets: "yes",
    }),
    date: () => "availableFrom",
    label: "Date it can be included from",
  },
  {
    name: "inviting a representative",
    fn: representativesAction,
    path: () => "/representatives",
    cookie: () => holder,
    fields: () => ({ intent: "invite", name: "Sam Carter", email: "sam.dates@example.com", relationship: "Son", consentGivenBy: "Me", scopes: "view" }),
    date: () => "endsOn",
    label: "Date their access ends",
  },
  {
    name: "changing a representative",
    fn: representativesAction,
    path: () => "/representatives",
    cookie: () => holder,
    fields: () => ({ intent: "change", representativeId: w.carer.link.id, scopes: "view" }),
    // Each person's own boxes are named after them, so that several on one page stay apart.
    date: () => `endsOn-${w.carer.link.id}`,
    label: "Date their access ends",
  },
];

type DateError = { fieldId: string; message: string; parts?: string[] };
type Reply = { data: { errors?: DateError[]; dateErrors?: DateError[] } };

describe("a bad date on every form with one changes nothing and says what is wrong", () => {
  for (const form of forms) {
    it(`${form.name}: a missing month, then 30 February`, async () => {
      const date = form.date();
      const before = await rowCounts();
      const send = async (boxes: Record<string, string>) => {
        const reply = await run(form.fn, post(form.path(), { ...form.fields(), ...boxes }, form.cookie()), form.params?.() ?? {});
        expect(statusOf(reply)).toBe(400);
        const { errors = [], dateErrors = [] } = (reply as Reply).data;
        return [...errors, ...dateErrors];
      };
      expect(await send(noMonth(date))).toContainEqual({ fieldId: `${date}-month`, message: `${form.label} must include a month`, parts: ["month"] });
      expect(await send(notReal(date))).toContainEqual({ fieldId: `${date}-day`, message: `${form.label} must be a real date`, parts: ["day", "month"] });
      expect(await rowCounts()).toEqual(before);
    });
  }
});
