import { createHash } from "node:crypto";
import { and, asc, desc, eq, inArray, isNull, lt, notExists, sql } from "drizzle-orm";
import { pgErrorOf, type Database } from "#db/client.server";
import {
  budgetOverspendRules, payees, planOutcomes, planSupportLines, planVersions, receiptFiles,
  restrictedSpendingCategories, spendReceipts, spendingSettings, spends, staffRoles,
} from "#db/schema";
import { recordAudit, type Actor } from "~/audit/audit.server";
import { ensureBudgetAccount, ensurePayeeAccount } from "~/ledger/accounts.server";
import { formatPence, type Pence } from "~/ledger/money";
import { postEntry, reverseEntry } from "~/ledger/post-entry.server";
import { checkReceipts, type CheckedReceipt, type ReceiptUpload } from "./receipts";
import {
  checkHowPaid, checkPeriodOpen, checkSpentOn, closableMonths, decideOverspend, decideRestricted, DEFAULT_RESTRICTED_CATEGORIES, planYear,
  type OverspendRule, type RestrictedCategory,
} from "./rules";

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

export type LogSpendResult =
  | { ok: true; spend: Spend; replayed: boolean; warnings: string[] }
  | { ok: false; field: SpendField | null; message: string };

class Refusal extends Error {
  constructor(readonly field: SpendField | null, message: string) {
    super(message);
  }
}

/** The commissioner's restricted categories, starting them from the handbook's list the first time they are asked for. */
export async function listRestrictedCategories(db: Database, commissionerId: string): Promise<RestrictedCategory[]> {
  const read = () =>
    db
      .select({
        id: restrictedSpendingCategories.id, key: restrictedSpendingCategories.key, name: restrictedSpendingCategories.name,
        rule: restrictedSpendingCategories.rule, reason: restrictedSpendingCategories.reason, whatToDoInstead: restrictedSpendingCategories.whatToDoInstead,
      })
      .from(restrictedSpendingCategories)
      .where(and(eq(restrictedSpendingCategories.commissionerId, commissionerId), isNull(restrictedSpendingCategories.retiredAt)))
      .orderBy(asc(restrictedSpendingCategories.position));
  const rows = await read();
  if (rows.length) return rows;
  // Only a commissioner with no categories at all starts from the list; one that retired them all keeps none.
  const [any] = await db.select({ id: restrictedSpendingCategories.id }).from(restrictedSpendingCategories).where(eq(restrictedSpendingCategories.commissionerId, commissionerId)).limit(1);
  if (any) return rows;
  await seedRestrictedCategories(db, commissionerId);
  return read();
}

export async function seedRestrictedCategories(db: Database, commissionerId: string) {
  await db
    .insert(restrictedSpendingCategories)
    .values(DEFAULT_RESTRICTED_CATEGORIES.map((c, position) => ({ ...c, commissionerId, position })))
    .onConflictDoNothing();
}

/** The holder's current plan: the latest approved version, with the budget it set up. */
export async function loadCurrentPlan(db: Database, holderId: string) {
  const [version] = await db
    .select()
    .from(planVersions)
    .where(and(eq(planVersions.holderId, holderId), eq(planVersions.status, "approved")))
    .orderBy(desc(planVersions.version))
    .limit(1);
  if (!version || !version.budgetId) return null;
  const outcomes = await db.select().from(planOutcomes).where(eq(planOutcomes.planVersionId, version.id)).orderBy(asc(planOutcomes.position));
  const lines = await db.select().from(planSupportLines).where(eq(planSupportLines.planVersionId, version.id)).orderBy(asc(planSupportLines.position));
  return { version, budgetId: version.budgetId, outcomes, lines };
}

/** What the spend form offers: the plan's lines a holder can spend from, their payees, the restricted categories. */
export async function loadSpendForm(db: Database, input: { holderId: string; commissionerId: string; staff: boolean }) {
  const plan = await loadCurrentPlan(db, input.holderId);
  const holderPayees = await db.select({ id: payees.id, name: payees.name }).from(payees).where(eq(payees.holderId, input.holderId)).orderBy(asc(payees.name));
  const categories = await listRestrictedCategories(db, input.commissionerId);
  const lines = (plan?.lines ?? []).filter((l) => input.staff || l.holding !== "notional");
  return { plan, lines, payees: holderPayees, categories };
}

/**
 * The commissioner's no-receipt amount and closed periods. Logging a spend reads them with a share lock, so finance
 * closing a period waits for spends being logged in it and every later spend sees the period closed.
 */
async function settingsOf(db: Database, commissionerId: string, options: { lock: boolean } = { lock: false }) {
  if (!options.lock) {
    const [row] = await db.select().from(spendingSettings).where(eq(spendingSettings.commissionerId, commissionerId));
    return { noReceiptThresholdPence: row?.noReceiptThresholdPence ?? 5_000, closedThrough: row?.closedThrough ?? null };
  }
  await db.insert(spendingSettings).values({ commissionerId }).onConflictDoNothing();
  const [row] = await db.select().from(spendingSettings).where(eq(spendingSettings.commissionerId, commissionerId)).for("share");
  return row;
}

/**
 * One holder's spends are logged and changed one at a time, so two spends at once cannot both fit in what is left on
 * a line that blocks overspending. A transaction-scoped advisory lock, always taken first, so it cannot deadlock.
 */
async function lockHolderSpending(tx: Database, holderId: string) {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`spending:${holderId}`}, 0))`);
}

export async function overspendRuleFor(db: Database, budgetId: string): Promise<OverspendRule> {
  const [row] = await db.select().from(budgetOverspendRules).where(eq(budgetOverspendRules.budgetId, budgetId));
  return row?.rule ?? "warn";
}

export async function setOverspendRule(db: Database, input: { actor: Actor; budgetId: string; commissionerId: string; rule: OverspendRule }) {
  await db.transaction(async (tx) => {
    await tx.insert(budgetOverspendRules).values({ budgetId: input.budgetId, commissionerId: input.commissionerId, rule: input.rule })
      .onConflictDoUpdate({ target: budgetOverspendRules.budgetId, set: { rule: input.rule } });
    await recordAudit(tx, input.actor, { action: "spending.overspend-rule-set", entityType: "budget", entityId: input.budgetId, after: { rule: input.rule } });
  });
}

export async function setNoReceiptThreshold(db: Database, input: { actor: Actor; commissionerId: string; pence: Pence }) {
  await db.transaction(async (tx) => {
    await tx.insert(spendingSettings).values({ commissionerId: input.commissionerId, noReceiptThresholdPence: input.pence })
      .onConflictDoUpdate({ target: spendingSettings.commissionerId, set: { noReceiptThresholdPence: input.pence } });
    await recordAudit(tx, input.actor, { action: "spending.no-receipt-threshold-set", entityType: "commissioner", entityId: input.commissionerId, after: { pence: input.pence } });
  });
}

/** Spent so far on a line (by its key, across plan versions) in a period, leaving out spends undone by an edit. */
async function spentOnLine(db: Database, budgetId: string, lineKey: string, period: { start: string; end: string }): Promise<Pence> {
  const [row] = await db
    .select({ total: sql<string>`coalesce(sum(${spends.amountPence}), 0)` })
    .from(spends)
    .where(and(
      eq(spends.budgetId, budgetId), eq(spends.lineKey, lineKey), isNull(spends.reversedAt),
      sql`${spends.spentOn} between ${period.start} and ${period.end}`,
    ));
  return Number(row.total);
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
    if (error instanceof Refusal) return { ok: false, field: error.field, message: error.message };
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
  const [spend] = await db.select().from(spends).where(and(eq(spends.commissionerId, actor.commissionerId), eq(spends.formToken, formToken)));
  return spend ?? null;
}

async function logSpendIn(tx: Database, input: SpendInput, replaces: Spend | null): Promise<LogSpendResult> {
  const { actor } = input;
  if (!actor.userId) throw new Refusal(null, "Sign in to log a spend");
  await lockHolderSpending(tx, input.holderId);
  const earlier = await findByToken(tx, actor, input.formToken);
  if (earlier) return { ok: true, spend: earlier, replayed: true, warnings: [] };
  const { plan, commissionerId, line, category, restricted, overspend, warnings, whatFor, settings } = await validateSpend(tx, input, { lock: true });

  const payee = await resolvePayee(tx, { holderId: input.holderId, commissionerId, payeeId: input.payeeId, newPayeeName: input.newPayeeName });
  const mechanism = line.holding;
  const budget = { id: plan.budgetId, commissionerId };
  const from = await ensureBudgetAccount(tx, budget, mechanism);

  // Derived from the form's token, so a second submit racing the first asks the ledger for exactly the same entry.
  const spendId = uuidFrom(`${commissionerId}:${input.formToken}`);
  const posted = await postEntry(tx, {
    idempotencyKey: `spend:${input.formToken}`,
    kind: "spend",
    effectiveDate: input.spentOn,
    description: `${whatFor} (${payee.name})`,
    lines: [{ accountId: from.id, amountPence: -input.amountPence }, { accountId: payee.ledgerAccountId, amountPence: input.amountPence }],
    actor,
    onBehalfOf: input.holderId,
    sourceType: "spend",
    sourceId: spendId,
  });
  if (!posted.ok) throw new Refusal(posted.reason === "not-enough-money" ? "amount" : null, posted.message);

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
      commissionerId, spendId, sha256: sha256(receipt.bytes), fileName: receipt.safeName, contentType: receipt.contentType,
      sizeBytes: receipt.bytes.length, uploadedBy: actor.userId,
    });
  }
  await recordAudit(tx, { ...actor, onBehalfOfHolderId: actor.onBehalfOfHolderId ?? input.holderId }, {
    action: replaces ? "spending.edited" : "spending.logged",
    entityType: "spend",
    entityId: spend.id,
    before: replaces ? { spendId: replaces.id, amountPence: replaces.amountPence } : undefined,
    after: {
      amountPence: spend.amountPence, spentOn: spend.spentOn, payee: payee.name, lineKey: spend.lineKey, journalEntryId: spend.journalEntryId,
      receipts: input.receipts.length, flaggedForFinance: spend.flaggedForFinance, needsAgreement: spend.needsAgreement,
      overspendWarning: spend.overspendWarning, loggedByRepresentative: Boolean(actor.onBehalfOfHolderId),
    },
  });
  return { ok: true, spend, replayed: false, warnings };
}

/** Everything about a spend that can be checked before it is logged; throws a Refusal for the first problem. */
async function validateSpend(tx: Database, input: Omit<SpendInput, "formToken" | "receipts">, options: { lock: boolean }) {
  const { actor } = input;
  const plan = await loadCurrentPlan(tx, input.holderId);
  if (!plan) throw new Refusal(null, "There is no approved plan to log spending against yet");
  const commissionerId = plan.version.commissionerId;
  const line = plan.lines.find((l) => l.id === input.supportLineId);
  if (!line) throw new Refusal("supportLineId", "Select a support line from your current plan");
  const staff = actor.userId !== null && !actor.onBehalfOfHolderId && (await isStaff(tx, actor.userId));
  if (line.holding === "notional" && !staff) {
    throw new Refusal("supportLineId", `"${line.description}" is arranged by the NHS for you: select a line you pay for yourself`);
  }
  const howPaidProblem = checkHowPaid(line.holding, input.howPaid);
  if (howPaidProblem) throw new Refusal("howPaid", howPaidProblem);
  const dateProblem = checkSpentOn(input.spentOn, { today: input.today, planStartsOn: plan.version.startsOn });
  if (dateProblem) throw new Refusal("spentOn", dateProblem);
  const settings = await settingsOf(tx, commissionerId, options);
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
  const year = planYear(plan.version.startsOn, input.spentOn);
  const spent = await spentOnLine(tx, plan.budgetId, line.lineKey, year);
  const overspend = decideOverspend({
    amountPence: input.amountPence, leftPence: line.amountPence - spent, rule: await overspendRuleFor(tx, plan.budgetId), lineName: line.description,
  });
  if (overspend.outcome === "block") throw new Refusal("amount", overspend.message);
  if (overspend.outcome === "warn") warnings.push(overspend.message);
  if (restricted.outcome === "needs-agreement") warnings.push(restricted.message);

  return { plan, commissionerId, line, category, restricted, overspend, warnings, whatFor, settings };
}

/** The check-your-answers step: the same checks as logging, nothing written. */
export async function checkSpend(db: Database, input: Omit<SpendInput, "formToken" | "receipts">):
  Promise<{ ok: true; warnings: string[]; lineDescription: string; categoryName: string | null } | { ok: false; field: SpendField | null; message: string }> {
  try {
    const checked = await validateSpend(db, input, { lock: false });
    if (input.payeeId) await resolvePayeeReadOnly(db, input.holderId, input.payeeId);
    else if (!(input.newPayeeName ?? "").trim()) throw new Refusal("payee", "Enter who you paid");
    return { ok: true, warnings: checked.warnings, lineDescription: checked.line.description, categoryName: checked.category?.name ?? null };
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, field: error.field, message: error.message };
    throw error;
  }
}

async function resolvePayeeReadOnly(db: Database, holderId: string, payeeId: string) {
  const [payee] = await db.select().from(payees).where(and(eq(payees.id, payeeId), eq(payees.holderId, holderId)));
  if (!payee) throw new Refusal("payee", "Select who you paid from the list, or add someone new");
  return payee;
}

async function isStaff(db: Database, userId: string) {
  const [role] = await db.select({ role: staffRoles.role }).from(staffRoles).where(eq(staffRoles.userId, userId)).limit(1);
  return Boolean(role);
}

async function resolvePayee(tx: Database, input: { holderId: string; commissionerId: string; payeeId?: string | null; newPayeeName?: string | null }) {
  if (input.payeeId) {
    const [payee] = await tx.select().from(payees).where(and(eq(payees.id, input.payeeId), eq(payees.holderId, input.holderId)));
    if (!payee) throw new Refusal("payee", "Select who you paid from the list, or add someone new");
    return payee;
  }
  const name = (input.newPayeeName ?? "").trim();
  if (!name) throw new Refusal("payee", "Enter who you paid");
  if (name.length > 120) throw new Refusal("payee", "Who you paid must be 120 characters or fewer");
  const [existing] = await tx.select().from(payees).where(and(eq(payees.holderId, input.holderId), sql`lower(${payees.name}) = lower(${name})`));
  if (existing) return existing;
  const account = await ensurePayeeAccount(tx, input.commissionerId, name);
  const [payee] = await tx.insert(payees).values({ commissionerId: input.commissionerId, holderId: input.holderId, name, ledgerAccountId: account.id }).returning();
  return payee;
}

function uuidFrom(text: string) {
  const h = createHash("sha256").update(text).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function sha256(bytes: Uint8Array) {
  return createHash("sha256").update(bytes).digest("hex");
}

/**
 * Stores a receipt's bytes once, by their SHA-256; returns the hash. Storing the same file again renews its time,
 * so a file checked again today is not removed as an unconfirmed upload from yesterday.
 */
export async function storeReceiptFile(db: Database, bytes: Uint8Array) {
  const hash = sha256(bytes);
  await db.insert(receiptFiles).values({ sha256: hash, content: bytes, sizeBytes: bytes.length })
    .onConflictDoUpdate({ target: receiptFiles.sha256, set: { createdAt: sql`now()` } });
  return hash;
}

/** A receipt checked on the check-your-answers step, carried to the confirm step by its hash. */
export type KeptReceipt = { sha256: string; size: number; name: string };

/**
 * A spend's receipts, checked together: those kept from the check step (read back by their hashes) and any new
 * uploads. One kept too long unconfirmed has been removed, and must be attached again.
 */
export async function gatherReceipts(db: Database, input: { kept: KeptReceipt[]; uploads: ReceiptUpload[] }):
  Promise<{ ok: true; receipts: CheckedReceipt[]; kept: KeptReceipt[] } | { ok: false; messages: string[]; kept: KeptReceipt[] }> {
  const stored = await readReceiptFiles(db, input.kept.map((k) => k.sha256));
  const kept = input.kept.filter((k) => stored.has(k.sha256));
  const messages = input.kept.filter((k) => !stored.has(k.sha256)).map((k) => `Attach ${k.name} again: receipts are kept for a day until the spend is logged`);
  const checked = checkReceipts([...kept.map((k) => ({ name: k.name, bytes: stored.get(k.sha256)! })), ...input.uploads]);
  if (!checked.ok) return { ok: false, messages: [...messages, ...checked.messages], kept };
  return messages.length ? { ok: false, messages, kept } : { ok: true, receipts: checked.receipts, kept };
}

/** Stores checked receipts for the confirm step, which carries only their hashes. */
export async function keepReceipts(db: Database, receipts: CheckedReceipt[]): Promise<KeptReceipt[]> {
  const kept: KeptReceipt[] = [];
  for (const r of receipts) kept.push({ sha256: await storeReceiptFile(db, r.bytes), size: r.bytes.length, name: r.safeName });
  return kept;
}

/** Receipts kept this long on the check-your-answers step without the spend being logged are removed. */
export const UNCONFIRMED_RECEIPT_HOURS = 24;

/**
 * Removes receipt files uploaded at the check step of a spend that was never logged: stored more than a day ago
 * and attached to no spend. Someone confirming after that is asked to attach the file again.
 */
export async function removeUnconfirmedReceipts(db: Database, input: { now: Date; actor: Actor }) {
  const cutoff = new Date(input.now.getTime() - UNCONFIRMED_RECEIPT_HOURS * 3_600_000);
  return db.transaction(async (tx) => {
    const removed = await tx.delete(receiptFiles)
      .where(and(
        lt(receiptFiles.createdAt, cutoff),
        notExists(tx.select({ one: sql`1` }).from(spendReceipts).where(eq(spendReceipts.sha256, receiptFiles.sha256))),
      ))
      .returning({ sha256: receiptFiles.sha256, sizeBytes: receiptFiles.sizeBytes });
    if (removed.length) {
      await recordAudit(tx, input.actor, {
        action: "spending.unconfirmed-receipts-removed", entityType: "receipt-files", entityId: "unconfirmed",
        after: { files: removed.length, bytes: removed.reduce((sum, r) => sum + r.sizeBytes, 0), storedBefore: cutoff.toISOString() },
      });
    }
    return removed.length;
  });
}

/** Reads stored receipt bytes back (for the check-your-answers step, which carries only their hashes). */
export async function readReceiptFiles(db: Database, hashes: string[]) {
  if (!hashes.length) return new Map<string, Uint8Array>();
  const rows = await db.select({ sha256: receiptFiles.sha256, content: receiptFiles.content }).from(receiptFiles).where(inArray(receiptFiles.sha256, hashes));
  return new Map(rows.map((r) => [r.sha256, new Uint8Array(r.content)]));
}

/**
 * Changes a spend: the entry it posted is reversed with the reason, and the spend as corrected is logged again
 * pointing back at it; both in one transaction. Only while the spend's plan year is the current one (the period
 * is open), and a spend already corrected is corrected through its replacement.
 */
export async function editSpend(db: Database, input: SpendInput & { spendId: string; reason: string }): Promise<LogSpendResult> {
  const reason = input.reason.trim();
  if (!reason) return { ok: false, field: null, message: "Enter why you are changing this spend" };
  return withRefusals(db, input.formToken, input.actor, () =>
    db.transaction(async (tx) => {
      await lockHolderSpending(tx, input.holderId);
      const [original] = await tx.select().from(spends).where(and(eq(spends.id, input.spendId), eq(spends.holderId, input.holderId))).for("update");
      if (!original) throw new Refusal(null, "There is no such spend");
      if (original.reversedAt) throw new Refusal(null, "This spend has already been changed: change the newer one instead");
      const [version] = await tx.select({ startsOn: planVersions.startsOn }).from(planVersions).where(eq(planVersions.id, original.planVersionId));
      const open = planYear(version.startsOn, input.today);
      if (original.spentOn < open.start) throw new Refusal(null, "The plan year this spend is in has ended: contact your personal health budget team to correct it");
      const closed = checkPeriodOpen(original.spentOn, (await settingsOf(tx, original.commissionerId, { lock: true })).closedThrough);
      if (closed) throw new Refusal(null, closed);
      const reversed = await reverseEntry(tx, { entryId: original.journalEntryId, reason, actor: input.actor });
      if (!reversed.ok) throw new Refusal(null, reversed.message);
      await tx.update(spends).set({
        reversedAt: new Date(), reversalEntryId: reversed.entry.id, reversalReason: reason, reversedBy: input.actor.userId,
      }).where(eq(spends.id, original.id));
      const result = await logSpendIn(tx, input, original);
      if (result.ok) {
        await tx.update(spends).set({ replacedBySpendId: result.spend.id }).where(eq(spends.id, original.id));
        // The receipts stay with the spend they prove, unless new ones were given with the change.
        if (input.receipts.length === 0) {
          const kept = await tx.select().from(spendReceipts).where(eq(spendReceipts.spendId, original.id));
          for (const { id: _id, spendId: _old, ...receipt } of kept) await tx.insert(spendReceipts).values({ ...receipt, spendId: result.spend.id });
          if (kept.length && result.spend.flaggedForFinance && result.spend.flagReason?.startsWith("No receipt")) {
            const others = result.spend.flagReason.split("; ").filter((r) => !r.startsWith("No receipt"));
            const [updated] = await tx.update(spends).set({ flaggedForFinance: others.length > 0, flagReason: others.length ? others.join("; ") : null }).where(eq(spends.id, result.spend.id)).returning();
            return { ...result, spend: updated };
          }
        }
      }
      return result;
    }),
  );
}

/** A stored receipt of one of the holder's spends, or null. */
export async function loadReceipt(db: Database, input: { holderId: string; receiptId: string }) {
  const [row] = await db
    .select({ fileName: spendReceipts.fileName, contentType: spendReceipts.contentType, content: receiptFiles.content })
    .from(spendReceipts)
    .innerJoin(spends, eq(spends.id, spendReceipts.spendId))
    .innerJoin(receiptFiles, eq(receiptFiles.sha256, spendReceipts.sha256))
    .where(and(eq(spendReceipts.id, input.receiptId), eq(spends.holderId, input.holderId)));
  return row ? { ...row, content: new Uint8Array(row.content) } : null;
}


/**
 * The commissioner's spending rules for the finance page: the no-receipt amount, the periods closed and those that
 * can be closed next, every restricted category in use and those retired.
 */
export async function loadSpendingSettings(db: Database, input: { commissionerId: string; today: string }) {
  const categories = await listRestrictedCategories(db, input.commissionerId);
  const retired = await db.select({ id: restrictedSpendingCategories.id, name: restrictedSpendingCategories.name, retiredAt: restrictedSpendingCategories.retiredAt })
    .from(restrictedSpendingCategories)
    .where(and(eq(restrictedSpendingCategories.commissionerId, input.commissionerId), sql`${restrictedSpendingCategories.retiredAt} is not null`))
    .orderBy(asc(restrictedSpendingCategories.name));
  const settings = await settingsOf(db, input.commissionerId);
  return { ...settings, closableMonths: closableMonths({ closedThrough: settings.closedThrough, today: input.today }), categories, retired };
}

/**
 * Finance closes spending up to the end of a month that has ended: from then on nothing dated on or before that day
 * can be logged or changed. Closing is one way; a correction after it is made by finance as a new entry.
 */
export async function closeSpendingPeriod(db: Database, input: { actor: Actor; commissionerId: string; month: string; today: string }) {
  return db.transaction(async (tx) => {
    await tx.insert(spendingSettings).values({ commissionerId: input.commissionerId }).onConflictDoNothing();
    const [before] = await tx.select().from(spendingSettings).where(eq(spendingSettings.commissionerId, input.commissionerId)).for("update");
    const month = closableMonths({ closedThrough: before.closedThrough, today: input.today }).find((m) => m.month === input.month);
    if (!month) return { ok: false as const, message: "Select a month that has ended and is not closed yet" };
    await tx.update(spendingSettings).set({ closedThrough: month.lastDay }).where(eq(spendingSettings.commissionerId, input.commissionerId));
    await recordAudit(tx, input.actor, {
      action: "spending.period-closed", entityType: "commissioner", entityId: input.commissionerId,
      before: { closedThrough: before.closedThrough }, after: { closedThrough: month.lastDay },
    });
    return { ok: true as const, closedThrough: month.lastDay, name: month.name };
  });
}

type CategoryText = { name: string; rule: "refused" | "needs-agreement"; reason: string; whatToDoInstead: string };

/** Finance adds a category to the list, at the end; its key comes from its name and stays the same if renamed later. */
export async function addRestrictedCategory(db: Database, input: { actor: Actor; commissionerId: string } & CategoryText) {
  const name = input.name.trim();
  const key = name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
  if (!key) return { ok: false as const, message: "Enter a name made of letters or numbers" };
  return db.transaction(async (tx) => {
    await listRestrictedCategories(tx, input.commissionerId);
    const [clash] = await tx.select().from(restrictedSpendingCategories)
      .where(and(eq(restrictedSpendingCategories.commissionerId, input.commissionerId), sql`(${restrictedSpendingCategories.key} = ${key} or lower(${restrictedSpendingCategories.name}) = lower(${name}))`));
    if (clash) {
      return { ok: false as const, message: clash.retiredAt ? `There is already a category called ${clash.name} that is no longer used: use it again instead` : `There is already a category called ${clash.name}` };
    }
    const [{ next }] = await tx.select({ next: sql<number>`coalesce(max(${restrictedSpendingCategories.position}), -1) + 1` })
      .from(restrictedSpendingCategories).where(eq(restrictedSpendingCategories.commissionerId, input.commissionerId));
    const [category] = await tx.insert(restrictedSpendingCategories).values({
      commissionerId: input.commissionerId, key, name, rule: input.rule, reason: input.reason.trim(), whatToDoInstead: input.whatToDoInstead.trim(), position: Number(next),
    }).returning();
    await recordAudit(tx, input.actor, {
      action: "spending.restricted-category-added", entityType: "restricted-spending-category", entityId: category.id,
      after: { key, name, rule: category.rule, reason: category.reason, whatToDoInstead: category.whatToDoInstead },
    });
    return { ok: true as const, category };
  });
}

/**
 * Finance stops using a category, or uses a retired one again. A retired category is no longer offered; spends
 * that named it keep it.
 */
export async function setRestrictedCategoryRetired(db: Database, input: { actor: Actor; commissionerId: string; categoryId: string; retired: boolean }) {
  return db.transaction(async (tx) => {
    const [category] = await tx.update(restrictedSpendingCategories)
      .set({ retiredAt: input.retired ? new Date() : null })
      .where(and(
        eq(restrictedSpendingCategories.id, input.categoryId), eq(restrictedSpendingCategories.commissionerId, input.commissionerId),
        input.retired ? isNull(restrictedSpendingCategories.retiredAt) : sql`${restrictedSpendingCategories.retiredAt} is not null`,
      ))
      .returning();
    if (!category) return { ok: false as const, message: "There is no such category" };
    await recordAudit(tx, input.actor, {
      action: input.retired ? "spending.restricted-category-retired" : "spending.restricted-category-restored",
      entityType: "restricted-spending-category", entityId: category.id, after: { name: category.name },
    });
    return { ok: true as const, category };
  });
}

/** Finance changes a restricted category: whether it is refused or needs agreement, the reason and what to do instead. */
export async function updateRestrictedCategory(
  db: Database,
  input: { actor: Actor; commissionerId: string; categoryId: string; rule: "refused" | "needs-agreement"; reason: string; whatToDoInstead: string },
) {
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(restrictedSpendingCategories)
      .where(and(eq(restrictedSpendingCategories.id, input.categoryId), eq(restrictedSpendingCategories.commissionerId, input.commissionerId)));
    if (!before) return { ok: false as const, message: "There is no such category" };
    const [after] = await tx.update(restrictedSpendingCategories)
      .set({ rule: input.rule, reason: input.reason.trim(), whatToDoInstead: input.whatToDoInstead.trim() })
      .where(eq(restrictedSpendingCategories.id, before.id)).returning();
    await recordAudit(tx, input.actor, {
      action: "spending.restricted-category-changed", entityType: "restricted-spending-category", entityId: before.id,
      before: { rule: before.rule, reason: before.reason, whatToDoInstead: before.whatToDoInstead },
      after: { rule: after.rule, reason: after.reason, whatToDoInstead: after.whatToDoInstead },
    });
    return { ok: true as const, category: after };
  });
}
