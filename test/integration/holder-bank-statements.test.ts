import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { auditLog, bankLayouts, bankStatementLines } from "#db/schema";
import { action, loader } from "~/routes/budget.bank-statements";
import { BASE, cookieFor, get, run, statusOf } from "../factories/requests";
import { directPaymentWorld, PATH, representativeCookie, upload } from "./bank-statement-fixtures";
import { approveVersion, planContent, planWorld, type PlanWorld } from "./plan-fixtures";

function confirm(cookie: string, fields: Record<string, string | string[]>) {
  const form = new FormData();
  form.set("intent", "confirm");
  for (const [name, value] of Object.entries(fields)) for (const v of [value].flat()) form.append(name, v);
  return new Request(`${BASE}${PATH}`, { method: "POST", body: form, headers: { Cookie: cookie } });
}

type Reply = {
  data: { errors: { fieldId: string; message: string }[]; confirm?: { uploadId: string; fileName: string; header: string[] } };
  init?: { status: number };
};

const linesOf = async (w: PlanWorld) =>
  (await getDb().select().from(bankStatementLines).where(eq(bankStatementLines.commissionerId, w.commissioner.id)))
    .map((l) => [l.lineDate, l.amountPence, l.description])
    .sort((a, b) => String(a[0]).localeCompare(String(b[0])));

describe("the holder sends their direct payment account's statement", () => {
  it("confirms the columns of a new layout without keeping them for everyone, stores the lines and records who sent it", async () => {
    const w = await directPaymentWorld();
    const cookie = await cookieFor(w.holderUser.email);
    const file = "Posted,Details,Paid out,Paid in\n01/05/2026,CARE AGENCY LTD,120.00,\n02/05/2026,NHS PHB,,2166.67\n";
    const asked = (await run(action, upload(cookie, "may.csv", file))) as Reply;
    expect(asked.data.confirm).toMatchObject({ fileName: "may.csv", header: ["Posted", "Details", "Paid out", "Paid in"] });
    expect(await linesOf(w)).toEqual([]);

    const columns = { uploadId: asked.data.confirm!.uploadId, fileName: "may.csv", header: asked.data.confirm!.header };
    // A choice left out is shown against its field, and nothing is imported.
    const wrong = (await run(action, confirm(cookie, { ...columns, date: "0", amountStyle: "in-out", moneyIn: "3", moneyOut: "2" }))) as Reply;
    expect(statusOf(wrong)).toBe(400);
    expect(wrong.data.errors).toEqual([{ fieldId: "description", message: "Select the column that says what each transaction was" }]);
    expect(await linesOf(w)).toEqual([]);

    const done = (await run(
      action,
      confirm(cookie, { ...columns, date: "0", description: "1", amountStyle: "in-out", moneyIn: "3", moneyOut: "2" }),
    )) as Response;
    expect(done.status).toBe(302);
    expect(done.headers.get("Location")).toBe(`${PATH}?done=imported`);
    expect(await linesOf(w)).toEqual([
      ["2026-05-01", -12_000, "CARE AGENCY LTD"],
      ["2026-05-02", 216_667, "NHS PHB"],
    ]);
    // Only finance's confirmation decides how everyone's statements in a layout are read.
    expect(await getDb().select().from(bankLayouts).where(eq(bankLayouts.commissionerId, w.commissioner.id))).toEqual([]);
    const [audit] = await getDb()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.commissionerId, w.commissioner.id), eq(auditLog.action, "bank-statement.imported")));
    expect(audit).toMatchObject({ actorUserId: w.holderUser.id, onBehalfOfHolderId: w.holder.id, after: { fileName: "may.csv", linesAdded: 2 } });

    const page = (await run(loader, get(`${PATH}?done=imported`, cookie))) as {
      data: { statements: { status: string; imports: unknown[] }; actingFor: boolean };
    };
    expect(page.data).toMatchObject({ actingFor: false, statements: { status: "ready", imports: [{ fileName: "may.csv", linesAdded: 2, linesRead: 2 }] } });
  });

  it("takes a statement from a representative who answers finance's questions, as done for the holder; one without that scope is refused", async () => {
    const w = await directPaymentWorld();
    const { user, cookie } = await representativeCookie(w, ["view", "answer-finance-queries"]);
    const ofx = [
      "OFXHEADER:100",
      "",
      "<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>GBP<BANKTRANLIST>",
      "<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20260503<TRNAMT>-45.00<FITID>1<NAME>PHARMACY",
      "</STMTTRN></BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>",
    ].join("\n");
    const done = (await run(action, upload(cookie, "may.ofx", ofx))) as Response;
    expect(done.status).toBe(302);
    expect(await linesOf(w)).toEqual([["2026-05-03", -4_500, "PHARMACY"]]);
    const [audit] = await getDb()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.commissionerId, w.commissioner.id), eq(auditLog.action, "bank-statement.imported")));
    expect(audit).toMatchObject({ actorUserId: user.id, onBehalfOfHolderId: w.holder.id });

    const viewer = await representativeCookie(w, ["view", "log-spending"]);
    expect(statusOf(await run(loader, get(PATH, viewer.cookie)))).toBe(403);
    expect(statusOf(await run(action, upload(viewer.cookie, "may.ofx", ofx.replace("-45.00", "-46.00"))))).toBe(403);
    expect(await linesOf(w)).toHaveLength(1);
  });

  it("explains, rather than offers the form, when there is no direct payment or its account is not recorded yet", async () => {
    const notional = await planWorld();
    await approveVersion(
      notional,
      planContent("2026-04-01", [{ description: "Community nursing", amountPence: 500_000, holding: "notional", outcomePositions: [1] }]),
      "2026-03-25",
    );
    const notionalPage = (await run(loader, get(PATH, await cookieFor(notional.holderUser.email)))) as { data: { statements: { status: string } } };
    expect(notionalPage.data.statements).toEqual({ status: "no-direct-payment" });
    const notionalUpload = (await run(
      action,
      upload(await cookieFor(notional.holderUser.email), "x.csv", "Date,Description,Amount\n01/05/2026,X,-1.00\n"),
    )) as Reply;
    expect(statusOf(notionalUpload)).toBe(400);

    const unrecorded = await directPaymentWorld({ account: false });
    const page = (await run(loader, get(PATH, await cookieFor(unrecorded.holderUser.email)))) as { data: { statements: { status: string } } };
    expect(page.data.statements).toEqual({ status: "no-account" });
  });
});
