import { createHash } from "node:crypto";
import { and, asc, eq, sql } from "drizzle-orm";
import { pgErrorOf, type Database } from "#db/client.server";
import { payees, planSupportLines, spendReceipts, spends, staffRoles, users } from "#db/schema";
import { recordAudit, type Actor } from "~/audit/audit.server";
import { openArrangement } from "~/budgets/arrangements.server";
import { formatPence, type Pence } from "~/ledger/money";
import { postEntry, reverseEntry } from "~/ledger/post-entry.server";
import { approvedVersionsOf, loadPlanHistory, loadPlanInForce, planInForceOf } from "~/plans/plan-in-force.server";
import type { CheckedReceipt } from "./receipts";
import { sha256, storeReceiptFile } from "./receipt-files.server";
import { spendingByLine } from "./line-spending.server";
import { findOrAddPayee } from "./payees.server";
import { listRestrictedCategories, overspendRuleFor, readSpendingSettings } from "./settings.server";
import { planYear, yearAllocations } from "~/plans/rules";
import { checkHowPaid, checkMayChangeSpend, checkPeriodOpen, checkSpentOn, decideOverspend, decideRestricted } from "./rules";

export type HowPaid = "account-transfer" | "card" | "cash" | "invoice";
export type Spend = typeof spends.$inferSelect;

export interface SpendInput {
  actor: Actor;
  holderId: string;
  /** One per form shown: a double submit or a refresh of the same form logs one spend and posts one entry. */
  formToken: string;
  spentOn: string;
  payeeId?: string | null;
  newPayeeName?: string | null;
  amountPence: Pence;
  whatFor: string;
  supportLineId: string;
  howPaid: HowPaid;
  restrictedCategoryId?: string | null;
  receipts: CheckedReceipt[];
  today: string;
}

export type SpendField = "spentOn" | "payee" | "amount" | "whatFor" | "supportLineId" | "howPaid" | "restrictedCategoryId" | "receipts";

/** `forbidden`: the person may not do this at all (not a mistake on the form), which the route answers with a 403. */
export type LogSpendResult =
  { ok: true; spend: Spend; replayed: boolean; warnings: string[] } | { ok: false; field: SpendField | null; message: string; forbidden?: true };

class Refusal extends Error {
  constructor(
    readonly field: SpendField | null,
    message: string,
    readonly forbidden = false,
  ) {
    super(message);
  }
}

/** What the spend form offers: the plan's lines a holder can spend from, their payees, the restricted categories. */
export async function loadSpendForm(db: Database, input: { holderId: string; commissionerId: string; staff: boolean; organisationId?: string | null }) {
  const plan = await loadPlanInForce(db, input.holderId);
  const holderPayees = await db.select({ id: payees.id, name: payees.name }).from(payees).where(eq(payees.holderId, input.holderId)).orderBy(asc(payees.name));
  const categories = await listRestrictedCategories(db, input.commissionerId);
  // An organisation spends only the third-party budget it holds; staff any line; the holder and representatives their
  // direct payment (what the NHS arranges, and a third-party budget, are kept by whoever holds the money).
  const lines = (plan?.lines ?? []).filter((l) =>
    input.organisationId ? l.holding === "third-party" && l.thirdPartyOrganisationId === input.organisationId : input.staff || l.holding === "direct-payment",
  );
  return { plan, lines, payees: holderPayees, categories };
}

/**
 * One holder's spends are logged and changed one at a time, so two spends at once cannot both fit in what is left on
 * a line that blocks overspending. A transaction-scoped advisory lock, always taken first, so it cannot deadlock.
 */
async function lockHolderSpending(tx: Database, holderId: string) {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`spending:${holderId}`}, 0))`);
}

/**
 * Logs a spend against a plan support line: checks the line is on the holder's current plan, the date, the
 * restricted categories and the line's overspend rule; posts one ledger entry from the holder's direct-payment
 * (or third-party) account to the payee, keyed by the form's token; and writes the spend, its receipts and the
 * audit row, all in one transaction. The same form submitted again answers with the spend it logged.
 */
export async function logSpend(db: Database, input: SpendInput): Promise<LogSpendResult> {
  return withRefusals(db, input.formToken, input.actor, () => db.transaction((tx) => logSpendIn(tx, input, null)));
}

async function withRefusals(db: Database, formToken: string, actor: Actor, run: () => Promise<LogSpendResult>): Promise<LogSpendResult> {
  const earlier = await findByToken(db, actor, formToken);
  if (earlier) return { ok: true, spend: earlier, replayed: true, warnings: [] };
  try {
    return await run();
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, field: error.field, message: error.message, ...(error.forbidden ? { forbidden: true as const } : {}) };
    // Two submits at once: the second waits for the first and then finds its token taken.
    if (pgErrorOf(error)?.code === "23505") {
      const spend = await findByToken(db, actor, formToken);
      if (spend) return { ok: true, spend, replayed: true, warnings: [] };
    }
    throw error;
  }
}

async function findByToken(db: Database, actor: Actor, formToken: string) {
  if (!actor.commissionerId) return null;
  const [spend] = await db
    .select()
    .from(spends)
    .where(and(eq(spends.commissionerId, actor.commissionerId), eq(spends.formToken, formToken)));
  return spend ?? null;
}

async function logSpendIn(tx: Database, input: SpendInput, replaces: Spend | null): Promise<LogSpendResult> {
  const { actor } = input;
  if (!actor.userId) throw new Refusal(null, "Sign in to log a spend");
  await lockHolderSpending(tx, input.holderId);
  const earlier = await findByToken(tx, actor, input.formToken);
  if (earlier) return { ok: true, spend: earlier, replayed: true, warnings: [] };
  const { plan, commissionerId, line, category, restricted, overspend, warnings, whatFor, settings } = await validateSpend(tx, input);

  const payee = await resolvePayee(tx, { holderId: input.holderId, commissionerId, payeeId: input.payeeId, newPayeeName: input.newPayeeName });
  // From the arrangement that holds the line's money: the direct payment, the third-party budget, or what the NHS arranges.
  const { account: from } = await openArrangement(tx, {
    commissionerId,
    holderId: input.holderId,
    holding: line.holding,
    supportOrganisationId: line.thirdPartyOrganisationId,
    on: input.spentOn,
  });

  // Derived from the form's token, so a second submit racing the first asks the ledger for exactly the same entry.
  const spendId = uuidFrom(`${commissionerId}:${input.formToken}`);
  const posted = await postEntry(tx, {
    idempotencyKey: `spend:${input.formToken}`,
    kind: "spend",
    effectiveDate: input.spentOn,
    description: `${whatFor} (${payee.name})`,
    lines: [
      { accountId: from.id, amountPence: -input.amountPence },
      { accountId: payee.ledgerAccountId, amountPence: input.amountPence },
    ],
    actor,
    onBehalfOf: input.holderId,
    sourceType: "spend",
    sourceId: spendId,
    supportLineKey: line.lineKey,
  });
  if (!posted.ok) throw new Refusal(posted.reason === "not-enough-money" ? "amount" : posted.reason === "period-closed" ? "spentOn" : null, posted.message);

  const threshold = settings.noReceiptThresholdPence;
  const flagReasons: string[] = [];
  if (input.receipts.length === 0 && input.amountPence > threshold) flagReasons.push(`No receipt for a spend over ${formatPence(threshold)}`);
  if (restricted.outcome === "needs-agreement") flagReasons.push(`Needs agreement: ${category!.name}`);

  const [spend] = await tx
    .insert(spends)
    .values({
      id: spendId,
      commissionerId,
      holderId: input.holderId,
      budgetId: plan.budgetId,
      planVersionId: plan.version.id,
      supportLineId: line.id,
      lineKey: line.lineKey,
      spentOn: input.spentOn,
      payeeId: payee.id,
      amountPence: input.amountPence,
      whatFor,
      howPaid: input.howPaid,
      restrictedCategoryId: category?.id ?? null,
      needsAgreement: restricted.outcome === "needs-agreement",
      flaggedForFinance: flagReasons.length > 0,
      flagReason: flagReasons.length ? flagReasons.join("; ") : null,
      overspendWarning: overspend.outcome === "warn",
      journalEntryId: posted.entry.id,
      formToken: input.formToken,
      loggedBy: actor.userId,
      onBehalfOfHolderId: actor.onBehalfOfHolderId ?? null,
      replacesSpendId: replaces?.id ?? null,
    })
    .returning();

  for (const receipt of input.receipts) {
    await storeReceiptFile(tx, receipt.bytes);
    await tx.insert(spendReceipts).values({
      commissionerId,
      spendId,
      sha256: sha256(receipt.bytes),
      fileName: receipt.safeName,
      contentType: receipt.contentType,
      sizeBytes: receipt.bytes.length,
      uploadedBy: actor.userId,
    });
  }
  await recordAudit(
    tx,
    { ...actor, onBehalfOfHolderId: actor.onBehalfOfHolderId ?? input.holderId },
    {
      action: replaces ? "spending.edited" : "spending.logged",
      entityType: "spend",
      entityId: spend.id,
      before: replaces ? { spendId: replaces.id, amountPence: replaces.amountPence } : undefined,
      after: {
        amountPence: spend.amountPence,
        spentOn: spend.spentOn,
        payee: payee.name,
        lineKey: spend.lineKey,
        journalEntryId: spend.journalEntryId,
        receipts: input.receipts.length,
        flaggedForFinance: spend.flaggedForFinance,
        needsAgreement: spend.needsAgreement,
        overspendWarning: spend.overspendWarning,
        loggedByRepresentative: Boolean(actor.onBehalfOfHolderId),
      },
    },
  );
  return { ok: true, spend, replayed: false, warnings };
}

/** Everything about a spend that can be checked before it is logged; throws a Refusal for the first problem. */
async function validateSpend(tx: Database, input: Omit<SpendInput, "formToken" | "receipts">) {
  const { actor } = input;
  const history = await loadPlanHistory(tx, input.holderId);
  const plan = history && planInForceOf(history);
  if (!history || !plan) throw new Refusal(null, "There is no approved plan to log spending against yet");
  const commissionerId = plan.version.commissionerId;
  const line = plan.lines.find((l) => l.id === input.supportLineId);
  if (!line) throw new Refusal("supportLineId", "Select a support line from your current plan");
  const organisationId = await organisationOfActor(tx, actor);
  if (organisationId && (line.holding !== "third-party" || line.thirdPartyOrganisationId !== organisationId)) {
    throw new Refusal("supportLineId", `"${line.description}" is not held by your organisation: select a line of the third-party budget you hold`);
  }
  const staff = await isStaffActor(tx, actor);
  const heldElsewhere = checkMayChangeSpend(
    { howPaid: input.howPaid, heldByOrganisation: line.holding === "third-party" },
    organisationId ? "organisation" : staff ? "staff" : "holder-or-representative",
  );
  if (line.holding === "third-party" && heldElsewhere) throw new Refusal("supportLineId", heldElsewhere);
  if (line.holding === "notional" && !staff) {
    throw new Refusal("supportLineId", `"${line.description}" is arranged by the NHS for you: select a line you pay for yourself`);
  }
  const howPaidProblem = checkHowPaid(line.holding, input.howPaid);
  if (howPaidProblem) throw new Refusal("howPaid", howPaidProblem);
  const dateProblem = checkSpentOn(input.spentOn, { today: input.today, planStartsOn: plan.startsOn });
  if (dateProblem) throw new Refusal("spentOn", dateProblem);
  // Read without a lock, to say early which field is wrong: the ledger itself refuses an entry in a closed period.
  const settings = await readSpendingSettings(tx, commissionerId);
  const closed = checkPeriodOpen(input.spentOn, settings.closedThrough);
  if (closed) throw new Refusal("spentOn", closed);
  if (!Number.isSafeInteger(input.amountPence) || input.amountPence <= 0) throw new Refusal("amount", "The amount must be more than £0.00");
  const whatFor = input.whatFor.trim();
  if (!whatFor) throw new Refusal("whatFor", "Enter what the money was for");

  const categories = input.restrictedCategoryId ? await listRestrictedCategories(tx, commissionerId) : [];
  const category = input.restrictedCategoryId ? categories.find((c) => c.id === input.restrictedCategoryId) : null;
  if (input.restrictedCategoryId && !category) throw new Refusal("restrictedCategoryId", "Select one of the listed options");
  const restricted = decideRestricted(category);
  if (restricted.outcome === "refused") throw new Refusal("restrictedCategoryId", restricted.message);

  const warnings: string[] = [];
  const year = planYear(plan.startsOn, input.spentOn);
  const allocated = yearAllocations(approvedVersionsOf(history), year).get(line.lineKey) ?? 0;
  const spent = (await spendingByLine(tx, { holderId: input.holderId, from: year.start, to: year.end, lineKey: line.lineKey })).get(line.lineKey) ?? 0;
  const overspend = decideOverspend({
    amountPence: input.amountPence,
    leftPence: allocated - spent,
    rule: await overspendRuleFor(tx, input.holderId),
    lineName: line.description,
  });
  if (overspend.outcome === "block") throw new Refusal("amount", overspend.message);
  if (overspend.outcome === "warn") warnings.push(overspend.message);
  if (restricted.outcome === "needs-agreement") warnings.push(restricted.message);

  return { plan, commissionerId, line, category, restricted, overspend, warnings, whatFor, settings };
}

/** The check-your-answers step: the same checks as logging, nothing written. */
export async function checkSpend(
  db: Database,
  input: Omit<SpendInput, "formToken" | "receipts">,
): Promise<{ ok: true; warnings: string[]; lineDescription: string; categoryName: string | null } | { ok: false; field: SpendField | null; message: string }> {
  try {
    const checked = await validateSpend(db, input);
    if (input.payeeId) await resolvePayeeReadOnly(db, input.holderId, input.payeeId);
    else if (!(input.newPayeeName ?? "").trim()) throw new Refusal("payee", "Enter who you paid");
    return { ok: true, warnings: checked.warnings, lineDescription: checked.line.description, categoryName: checked.category?.name ?? null };
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, field: error.field, message: error.message };
    throw error;
  }
}

async function resolvePayeeReadOnly(db: Database, holderId: string, payeeId: string) {
  const [payee] = await db
    .select()
    .from(payees)
    .where(and(eq(payees.id, payeeId), eq(payees.holderId, holderId)));
  if (!payee) throw new Refusal("payee", "Select who you paid from the list, or add someone new");
  return payee;
}

/** Staff acting as themselves; a representative's actor names the holder they act for. */
async function isStaffActor(db: Database, actor: Actor) {
  if (actor.userId === null || actor.onBehalfOfHolderId) return false;
  const [role] = await db.select({ role: staffRoles.role }).from(staffRoles).where(eq(staffRoles.userId, actor.userId)).limit(1);
  return Boolean(role);
}

/** The support organisation an actor works for, when they are one of its users. */
async function organisationOfActor(db: Database, actor: Actor) {
  if (actor.userId === null) return null;
  const [user] = await db.select({ organisationId: users.supportOrganisationId, kind: users.kind }).from(users).where(eq(users.id, actor.userId));
  return user?.kind === "support" ? user.organisationId : null;
}

async function resolvePayee(tx: Database, input: { holderId: string; commissionerId: string; payeeId?: string | null; newPayeeName?: string | null }) {
  const found = await findOrAddPayee(tx, input);
  if (!found.ok) throw new Refusal("payee", found.message);
  return found.payee;
}

function uuidFrom(text: string) {
  const h = createHash("sha256").update(text).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * Changes a spend: the entry it posted is reversed with the reason, and the spend as corrected is logged again
 * pointing back at it; both in one transaction. Only while the spend's plan year is the current one (the period
 * is open), and a spend already corrected is corrected through its replacement. An invoice the NHS paid is changed
 * by staff only.
 */
export async function editSpend(db: Database, input: SpendInput & { spendId: string; reason: string }): Promise<LogSpendResult> {
  const reason = input.reason.trim();
  if (!reason) return { ok: false, field: null, message: "Enter why you are changing this spend" };
  return withRefusals(db, input.formToken, input.actor, () =>
    db.transaction(async (tx) => {
      await lockHolderSpending(tx, input.holderId);
      const [original] = await tx
        .select()
        .from(spends)
        .where(and(eq(spends.id, input.spendId), eq(spends.holderId, input.holderId)))
        .for("update");
      if (!original) throw new Refusal(null, "There is no such spend");
      if (original.reversedAt) throw new Refusal(null, "This spend has already been changed: change the newer one instead");
      const [line] = await tx.select({ holding: planSupportLines.holding }).from(planSupportLines).where(eq(planSupportLines.id, original.supportLineId));
      const keeper = (await organisationOfActor(tx, input.actor))
        ? "organisation"
        : (await isStaffActor(tx, input.actor))
          ? "staff"
          : "holder-or-representative";
      const notTheirs = checkMayChangeSpend({ howPaid: original.howPaid, heldByOrganisation: line.holding === "third-party" }, keeper);
      if (notTheirs) throw new Refusal(null, notTheirs, true);
      const plan = await loadPlanInForce(tx, input.holderId);
      const open = planYear(plan?.startsOn ?? original.spentOn, input.today);
      if (original.spentOn < open.start)
        throw new Refusal(null, "The plan year this spend is in has ended: contact your personal health budget team to correct it");
      const closed = checkPeriodOpen(original.spentOn, (await readSpendingSettings(tx, original.commissionerId)).closedThrough);
      if (closed) throw new Refusal(null, closed);
      const reversed = await reverseEntry(tx, { entryId: original.journalEntryId, reason, actor: input.actor });
      if (!reversed.ok) throw new Refusal(null, reversed.message);
      await tx
        .update(spends)
        .set({
          reversedAt: new Date(),
          reversalEntryId: reversed.entry.id,
          reversalReason: reason,
          reversedBy: input.actor.userId,
        })
        .where(eq(spends.id, original.id));
      const result = await logSpendIn(tx, input, original);
      if (result.ok) {
        await tx.update(spends).set({ replacedBySpendId: result.spend.id }).where(eq(spends.id, original.id));
        // The receipts stay with the spend they prove, unless new ones were given with the change.
        if (input.receipts.length === 0) {
          const kept = await tx.select().from(spendReceipts).where(eq(spendReceipts.spendId, original.id));
          for (const { id: _id, spendId: _old, ...receipt } of kept) await tx.insert(spendReceipts).values({ ...receipt, spendId: result.spend.id });
          if (kept.length && result.spend.flaggedForFinance && result.spend.flagReason?.startsWith("No receipt")) {
            const others = result.spend.flagReason.split("; ").filter((r) => !r.startsWith("No receipt"));
            const [updated] = await tx
              .update(spends)
              .set({ flaggedForFinance: others.length > 0, flagReason: others.length ? others.join("; ") : null })
              .where(eq(spends.id, result.spend.id))
              .returning();
            return { ...result, spend: updated };
          }
        }
      }
      return result;
    }),
  );
}
