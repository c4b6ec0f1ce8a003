import { and, asc, desc, eq, isNull, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Database } from "#db/client.server";
import { arrangements, holders, ledgerAccounts, recoveries, recoveryDeductions, recoveryLetters, users } from "#db/schema";
import type { LetterContent } from "./letter";
import { splitOverInstalments } from "./rules";

// Named at the type level too, as two joins of one table need.
const proposer = alias(users, "proposer");
const decider = alias(users, "decider");

const recoveryColumns = {
  id: recoveries.id,
  amountPence: recoveries.amountPence,
  method: recoveries.method,
  instalmentCount: recoveries.instalmentCount,
  reason: recoveries.reason,
  workings: recoveries.workings,
  promptedByType: recoveries.promptedByType,
  promptedById: recoveries.promptedById,
  status: recoveries.status,
  proposedBy: recoveries.proposedBy,
  proposedByName: proposer.name,
  proposedAt: recoveries.proposedAt,
  decidedByName: decider.name,
  decidedOn: recoveries.decidedOn,
  decisionReason: recoveries.decisionReason,
  repayBy: recoveries.repayBy,
  paymentReference: recoveries.paymentReference,
  journalEntryId: recoveries.journalEntryId,
  letterId: recoveryLetters.id,
  takenPence: sql<number>`(select coalesce(sum(d.amount_pence), 0) from recovery_deductions d where d.recovery_id = ${recoveries.id})`.mapWith(Number),
};

function recoveriesOf(db: Database) {
  return db
    .select(recoveryColumns)
    .from(recoveries)
    .innerJoin(proposer, eq(proposer.id, recoveries.proposedBy))
    .leftJoin(decider, eq(decider.id, recoveries.decidedBy))
    .leftJoin(recoveryLetters, eq(recoveryLetters.recoveryId, recoveries.id));
}

/** A holder's page of recoveries for staff: their direct-payment balance and every recovery, newest first. */
export async function loadRecoveryPage(db: Database, holderId: string) {
  const [[holder], [account], rows] = await Promise.all([
    db.select({ givenName: holders.givenName, familyName: holders.familyName }).from(holders).where(eq(holders.id, holderId)),
    db
      .select({ balancePence: ledgerAccounts.balancePence })
      .from(arrangements)
      .innerJoin(ledgerAccounts, and(eq(ledgerAccounts.arrangementId, arrangements.id), isNull(ledgerAccounts.budgetId)))
      .where(and(eq(arrangements.holderId, holderId), eq(arrangements.holding, "direct-payment"))),
    recoveriesOf(db).where(eq(recoveries.holderId, holderId)).orderBy(desc(recoveries.proposedAt)),
  ]);
  if (!holder) return null;
  return { holder, balancePence: account?.balancePence ?? null, recoveries: rows };
}

export type RecoveryRow = NonNullable<Awaited<ReturnType<typeof loadRecoveryPage>>>["recoveries"][number];

/** One recovery of a holder's, with the parts taken from instalments so far and the schedule agreed. */
export async function loadRecovery(db: Database, input: { holderId: string; recoveryId: string }) {
  const [holder] = await db.select({ givenName: holders.givenName, familyName: holders.familyName }).from(holders).where(eq(holders.id, input.holderId));
  const [recovery] = await recoveriesOf(db).where(and(eq(recoveries.id, input.recoveryId), eq(recoveries.holderId, input.holderId)));
  if (!holder || !recovery) return null;
  const parts = await db
    .select({ part: recoveryDeductions.part, amountPence: recoveryDeductions.amountPence, journalEntryId: recoveryDeductions.journalEntryId })
    .from(recoveryDeductions)
    .where(eq(recoveryDeductions.recoveryId, recovery.id))
    .orderBy(asc(recoveryDeductions.part));
  const schedule = recovery.method === "instalments" ? splitOverInstalments(recovery.amountPence, recovery.instalmentCount!) : [];
  return { holder, recovery, parts, schedule };
}

/** The letters a holder has been sent about money asked back, newest first: what their home page lists. */
export function listLetters(db: Database, holderId: string) {
  return db
    .select({
      id: recoveryLetters.id,
      sentOn: recoveryLetters.sentOn,
      title: sql<string>`${recoveryLetters.content}->>'title'`,
      method: recoveries.method,
      amountPence: recoveries.amountPence,
      repayBy: recoveries.repayBy,
    })
    .from(recoveryLetters)
    .innerJoin(recoveries, eq(recoveries.id, recoveryLetters.recoveryId))
    .where(eq(recoveryLetters.holderId, holderId))
    .orderBy(desc(recoveryLetters.sentOn), desc(recoveryLetters.createdAt));
}

export type LetterListItem = Awaited<ReturnType<typeof listLetters>>[number];

/** One letter, if it is this holder's: anyone else's is as if it did not exist. */
export async function loadLetter(db: Database, input: { holderId: string; letterId: string }) {
  const [letter] = await db
    .select({ id: recoveryLetters.id, sentOn: recoveryLetters.sentOn, content: recoveryLetters.content })
    .from(recoveryLetters)
    .where(and(eq(recoveryLetters.id, input.letterId), eq(recoveryLetters.holderId, input.holderId)));
  return letter ? { ...letter, content: letter.content as LetterContent } : null;
}

/** The PDF kept when the letter was sent, byte for byte, if it is this holder's. */
export async function loadLetterPdf(db: Database, input: { holderId: string; letterId: string }) {
  const [letter] = await db
    .select({ sentOn: recoveryLetters.sentOn, pdf: recoveryLetters.pdf })
    .from(recoveryLetters)
    .where(and(eq(recoveryLetters.id, input.letterId), eq(recoveryLetters.holderId, input.holderId)));
  return letter ?? null;
}

/** Recoveries waiting for an approver across the commissioner, oldest first, with who proposed each. */
export function listRecoveriesWaiting(db: Database, commissionerId: string) {
  return db
    .select({
      id: recoveries.id,
      holderId: recoveries.holderId,
      holderName: sql<string>`${holders.givenName} || ' ' || ${holders.familyName}`,
      amountPence: recoveries.amountPence,
      proposedBy: recoveries.proposedBy,
      proposedByName: proposer.name,
      proposedAt: recoveries.proposedAt,
    })
    .from(recoveries)
    .innerJoin(holders, eq(holders.id, recoveries.holderId))
    .innerJoin(proposer, eq(proposer.id, recoveries.proposedBy))
    .where(and(eq(recoveries.commissionerId, commissionerId), eq(recoveries.status, "proposed")))
    .orderBy(asc(recoveries.proposedAt))
    .limit(50);
}
