import type { ActionFunction, LoaderFunction } from "@remix-run/node";
import { beforeAll, describe, expect, it } from "vitest";
import { action as actingForAction } from "~/routes/acting-for";
import { loader as statementLoader } from "~/routes/budget.statement";
import { loader as statementCsvLoader } from "~/routes/budget.statement[.]csv";
import { loader as statementPdfLoader } from "~/routes/budget.statement[.]pdf";
import { action as planAction } from "~/routes/plan";
import { action as agreeAction } from "~/routes/plan_.agree";
import { loader as planPdfLoader } from "~/routes/plan[.]pdf";
import { action as representativesAction } from "~/routes/representatives";
import { action as signInAction } from "~/routes/sign-in";
import { action as changeAction, loader as changeLoader } from "~/routes/spending.$spendId.change";
import { loader as loggedLoader } from "~/routes/spending.$spendId.logged";
import { loader as spendingLoader } from "~/routes/spending._index";
import { action as commitmentsAction } from "~/routes/spending.commitments";
import { action as newSpendAction } from "~/routes/spending.new";
import { loader as spendVsPlanLoader } from "~/routes/spending.plan";
import { loader as receiptLoader } from "~/routes/spending.receipts.$receiptId";
import { loader as spendingCsvLoader } from "~/routes/spending[.]csv";
import { loader as auditLoader } from "~/routes/staff.audit";
import { action as indicativeAction, loader as indicativeLoader } from "~/routes/staff.holders.$holderId.indicative-budget";
import { action as staffPlanAction, loader as staffPlanLoader } from "~/routes/staff.holders.$holderId.plan";
import { action as planCheckAction } from "~/routes/staff.holders.$holderId.plan_.edit_.check";
import { action as planSectionAction } from "~/routes/staff.holders.$holderId.plan_.edit_.$section";
import { action as approveAction } from "~/routes/staff.holders.$holderId.plan_.approve";
import { action as instalmentsAction } from "~/routes/staff.instalments";
import { action as spendingRulesAction } from "~/routes/staff.spending-rules";
import { action as resourcesAction } from "~/routes/staff.statement-of-resources";
import { action as resourceLineAction, loader as resourceLineLoader } from "~/routes/staff.statement-of-resources_.$lineKey";
import { requestHoldingChange } from "~/plans/holding.server";
import { startPlanVersion } from "~/plans/plans.server";
import { addCommitment } from "~/spending/commitments.server";
import { logSpend } from "~/spending/spends.server";
import { insertStaff } from "../factories";
import { BASE, cookieFor, get, post, run, statusOf } from "../factories/requests";
import { rowCounts } from "../factories/row-counts";
import { spendInput, spendingWorld, type SpendingWorld } from "./spending-fixtures";

/** Not a UUID, though PostgreSQL is the one that would say so: 36 characters that pass a loose [0-9a-f-]{36} check. */
const DASHES = "-".repeat(36);
const NOT_AN_ID = "not-an-id";
/** Not a day on the calendar, and in the future, so no "must be in the past" check refuses it first. */
const IMPOSSIBLE = "2027-02-30";
const LONG = "x".repeat(100_000);

function postMany(path: string, fields: [string, string][], cookie: string) {
  return new Request(`${BASE}${path}`, {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie },
  });
}

interface Case {
  name: string;
  fn: LoaderFunction | ActionFunction;
  request: () => Request;
  params?: () => Record<string, string>;
  status: 400 | 404;
}

let w: SpendingWorld;
let holder: string;
let carer: string;
let staff: string;
let spendPath: string;
let draftId: string;
let spendId: string;
let commitmentId: string;
let requestId: string;

beforeAll(async () => {
  w = await spendingWorld();
  holder = await cookieFor(w.holderUser.email);
  carer = await cookieFor(w.carer.user.email);
  await run(actingForAction, post("/acting-for", { holderId: w.holder.id }, carer));
  const everything = await insertStaff(w.commissioner.id, "coordinator", "approver", "finance");
  staff = await cookieFor(everything.email);
  spendPath = `?holder=${w.holder.id}`;
  const draft = await startPlanVersion(w.db, {
    actor: { userId: everything.id, commissionerId: w.commissioner.id },
    holderId: w.holder.id,
    today: "2026-11-23",
  });
  if (!draft.ok) throw new Error(draft.message);
  draftId = draft.version.id;
  // Real records, so that a refusal below is the bound on the text and not "there is no such thing".
  const spend = await logSpend(w.db, spendInput(w, { today: new Date().toISOString().slice(0, 10) }));
  if (!spend.ok) throw new Error(spend.message);
  spendId = spend.spend.id;
  const commitment = await addCommitment(w.db, {
    actor: { userId: everything.id, commissionerId: w.commissioner.id },
    holderId: w.holder.id,
    supportLineId: w.nursing.id,
    provider: "Nurses",
    description: "Visits",
    amountPence: 10_000,
    startsOn: "2026-04-01",
    endsOn: "2027-03-31",
  });
  if (!commitment.ok) throw new Error(commitment.message);
  commitmentId = commitment.commitment.id;
  const request = await requestHoldingChange(w.db, {
    actor: { userId: w.holderUser.id, commissionerId: w.commissioner.id },
    holderId: w.holder.id,
    planVersionId: w.version.id,
    lineKey: w.activities.lineKey,
    requestedHolding: "notional",
    why: "Please arrange it",
  });
  if (!request.ok) throw new Error(request.message);
  requestId = request.request.id;
});

const spendFields = () => ({
  formToken: crypto.randomUUID(),
  spentOn: "2026-11-02",
  newPayeeName: "Jane Smith (PA)",
  amount: "40.00",
  whatFor: "Four hours of personal care",
  supportLineId: w.pa.id,
  howPaid: "account-transfer",
  reason: "Typed the wrong amount",
});

const planFields = (over: Record<string, string> = {}) => ({
  planVersionId: draftId,
  startsOn: "2026-12-01",
  firstReviewOn: "2027-02-01",
  whatMatters: "Living at home",
  whoWasInvolved: "Me",
  "outcomes[0].outcome": "Stay well",
  "outcomes[0].howWillYouKnow": "No hospital stays",
  ...over,
});

const resourceLine = (over: Record<string, string> = {}) => ({
  cohort: "chc",
  service: "Personal care",
  provider: "Provider",
  purpose: "Care at home",
  costingMethod: "local-cost",
  unit: "hour",
  unitsPerYear: "52",
  costPerUnit: "20.00",
  includedInPersonalBudgets: "yes",
  ...over,
});

const staffPlan = (holderId: string) => `/staff/holders/${holderId}/plan`;

const CASES: Case[] = [
  // Ids in paths.
  {
    name: "spend logged: spendId",
    fn: loggedLoader,
    request: () => get(`/spending/${NOT_AN_ID}/logged`, holder),
    params: () => ({ spendId: NOT_AN_ID }),
    status: 404,
  },
  {
    name: "change a spend (page): spendId",
    fn: changeLoader,
    request: () => get(`/spending/${DASHES}/change`, holder),
    params: () => ({ spendId: DASHES }),
    status: 404,
  },
  {
    name: "change a spend (POST): spendId",
    fn: changeAction,
    request: () => post(`/spending/${NOT_AN_ID}/change`, spendFields(), holder),
    params: () => ({ spendId: NOT_AN_ID }),
    status: 404,
  },
  {
    name: "receipt: receiptId",
    fn: receiptLoader,
    request: () => get(`/spending/receipts/${DASHES}`, holder),
    params: () => ({ receiptId: DASHES }),
    status: 404,
  },
  {
    name: "staff plan page: holderId",
    fn: staffPlanLoader,
    request: () => get(staffPlan(NOT_AN_ID), staff),
    params: () => ({ holderId: NOT_AN_ID }),
    status: 404,
  },
  {
    name: "indicative budget: holderId",
    fn: indicativeLoader,
    request: () => get(`/staff/holders/${DASHES}/indicative-budget`, staff),
    params: () => ({ holderId: DASHES }),
    status: 404,
  },
  {
    name: "statement of resources line (page): lineKey",
    fn: resourceLineLoader,
    request: () => get(`/staff/statement-of-resources/${DASHES}`, staff),
    params: () => ({ lineKey: DASHES }),
    status: 404,
  },
  {
    name: "statement of resources line (POST): lineKey",
    fn: resourceLineAction,
    request: () => post(`/staff/statement-of-resources/${NOT_AN_ID}`, resourceLine(), staff),
    params: () => ({ lineKey: NOT_AN_ID }),
    status: 404,
  },

  // Ids in query strings.
  { name: "spending: ?holder=", fn: spendingLoader, request: () => get(`/spending?holder=${NOT_AN_ID}`, staff), status: 404 },
  { name: "spending: ?line=", fn: spendingLoader, request: () => get(`/spending?line=${DASHES}`, holder), status: 404 },
  { name: "spending CSV: ?line=", fn: spendingCsvLoader, request: () => get(`/spending.csv?line=${DASHES}`, holder), status: 404 },
  { name: "statement: ?account=", fn: statementLoader, request: () => get(`/budget/statement?account=${NOT_AN_ID}`, holder), status: 404 },
  { name: "statement CSV: ?account=", fn: statementCsvLoader, request: () => get(`/budget/statement.csv?account=${DASHES}`, holder), status: 404 },
  { name: "statement PDF: ?account=", fn: statementPdfLoader, request: () => get(`/budget/statement.pdf?account=${DASHES}`, holder), status: 404 },
  { name: "plan PDF: ?holder=", fn: planPdfLoader, request: () => get(`/plan.pdf?holder=${DASHES}`, staff), status: 404 },

  // Ids in forms.
  { name: "acting for: holderId", fn: actingForAction, request: () => post("/acting-for", { holderId: DASHES }, carer), status: 404 },
  { name: "plan: agree, planVersionId", fn: agreeAction, request: () => post("/plan/agree", { planVersionId: NOT_AN_ID }, holder), status: 404 },
  {
    name: "plan: ask to hold a line differently, planVersionId",
    fn: planAction,
    request: () => post("/plan", { intent: "ask-holding", planVersionId: DASHES, lineKey: w.pa.lineKey, requestedHolding: "notional", why: "Please" }, holder),
    status: 404,
  },
  {
    name: "send a plan for approval: planVersionId",
    fn: planCheckAction,
    request: () => post(`${staffPlan(w.holder.id)}/edit/check`, { planVersionId: NOT_AN_ID }, staff),
    params: () => ({ holderId: w.holder.id }),
    status: 404,
  },
  {
    name: "approve a plan: planVersionId",
    fn: approveAction,
    request: () => post(`${staffPlan(w.holder.id)}/approve`, { planVersionId: DASHES }, staff),
    params: () => ({ holderId: w.holder.id }),
    status: 404,
  },
  {
    name: "staff plan: reject, planVersionId",
    fn: staffPlanAction,
    request: () => post(staffPlan(w.holder.id), { intent: "reject", planVersionId: NOT_AN_ID, reason: "No" }, staff),
    params: () => ({ holderId: w.holder.id }),
    status: 404,
  },
  {
    name: "staff plan: accept a holding request, requestId",
    fn: staffPlanAction,
    request: () => post(staffPlan(w.holder.id), { intent: "accept-request", requestId: NOT_AN_ID, reason: "" }, staff),
    params: () => ({ holderId: w.holder.id }),
    status: 404,
  },
  {
    name: "staff plan: overturn a refusal, decisionId",
    fn: staffPlanAction,
    request: () => post(staffPlan(w.holder.id), { intent: "overturn", decisionId: DASHES, reason: "Agreed" }, staff),
    params: () => ({ holderId: w.holder.id }),
    status: 404,
  },
  {
    name: "plan section: planVersionId",
    fn: planSectionAction,
    request: () => post(`${staffPlan(w.holder.id)}/edit/about`, planFields({ planVersionId: NOT_AN_ID }), staff),
    params: () => ({ holderId: w.holder.id, section: "about" }),
    status: 404,
  },
  {
    name: "commitments: cancel, commitmentId",
    fn: commitmentsAction,
    request: () => post(`/spending/commitments${spendPath}`, { intent: "cancel", commitmentId: NOT_AN_ID, reason: "Ended" }, staff),
    status: 404,
  },
  {
    name: "instalments: organisationId",
    fn: instalmentsAction,
    request: () => post("/staff/instalments", { intent: "frequency", organisationId: NOT_AN_ID, frequency: "monthly" }, staff),
    status: 404,
  },
  {
    name: "spending rules: categoryId",
    fn: spendingRulesAction,
    request: () => post("/staff/spending-rules", { intent: "retire", categoryId: DASHES }, staff),
    status: 404,
  },
  {
    name: "representatives: revoke, representativeId",
    fn: representativesAction,
    request: () => post("/representatives", { intent: "revoke", representativeId: DASHES }, holder),
    status: 400,
  },

  {
    name: "plan: ask to reconsider, decisionId",
    fn: planAction,
    request: () => post("/plan", { intent: "reconsider", decisionId: NOT_AN_ID, why: "Please" }, holder),
    status: 400,
  },

  // Impossible dates.
  {
    name: "statement: ?from=0000-01-01, a year PostgreSQL does not have",
    fn: statementLoader,
    request: () => get("/budget/statement?from=0000-01-01", holder),
    status: 400,
  },
  { name: "spending: ?from=2026-02-30", fn: spendingLoader, request: () => get(`/spending?from=${IMPOSSIBLE}`, holder), status: 400 },
  { name: "spending CSV: ?to=2026-02-30", fn: spendingCsvLoader, request: () => get(`/spending.csv?to=${IMPOSSIBLE}`, holder), status: 400 },
  { name: "spending against the plan: ?from=2026-02-30", fn: spendVsPlanLoader, request: () => get(`/spending/plan?from=${IMPOSSIBLE}`, holder), status: 400 },
  { name: "statement: ?from=2026-02-30", fn: statementLoader, request: () => get(`/budget/statement?from=${IMPOSSIBLE}`, holder), status: 400 },
  { name: "audit log: ?to=2026-02-30", fn: auditLoader, request: () => get(`/staff/audit?to=${IMPOSSIBLE}`, staff), status: 400 },
  {
    name: "log a spend: spentOn 2026-02-30",
    fn: newSpendAction,
    request: () => post("/spending/new", { ...spendFields(), spentOn: IMPOSSIBLE, intent: "confirm" }, holder),
    status: 400,
  },
  {
    name: "change a spend: spentOn 2026-02-30",
    fn: changeAction,
    request: () => post(`/spending/${crypto.randomUUID()}/change`, { ...spendFields(), spentOn: IMPOSSIBLE }, holder),
    params: () => ({ spendId: crypto.randomUUID() }),
    status: 400,
  },
  {
    name: "plan dates: startsOn 2026-02-30",
    fn: planSectionAction,
    request: () => post(`${staffPlan(w.holder.id)}/edit/dates`, planFields({ startsOn: IMPOSSIBLE }), staff),
    params: () => ({ holderId: w.holder.id, section: "dates" }),
    status: 400,
  },
  {
    name: "staff plan: refuse a direct payment from 2026-02-30",
    fn: staffPlanAction,
    request: () => post(staffPlan(w.holder.id), { intent: "refuse-direct-payment", kind: "refused", reason: "Risk", effectiveOn: IMPOSSIBLE }, staff),
    params: () => ({ holderId: w.holder.id }),
    status: 400,
  },
  {
    name: "staff plan: end the budget on 2026-02-30",
    fn: staffPlanAction,
    request: () => post(staffPlan(w.holder.id), { intent: "end-plan", endedOn: IMPOSSIBLE, reason: "Moved", confirm: "yes" }, staff),
    params: () => ({ holderId: w.holder.id }),
    status: 400,
  },
  {
    name: "commitments: startsOn 2026-02-30",
    fn: commitmentsAction,
    request: () =>
      post(
        `/spending/commitments${spendPath}`,
        { intent: "add", supportLineId: w.nursing.id, provider: "Nurses", description: "Visits", amount: "100.00", startsOn: IMPOSSIBLE, endsOn: "2027-03-31" },
        staff,
      ),
    status: 400,
  },
  {
    name: "statement of resources: availableFrom 2026-02-30",
    fn: resourcesAction,
    request: () => post("/staff/statement-of-resources", resourceLine({ availableFrom: IMPOSSIBLE }), staff),
    status: 400,
  },
  {
    name: "representatives: invite until 2026-02-30",
    fn: representativesAction,
    request: () =>
      post(
        "/representatives",
        { intent: "invite", name: "Sam Carter", email: "sam@example.com", relationship: "Son", consentGivenBy: "Me", scopes: "view", endsOn: IMPOSSIBLE },
        holder,
      ),
    status: 400,
  },

  // Too many repeated fields, rows far past any form's, text past any field's length.
  {
    name: "log a spend: 70,000 kept receipts",
    fn: newSpendAction,
    request: () =>
      postMany(
        "/spending/new",
        [
          ...Object.entries({ ...spendFields(), intent: "confirm" }),
          ...Array.from({ length: 70_000 }, (_, i): [string, string] => ["kept", `${i.toString(16).padStart(64, "0")}:1:r.png`]),
        ],
        holder,
      ),
    status: 400,
  },
  {
    name: "indicative budget: 70,000 line keys",
    fn: indicativeAction,
    request: () =>
      postMany(
        `/staff/holders/${w.holder.id}/indicative-budget`,
        Array.from({ length: 70_000 }, (): [string, string] => ["lineKeys", crypto.randomUUID()]),
        staff,
      ),
    params: () => ({ holderId: w.holder.id }),
    status: 400,
  },
  {
    name: "plan support: support line row 99,999,999",
    fn: planSectionAction,
    request: () => post(`${staffPlan(w.holder.id)}/edit/support`, planFields({ "supportLines[99999999].description": "Care" }), staff),
    params: () => ({ holderId: w.holder.id, section: "support" }),
    status: 400,
  },
  {
    name: "representatives: scopes row 99,999,999",
    fn: representativesAction,
    request: () =>
      post(
        "/representatives",
        { intent: "invite", name: "Sam Carter", email: "sam@example.com", relationship: "Son", consentGivenBy: "Me", "scopes[99999999]": "view" },
        holder,
      ),
    status: 400,
  },
  {
    name: "change a spend: a 100,000-character reason",
    fn: changeAction,
    request: () => post(`/spending/${spendId}/change`, { ...spendFields(), reason: LONG }, holder),
    params: () => ({ spendId }),
    status: 400,
  },
  {
    name: "commitments: cancel with a 100,000-character reason",
    fn: commitmentsAction,
    request: () => post(`/spending/commitments${spendPath}`, { intent: "cancel", commitmentId, reason: LONG }, staff),
    status: 400,
  },
  {
    name: "staff plan: decline a holding request with a 100,000-character reason",
    fn: staffPlanAction,
    request: () => post(staffPlan(w.holder.id), { intent: "decline-request", requestId, reason: LONG }, staff),
    params: () => ({ holderId: w.holder.id }),
    status: 400,
  },
  {
    name: "spending rules: a 100,000-character reason",
    fn: spendingRulesAction,
    request: () =>
      post("/staff/spending-rules", { intent: "add", name: "Holidays", rule: "refused", reason: LONG, whatToDoInstead: "Ask your coordinator" }, staff),
    status: 400,
  },
  {
    name: "representatives: invite with an email of 1MB",
    fn: representativesAction,
    request: () =>
      post(
        "/representatives",
        { intent: "invite", name: "Sam Carter", email: `${"a".repeat(1024 * 1024)}@example.com`, relationship: "Son", consentGivenBy: "Me", scopes: "view" },
        holder,
      ),
    status: 400,
  },
  {
    name: "sign in: an email of 5MB",
    fn: signInAction,
    request: () => post("/sign-in", { email: `${"a".repeat(5 * 1024 * 1024)}@example.com`, password: "Correct-horse-battery-1" }),
    status: 400,
  },
];

describe("bad input is a 400 or a 404 and writes nothing", () => {
  it.each(CASES)("$name is a $status", async (c) => {
    const before = await rowCounts();
    const request = c.request();
    const started = Date.now();
    let status: number;
    try {
      status = statusOf(await run(c.fn, request, c.params?.() ?? {}));
    } catch (error) {
      // What reached the database and failed there: the 500 this test is here to prevent.
      throw new Error(`500: ${(error as Error).message.slice(0, 300)}`);
    }
    expect(status).toBe(c.status);
    // Refusing is cheap: a form row numbered 99,999,999 once took half a minute to parse.
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await rowCounts()).toEqual(before);
  });
});

describe("a page number that is not a whole number", () => {
  it("shows the first page of spending rather than failing", async () => {
    expect(statusOf(await run(spendingLoader, get("/spending?page=1.5", holder)))).toBe(200);
  });
});
