import { randomBytes, randomUUID } from "node:crypto";
import { addDays, format, parseISO } from "date-fns";
import { desc, eq } from "drizzle-orm";
import { getDb } from "#db/client.server";
import {
  bankStatementLines,
  financeQueryFiles,
  financeQueryMessages,
  passwordResets,
  planVersions,
  representativeInvitations,
  representatives,
  spendReceipts,
  users as userRows,
} from "#db/schema";
import { ROLES, SCOPES, STAFF_ROLES, type Role } from "~/access/route-access";
import type { Actor } from "~/audit/audit.server";
import { addStatementLines } from "~/budgets/statement.server";
import { todayInUk } from "~/ledger/entries";
import { revokeRepresentative } from "~/people/representatives.server";
import { assistantToken, setInviteeToken, setResetToken } from "~/people/invitation-cookies.server";
import { setSessionCookie } from "~/people/session-cookie.server";
import { hashToken, startSession } from "~/people/sessions.server";
import { startPlanVersion, submitPlan } from "~/plans/plans.server";
import { SECTION_KEYS } from "~/plans/sections";
import { approvePlan } from "~/plans/plan-decisions.server";
import { closableMonths } from "~/spending/rules";
import { checkReceipts } from "~/spending/receipts";
import { logSpend } from "~/spending/spends.server";
import { FIVE_CRITERIA } from "~/plans/rules";
import {
  insertCommissioner,
  insertHolder,
  insertRepresentative,
  insertStaff,
  insertSupportOrganisation,
  insertUser,
  newNhsNumber,
  PASSWORD,
} from "../factories";
import { BASE } from "../factories/requests";
import { insertPlanInForce } from "./spending-fixtures";
import { employOnePa, payrollFile } from "./payroll-fixtures";
import { acceptAssistantInvitation, inviteAssistant } from "~/payroll/assistant-sign-in.server";
import { addPersonalAssistant } from "~/payroll/employers.server";
import { recordBankAccount } from "~/budgets/bank-accounts.server";
import { importBankStatement } from "~/reconciliation/statement-imports.server";
import { answerQuery, raiseQuery } from "~/reconciliation/queries.server";
import { openArrangement } from "~/budgets/arrangements.server";
import { ensureOutsideAccount } from "~/ledger/accounts.server";
import { postEntry } from "~/ledger/post-entry.server";
import { POOL_CALLS } from "./access-matrix-pools";
import { RECOVERY_CALLS } from "./access-matrix-recovery";

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
const actorOf = (user: { id: string; commissionerId: string }): Actor => ({ userId: user.id, commissionerId: user.commissionerId });

async function must<T extends { ok: boolean }>(result: Promise<T>, what: string): Promise<T & { ok: true }> {
  const done = await result;
  if (!done.ok) throw new Error(`${what}: ${JSON.stringify(done)}`);
  return done as T & { ok: true };
}

/**
 * One holder and everyone the matrix asks about, built once: a commissioner's four staff roles and another
 * commissioner's; the holder with an approved plan in force (a personal assistant line paid from the direct payment,
 * a nursing line the NHS arranges), money in the account, a draft of the next version, a spend with a receipt and an
 * NHS invoice; representatives with one scope each, all scopes, and one revoked; a support organisation assigned to
 * the holder and one assigned to their neighbour; and a signed-in session for each. A POST that changes or uses up a
 * record gets one of its own per role (a spend to change, an invitation to accept), so no row depends on another.
 * Dates are relative to today, as the routes use today's date.
 */
export async function accessWorld() {
  const db = getDb();
  const today = todayInUk();
  const day = (offset: number) => format(addDays(parseISO(today), offset), "yyyy-MM-dd");
  const planStart = day(-30);
  const firstReviewOn = day(30);
  const spentOn = day(-1);

  const commissioner = await insertCommissioner();
  const elsewhere = await insertCommissioner();
  const users = new Map<Role, { id: string; email: string; commissionerId: string }>();
  for (const role of STAFF_ROLES) {
    users.set(`staff:${role}`, await insertStaff(commissioner.id, role));
    users.set(`other:${role}`, await insertStaff(elsewhere.id, role));
  }
  const coordinator = users.get("staff:coordinator")!;
  const { holder, user: holderUser } = await insertHolder(commissioner.id);
  users.set("holder", holderUser!);
  const { holder: neighbour, user: neighbourUser } = await insertHolder(commissioner.id);
  for (const scope of SCOPES) users.set(`rep:${scope}`, (await insertRepresentative(holder, [scope])).user);
  users.set("rep:all-scopes", (await insertRepresentative(holder, [...SCOPES])).user);
  const revoked = await insertRepresentative(holder, [...SCOPES]);
  users.set("rep:revoked", revoked.user);
  // Whose permissions the representatives page changes: none of the roles above.
  const bystander = await insertRepresentative(holder, ["view"]);
  const assignedOrganisation = await insertSupportOrganisation(commissioner.id, [holder.id]);
  users.set("support:assigned", assignedOrganisation.user);
  const neighboursOrganisation = await insertSupportOrganisation(commissioner.id, [neighbour.id]);
  users.set("support:not-assigned", neighboursOrganisation.user);

  // The approved plan in force, written directly so it applies from its start, with money in the account.
  const {
    version: approved,
    lines: [pa, nursing],
  } = await insertPlanInForce(db, {
    commissionerId: commissioner.id,
    holderId: holder.id,
    startsOn: planStart,
    firstReviewOn,
    authoredBy: coordinator.id,
    approvedBy: users.get("staff:approver")!.id,
    about: {
      whatMatters: "Getting up when I choose and out to the allotment.",
      whoWasInvolved: "Me, my carer and my coordinator.",
      criteriaMet: FIVE_CRITERIA.map((c) => c.key),
    },
    outcomes: [{ outcome: "Get up and washed at the time I choose", howWillYouKnow: "Ready by 9am" }],
    supportLines: [
      { description: "Personal assistant for personal care", amountPence: 150_000, holding: "direct-payment", outcomePositions: [1] },
      { description: "Community nursing", amountPence: 120_000, holding: "notional", outcomePositions: [1] },
    ],
    fundedPence: 100_000,
  });
  // The holder employs a PA, paid through a run by the organisation assigned to them; the neighbour employs one too.
  const payroll = await employOnePa({
    commissionerId: commissioner.id,
    holderId: holder.id,
    organisationUser: assignedOrganisation.user,
    payrollReference: `PA-${holder.id.slice(0, 8)}`.toUpperCase(),
    startsOn: planStart,
    lineKey: pa.lineKey,
    postPeriod: { periodStartsOn: day(-20), paymentDate: day(-1) },
  });
  const { account: neighbourAccount } = await openArrangement(db, {
    commissionerId: commissioner.id,
    holderId: neighbour.id,
    holding: "direct-payment",
    on: planStart,
  });
  const funding = await ensureOutsideAccount(db, commissioner.id, "commissioner-funding");
  const funded = await postEntry(db, {
    idempotencyKey: `fund:${neighbourAccount.id}`,
    kind: "instalment",
    effectiveDate: planStart,
    lines: [
      { accountId: funding.id, amountPence: -10_000 },
      { accountId: neighbourAccount.id, amountPence: 10_000 },
    ],
    actor: actorOf(coordinator),
    onBehalfOf: neighbour.id,
  });
  if (!funded.ok) throw new Error(funded.message);
  await employOnePa({
    commissionerId: commissioner.id,
    holderId: neighbour.id,
    organisationUser: neighboursOrganisation.user,
    payrollReference: `PA-${neighbour.id.slice(0, 8)}`.toUpperCase(),
    startsOn: planStart,
    lineKey: null,
  });
  // A PA who employs nobody else: one holder's PA, with a link to sign in, for the sign-in page and its invitation.
  let pas = 0;
  const anotherPa = async (employerId: string) => {
    const added = await addPersonalAssistant(db, {
      actor: actorOf(coordinator),
      commissionerId: commissioner.id,
      holderId: employerId,
      details: {
        givenName: "Sam",
        familyName: `Okafor ${++pas}`,
        nationalInsuranceNumber: "JE381246B",
        startsOn: planStart,
        endsOn: null,
        hourlyRatePence: 1_200,
        contractedMinutesPerWeek: 900,
        pensionScheme: "NEST",
        payrollReference: `PB-${randomUUID().slice(0, 8)}`,
        supportLineKey: null,
      },
    });
    if (!added.ok) throw new Error(added.message);
    return added.assistant.id;
  };
  const paLink = async (employerId: string, assistantId: string) => {
    const invited = await must(
      inviteAssistant(db, {
        actor: actorOf(coordinator),
        commissionerId: commissioner.id,
        holderId: employerId,
        assistantId,
        email: `pa-${randomUUID()}@test.example`,
        origin: BASE,
      }),
      "invite a PA",
    );
    if (invited.value.emailed) throw new Error("The matrix needs the link, not an email");
    return { token: invited.value.link.split("/pa-invitation/")[1], email: invited.value.email };
  };
  // The matrix's PA is the one the holder's payslip pays, signed in with their own account.
  const paSignIn = await paLink(holder.id, payroll.assistant.id);
  await must(acceptAssistantInvitation(db, { token: paSignIn.token, password: PASSWORD }), "accept a PA's invitation");
  const [paUser] = await db.select().from(userRows).where(eq(userRows.email, paSignIn.email));
  users.set("assistant", paUser);
  const notSignedInPa = await anotherPa(holder.id);
  const paInvitation = async () => (await paLink(neighbour.id, await anotherPa(neighbour.id))).token;

  // The coordinator's draft of the next version, for the plan editor.
  await must(startPlanVersion(db, { actor: actorOf(coordinator), holderId: holder.id, today }), "start a draft");

  const [statementLine] = await addStatementLines(db, {
    actor: actorOf(coordinator),
    commissionerId: commissioner.id,
    lines: [
      {
        cohort: "chc",
        band: null,
        service: "Personal care",
        provider: "Home care agency",
        purpose: "Help to get up and washed",
        costingMethod: "local-cost",
        unit: "hour",
        unitsPerYear: 520,
        costPerUnitPence: 1_800,
        includedInPersonalBudgets: true,
        availableFrom: null,
      },
    ],
  });

  const receipts = checkReceipts([{ name: "till-receipt.png", bytes: PNG }]);
  if (!receipts.ok) throw new Error(receipts.messages.join("; "));
  const fromTheBudget = async (withReceipt = false) =>
    (
      await must(
        logSpend(db, {
          actor: actorOf(holderUser!),
          holderId: holder.id,
          formToken: randomUUID(),
          spentOn,
          newPayeeName: "Jane Smith (PA)",
          amountPence: 100,
          whatFor: "An hour of personal care",
          supportLineId: pa.id,
          howPaid: "account-transfer",
          receipts: withReceipt ? receipts.receipts : [],
          today,
        }),
        "log a spend",
      )
    ).spend.id;
  const nhsInvoice = async () =>
    (
      await must(
        logSpend(db, {
          actor: actorOf(coordinator),
          holderId: holder.id,
          formToken: randomUUID(),
          spentOn,
          newPayeeName: "Community nursing team",
          amountPence: 100,
          whatFor: "Nursing visit",
          supportLineId: nursing.id,
          howPaid: "invoice",
          receipts: [],
          today,
        }),
        "log an invoice",
      )
    ).spend.id;
  const spend = await fromTheBudget(true);
  const [receipt] = await db.select().from(spendReceipts).where(eq(spendReceipts.spendId, spend));
  const invoice = await nhsInvoice();

  // Invitations to act for the neighbour, written directly: the use-case would hash a throwaway password for each.
  const invite = async () => {
    const { user, link } = await insertRepresentative(neighbour, ["view"]);
    // A link waits for its invitation to be used.
    await db.update(representatives).set({ acceptedAt: null }).where(eq(representatives.id, link.id));
    const token = randomBytes(32).toString("base64url");
    await db
      .insert(representativeInvitations)
      .values({ representativeId: link.id, userId: user.id, tokenHash: hashToken(token), setsPassword: true, expiresAt: new Date(Date.now() + 86_400_000) });
    return token;
  };
  const invitation = await invite();

  // Password reset links, each for an account of its own, so that no reset ends a session the matrix uses.
  const resetLink = async () => {
    const user = await insertUser(commissioner.id, "representative");
    const token = randomBytes(32).toString("base64url");
    await db.insert(passwordResets).values({ userId: user.id, tokenHash: hashToken(token), expiresAt: new Date(Date.now() + 3_600_000) });
    return token;
  };
  const passwordReset = await resetLink();

  const own = new Map<Role, { spend: string; invoice: string; invitation: string; passwordReset: string; paInvitation: string }>();
  for (const role of ROLES) {
    own.set(role, {
      spend: await fromTheBudget(),
      invoice: await nhsInvoice(),
      invitation: await invite(),
      passwordReset: await resetLink(),
      paInvitation: await paInvitation(),
    });
  }
  const openPaInvitation = await paInvitation();

  // Sessions made as sign-in makes them, without checking each password (the matrix signs in through the route too).
  // Representatives act for the holder, as after choosing them on /acting-for; the revoked one chose before.
  const actingFor = (role: Role) => (role.startsWith("rep:") ? holder.id : null);
  const sessionFor = async (role: Role) => {
    if (role === "signed-out") return undefined;
    const { token } = await startSession(db, users.get(role)!.id, actingFor(role));
    return (await setSessionCookie(new Request(BASE), token)).split(";")[0];
  };
  const cookies = new Map<Role, string | undefined>();
  for (const role of ROLES) cookies.set(role, await sessionFor(role));
  await must(revokeRepresentative(db, { actor: actorOf(holderUser!), holderId: holder.id, representativeId: revoked.link.id }), "revoke");

  /** The PA of whoever the role's organisation runs payroll for. */
  const payrollReferenceFor = (role: Role) => `PA-${(role === "support:not-assigned" ? neighbour : holder).id.slice(0, 8)}`.toUpperCase();
  const memo = new Map<string, Promise<unknown>>();
  return {
    db,
    today,
    planStart,
    firstReviewOn,
    spentOn,
    commissioner,
    holder,
    holderUser: holderUser!,
    neighbourUser: neighbourUser!,
    coordinator,
    bystander,
    approved,
    pa,
    nursing,
    statementLine,
    spend,
    receipt,
    invoice,
    invitation,
    passwordReset,
    payrollRun: payroll.run!.id,
    assignedOrganisationId: assignedOrganisation.organisation.id,
    // A week after the PAs started and before the month already paid, so that it overlaps nothing paid.
    payrollPeriod: day(-27),
    payslip: payroll.payslipId!,
    notSignedInPa,
    paInvitation: openPaInvitation,
    payrollReferenceFor,
    payrollPaidOn: day(-21),
    /** A month's payroll export for the PA of whoever the role's organisation runs payroll for, as uploaded. */
    payrollFileFor: (role: Role) => {
      const uk = (iso: string) => iso.split("-").reverse().join("/");
      const line = payrollFile([[payrollReferenceFor(role), "0.01", "0", "0", "0", "0", "0", "0.01"]], uk(day(-27)), uk(day(-21)));
      return new File([line], "payroll.csv", { type: "text/csv" });
    },
    /** The role's own records, for a POST that changes or uses up what it names. */
    own: (role: Role) => own.get(role)!,
    cookie: (role: Role) => cookies.get(role),
    /** A second session for the role, for a POST that ends the one it is sent with (signing in or out). */
    freshCookie: sessionFor,
    /** Set up once per key, for the rows that need it, however many there are. */
    once<T>(key: string, setUp: () => Promise<T>): Promise<T> {
      if (!memo.has(key)) memo.set(key, setUp());
      return memo.get(key) as Promise<T>;
    },
  };
}

export type AccessWorld = Awaited<ReturnType<typeof accessWorld>>;

/** The holder's latest plan version, as the coordinator would find it. */
async function latestVersion(w: AccessWorld) {
  const [latest] = await w.db.select().from(planVersions).where(eq(planVersions.holderId, w.holder.id)).orderBy(desc(planVersions.version)).limit(1);
  return latest;
}

/** The draft being worked on, started from the latest version if there is none. */
async function draftOf(w: AccessWorld) {
  return (await must(startPlanVersion(w.db, { actor: actorOf(w.coordinator), holderId: w.holder.id, today: w.today }), "start a draft")).version.id;
}

/** The draft with every section completed, as the coordinator leaves it before sending it for approval. */
async function readyDraftOf(w: AccessWorld) {
  const id = await draftOf(w);
  await w.db
    .update(planVersions)
    .set({ completedSections: [...SECTION_KEYS], criteriaMet: FIVE_CRITERIA.map((c) => c.key) })
    .where(eq(planVersions.id, id));
  return id;
}

/** A version waiting for approval: the latest if it is, or the draft submitted by the coordinator. */
async function submittedOf(w: AccessWorld) {
  const latest = await latestVersion(w);
  if (latest?.status === "submitted") return latest.id;
  const id = await readyDraftOf(w);
  await must(submitPlan(w.db, { actor: actorOf(w.coordinator), holderId: w.holder.id, planVersionId: id }), "submit");
  return id;
}

/**
 * A version waiting for its last approval: one that needs two has its first from an approver of its own, so the
 * matrix's approver finishes it and the plan is open to a new draft again for the rows after.
 */
async function firstApprovedOf(w: AccessWorld) {
  const id = await submittedOf(w);
  const [version] = await w.db.select().from(planVersions).where(eq(planVersions.id, id));
  if (version.needsSecondApproval && !version.approvedBy) {
    const first = await insertStaff(w.commissioner.id, "approver");
    await must(approvePlan(w.db, { actor: actorOf(first), holderId: w.holder.id, planVersionId: id, today: w.today }), "first approval");
  }
  return id;
}

/** A question finance asked the holder about their budget, open. */
async function openQueryOf(w: AccessWorld) {
  const finance = await w.once("finance for queries", () => insertStaff(w.commissioner.id, "finance"));
  const dueOn = format(addDays(parseISO(w.today), 14), "yyyy-MM-dd");
  const raised = await must(
    raiseQuery(w.db, {
      actor: actorOf(finance),
      holderId: w.holder.id,
      subject: { type: "budget", id: null },
      question: "Please tell us about the balance.",
      dueOn,
      today: w.today,
    }),
    "raise a query",
  );
  return raised.queryId;
}

/** A query the holder has answered with a receipt: what the pages that show a thread and its files read. */
async function answeredQueryOf(w: AccessWorld) {
  const queryId = await openQueryOf(w);
  const checked = checkReceipts([{ name: "receipt.png", bytes: PNG }]);
  if (!checked.ok) throw new Error("receipt refused");
  await must(answerQuery(w.db, { actor: actorOf(w.holderUser), holderId: w.holder.id, queryId, answer: "Here it is.", files: checked.receipts }), "answer");
  const [file] = await w.db
    .select({ id: financeQueryFiles.id })
    .from(financeQueryFiles)
    .innerJoin(financeQueryMessages, eq(financeQueryMessages.id, financeQueryFiles.messageId))
    .where(eq(financeQueryMessages.queryId, queryId));
  return { queryId, fileId: file.id };
}

/** A bank line of the holder's, one per role, imported with its columns given. */
async function bankLineOf(w: AccessWorld, role: Role) {
  await w.once("bank account", () =>
    recordBankAccount(w.db, {
      actor: actorOf(w.coordinator),
      holderId: w.holder.id,
      details: { accountName: "A Holder PHB account", sortCode: "309430", accountNumber: "00733445" },
    }),
  );
  const description = `TRANSFER ${role.toUpperCase()}`;
  const file = `Date,Description,Amount\n${w.spentOn.split("-").reverse().join("/")},${description},-0.02\n`;
  const mapping = { date: 0, description: [1], reference: null, amount: { kind: "signed" as const, column: 2 }, balance: null, currency: null };
  const finance = await insertStaff(w.commissioner.id, "finance");
  await importBankStatement(w.db, { actor: actorOf(finance), holderId: w.holder.id, fileName: "lines.csv", bytes: new TextEncoder().encode(file), mapping });
  const [line] = await w.db.select({ id: bankStatementLines.id }).from(bankStatementLines).where(eq(bankStatementLines.description, description));
  return line.id;
}

/** What a role sends: the URL, the route's params, the form; and whether it needs a session of its own. */
export interface Call {
  path: string;
  params?: Record<string, string>;
  /** Sent as a multipart form when it carries a file, as a browser sends an upload. */
  form?: Record<string, string | string[] | File>;
  freshSession?: boolean;
  /** A cookie the request carries besides the role's session, as `name=value`. */
  cookie?: string;
}

async function inviteeCookie(token: string) {
  return (await setInviteeToken(new Request(BASE), token)).split(";")[0];
}

async function paCookie(token: string) {
  return (await assistantToken.set(new Request(BASE), token)).split(";")[0];
}

async function resetCookie(token: string) {
  return (await setResetToken(new Request(BASE), token)).split(";")[0];
}
export type CallFor = (w: AccessWorld, role: Role) => Call | Promise<Call>;
export type MethodCalls = CallFor | { byVariant: Record<string, CallFor> };

const at =
  (path: string, params?: Record<string, string>): CallFor =>
  () => ({ path, params });
/** A page about the current holder: staff and support organisations name them with ?holder=; the rest ignore it. */
const about = (path: string) => (w: AccessWorld) => `${path}?holder=${w.holder.id}`;

/** Statements are imported for a recorded account: the bank account row's own POST may come after the rows that send them. */
const recordedBankAccount = (w: AccessWorld) =>
  w.once("bank account", () =>
    recordBankAccount(w.db, {
      actor: actorOf(w.coordinator),
      holderId: w.holder.id,
      details: { accountName: "A Holder PHB account", sortCode: "309430", accountNumber: "00733445" },
    }),
  );

/** A spend form as the holder's own form sends it: from the budget, on the personal assistant line. */
const spendForm = (w: AccessWorld) => ({
  formToken: randomUUID(),
  spentOn: w.spentOn,
  newPayeeName: "Jane Smith (PA)",
  amount: "2.00",
  whatFor: "Two hours of personal care",
  supportLineId: w.pa.id,
  howPaid: "account-transfer",
});

const statementLineForm = {
  cohort: "chc",
  band: "",
  service: "Night sitting",
  provider: "Night care service",
  purpose: "Someone awake overnight",
  costingMethod: "local-cost",
  unit: "night",
  unitsPerYear: "52",
  costPerUnit: "120.00",
  includedInPersonalBudgets: "yes",
  availableFrom: "",
};

/**
 * How each route is asked, for the matrix: one entry per route module, with a valid form for every POST the route
 * takes (a route without an action is sent an empty one, and answers 405). Variants match the table's.
 */
export const ROUTE_CALLS: Record<string, { GET: MethodCalls; POST?: MethodCalls }> = {
  "$.tsx": { GET: at("/no-such-page", { "*": "no-such-page" }), POST: at("/no-such-page", { "*": "no-such-page" }) },
  "_index.tsx": { GET: at("/") },
  "accessibility.tsx": { GET: at("/accessibility") },
  "acting-for.tsx": { GET: at("/acting-for"), POST: (w) => ({ path: "/acting-for", form: { holderId: w.holder.id } }) },
  // A statement each role sends: once one is in, the same lines add nothing, so each allowed upload succeeds.
  "budget.bank-statements.tsx": {
    GET: (w) => ({ path: about("/budget/bank-statements")(w) }),
    POST: async (w) => {
      await recordedBankAccount(w);
      return {
        path: about("/budget/bank-statements")(w),
        form: {
          intent: "upload",
          file: new File([`Date,Description,Amount\n${w.spentOn.split("-").reverse().join("/")},Jane Smith PA,-1.00\n`], "statement.csv"),
        },
      };
    },
  },
  "budget.statement.tsx": { GET: (w) => ({ path: about("/budget/statement")(w) }) },
  "budget.statement[.]csv.ts": { GET: (w) => ({ path: about("/budget/statement.csv")(w) }) },
  "budget.statement[.]pdf.ts": { GET: (w) => ({ path: about("/budget/statement.pdf")(w) }) },
  // An address with no account: the answer is the same as for one with an account, and nothing is sent.
  "forgotten-password.tsx": { GET: at("/forgotten-password"), POST: () => ({ path: "/forgotten-password", form: { email: "nobody@test.example" } }) },
  "feedback.tsx": { GET: at("/feedback"), POST: () => ({ path: "/feedback", form: { ease: "easy", couldBeBetter: "More help with receipts" } }) },
  "healthz.ts": { GET: at("/healthz") },
  "help.tsx": { GET: at("/help") },
  "invitation.$token.tsx": {
    GET: (w) => ({ path: `/invitation/${w.invitation}`, params: { token: w.invitation } }),
    POST: (w) => ({ path: `/invitation/${w.invitation}`, params: { token: w.invitation } }),
  },
  // The token comes in the cookie the emailed link set, never in the address.
  "invitation._index.tsx": {
    GET: async (w) => ({ path: "/invitation", cookie: await inviteeCookie(w.invitation) }),
    POST: async (w, role) => ({
      path: "/invitation",
      cookie: await inviteeCookie(w.own(role).invitation),
      form: { password: "a long enough password", confirmPassword: "a long enough password" },
    }),
  },
  "password-reset.$token.tsx": {
    GET: (w) => ({ path: `/password-reset/${w.passwordReset}`, params: { token: w.passwordReset } }),
    POST: (w) => ({ path: `/password-reset/${w.passwordReset}`, params: { token: w.passwordReset } }),
  },
  "password-reset._index.tsx": {
    GET: async (w) => ({ path: "/password-reset", cookie: await resetCookie(w.passwordReset) }),
    POST: async (w, role) => ({
      path: "/password-reset",
      cookie: await resetCookie(w.own(role).passwordReset),
      form: { password: "a long enough password", confirmPassword: "a long enough password" },
    }),
  },
  "plan.tsx": {
    GET: (w) => ({ path: about("/plan")(w) }),
    POST: (w) => ({
      path: about("/plan")(w),
      form: {
        intent: "ask-holding",
        planVersionId: w.approved.id,
        lineKey: w.pa.lineKey,
        requestedHolding: "notional",
        why: "I would rather the NHS arranged it",
      },
    }),
  },
  "plan_.agree.tsx": {
    GET: (w) => ({ path: about("/plan/agree")(w) }),
    // Agreeing twice changes nothing, so every role may send the same version.
    POST: (w) => ({ path: about("/plan/agree")(w), form: { planVersionId: w.approved.id } }),
  },
  "plan[.]pdf.ts": { GET: (w) => ({ path: about("/plan.pdf")(w) }) },
  "privacy.tsx": { GET: at("/privacy") },
  "representatives.tsx": {
    GET: (w) => ({ path: about("/representatives")(w) }),
    POST: (w) => ({ path: about("/representatives")(w), form: { intent: "change", representativeId: w.bystander.link.id, scopes: ["view"] } }),
  },
  "session.extend.tsx": { GET: at("/session/extend"), POST: at("/session/extend") },
  "sign-in.tsx": {
    GET: at("/sign-in"),
    POST: (w) => ({ path: "/sign-in", form: { email: w.neighbourUser.email, password: PASSWORD }, freshSession: true }),
  },
  "sign-out.tsx": { GET: at("/sign-out"), POST: () => ({ path: "/sign-out", freshSession: true }) },
  "signed-out.tsx": { GET: at("/signed-out") },
  "spending.$spendId.change.tsx": {
    GET: {
      byVariant: {
        "a spend from the budget": (w) => ({ path: about(`/spending/${w.spend}/change`)(w), params: { spendId: w.spend } }),
        "an NHS invoice": (w) => ({ path: about(`/spending/${w.invoice}/change`)(w), params: { spendId: w.invoice } }),
      },
    },
    POST: {
      byVariant: {
        "a spend from the budget": (w, role) => ({
          path: about(`/spending/${w.own(role).spend}/change`)(w),
          params: { spendId: w.own(role).spend },
          form: { ...spendForm(w), reason: "It was two hours, not one" },
        }),
        // The holder's own form offers only lines paid from the budget, so this is what it would send.
        "an NHS invoice": (w, role) => ({
          path: about(`/spending/${w.own(role).invoice}/change`)(w),
          params: { spendId: w.own(role).invoice },
          form: { ...spendForm(w), reason: "I paid this one myself" },
        }),
      },
    },
  },
  "spending.$spendId.logged.tsx": { GET: (w) => ({ path: about(`/spending/${w.spend}/logged`)(w), params: { spendId: w.spend } }) },
  "spending._index.tsx": { GET: (w) => ({ path: about("/spending")(w) }) },
  "spending.commitments.tsx": {
    GET: (w) => ({ path: about("/spending/commitments")(w) }),
    POST: (w) => ({
      path: about("/spending/commitments")(w),
      form: {
        intent: "add",
        supportLineId: w.nursing.id,
        provider: "Community nursing team",
        description: "Weekly nursing visits",
        amount: "100.00",
        startsOn: w.planStart,
        endsOn: w.firstReviewOn,
      },
    }),
  },
  "spending.new.tsx": {
    GET: (w) => ({ path: about("/spending/new")(w) }),
    POST: (w) => ({ path: about("/spending/new")(w), form: { ...spendForm(w), intent: "check" } }),
  },
  "spending.plan.tsx": { GET: (w) => ({ path: about("/spending/plan")(w) }), POST: (w) => ({ path: about("/spending/plan")(w), form: { rule: "warn" } }) },
  "spending.receipts.$receiptId.ts": {
    GET: (w) => ({ path: about(`/spending/receipts/${w.receipt.id}`)(w), params: { receiptId: w.receipt.id } }),
  },
  "spending[.]csv.ts": { GET: (w) => ({ path: about("/spending.csv")(w) }) },
  "staff._index.tsx": { GET: at("/staff") },
  "staff.audit.tsx": { GET: at("/staff/audit") },
  "staff.audit[.]csv.ts": { GET: at("/staff/audit.csv") },
  "staff.feedback.tsx": { GET: at("/staff/feedback") },
  "staff.feedback[.]csv.ts": { GET: at("/staff/feedback.csv") },
  "staff.flagged-spends.tsx": { GET: at("/staff/flagged-spends") },
  "staff.reconciliation.tsx": {
    GET: at("/staff/reconciliation"),
    POST: () => ({ path: "/staff/reconciliation", form: { intent: "length", periodLength: "month" } }),
  },
  "staff.flags.tsx": { GET: at("/staff/flags"), POST: () => ({ path: "/staff/flags", form: { intent: "check" } }) },
  "staff.queries._index.tsx": { GET: at("/staff/queries") },
  "staff.queries.$queryId.tsx": {
    GET: async (w) => {
      const { queryId } = await w.once("query with a file", () => answeredQueryOf(w));
      return { path: `/staff/queries/${queryId}`, params: { queryId } };
    },
    // Each role withdraws a query of its own: a query withdrawn is closed.
    POST: async (w, role) => {
      const queryId = await w.once(`query to withdraw for ${role}`, () => openQueryOf(w));
      return { path: `/staff/queries/${queryId}`, params: { queryId }, form: { decision: "withdraw", note: "Asked in error" } };
    },
  },
  "staff.queries.$queryId.files.$fileId.ts": {
    GET: async (w) => {
      const { queryId, fileId } = await w.once("query with a file", () => answeredQueryOf(w));
      return { path: `/staff/queries/${queryId}/files/${fileId}`, params: { queryId, fileId } };
    },
  },
  "staff.holders.$holderId.queries.new.tsx": {
    GET: (w) => ({ path: `/staff/holders/${w.holder.id}/queries/new?about=budget`, params: { holderId: w.holder.id } }),
    POST: (w) => {
      const [year, month, day] = addDays(parseISO(w.today), 14).toISOString().slice(0, 10).split("-");
      return {
        path: `/staff/holders/${w.holder.id}/queries/new`,
        params: { holderId: w.holder.id },
        form: { about: "budget", question: "Please tell us about the balance.", "dueOn-day": day, "dueOn-month": month, "dueOn-year": year },
      };
    },
  },
  "queries._index.tsx": { GET: (w) => ({ path: about("/queries")(w) }) },
  "queries.$queryId.tsx": {
    GET: async (w) => {
      const { queryId } = await w.once("query with a file", () => answeredQueryOf(w));
      return { path: about(`/queries/${queryId}`)(w), params: { queryId } };
    },
    // Each role answers a question of its own: a query answered waits for finance.
    POST: async (w, role) => {
      const queryId = await w.once(`query to answer for ${role}`, () => openQueryOf(w));
      return { path: about(`/queries/${queryId}`)(w), params: { queryId }, form: { answer: "It was for a day out." } };
    },
  },
  "queries.$queryId.files.$fileId.ts": {
    GET: async (w) => {
      const { queryId, fileId } = await w.once("query with a file", () => answeredQueryOf(w));
      return { path: about(`/queries/${queryId}/files/${fileId}`)(w), params: { queryId, fileId } };
    },
  },
  "staff.dashboard.tsx": { GET: at("/staff/dashboard") },
  "staff.dashboard_.holders.tsx": { GET: at("/staff/dashboard/holders?held=direct-payment") },
  "staff.dashboard_.journal[.]csv.ts": { GET: (w) => ({ path: `/staff/dashboard/journal.csv?month=${w.spentOn.slice(0, 7)}` }) },
  "staff.dashboard_.journal-codes.tsx": {
    GET: at("/staff/dashboard/journal-codes"),
    POST: () => ({ path: "/staff/dashboard/journal-codes", form: { key: "paid:direct-payment", costCentre: "PHB301", subjectiveCode: "52141001" } }),
  },
  "staff.help-contact.tsx": {
    GET: at("/staff/help-contact"),
    POST: () => ({ path: "/staff/help-contact", form: { phone: "0116 295 0000", email: "phb.team@nhs.net", openingHours: "Monday to Friday, 9am to 5pm" } }),
  },
  // A new NHS number each time, so each coordinator who may add the person does.
  "staff.holders.new.tsx": {
    GET: at("/staff/holders/new"),
    POST: () => ({
      path: "/staff/holders/new",
      form: {
        nhsNumber: newNhsNumber(),
        givenName: "Ann",
        familyName: "Smith",
        "dateOfBirth-day": "15",
        "dateOfBirth-month": "3",
        "dateOfBirth-year": "1948",
        cohort: "chc",
        phone: "0116 496 0000",
        referredBy: "gp",
      },
    }),
  },
  "staff.holders.$holderId.indicative-budget.tsx": {
    GET: (w) => ({ path: `/staff/holders/${w.holder.id}/indicative-budget`, params: { holderId: w.holder.id } }),
    POST: (w) => ({
      path: `/staff/holders/${w.holder.id}/indicative-budget`,
      params: { holderId: w.holder.id },
      form: { intent: "calculate", lineKeys: w.statementLine.lineKey },
    }),
  },
  "staff.holders.$holderId.plan.tsx": {
    GET: (w) => ({ path: `/staff/holders/${w.holder.id}/plan`, params: { holderId: w.holder.id } }),
    POST: {
      byVariant: {
        // With a draft open, starting one answers with it: the same every time.
        "intent=start": (w) => ({ path: `/staff/holders/${w.holder.id}/plan`, params: { holderId: w.holder.id }, form: { intent: "start" } }),
        "intent=reject": async (w) => ({
          path: `/staff/holders/${w.holder.id}/plan`,
          params: { holderId: w.holder.id },
          form: { intent: "reject", planVersionId: await w.once("version to reject", () => submittedOf(w)), reason: "The nursing hours need a review first" },
        }),
      },
    },
  },
  "staff.holders.$holderId.plan_.approve.tsx": {
    // With nothing waiting, the check page sends an approver to the plan; a version waiting here would stop later rows starting a draft.
    GET: (w) => ({ path: `/staff/holders/${w.holder.id}/plan/approve`, params: { holderId: w.holder.id } }),
    POST: async (w) => ({
      path: `/staff/holders/${w.holder.id}/plan/approve`,
      params: { holderId: w.holder.id },
      form: { planVersionId: await w.once("version to approve", () => firstApprovedOf(w)) },
    }),
  },
  // With nothing of the asker's to confirm, the page sends them to the plan: still the route's own answer.
  "staff.holders.$holderId.plan_.approved.tsx": {
    GET: (w) => ({ path: `/staff/holders/${w.holder.id}/plan/approved?version=1`, params: { holderId: w.holder.id } }),
  },
  "staff.holders.$holderId.plan_.edit.tsx": {
    GET: async (w) => {
      await w.once("draft to show", () => draftOf(w));
      return { path: `/staff/holders/${w.holder.id}/plan/edit`, params: { holderId: w.holder.id } };
    },
  },
  "staff.holders.$holderId.plan_.edit_.$section.tsx": {
    GET: async (w) => {
      await w.once("draft to show", () => draftOf(w));
      return { path: `/staff/holders/${w.holder.id}/plan/edit/about`, params: { holderId: w.holder.id, section: "about" } };
    },
    POST: async (w) => {
      const planVersionId = await w.once("draft to edit", () => draftOf(w));
      const [{ version }] = await w.db.select({ version: planVersions.version }).from(planVersions).where(eq(planVersions.id, planVersionId));
      return {
        path: `/staff/holders/${w.holder.id}/plan/edit/about`,
        params: { holderId: w.holder.id, section: "about" },
        form: { planVersionId, whatMatters: `Getting up when I choose (version ${version}).`, whoWasInvolved: "Me, my carer and my coordinator." },
      };
    },
  },
  "staff.holders.$holderId.plan_.edit_.check.tsx": {
    GET: async (w) => {
      await w.once("draft to show", () => draftOf(w));
      return { path: `/staff/holders/${w.holder.id}/plan/edit/check`, params: { holderId: w.holder.id } };
    },
    POST: async (w) => ({
      path: `/staff/holders/${w.holder.id}/plan/edit/check`,
      params: { holderId: w.holder.id },
      form: { planVersionId: await w.once("draft to send", () => readyDraftOf(w)) },
    }),
  },
  // With nothing waiting for approval, the page sends the coordinator to the plan: still the route's own answer.
  "staff.holders.$holderId.plan_.sent.tsx": {
    GET: (w) => ({ path: `/staff/holders/${w.holder.id}/plan/sent?version=1`, params: { holderId: w.holder.id } }),
  },
  "staff.instalments.tsx": {
    GET: at("/staff/instalments"),
    POST: () => ({ path: "/staff/instalments", form: { intent: "frequency", organisationId: "", frequency: "monthly" } }),
  },
  "staff.spending-periods.tsx": {
    GET: at("/staff/spending-periods"),
    // The oldest month that can be closed: a year back, long before the plan started, so spending stays open.
    POST: (w) => ({ path: "/staff/spending-periods", form: { month: closableMonths({ closedThrough: null, today: w.today }).at(-1)!.month } }),
  },
  "staff.spending-rules.tsx": {
    GET: at("/staff/spending-rules"),
    POST: () => ({ path: "/staff/spending-rules", form: { intent: "threshold", threshold: "50.00" } }),
  },
  "staff.statement-of-resources.tsx": {
    GET: at("/staff/statement-of-resources"),
    POST: () => ({ path: "/staff/statement-of-resources", form: { intent: "add", ...statementLineForm } }),
  },
  "staff.statement-of-resources[.]csv.ts": { GET: at("/staff/statement-of-resources.csv") },
  "staff.statement-of-resources_.$lineKey.tsx": {
    GET: (w) => ({ path: `/staff/statement-of-resources/${w.statementLine.lineKey}`, params: { lineKey: w.statementLine.lineKey } }),
    POST: (w) => ({
      path: `/staff/statement-of-resources/${w.statementLine.lineKey}`,
      params: { lineKey: w.statementLine.lineKey },
      form: { ...statementLineForm, service: "Personal care", costPerUnit: "18.50" },
    }),
  },
  "support._index.tsx": { GET: at("/support") },
  "staff.holders.$holderId.support-organisations.tsx": {
    GET: (w) => ({ path: `/staff/holders/${w.holder.id}/support-organisations`, params: { holderId: w.holder.id } }),
    POST: (w) => ({
      path: `/staff/holders/${w.holder.id}/support-organisations`,
      params: { holderId: w.holder.id },
      form: {
        organisationId: w.assignedOrganisationId,
        scopes: ["payroll"],
        ...dateBoxes("startsOn", w.planStart),
        "endsOn-day": "",
        "endsOn-month": "",
        "endsOn-year": "",
      },
    }),
  },
  "support.payroll.tsx": {
    GET: at("/support/payroll"),
    POST: (w, role) => ({
      path: "/support/payroll",
      form: { frequency: "weekly", ...dateBoxes("periodStartsOn", w.payrollPeriod), file: w.payrollFileFor(role) },
    }),
  },
  "support.payroll_.enter.tsx": {
    GET: at("/support/payroll/enter"),
    POST: (w, role) => ({
      path: "/support/payroll/enter",
      form: {
        frequency: "weekly",
        ...dateBoxes("period", w.payrollPeriod),
        payroll_ref: w.payrollReferenceFor(role),
        gross: "0.02",
        employee_tax: "0",
        employee_ni: "0",
        employee_pension: "0",
        net_pay: "0.02",
        employer_ni: "0",
        employer_pension: "0",
        ...dateBoxes("payment_date", w.payrollPaidOn),
      },
    }),
  },
  "support.payroll_.$runId.tsx": {
    GET: (w) => ({ path: `/support/payroll/${w.payrollRun}`, params: { runId: w.payrollRun } }),
    POST: (w) => ({ path: `/support/payroll/${w.payrollRun}`, params: { runId: w.payrollRun } }),
  },
  "employer.tsx": {
    GET: (w) => ({ path: about("/employer")(w) }),
    POST: (w) => ({
      path: about("/employer")(w),
      form: {
        intent: "employer",
        payeReference: "123/AB45678",
        accountsOfficeReference: "123PX00123456",
        insurer: "Acme Mutual",
        insurancePolicy: "EL-2",
        ...dateBoxes("insuranceExpiresOn", "2031-03-31"),
      },
    }),
  },
  "staff.holders.$holderId.bank-account.tsx": {
    GET: (w) => ({ path: `/staff/holders/${w.holder.id}/bank-account`, params: { holderId: w.holder.id } }),
    POST: (w) => ({
      path: `/staff/holders/${w.holder.id}/bank-account`,
      params: { holderId: w.holder.id },
      form: { accountName: "A Holder PHB account", sortCode: "30-94-30", accountNumber: "00733445" },
    }),
  },
  // A statement each role sends: lines already imported add nothing, so every finance upload succeeds.
  "staff.holders.$holderId.bank-statements.tsx": {
    GET: (w) => ({ path: `/staff/holders/${w.holder.id}/bank-statements`, params: { holderId: w.holder.id } }),
    POST: async (w) => ({
      ...(await recordedBankAccount(w).then(() => ({}))),
      path: `/staff/holders/${w.holder.id}/bank-statements`,
      params: { holderId: w.holder.id },
      form: {
        intent: "upload",
        file: new File([`Date,Description,Amount\n${w.spentOn.split("-").reverse().join("/")},Jane Smith PA,-1.00\n`], "statement.csv"),
      },
    }),
  },
  // Each role says what a bank line of its own is: a line explained once cannot be explained again.
  "staff.holders.$holderId.reconciliation.$period.tsx": {
    GET: (w) => ({
      path: `/staff/holders/${w.holder.id}/reconciliation/${w.spentOn.slice(0, 7)}`,
      params: { holderId: w.holder.id, period: w.spentOn.slice(0, 7) },
    }),
    POST: async (w, role) => ({
      path: `/staff/holders/${w.holder.id}/reconciliation/${w.spentOn.slice(0, 7)}`,
      params: { holderId: w.holder.id, period: w.spentOn.slice(0, 7) },
      form: { intent: "explain", outcome: "own-transfer", note: "", lineId: await w.once(`bank line for ${role}`, () => bankLineOf(w, role)) },
    }),
  },
  "employer_.assistants.$assistantId.sign-in.tsx": {
    GET: (w) => ({ path: about(`/employer/assistants/${w.notSignedInPa}/sign-in`)(w), params: { assistantId: w.notSignedInPa } }),
    // Each role sends a link to an address of its own: each new link closes the one before.
    POST: (w) => ({
      path: about(`/employer/assistants/${w.notSignedInPa}/sign-in`)(w),
      params: { assistantId: w.notSignedInPa },
      form: { email: `pa-${randomUUID()}@test.example` },
    }),
  },
  "pa._index.tsx": {
    GET: at("/pa"),
    POST: (w) => ({ path: "/pa", form: { ...dateBoxes("weekStartsOn", mondayBefore(w.planStart)), hours: "7.5" } }),
  },
  "pa-invitation.$token.tsx": {
    GET: (w) => ({ path: `/pa-invitation/${w.paInvitation}`, params: { token: w.paInvitation } }),
    POST: (w) => ({ path: `/pa-invitation/${w.paInvitation}`, params: { token: w.paInvitation } }),
  },
  "pa-invitation._index.tsx": {
    GET: async (w) => ({ path: "/pa-invitation", cookie: await paCookie(w.paInvitation) }),
    POST: async (w, role) => ({
      path: "/pa-invitation",
      cookie: await paCookie(w.own(role).paInvitation),
      form: { password: "a long enough password", confirmPassword: "a long enough password" },
    }),
  },
  "payslips.$payslipId.tsx": { GET: (w) => ({ path: about(`/payslips/${w.payslip}`)(w), params: { payslipId: w.payslip } }) },
  "payslips.$payslipId_.pdf.ts": { GET: (w) => ({ path: about(`/payslips/${w.payslip}/pdf`)(w), params: { payslipId: w.payslip } }) },
  ...RECOVERY_CALLS,
  ...POOL_CALLS,
};

/** A date as the three boxes of the NHS.UK date input send it. */
function dateBoxes(name: string, iso: string) {
  const [year, month, day] = iso.split("-");
  return { [`${name}-day`]: String(Number(day)), [`${name}-month`]: String(Number(month)), [`${name}-year`]: year };
}

/** The Monday of the week before the one a day is in: before the plan started, it is in no pay period, paid or to be. */
function mondayBefore(iso: string) {
  const day = parseISO(iso);
  return format(addDays(day, -((day.getDay() + 6) % 7) - 7), "yyyy-MM-dd");
}
