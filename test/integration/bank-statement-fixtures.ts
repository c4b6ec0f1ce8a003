import { getDb } from "#db/client.server";
import { recordBankAccount } from "~/budgets/bank-accounts.server";
import { setSessionCookie } from "~/people/session-cookie.server";
import { startSession } from "~/people/sessions.server";
import { insertRepresentative } from "../factories";
import { BASE } from "../factories/requests";
import { actorOf, approveVersion, planContent, planWorld, type PlanWorld } from "./plan-fixtures";

export const PATH = "/budget/bank-statements";

/** A holder whose approved plan is paid as a direct payment, with the account it is paid into recorded by finance unless told not to be. */
export async function directPaymentWorld(options: { account: boolean } = { account: true }) {
  const w = await planWorld();
  await approveVersion(
    w,
    planContent("2026-04-01", [{ description: "Personal assistants", amountPence: 2_600_000, holding: "direct-payment", outcomePositions: [1] }]),
    "2026-03-25",
  );
  if (options.account) {
    const recorded = await recordBankAccount(getDb(), {
      actor: actorOf(w.finance),
      holderId: w.holder.id,
      details: { accountName: "PHB ACCOUNT", sortCode: "600173", accountNumber: "12345678" },
    });
    if (!recorded.ok) throw new Error(recorded.message);
  }
  return w;
}

/** A representative's session, acting for the holder as after choosing them. */
export async function representativeCookie(w: PlanWorld, scopes: Parameters<typeof insertRepresentative>[1]) {
  const { user } = await insertRepresentative(w.holder, scopes);
  const { token } = await startSession(getDb(), user.id, w.holder.id);
  return { user, cookie: (await setSessionCookie(new Request(BASE), token)).split(";")[0] };
}

export function upload(cookie: string, fileName: string, text: string) {
  const form = new FormData();
  form.set("intent", "upload");
  form.set("file", new File([text], fileName));
  return new Request(`${BASE}${PATH}`, { method: "POST", body: form, headers: { Cookie: cookie } });
}

/** An OFX export of `count` card payments of £1.23 from 1 May 2026, a day apart in fours, each to its own shop. */
export function ofxStatement(count: number, options: { badLine?: number } = {}) {
  const day = (i: number) => new Date(Date.UTC(2026, 4, 1) + Math.floor(i / 4) * 86_400_000).toISOString().slice(0, 10).replaceAll("-", "");
  const transactions = Array.from({ length: count }, (_, i) =>
    i === options.badLine
      ? `<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20260231<TRNAMT>-1.23<FITID>${i}<NAME>SHOP ${i}</STMTTRN>`
      : `<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>${day(i)}<TRNAMT>-1.23<FITID>${i}<NAME>SHOP ${i}</STMTTRN>`,
  );
  return [
    "OFXHEADER:100",
    "",
    "<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>GBP<BANKTRANLIST>",
    ...transactions,
    "</BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>",
  ].join("\n");
}
