import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { auditLog, personalAssistants, payslips, timesheets, users } from "#db/schema";
import { acceptAssistantInvitation, inviteAssistant } from "~/payroll/assistant-sign-in.server";
import { loader as homeLoader } from "~/routes/_index";
import { loader as employerLoader } from "~/routes/employer";
import { action as inviteAction, loader as inviteLoader } from "~/routes/employer_.assistants.$assistantId.sign-in";
import { action as paAction, loader as paLoader } from "~/routes/pa._index";
import { loader as payslipLoader } from "~/routes/payslips.$payslipId";
import { loader as payslipPdfLoader } from "~/routes/payslips.$payslipId_.pdf";
import { loader as statementLoader } from "~/routes/budget.statement";
import { PASSWORD } from "../factories";
import { BASE, cookieFor, dateFields, get, post, run, statusOf } from "../factories/requests";
import { payrollFile, payrollWorld, postFile, type PayrollWorld } from "./payroll-fixtures";

/** Invites a PA as their employer would, and sets their password from the link: the PA's sign-in cookie. */
async function signInAs(w: PayrollWorld, employer: PayrollWorld["a"], assistantId: string) {
  const email = `pa-${assistantId.slice(0, 8)}@test.example`;
  const invited = await inviteAssistant(getDb(), {
    actor: { userId: employer.holderUser.id, commissionerId: w.commissioner.id },
    commissionerId: w.commissioner.id,
    holderId: employer.holder.id,
    assistantId,
    email,
    origin: BASE,
  });
  if (!invited.ok || invited.value.emailed) throw new Error(JSON.stringify(invited));
  const token = invited.value.link.split("/pa-invitation/")[1];
  const accepted = await acceptAssistantInvitation(getDb(), { token, password: PASSWORD });
  if (!accepted.ok) throw new Error(accepted.message);
  return { cookie: await cookieFor(email), email, token };
}

/** November's pay for A's two PAs and B's one, so that each has a payslip. */
async function payNovember(w: PayrollWorld) {
  const { run: posted } = await postFile(
    w,
    payrollFile([
      [w.refs.a1, "250.00", "0", "0", "0", "0", "0", "250.00"],
      [w.refs.a2, "125.00", "0", "0", "0", "0", "0", "125.00"],
      [w.refs.b1, "100.00", "0", "0", "0", "0", "0", "100.00"],
    ]),
  );
  if (posted?.status !== "finished") throw new Error(posted?.error ?? "The run did not finish");
  const slips = await getDb().select().from(payslips).where(eq(payslips.payrollRunId, posted.id));
  return (assistantId: string) => slips.find((s) => s.personalAssistantId === assistantId)!.id;
}

describe("a PA's own sign-in", () => {
  it("sees only their own timesheets and payslips: another PA's, and their employer's records, are not there for them", async () => {
    const w = await payrollWorld();
    const [a1, a2] = w.a.assistants;
    const [b1] = w.b.assistants;
    const slipOf = await payNovember(w);
    const pa = await signInAs(w, w.a, a1.id);

    // Hours for both of A's PAs, entered by the employer: the PA's page lists only their own.
    const employer = await cookieFor(w.a.holderUser.email);
    for (const [assistantId, hours] of [
      [a1.id, "20"],
      [a2.id, "12.5"],
    ]) {
      const entered = await run(
        (await import("~/routes/employer")).action,
        post("/employer", { intent: "hours", assistantId, ...dateFields("weekStartsOn", "2026-12-07"), hours }, employer),
      );
      expect(statusOf(entered)).toBe(302);
    }
    const home = (await run(paLoader, get("/pa", pa.cookie))) as Awaited<ReturnType<typeof paLoader>>;
    expect(home.timesheets.map((t) => t.minutes)).toEqual([20 * 60]);
    expect(home.payslips.map((p) => p.id)).toEqual([slipOf(a1.id)]);
    expect(home.employerName).toBe(`${w.a.holder.givenName} ${w.a.holder.familyName}`);

    // Their own payslip, as a page and a PDF; another PA's of the same employer, or of another, is a 404.
    expect(statusOf(await run(payslipLoader, get(`/payslips/${slipOf(a1.id)}`, pa.cookie), { payslipId: slipOf(a1.id) }))).toBe(200);
    const pdf = (await run(payslipPdfLoader, get(`/payslips/${slipOf(a1.id)}/pdf`, pa.cookie), { payslipId: slipOf(a1.id) })) as Response;
    expect(pdf.headers.get("Content-Type")).toBe("application/pdf");
    for (const other of [slipOf(a2.id), slipOf(b1.id)]) {
      expect(statusOf(await run(payslipLoader, get(`/payslips/${other}?holder=${w.b.holder.id}`, pa.cookie), { payslipId: other }))).toBe(404);
      expect(statusOf(await run(payslipPdfLoader, get(`/payslips/${other}/pdf`, pa.cookie), { payslipId: other }))).toBe(404);
    }
    // Their employer's budget, statement and employer page are not theirs; the home page sends them to their own.
    expect(statusOf(await run(employerLoader, get(`/employer?holder=${w.a.holder.id}`, pa.cookie)))).toBe(404);
    expect(statusOf(await run(statementLoader, get(`/budget/statement?holder=${w.a.holder.id}`, pa.cookie)))).toBe(404);
    const sent = (await run(homeLoader, get("/", pa.cookie))) as Response;
    expect(sent.headers.get("Location")).toBe("/pa");
    // Hours for a week whose pay period is paid already would never be paid: refused, and nothing is recorded.
    const late = (await run(paAction, post("/pa", { ...dateFields("weekStartsOn", "2026-11-23"), hours: "4" }, pa.cookie))) as {
      data: { errors: { fieldId: string; message: string }[] };
    };
    expect(late.data.errors).toEqual([
      {
        fieldId: "weekStartsOn-day",
        message:
          "The week from 23 November 2026 is in a pay period already paid (1 November 2026 to 30 November 2026): ask whoever runs the payroll to correct the pay",
      },
    ]);
    expect(await getDb().select().from(timesheets).where(eq(timesheets.personalAssistantId, a1.id))).toHaveLength(1);
    // And another PA's page is nobody else's: the employer, signed in, has no /pa.
    expect(statusOf(await run(paLoader, get("/pa", employer)))).toBe(404);
  });

  it("submits a week's hours for themselves only, whatever PA the form names, and the employer then approves them", async () => {
    const w = await payrollWorld();
    const [a1, a2] = w.a.assistants;
    const pa = await signInAs(w, w.a, a1.id);
    const submitted = await run(paAction, post("/pa", { assistantId: a2.id, ...dateFields("weekStartsOn", "2026-11-16"), hours: "7.5" }, pa.cookie));
    expect((submitted as Response).headers.get("Location")).toBe("/pa?done=hours");
    const sheets = await getDb().select().from(timesheets).where(eq(timesheets.holderId, w.a.holder.id));
    expect(sheets.map((s) => [s.personalAssistantId, s.minutes, s.status])).toEqual([[a1.id, 450, "submitted"]]);
    const [entered] = await getDb()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "timesheet.entered"), eq(auditLog.entityId, sheets[0].id)));
    const [paUser] = await getDb().select().from(users).where(eq(users.email, pa.email));
    expect(entered.actorUserId).toBe(paUser.id);

    // The employer's form with no PA chosen, or a timesheet id that is none, is told so: no database error.
    const employerPage = await cookieFor(w.a.holderUser.email);
    const { action: employerAction } = await import("~/routes/employer");
    const noPa = (await run(
      employerAction,
      post("/employer", { intent: "hours", assistantId: "", ...dateFields("weekStartsOn", "2026-11-16"), hours: "2" }, employerPage),
    )) as {
      data: { errors: { fieldId: string; message: string }[] };
    };
    expect(noPa.data.errors).toEqual([{ fieldId: "assistantId", message: "Select the PA who worked the hours" }]);
    const noSheet = (await run(employerAction, post("/employer", { intent: "approve", timesheetId: "nonsense" }, employerPage))) as typeof noPa;
    expect(noSheet.data.errors).toEqual([{ fieldId: "", message: "There is no such timesheet" }]);

    // Bad input changes nothing and says what is wrong with each field.
    const bad = (await run(paAction, post("/pa", { ...dateFields("weekStartsOn", "2026-11-17"), hours: "lots" }, pa.cookie))) as {
      data: { errors: { fieldId: string; message: string }[] };
    };
    expect(statusOf(bad)).toBe(400);
    expect(bad.data.errors).toEqual([{ fieldId: "hours", message: "Enter the hours worked that week, like 20 or 37.5" }]);
    const notMonday = (await run(paAction, post("/pa", { ...dateFields("weekStartsOn", "2026-11-17"), hours: "3" }, pa.cookie))) as typeof bad;
    expect(notMonday.data.errors).toEqual([{ fieldId: "weekStartsOn-day", message: "A timesheet's week starts on a Monday: enter the Monday's date" }]);
    expect(await getDb().select().from(timesheets).where(eq(timesheets.holderId, w.a.holder.id))).toHaveLength(1);

    const employer = await cookieFor(w.a.holderUser.email);
    const approved = await run((await import("~/routes/employer")).action, post("/employer", { intent: "approve", timesheetId: sheets[0].id }, employer));
    expect(statusOf(approved)).toBe(302);
    const home = (await run(paLoader, get("/pa", pa.cookie))) as Awaited<ReturnType<typeof paLoader>>;
    expect(home.timesheets.map((t) => t.status)).toEqual(["approved"]);
  });
});

describe("inviting a PA to sign in", () => {
  it("gives the link to pass on when email is not set up; a new link closes the old one; the link works once", async () => {
    const w = await payrollWorld();
    const [a1] = w.a.assistants;
    const employer = await cookieFor(w.a.holderUser.email);
    const invite = (email: string) => run(inviteAction, post(`/employer/assistants/${a1.id}/sign-in`, { email }, employer), { assistantId: a1.id });
    const bad = await invite("not an email");
    expect(statusOf(bad)).toBe(400);
    // An address another account uses cannot be taken over by naming it.
    const taken = (await invite(w.b.holderUser.email)) as { data: { error: { fieldId: string; message: string } } };
    expect(taken.data.error).toEqual({ fieldId: "email", message: "This email address is used by another account: ask the PA for another email address" });

    const first = (await invite("pat@test.example")) as { delivery: { emailed: false; link: string } };
    const second = (await invite("pat.a1@test.example")) as { delivery: { emailed: false; link: string } };
    const tokenOf = (link: string) => link.split("/pa-invitation/")[1];
    expect(first.delivery.link).toMatch(/^http:\/\/localhost\/pa-invitation\/[\w-]{43}$/);
    const closed = await acceptAssistantInvitation(getDb(), { token: tokenOf(first.delivery.link), password: PASSWORD });
    expect(closed.ok).toBe(false);
    const accepted = await acceptAssistantInvitation(getDb(), { token: tokenOf(second.delivery.link), password: PASSWORD });
    expect(accepted).toEqual({ ok: true, value: { email: "pat.a1@test.example" } });
    const again = await acceptAssistantInvitation(getDb(), { token: tokenOf(second.delivery.link), password: "another long password" });
    expect(again.ok).toBe(false);
    const [linked] = await getDb().select().from(personalAssistants).where(eq(personalAssistants.id, a1.id));
    const [account] = await getDb().select().from(users).where(eq(users.id, linked.userId!));
    expect(account).toMatchObject({ email: "pat.a1@test.example", kind: "assistant" });
    // Once they sign in, the page says so and offers no new link.
    const page = (await run(inviteLoader, get(`/employer/assistants/${a1.id}/sign-in`, employer), { assistantId: a1.id })) as Awaited<
      ReturnType<typeof inviteLoader>
    >;
    expect(page.signIn).toEqual({ state: "signs-in", email: "pat.a1@test.example" });
    expect(statusOf(await invite("pat.again@test.example"))).toBe(400);
    // An address that is no PA's id is not there either, rather than a database error.
    expect(statusOf(await run(inviteLoader, get("/employer/assistants/not-an-id/sign-in", employer), { assistantId: "not-an-id" }))).toBe(404);
    expect(
      statusOf(await run(inviteAction, post("/employer/assistants/not-an-id/sign-in", { email: "x@test.example" }, employer), { assistantId: "not-an-id" })),
    ).toBe(404);
    // Another employer's PA is not there for this one.
    const [b1] = w.b.assistants;
    expect(statusOf(await run(inviteLoader, get(`/employer/assistants/${b1.id}/sign-in`, employer), { assistantId: b1.id }))).toBe(404);
  });
});
