import { and, count, eq, isNull } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { arrangements, commissioners, holders, ledgerAccounts, recoveries, recoveryLetters } from "#db/schema";
import { recordAudit, type Actor } from "~/audit/audit.server";
import { loadHelpContact } from "~/help/help-contact.server";
import { ensureOutsideAccount } from "~/ledger/accounts.server";
import { paymentNumberText } from "~/ledger/instalments";
import { loadFundingTerms, nextInstalment } from "~/ledger/instalments.server";
import { formatPence } from "~/ledger/money";
import { postEntry } from "~/ledger/post-entry.server";
import { longDate } from "~/dates/long-date";
import { recoveryLetter } from "./letter";
import { renderLetterPdf } from "./letter-pdf.server";
import { decisionProblem, proposalProblems, repayByDate, splitOverInstalments } from "./rules";
import type { Proposal } from "./schemas";

export type Recovery = typeof recoveries.$inferSelect;
type Fail = { ok: false; message: string; field?: "amount" | "instalmentCount" | "reason" };
const fail = (message: string, field?: Fail["field"]): Fail => ({ ok: false, message, field });

/** The holder's direct-payment arrangement and its own account (not the older per-version ones carried over from). */
async function directPaymentOf(db: Database, holderId: string) {
  const [found] = await db
    .select({ arrangement: arrangements, accountId: ledgerAccounts.id, balancePence: ledgerAccounts.balancePence })
    .from(arrangements)
    .innerJoin(ledgerAccounts, and(eq(ledgerAccounts.arrangementId, arrangements.id), isNull(ledgerAccounts.budgetId)))
    .where(and(eq(arrangements.holderId, holderId), eq(arrangements.holding, "direct-payment")));
  return found ?? null;
}

/**
 * Finance proposes to ask money back from a direct payment: a surplus, or money not spent in line with the plan. Only
 * recorded, for an approver to decide; nothing moves and the holder is told nothing until it is approved.
 */
export async function proposeRecovery(db: Database, input: { actor: Actor; holderId: string; proposal: Proposal }) {
  if (!input.actor.userId) return fail("Sign in to propose a recovery");
  const p = input.proposal;
  return db.transaction(async (tx) => {
    const dp = await directPaymentOf(tx, input.holderId);
    if (!dp) return fail("This person has no direct payment, so there is nothing to recover from it");
    const problem = proposalProblems({ amountPence: p.amount, method: p.method, instalmentCount: p.instalmentCount, balancePence: dp.balancePence })[0];
    if (problem) return fail(problem.message, problem.field);
    const [recovery] = await tx
      .insert(recoveries)
      .values({
        commissionerId: dp.arrangement.commissionerId,
        holderId: input.holderId,
        arrangementId: dp.arrangement.id,
        amountPence: p.amount,
        method: p.method,
        instalmentCount: p.instalmentCount,
        reason: p.reason,
        workings: p.workings,
        promptedByType: p.promptedByType && p.promptedById ? p.promptedByType : null,
        promptedById: p.promptedByType && p.promptedById ? p.promptedById : null,
        proposedBy: input.actor.userId!,
      })
      .returning();
    await recordAudit(
      tx,
      { ...input.actor, onBehalfOfHolderId: input.holderId },
      { action: "recovery.proposed", entityType: "recovery", entityId: recovery.id, after: recovery },
    );
    return { ok: true as const, recovery };
  });
}

/** The proposal as it stands, locked for the decision, if it is this holder's. */
async function lockedRecovery(tx: Database, holderId: string, recoveryId: string) {
  const [recovery] = await tx
    .select()
    .from(recoveries)
    .where(and(eq(recoveries.id, recoveryId), eq(recoveries.holderId, holderId)))
    .for("update");
  return recovery ?? null;
}

const DECIDED: Record<Exclude<Recovery["status"], "proposed">, string> = {
  approved: "approved",
  refused: "refused",
  withdrawn: "withdrawn",
};

/**
 * Ends a proposal without asking for any money: finance withdraws it, or an approver other than the proposer refuses
 * it. The reason is kept; the holder was never told of it and is not now.
 */
export async function closeRecovery(
  db: Database,
  input: { actor: Actor; holderId: string; recoveryId: string; reason: string; as: "withdrawn" | "refused"; today: string },
) {
  return db.transaction(async (tx) => {
    const recovery = await lockedRecovery(tx, input.holderId, input.recoveryId);
    if (!recovery) return fail("There is no such recovery");
    if (recovery.status !== "proposed") return fail(`This recovery has already been ${DECIDED[recovery.status]}`);
    if (input.as === "refused") {
      const problem = decisionProblem({ deciderId: input.actor.userId, proposedBy: recovery.proposedBy });
      if (problem) return fail(problem);
    }
    const [closed] = await tx
      .update(recoveries)
      .set({ status: input.as, decidedBy: input.actor.userId, decidedAt: new Date(), decidedOn: input.today, decisionReason: input.reason })
      .where(eq(recoveries.id, recovery.id))
      .returning();
    await recordAudit(
      tx,
      { ...input.actor, onBehalfOfHolderId: input.holderId },
      {
        action: input.as === "refused" ? "recovery.refused" : "recovery.withdrawn",
        entityType: "recovery",
        entityId: recovery.id,
        before: { status: recovery.status },
        after: { status: closed.status, reason: input.reason },
      },
    );
    return { ok: true as const, recovery: closed };
  });
}

/**
 * An approver other than the proposer confirms a recovery. Paid back from the account, it posts at once as a
 * clawback from the holder's direct-payment account to the commissioner's funding account, never more than the
 * balance; taken from instalments, each part posts as the instalment it comes from is paid (instalment-deductions.server.ts).
 * The letter is written and rendered now, once, and kept with the record. Sent twice, it is approved once: the second
 * finds it approved by the same person and answers as the first did.
 */
export async function approveRecovery(db: Database, input: { actor: Actor; holderId: string; recoveryId: string; today: string }) {
  return db.transaction(async (tx) => {
    const recovery = await lockedRecovery(tx, input.holderId, input.recoveryId);
    if (!recovery) return fail("There is no such recovery");
    if (recovery.status === "approved" && recovery.decidedBy === input.actor.userId) return { ok: true as const, recovery, already: true };
    if (recovery.status !== "proposed") return fail(`This recovery has already been ${DECIDED[recovery.status]}`);
    const problem = decisionProblem({ deciderId: input.actor.userId, proposedBy: recovery.proposedBy });
    if (problem) return fail(problem);

    const dp = await directPaymentOf(tx, input.holderId);
    if (!dp || dp.arrangement.id !== recovery.arrangementId) return fail("This person's direct payment account cannot be found");
    const [holder] = await tx
      .select({ givenName: holders.givenName, familyName: holders.familyName, postalAddress: holders.postalAddress, paymentNumber: holders.paymentNumber })
      .from(holders)
      .where(eq(holders.id, input.holderId));
    const [commissioner] = await tx.select({ name: commissioners.name }).from(commissioners).where(eq(commissioners.id, recovery.commissionerId));

    let moved: { repayBy: string; paymentReference: string; journalEntryId: number } | null = null;
    if (recovery.method === "account") {
      if (recovery.amountPence > dp.balancePence) {
        return fail(
          `The amount is more than the balance of the direct payment account, which is now ${formatPence(dp.balancePence)}: refuse it, and finance can propose again`,
        );
      }
      const [{ before }] = await tx
        .select({ before: count() })
        .from(recoveries)
        .where(and(eq(recoveries.holderId, input.holderId), eq(recoveries.method, "account"), eq(recoveries.status, "approved")));
      const paymentReference = `${paymentNumberText(holder.paymentNumber)} REC ${String(before + 1).padStart(2, "0")}`;
      const funding = await ensureOutsideAccount(tx, recovery.commissionerId, "commissioner-funding");
      const posted = await postEntry(tx, {
        idempotencyKey: `recovery:${recovery.id}`,
        kind: "clawback",
        effectiveDate: input.today,
        description: `Asked back in our letter of ${longDate(input.today)} (reference ${paymentReference})`,
        lines: [
          { accountId: dp.accountId, amountPence: -recovery.amountPence },
          { accountId: funding.id, amountPence: recovery.amountPence },
        ],
        actor: input.actor,
        onBehalfOf: input.holderId,
        sourceType: "recovery",
        sourceId: recovery.id,
        reason: recovery.reason,
      });
      if (!posted.ok) return fail(posted.message);
      moved = { repayBy: repayByDate(input.today), paymentReference, journalEntryId: posted.entry.id };
    }

    const parts = recovery.method === "instalments" ? splitOverInstalments(recovery.amountPence, recovery.instalmentCount!) : [];
    const terms = recovery.method === "instalments" ? await loadFundingTerms(tx, dp.arrangement) : null;
    const content = recoveryLetter({
      holderName: `${holder.givenName} ${holder.familyName}`,
      postalAddress: holder.postalAddress,
      letterDate: input.today,
      commissionerName: commissioner.name,
      amountPence: recovery.amountPence,
      reason: recovery.reason,
      workings: recovery.workings,
      balancePence: dp.balancePence,
      method: recovery.method,
      repayBy: moved?.repayBy ?? null,
      paymentReference: moved?.paymentReference ?? null,
      parts,
      nextInstalment: terms ? await nextInstalment(tx, dp.arrangement, terms, input.today) : null,
      contact: await loadHelpContact(tx, recovery.commissionerId),
    });
    const pdf = await renderLetterPdf(content);
    const [approved] = await tx
      .update(recoveries)
      .set({ status: "approved", decidedBy: input.actor.userId, decidedAt: new Date(), decidedOn: input.today, ...moved })
      .where(eq(recoveries.id, recovery.id))
      .returning();
    const [letter] = await tx
      .insert(recoveryLetters)
      .values({
        commissionerId: recovery.commissionerId,
        holderId: input.holderId,
        recoveryId: recovery.id,
        content,
        pdf: new Uint8Array(pdf),
        sentOn: input.today,
      })
      .returning({ id: recoveryLetters.id });
    await recordAudit(
      tx,
      { ...input.actor, onBehalfOfHolderId: input.holderId },
      {
        action: "recovery.approved",
        entityType: "recovery",
        entityId: recovery.id,
        before: { status: recovery.status },
        after: { status: "approved", ...moved, parts, letterId: letter.id },
      },
    );
    return { ok: true as const, recovery: approved, already: false };
  });
}
