import { inflateSync } from "node:zlib";
import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb, pgErrorOf } from "#db/client.server";
import {
  arrangements,
  auditLog,
  bankLineMatches,
  instalments,
  journalEntries,
  ledgerAccounts,
  recoveries,
  recoveryDeductions,
  recoveryLetters,
} from "#db/schema";
import { recordBankAccount } from "~/budgets/bank-accounts.server";
import { postDueInstalments } from "~/ledger/instalments.server";
import { importBankStatement } from "~/reconciliation/statement-imports.server";
import { approveRecovery, closeRecovery, proposeRecovery } from "~/recovery/recoveries.server";
import type { Proposal } from "~/recovery/schemas";
import { action as proposeAction } from "~/routes/staff.holders.$holderId.recovery";
import { loader as letterLoader } from "~/routes/letters.$letterId";
import { loader as letterPdfLoader } from "~/routes/letters.$letterId_.pdf";
import { loader as homeLoader } from "~/routes/_index";
import { insertHolder, insertStaff } from "../factories";
import { cookieFor, get, post, run, statusOf } from "../factories/requests";
import { expectLedgerClean } from "./ledger-fixtures";
import { actorOf, approveVersion, planContent, planWorld } from "./plan-fixtures";

/** A holder on a direct payment of £13,000.13 a year from 1 April 2026, paid every 4 weeks up to `paidUntil`. */
async function directPayment(paidUntil = "2026-06-01") {
  const w = await planWorld();
  await approveVersion(
    w,
    planContent("2026-04-01", [{ description: "Personal assistant", amountPence: 1_300_013, holding: "direct-payment", outcomePositions: [1] }]),
    "2026-03-25",
  );
  const run = await postDueInstalments(getDb(), { until: paidUntil, commissionerId: w.commissioner.id });
  expect(run.refused).toEqual([]);
  const [dp] = await getDb()
    .select({ id: ledgerAccounts.id, balancePence: ledgerAccounts.balancePence })
    .from(ledgerAccounts)
    .innerJoin(arrangements, eq(arrangements.id, ledgerAccounts.arrangementId))
    .where(and(eq(arrangements.holderId, w.holder.id), eq(arrangements.holding, "direct-payment")));
  return { w, dp };
}

const proposal = (over: Partial<Proposal> = {}): Proposal => ({
  amount: 25_050,
  reason: "Money has built up in your account beyond the contingency agreed in your plan",
  workings: "Your balance less 8 weeks of instalments",
  method: "account",
  instalmentCount: null,
  promptedByType: null,
  promptedById: null,
  ...over,
});

/** The text a PDF shows: its compressed content streams, inflated, with the strings its text operators draw. */
function pdfText(bytes: Uint8Array): string {
  const raw = Buffer.from(bytes).toString("latin1");
  const shown: string[] = [];
  for (const [, stream] of raw.matchAll(/stream\r?\n([\s\S]*?)\r?\nendstream/g)) {
    let content: string;
    try {
      content = inflateSync(Buffer.from(stream, "latin1")).toString("latin1");
    } catch {
      continue;
    }
    for (const [, array] of content.matchAll(/\[(.*?)\]\s*TJ/g)) {
      shown.push([...array.matchAll(/<([0-9a-fA-F]*)>/g)].map(([, hex]) => Buffer.from(hex, "hex").toString("latin1")).join(""));
    }
  }
  return shown.join(" ");
}

const clawbacksFor = (recoveryId: string) =>
  getDb()
    .select({
      id: journalEntries.id,
      effectiveDate: journalEntries.effectiveDate,
      actorUserId: journalEntries.actorUserId,
      onBehalfOf: journalEntries.onBehalfOfHolderId,
    })
    .from(journalEntries)
    .where(and(eq(journalEntries.kind, "clawback"), eq(journalEntries.sourceType, "recovery"), eq(journalEntries.sourceId, recoveryId)));

describe("recovering money from a direct payment", () => {
  it("needs an approver who did not propose it: the proposer cannot approve or refuse, another approver can", async () => {
    const { w } = await directPayment();
    // Someone who is both finance and an approver proposes: the four eyes are people, not roles.
    const both = await insertStaff(w.commissioner.id, "finance", "approver");
    const proposed = await proposeRecovery(getDb(), { actor: actorOf(both), holderId: w.holder.id, proposal: proposal() });
    if (!proposed.ok) throw new Error(proposed.message);
    const recoveryId = proposed.recovery.id;

    const own = await approveRecovery(getDb(), { actor: actorOf(both), holderId: w.holder.id, recoveryId, today: "2026-06-02" });
    expect(own).toMatchObject({ ok: false, message: "You proposed this recovery, so another approver must decide on it" });
    const ownRefusal = await closeRecovery(getDb(), {
      actor: actorOf(both),
      holderId: w.holder.id,
      recoveryId,
      reason: "No",
      as: "refused",
      today: "2026-06-02",
    });
    expect(ownRefusal.ok).toBe(false);
    expect(await clawbacksFor(recoveryId)).toEqual([]);
    // The database refuses it too, whatever the code says.
    const direct = await getDb()
      .update(recoveries)
      .set({ status: "approved", decidedBy: both.id, decidedAt: new Date(), decidedOn: "2026-06-02" })
      .where(eq(recoveries.id, recoveryId))
      .then(() => null, pgErrorOf);
    expect(direct?.code).toBe("23514");

    const approved = await approveRecovery(getDb(), { actor: actorOf(w.approver), holderId: w.holder.id, recoveryId, today: "2026-06-02" });
    expect(approved).toMatchObject({ ok: true, already: false, recovery: { status: "approved", decidedBy: w.approver.id } });
    const [audit] = await getDb()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, recoveryId), eq(auditLog.action, "recovery.approved")));
    expect(audit.actorUserId).toBe(w.approver.id);
  });

  it("posts the clawback once, from the direct payment to the funding account, however often the approval is sent", async () => {
    const { w, dp } = await directPayment();
    const proposed = await proposeRecovery(getDb(), { actor: actorOf(w.finance), holderId: w.holder.id, proposal: proposal() });
    if (!proposed.ok) throw new Error(proposed.message);
    const input = { actor: actorOf(w.approver), holderId: w.holder.id, recoveryId: proposed.recovery.id, today: "2026-06-02" };
    const answers = await Promise.all([approveRecovery(getDb(), input), approveRecovery(getDb(), input)]);
    expect(answers.map((a) => a.ok)).toEqual([true, true]);
    expect(await approveRecovery(getDb(), input)).toMatchObject({ ok: true, already: true });

    const entries = await clawbacksFor(proposed.recovery.id);
    expect(entries).toEqual([{ id: expect.any(Number) as number, effectiveDate: "2026-06-02", actorUserId: w.approver.id, onBehalfOf: w.holder.id }]);
    const [after] = await getDb().select({ balancePence: ledgerAccounts.balancePence }).from(ledgerAccounts).where(eq(ledgerAccounts.id, dp.id));
    expect(after.balancePence).toBe(dp.balancePence - 25_050);
    expect(await getDb().select().from(recoveryLetters).where(eq(recoveryLetters.recoveryId, proposed.recovery.id))).toHaveLength(1);
    await expectLedgerClean(w.commissioner.id);
  });

  it("keeps the letter rendered at approval, saying the amount, how it was worked out, by when to repay and how to ask for a review", async () => {
    const { w, dp } = await directPayment();
    const proposed = await proposeRecovery(getDb(), { actor: actorOf(w.finance), holderId: w.holder.id, proposal: proposal() });
    if (!proposed.ok) throw new Error(proposed.message);
    await approveRecovery(getDb(), { actor: actorOf(w.approver), holderId: w.holder.id, recoveryId: proposed.recovery.id, today: "2026-06-02" });
    const [letter] = await getDb().select().from(recoveryLetters).where(eq(recoveryLetters.recoveryId, proposed.recovery.id));
    const text = pdfText(letter.pdf);
    expect(text).toContain("We are asking for £250.50 back from your direct payment");
    expect(text).toContain("Your balance less 8 weeks of instalments.");
    expect(text).toContain(`there was £${(dp.balancePence / 100).toLocaleString("en-GB", { minimumFractionDigits: 2 })} in your direct payment account`);
    expect(text).toContain("by 30 June 2026");
    expect(text).toContain("This is called a review. Please ask by 30 June 2026.");

    // What the holder downloads is the PDF on file, byte for byte, however often.
    const cookie = await cookieFor(w.holderUser.email);
    const first = (await run(letterPdfLoader, get(`/letters/${letter.id}/pdf`, cookie), { letterId: letter.id })) as Response;
    expect(first.headers.get("Content-Type")).toBe("application/pdf");
    expect(Buffer.from(await first.arrayBuffer()).equals(Buffer.from(letter.pdf))).toBe(true);
  });

  it("shows a holder their own letters only: another holder's letter is not found", async () => {
    const { w } = await directPayment();
    const proposed = await proposeRecovery(getDb(), { actor: actorOf(w.finance), holderId: w.holder.id, proposal: proposal() });
    if (!proposed.ok) throw new Error(proposed.message);
    await approveRecovery(getDb(), { actor: actorOf(w.approver), holderId: w.holder.id, recoveryId: proposed.recovery.id, today: "2026-06-02" });
    const [{ id: letterId }] = await getDb().select({ id: recoveryLetters.id }).from(recoveryLetters).where(eq(recoveryLetters.holderId, w.holder.id));

    const own = await cookieFor(w.holderUser.email);
    const home = (await run(homeLoader, get("/", own))) as { letters: { id: string }[] };
    expect(home.letters.map((l) => l.id)).toEqual([letterId]);
    const page = (await run(letterLoader, get(`/letters/${letterId}`, own), { letterId })) as { letter: { content: { title: string } } };
    expect(page.letter.content.title).toBe("We are asking for £250.50 back from your direct payment");

    const { user: other } = await insertHolder(w.commissioner.id);
    const theirs = await cookieFor(other!.email);
    expect(statusOf(await run(letterLoader, get(`/letters/${letterId}`, theirs), { letterId }))).toBe(404);
    expect(statusOf(await run(letterPdfLoader, get(`/letters/${letterId}/pdf`, theirs), { letterId }))).toBe(404);
    expect(((await run(homeLoader, get("/", theirs))) as { letters: unknown[] }).letters).toEqual([]);
  });

  it("never asks back more than the balance when it is paid from the account, at proposal or at approval", async () => {
    const { w, dp } = await directPayment();
    const tooMuch = await proposeRecovery(getDb(), { actor: actorOf(w.finance), holderId: w.holder.id, proposal: proposal({ amount: dp.balancePence + 1 }) });
    expect(tooMuch).toMatchObject({ ok: false, field: "amount" });
    const all = await proposeRecovery(getDb(), { actor: actorOf(w.finance), holderId: w.holder.id, proposal: proposal({ amount: dp.balancePence }) });
    const again = await proposeRecovery(getDb(), { actor: actorOf(w.finance), holderId: w.holder.id, proposal: proposal({ amount: 1 }) });
    if (!all.ok || !again.ok) throw new Error("not proposed");
    expect(
      await approveRecovery(getDb(), { actor: actorOf(w.approver), holderId: w.holder.id, recoveryId: all.recovery.id, today: "2026-06-02" }),
    ).toMatchObject({
      ok: true,
    });
    const late = await approveRecovery(getDb(), { actor: actorOf(w.approver), holderId: w.holder.id, recoveryId: again.recovery.id, today: "2026-06-02" });
    expect(late).toMatchObject({ ok: false, message: expect.stringContaining("more than the balance") as string });
    expect(await clawbacksFor(again.recovery.id)).toEqual([]);
    await expectLedgerClean(w.commissioner.id);
  });

  it("takes an amount from the next instalments as they are paid: the parts agreed, the instalments whole, the total the amount", async () => {
    const { w } = await directPayment("2026-06-01");
    const proposed = await proposeRecovery(getDb(), {
      actor: actorOf(w.finance),
      holderId: w.holder.id,
      proposal: proposal({ amount: 10_000, method: "instalments", instalmentCount: 3 }),
    });
    if (!proposed.ok) throw new Error(proposed.message);
    const recoveryId = proposed.recovery.id;
    await approveRecovery(getDb(), { actor: actorOf(w.approver), holderId: w.holder.id, recoveryId, today: "2026-06-02" });
    // Nothing moves at approval: the parts go with the instalments.
    expect(await clawbacksFor(recoveryId)).toEqual([]);
    const [letter] = await getDb().select({ pdf: recoveryLetters.pdf }).from(recoveryLetters).where(eq(recoveryLetters.recoveryId, recoveryId));
    expect(pdfText(letter.pdf)).toContain("We will take £33.33 from each of your next 2 payments, and £33.34 from the payment after that.");

    // Run twice: nothing is taken twice.
    await postDueInstalments(getDb(), { until: "2027-03-31", commissionerId: w.commissioner.id });
    await postDueInstalments(getDb(), { until: "2027-03-31", commissionerId: w.commissioner.id });
    const parts = await getDb()
      .select({ part: recoveryDeductions.part, amountPence: recoveryDeductions.amountPence, dueOn: instalments.dueOn, instalment: instalments.amountPence })
      .from(recoveryDeductions)
      .innerJoin(instalments, eq(instalments.id, recoveryDeductions.instalmentId))
      .where(eq(recoveryDeductions.recoveryId, recoveryId))
      .orderBy(recoveryDeductions.part);
    // Instalments 4, 5 and 6 of the year, the first after the approval, each paid whole.
    expect(parts.map((p) => [p.part, p.amountPence, p.dueOn])).toEqual([
      [1, 3_333, "2026-06-24"],
      [2, 3_333, "2026-07-22"],
      [3, 3_334, "2026-08-19"],
    ]);
    const [paid] = await getDb()
      .select({ total: sql<number>`sum(${instalments.amountPence})`.mapWith(Number), n: sql<number>`count(*)`.mapWith(Number) })
      .from(instalments)
      .where(eq(instalments.commissionerId, w.commissioner.id));
    expect(paid).toEqual({ total: 1_300_013, n: 13 });
    const entries = await clawbacksFor(recoveryId);
    expect(entries).toHaveLength(3);
    expect(entries.map((e) => e.effectiveDate).sort()).toEqual(["2026-06-24", "2026-07-22", "2026-08-19"]);
    await expectLedgerClean(w.commissioner.id);
  });

  it("lets finance withdraw a proposal and an approver refuse one, each with a reason, moving nothing", async () => {
    const { w } = await directPayment();
    const one = await proposeRecovery(getDb(), { actor: actorOf(w.finance), holderId: w.holder.id, proposal: proposal() });
    const two = await proposeRecovery(getDb(), { actor: actorOf(w.finance), holderId: w.holder.id, proposal: proposal() });
    if (!one.ok || !two.ok) throw new Error("not proposed");
    const base = { holderId: w.holder.id, today: "2026-06-02" };
    expect(
      await closeRecovery(getDb(), { ...base, actor: actorOf(w.finance), recoveryId: one.recovery.id, reason: "Proposed twice", as: "withdrawn" }),
    ).toMatchObject({
      ok: true,
      recovery: { status: "withdrawn", decisionReason: "Proposed twice" },
    });
    expect(
      await closeRecovery(getDb(), { ...base, actor: actorOf(w.approver), recoveryId: two.recovery.id, reason: "Within the contingency", as: "refused" }),
    ).toMatchObject({
      ok: true,
      recovery: { status: "refused" },
    });
    expect(await approveRecovery(getDb(), { ...base, actor: actorOf(w.approver), recoveryId: two.recovery.id })).toMatchObject({
      ok: false,
      message: "This recovery has already been refused",
    });
    expect([...(await clawbacksFor(one.recovery.id)), ...(await clawbacksFor(two.recovery.id))]).toEqual([]);
    expect(await getDb().select().from(recoveryLetters).where(eq(recoveryLetters.holderId, w.holder.id))).toEqual([]);
  });

  it("answers bad input with the fields to fix and stores nothing", async () => {
    const { w } = await directPayment();
    const cookie = await cookieFor(w.finance.email);
    const path = `/staff/holders/${w.holder.id}/recovery`;
    const bad = await run(proposeAction, post(path, { amount: "twelve", reason: " ", workings: "", method: "instalments", instalmentCount: "40" }, cookie), {
      holderId: w.holder.id,
    });
    expect(statusOf(bad)).toBe(400);
    const errors = (bad as { data: { errors: { fieldId: string }[] } }).data.errors.map((e) => e.fieldId);
    expect(errors).toEqual(expect.arrayContaining(["amount", "reason", "workings"]));
    expect(await getDb().select().from(recoveries).where(eq(recoveries.holderId, w.holder.id))).toEqual([]);
    const good = await run(
      proposeAction,
      post(path, { amount: "12.50", reason: "A surplus", workings: "The balance less the contingency", method: "account" }, cookie),
      {
        holderId: w.holder.id,
      },
    );
    expect(statusOf(good)).toBe(302);
  });
});

describe("a recovery paid back from the account", () => {
  it("is matched at the bank by the reference its letter gives, on any day up to the date it asks for", async () => {
    const { w } = await directPayment();
    const proposed = await proposeRecovery(getDb(), { actor: actorOf(w.finance), holderId: w.holder.id, proposal: proposal() });
    if (!proposed.ok) throw new Error(proposed.message);
    const approved = await approveRecovery(getDb(), {
      actor: actorOf(w.approver),
      holderId: w.holder.id,
      recoveryId: proposed.recovery.id,
      today: "2026-06-02",
    });
    if (!approved.ok) throw new Error(approved.message);
    const { repayBy, paymentReference, journalEntryId } = approved.recovery;
    expect(repayBy! > "2026-06-20").toBe(true);

    const recorded = await recordBankAccount(getDb(), {
      actor: actorOf(w.finance),
      holderId: w.holder.id,
      details: { accountName: "PHB ACCOUNT", sortCode: "600173", accountNumber: "12345678" },
    });
    if (!recorded.ok) throw new Error(recorded.message);
    // Paid back three weeks after the letter, two weeks after the recovery's own date would have left the window.
    const paidOn = "20/06/2026";
    const imported = await importBankStatement(getDb(), {
      actor: actorOf(w.finance),
      holderId: w.holder.id,
      fileName: "june.csv",
      bytes: new TextEncoder().encode(`Date,Description,Amount\n${paidOn},FP NHS ${paymentReference!.replaceAll(" ", "")},-250.50\n`),
      mapping: { date: 0, description: [1], reference: null, amount: { kind: "signed", column: 2 }, balance: null, currency: null },
    });
    expect(imported).toMatchObject({ state: "imported", linesAdded: 1, matched: 1 });
    const [match] = await getDb().select().from(bankLineMatches).where(eq(bankLineMatches.holderId, w.holder.id));
    expect(match).toMatchObject({ outcome: "ledger-entry", journalEntryId, how: "automatic" });
    expect(match.note).toContain(`reference ${paymentReference}`);
  });
});
