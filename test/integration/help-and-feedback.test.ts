import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { auditLog, feedback, helpContactDetails } from "#db/schema";
import { restoreCell } from "~/security/spreadsheet-csv";
import { action as feedbackAction } from "~/routes/feedback";
import { loader as helpLoader } from "~/routes/help";
import { loader as feedbackCsv } from "~/routes/staff.feedback[.]csv";
import { loader as feedbackList } from "~/routes/staff.feedback";
import { action as contactAction, loader as contactLoader } from "~/routes/staff.help-contact";
import { insertCommissioner, insertHolder, insertStaff } from "../factories";
import { cookieFor, get, post, run, statusOf } from "../factories/requests";

const DETAILS = { phone: "0116 295 0000", email: "phb.team@nhs.net", openingHours: "Monday to Friday, 9am to 5pm, except bank holidays" };

async function team() {
  const c = await insertCommissioner();
  const { user } = await insertHolder(c.id);
  const coordinator = await insertStaff(c.id, "coordinator");
  const finance = await insertStaff(c.id, "finance");
  return { c, holder: await cookieFor(user!.email), coordinator: await cookieFor(coordinator.email), finance: await cookieFor(finance.email) };
}

describe("the help page's contact details", () => {
  it("are set by a coordinator, audited, and shown to the commissioner's own people; the signed out see none", async () => {
    const a = await team();
    const b = await team();
    expect(await run(helpLoader, get("/help", a.holder))).toEqual({ signedIn: true, contact: null });

    const saved = (await run(contactAction, post("/staff/help-contact", DETAILS, a.coordinator))) as Response;
    expect(saved.headers.get("Location")).toBe("/staff/help-contact?done=saved");
    expect(await run(helpLoader, get("/help", a.holder))).toEqual({ signedIn: true, contact: DETAILS });
    expect(await run(helpLoader, get("/help", b.holder))).toEqual({ signedIn: true, contact: null });
    expect(await run(helpLoader, get("/help"))).toEqual({ signedIn: false, contact: null });

    const [audit] = await getDb()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "help-contact.saved"), eq(auditLog.entityId, a.c.id)));
    expect(audit).toMatchObject({ before: null, after: DETAILS });

    // Finance reads them but cannot change them.
    expect(await run(contactLoader, get("/staff/help-contact", a.finance))).toEqual({ contact: DETAILS, canChange: false, saved: false });
    expect(statusOf(await run(contactAction, post("/staff/help-contact", { ...DETAILS, phone: "999" }, a.finance)))).toBe(403);
  });

  it("refuses a phone number or email that is not one, with the fields highlighted, and changes nothing", async () => {
    const a = await team();
    await run(contactAction, post("/staff/help-contact", DETAILS, a.coordinator));
    const result = await run(contactAction, post("/staff/help-contact", { phone: "call us", email: "nope", openingHours: "" }, a.coordinator));
    expect(result).toMatchObject({
      init: { status: 400 },
      data: { error: { phone: [expect.any(String)], email: [expect.any(String)], openingHours: [expect.any(String)] } },
    });
    const [row] = await getDb().select().from(helpContactDetails).where(eq(helpContactDetails.commissionerId, a.c.id));
    expect(row).toMatchObject(DETAILS);
  });
});

describe("feedback", () => {
  it("is kept for the sender's commissioner without who sent it, and read only by that commissioner's staff, newest first", async () => {
    const a = await team();
    const b = await team();
    const sent = (await run(feedbackAction, post("/feedback", { ease: "difficult", couldBeBetter: "Say when the money arrives" }, a.holder))) as Response;
    expect(sent.headers.get("Location")).toBe("/feedback?sent");
    await run(feedbackAction, post("/feedback", { ease: "very-easy" }, a.holder));

    const [first, second] = await getDb().select().from(feedback).where(eq(feedback.commissionerId, a.c.id)).orderBy(feedback.createdAt);
    expect(Object.keys(first).sort()).toEqual(["commissionerId", "couldBeBetter", "createdAt", "ease", "id"]);
    const [audit] = await getDb().select().from(auditLog).where(eq(auditLog.entityId, first.id));
    expect(audit).toMatchObject({ action: "feedback.given", actorUserId: null, commissionerId: a.c.id });

    const page = (await run(feedbackList, get("/staff/feedback", a.finance))) as { rows: { id: string; ease: string }[]; total: number };
    expect(page.total).toBe(2);
    expect(page.rows.map((r) => r.id)).toEqual([second.id, first.id]);
    expect(page.rows[1].ease).toBe("Difficult");
    expect(await run(feedbackList, get("/staff/feedback", b.finance))).toMatchObject({ total: 0, rows: [] });
    expect(statusOf(await run(feedbackList, get("/staff/feedback", a.holder)))).toBe(403);
  });

  it("asks how easy it was before it is kept", async () => {
    const a = await team();
    const result = await run(feedbackAction, post("/feedback", { couldBeBetter: "Everything" }, a.holder));
    expect(result).toMatchObject({ init: { status: 400 }, data: { error: { ease: ["Select how easy it was to use this service"] } } });
    expect(await getDb().select().from(feedback).where(eq(feedback.commissionerId, a.c.id))).toHaveLength(0);
  });

  it("pages 20 at a time and exports every answer as CSV, formulas neutralised", async () => {
    const a = await team();
    const base = Date.now() - 3_600_000;
    await getDb()
      .insert(feedback)
      .values(
        Array.from({ length: 21 }, (_, i) => ({
          commissionerId: a.c.id,
          ease: "easy" as const,
          couldBeBetter: i === 20 ? '=HYPERLINK("http://evil")' : `answer ${i}`,
          createdAt: new Date(base + i * 1000),
        })),
      );
    const second = (await run(feedbackList, get("/staff/feedback?page=2", a.coordinator))) as { rows: { couldBeBetter: string }[]; pageCount: number };
    expect(second.pageCount).toBe(2);
    expect(second.rows.map((r) => r.couldBeBetter)).toEqual(["answer 0"]);

    const csv = (await run(feedbackCsv, get("/staff/feedback.csv", a.coordinator))) as Response;
    expect(csv.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    const lines = (await csv.text()).trim().split("\r\n");
    expect(lines).toHaveLength(22);
    expect(lines[0]).toBe("Sent on,How easy it was,What could be better");
    const newest = lines[1].split(",").at(-1)!;
    expect(newest).not.toMatch(/^"?=/);
    expect(restoreCell(JSON.parse(newest.replace(/^"(.*)"$/, '"$1"').replace(/""/g, '\\"')) as string)).toBe('=HYPERLINK("http://evil")');
    expect(lines.at(-1)).toContain("answer 0");
    expect(
      statusOf(await run(feedbackCsv, get("/staff/feedback.csv", await cookieFor((await insertStaff((await insertCommissioner()).id, "auditor")).email)))),
    ).toBe(200);
  });
});
