import { and, asc, count, desc, eq, inArray, sql } from "drizzle-orm";
import type { Database } from "#db/client.server";
import {
  bankStatementLines,
  financeFlags,
  financeQueries,
  financeQueryFiles,
  financeQueryMessages,
  holders,
  payees,
  receiptFiles,
  spendReceipts,
  spends,
  users,
} from "#db/schema";
import { recordAudit, type Actor } from "~/audit/audit.server";
import { longDate } from "~/dates/long-date";
import { isUuid } from "~/http/ids";
import { formatPence } from "~/ledger/money";
import { MAX_RECEIPTS, type CheckedReceipt } from "~/spending/receipts";
import { storeReceiptFile } from "~/spending/receipt-files.server";
import { directPaymentAccounts } from "./matching.server";
import { monthName, readMonth, shiftDays } from "./periods";

export const QUERIES_PAGE_SIZE = 50;
/** Time to answer, unless finance gives another date: two weeks, as a holder may need to find a receipt. */
export const DEFAULT_DAYS_TO_ANSWER = 14;

export type QuerySubject = { type: "spend" | "bank-line" | "month" | "budget"; id: string | null };
export type QueryResult = { ok: true; queryId: string } | { ok: false; field?: "question" | "dueOn" | "answer" | "note" | "files"; message: string };

/** What a query is about, as a link names it: spend:<id>, bank-line:<id>, month:YYYY-MM, or the budget. */
export function readQuerySubject(text: string | null): QuerySubject {
  const [type, id] = (text ?? "budget").split(":");
  if (type === "spend" || type === "bank-line" || type === "month") return { type, id: id ?? null };
  return { type: "budget", id: null };
}

/** What the query is about, in words the holder will recognise; null when it is not the holder's. */
async function subjectLabel(tx: Database, holderId: string, subject: QuerySubject): Promise<string | null> {
  if (subject.type === "budget") return "Your budget";
  if (subject.type === "month") {
    const month = readMonth(subject.id);
    return month ? `Your account in ${monthName(month)}` : null;
  }
  if (!isUuid(subject.id)) return null;
  if (subject.type === "spend") {
    const [spend] = await tx
      .select({ whatFor: spends.whatFor, amountPence: spends.amountPence, spentOn: spends.spentOn, payee: payees.name })
      .from(spends)
      .innerJoin(payees, eq(payees.id, spends.payeeId))
      .where(and(eq(spends.id, subject.id), eq(spends.holderId, holderId)));
    return spend ? `${spend.whatFor}: ${formatPence(spend.amountPence)} to ${spend.payee} on ${longDate(spend.spentOn)}` : null;
  }
  const accounts = await directPaymentAccounts(tx, holderId);
  if (!accounts?.bankAccountIds.length) return null;
  const [line] = await tx
    .select()
    .from(bankStatementLines)
    .where(and(eq(bankStatementLines.id, subject.id), inArray(bankStatementLines.bankAccountId, accounts.bankAccountIds)));
  return line ? `${line.description}: ${formatPence(line.amountPence)} on your bank statement on ${longDate(line.lineDate)}` : null;
}

/** What the form to ask a question starts with: what it is about, and, for a flag, the flag's words to start from. */
export async function queryPrompt(db: Database, input: { holderId: string; subject: QuerySubject; flagId: string | null }) {
  const label = await subjectLabel(db, input.holderId, input.subject);
  if (!label) return null;
  const [flag] = isUuid(input.flagId)
    ? await db
        .select({ explanation: financeFlags.explanation })
        .from(financeFlags)
        .where(and(eq(financeFlags.id, input.flagId), eq(financeFlags.holderId, input.holderId)))
    : [];
  return { label, question: flag ? `${flag.explanation} Please tell us about this, and attach a receipt or invoice if you have one.` : "" };
}

function checkText(text: string, field: "question" | "answer" | "note", what: string): QueryResult | null {
  if (!text.trim()) return { ok: false, field, message: `Enter ${what}` };
  if (text.length > 2_000) return { ok: false, field, message: `${what[0].toUpperCase()}${what.slice(1)} must be 2,000 characters or fewer` };
  return null;
}

/**
 * Finance asks the holder about a spend, a bank line, a month or the budget, with a date to answer by. A flag raised
 * as the query is marked raised, so it leaves finance's list of flags to look at.
 */
export async function raiseQuery(
  db: Database,
  input: { actor: Actor; holderId: string; subject: QuerySubject; question: string; dueOn: string; today: string; flagId?: string | null },
): Promise<QueryResult> {
  const refused = checkText(input.question, "question", "the question");
  if (refused) return refused;
  if (input.dueOn <= input.today) return { ok: false, field: "dueOn", message: "The date to answer by must be in the future" };
  if (input.dueOn > shiftDays(input.today, 90)) return { ok: false, field: "dueOn", message: "The date to answer by must be within 90 days" };
  return db.transaction(async (tx) => {
    const label = await subjectLabel(tx, input.holderId, input.subject);
    if (!label) return { ok: false, message: "What the query is about is not this holder's" };
    const [query] = await tx
      .insert(financeQueries)
      .values({
        commissionerId: input.actor.commissionerId!,
        holderId: input.holderId,
        subjectType: input.subject.type,
        subjectId: input.subject.id,
        subjectLabel: label,
        dueOn: input.dueOn,
        raisedBy: input.actor.userId!,
      })
      .returning();
    await tx.insert(financeQueryMessages).values({
      commissionerId: query.commissionerId,
      queryId: query.id,
      authorUserId: input.actor.userId!,
      fromFinance: true,
      body: input.question.trim(),
    });
    if (input.flagId && isUuid(input.flagId)) {
      await tx
        .update(financeFlags)
        .set({ status: "raised", queryId: query.id })
        .where(and(eq(financeFlags.id, input.flagId), eq(financeFlags.holderId, input.holderId), eq(financeFlags.status, "open")));
    }
    await recordAudit(
      tx,
      { ...input.actor, onBehalfOfHolderId: input.holderId },
      { action: "query.raised", entityType: "finance-query", entityId: query.id, after: { about: label, dueOn: input.dueOn, flagId: input.flagId ?? null } },
    );
    return { ok: true, queryId: query.id };
  });
}

/**
 * The holder, or a representative for them, answers an open query, with files where asked (a receipt, an invoice).
 * Files sent about a spend become its receipts too, so the spend no longer lacks one.
 */
export async function answerQuery(
  db: Database,
  input: { actor: Actor; holderId: string; queryId: string; answer: string; files: CheckedReceipt[] },
): Promise<QueryResult> {
  if (!input.answer.trim() && input.files.length === 0) return { ok: false, field: "answer", message: "Enter your answer, or attach a file" };
  if (input.answer.length > 2_000) return { ok: false, field: "answer", message: "Your answer must be 2,000 characters or fewer" };
  return db.transaction(async (tx) => {
    const query = await holderQuery(tx, input.holderId, input.queryId);
    if (!query) return { ok: false, message: "This query is not yours" };
    if (query.status !== "open") return { ok: false, message: "This query has been answered already" };
    const [message] = await tx
      .insert(financeQueryMessages)
      .values({
        commissionerId: query.commissionerId,
        queryId: query.id,
        authorUserId: input.actor.userId!,
        fromFinance: false,
        onBehalfOfHolderId: input.actor.onBehalfOfHolderId ?? null,
        body: input.answer.trim(),
      })
      .returning();
    const [{ receipts }] =
      query.subjectType === "spend"
        ? await tx.select({ receipts: count() }).from(spendReceipts).where(eq(spendReceipts.spendId, query.subjectId!))
        : [{ receipts: MAX_RECEIPTS }];
    let room = MAX_RECEIPTS - receipts;
    for (const file of input.files) {
      const sha256 = await storeReceiptFile(tx, file.bytes);
      const kept = { commissionerId: query.commissionerId, sha256, fileName: file.safeName, contentType: file.contentType, sizeBytes: file.bytes.length };
      await tx.insert(financeQueryFiles).values({ ...kept, messageId: message.id });
      if (room-- > 0) await tx.insert(spendReceipts).values({ ...kept, spendId: query.subjectId!, uploadedBy: input.actor.userId! });
    }
    await tx.update(financeQueries).set({ status: "answered" }).where(eq(financeQueries.id, query.id));
    await recordAudit(
      tx,
      { ...input.actor, onBehalfOfHolderId: input.holderId },
      { action: "query.answered", entityType: "finance-query", entityId: query.id, after: { files: input.files.map((f) => f.safeName) } },
    );
    return { ok: true, queryId: query.id };
  });
}

async function holderQuery(tx: Database, holderId: string, queryId: string) {
  if (!isUuid(queryId)) return null;
  const [query] = await tx
    .select()
    .from(financeQueries)
    .where(and(eq(financeQueries.id, queryId), eq(financeQueries.holderId, holderId)));
  return query ?? null;
}

/**
 * Finance accepts the answer, which closes the query (and resolves the flag it was raised for); sends it back open
 * saying what is still needed; or withdraws a query asked in error. Each says why, except an acceptance.
 */
export async function decideQuery(
  db: Database,
  input: { actor: Actor; queryId: string; decision: "accept" | "send-back" | "withdraw"; note: string },
): Promise<QueryResult> {
  const note = input.note.trim();
  if (input.decision !== "accept") {
    const refused = checkText(note, "note", input.decision === "send-back" ? "what is still needed" : "why the query is withdrawn");
    if (refused) return refused;
  } else if (note.length > 2_000) return { ok: false, field: "note", message: "The note must be 2,000 characters or fewer" };
  if (!isUuid(input.queryId)) return { ok: false, message: "There is no such query" };
  return db.transaction(async (tx) => {
    const [query] = await tx
      .select()
      .from(financeQueries)
      .where(and(eq(financeQueries.id, input.queryId), eq(financeQueries.commissionerId, input.actor.commissionerId!)));
    if (!query) return { ok: false, message: "There is no such query" };
    if (query.status === "accepted" || query.status === "withdrawn") return { ok: false, message: "This query is closed already" };
    if (input.decision === "send-back" && query.status !== "answered") return { ok: false, message: "The holder has not answered yet" };
    if (note) {
      await tx
        .insert(financeQueryMessages)
        .values({ commissionerId: query.commissionerId, queryId: query.id, authorUserId: input.actor.userId!, fromFinance: true, body: note });
    }
    const closing = input.decision !== "send-back";
    await tx
      .update(financeQueries)
      .set(
        closing ? { status: input.decision === "accept" ? "accepted" : "withdrawn", closedBy: input.actor.userId, closedAt: new Date() } : { status: "open" },
      )
      .where(eq(financeQueries.id, query.id));
    if (closing) {
      await tx
        .update(financeFlags)
        .set({
          status: input.decision === "accept" ? "resolved" : "open",
          decidedBy: input.decision === "accept" ? input.actor.userId : null,
          decidedAt: input.decision === "accept" ? new Date() : null,
          reason: input.decision === "accept" ? "The holder's answer to the query was accepted" : null,
          queryId: input.decision === "accept" ? query.id : null,
        })
        .where(and(eq(financeFlags.queryId, query.id), eq(financeFlags.status, "raised")));
    }
    await recordAudit(
      tx,
      { ...input.actor, onBehalfOfHolderId: query.holderId },
      { action: `query.${input.decision}`, entityType: "finance-query", entityId: query.id, before: { status: query.status }, after: { note: note || null } },
    );
    return { ok: true, queryId: query.id };
  });
}

/** One query with its thread and files, for the holder (only their own) or for finance (only their commissioner's). */
export async function loadQuery(db: Database, input: { queryId: string; holderId?: string; commissionerId?: string }) {
  if (!isUuid(input.queryId)) return null;
  const [query] = await db
    .select()
    .from(financeQueries)
    .where(
      and(
        eq(financeQueries.id, input.queryId),
        input.holderId ? eq(financeQueries.holderId, input.holderId) : undefined,
        input.commissionerId ? eq(financeQueries.commissionerId, input.commissionerId) : undefined,
      ),
    );
  if (!query) return null;
  const messages = await db
    .select({ message: financeQueryMessages, author: users.name })
    .from(financeQueryMessages)
    .innerJoin(users, eq(users.id, financeQueryMessages.authorUserId))
    .where(eq(financeQueryMessages.queryId, query.id))
    .orderBy(asc(financeQueryMessages.createdAt), asc(financeQueryMessages.id));
  const files = messages.length
    ? await db
        .select({
          id: financeQueryFiles.id,
          messageId: financeQueryFiles.messageId,
          fileName: financeQueryFiles.fileName,
          sizeBytes: financeQueryFiles.sizeBytes,
        })
        .from(financeQueryFiles)
        .where(
          inArray(
            financeQueryFiles.messageId,
            messages.map((m) => m.message.id),
          ),
        )
    : [];
  return { query, messages: messages.map((m) => ({ ...m.message, author: m.author, files: files.filter((f) => f.messageId === m.message.id) })) };
}

const OPEN_FIRST = sql`case ${financeQueries.status} when 'open' then 0 when 'answered' then 1 else 2 end`;

/** A holder's queries: those waiting for them first, soonest due first, then those with finance, then closed. */
export async function holderQueries(db: Database, holderId: string, limit = QUERIES_PAGE_SIZE) {
  return db
    .select()
    .from(financeQueries)
    .where(eq(financeQueries.holderId, holderId))
    .orderBy(OPEN_FIRST, asc(financeQueries.dueOn), desc(financeQueries.raisedAt))
    .limit(limit);
}

/** Finance's queries across holders: those answered (waiting for finance) first, then open by due date; closed last. */
export async function commissionerQueries(db: Database, input: { commissionerId: string; page: number; closed: boolean }) {
  const where = and(
    eq(financeQueries.commissionerId, input.commissionerId),
    input.closed ? sql`${financeQueries.status} in ('accepted', 'withdrawn')` : sql`${financeQueries.status} in ('open', 'answered')`,
  );
  const [[{ total }], rows] = await Promise.all([
    db.select({ total: count() }).from(financeQueries).where(where),
    db
      .select({ query: financeQueries, givenName: holders.givenName, familyName: holders.familyName })
      .from(financeQueries)
      .innerJoin(holders, eq(holders.id, financeQueries.holderId))
      .where(where)
      .orderBy(sql`case ${financeQueries.status} when 'answered' then 0 else 1 end`, asc(financeQueries.dueOn), desc(financeQueries.raisedAt))
      .limit(QUERIES_PAGE_SIZE)
      .offset((input.page - 1) * QUERIES_PAGE_SIZE),
  ]);
  return { total, page: input.page, pageCount: Math.max(1, Math.ceil(total / QUERIES_PAGE_SIZE)), rows };
}

/** A file sent with an answer, for the holder's own queries or finance's commissioner. */
export async function loadQueryFile(db: Database, input: { fileId: string; queryId: string; holderId?: string; commissionerId?: string }) {
  const query = await loadQuery(db, input);
  const file = query?.messages.flatMap((m) => m.files).find((f) => f.id === input.fileId);
  if (!file) return null;
  const [row] = await db
    .select({ fileName: financeQueryFiles.fileName, contentType: financeQueryFiles.contentType, content: receiptFiles.content })
    .from(financeQueryFiles)
    .innerJoin(receiptFiles, eq(receiptFiles.sha256, financeQueryFiles.sha256))
    .where(eq(financeQueryFiles.id, file.id));
  return row ? { ...row, content: new Uint8Array(row.content) } : null;
}
