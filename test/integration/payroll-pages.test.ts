import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { employers, payrollRuns, personalAssistants, supportAssignments } from "#db/schema";
import { addDays } from "~/payroll/pay-periods";
import { todayInUk } from "~/ledger/entries";
import { action as employerAction, loader as employerLoader } from "~/routes/employer";
import { loader as caseloadLoader } from "~/routes/support._index";
import { action as payrollAction } from "~/routes/support.payroll";
import { action as enterAction } from "~/routes/support.payroll_.enter";
import { action as assignAction, loader as assignLoader } from "~/routes/staff.holders.$holderId.support-organisations";
import { insertStaff } from "../factories";
import { BASE, cookieFor, dateFields, get, post, run, statusOf } from "../factories/requests";
import { ledgerSnapshot, NOVEMBER, payrollFile, payrollWorld } from "./payroll-fixtures";

type Errors = { data: { errors: { fieldId: string; message: string }[]; more?: number } };

function upload(cookie: string, text: string | Blob, extra: Record<string, string> = {}) {
  const form = new FormData();
  form.set("frequency", NOVEMBER.frequency);
  for (const [k, v] of Object.entries({ ...dateFields("periodStartsOn", NOVEMBER.periodStartsOn), ...extra })) form.set(k, v);
  form.set("file", new File([text], "november.csv", { type: "text/csv" }));
  return new Request(`${BASE}/support/payroll`, { method: "POST", body: form, headers: { Cookie: cookie } });
}

describe("the payroll upload page", () => {
  it("lists the first 50 bad lines in the error summary, counts the rest, and records nothing", async () => {
    const w = await payrollWorld();
    const cookie = await cookieFor(w.organisationUser.email);
    const bad = Array.from({ length: 60 }, (_, i) => [`NOBODY-${i}`, "1.00", "0", "0", "0", "0", "0", "1.00"] as [string, ...string[]]);
    const snapshot = await ledgerSnapshot(w.commissioner.id);
    const reply = (await run(payrollAction, upload(cookie, payrollFile(bad as never)))) as Errors;
    expect(statusOf(reply)).toBe(400);
    expect(reply.data.errors).toHaveLength(50);
    expect(reply.data.errors[0]).toEqual({ fieldId: "file", message: expect.stringMatching(/^Line 2: Payroll reference NOBODY-0 is not a PA/) });
    expect(reply.data.more).toBe(10);
    expect(await ledgerSnapshot(w.commissioner.id)).toEqual(snapshot);
    expect((await getDb().select({ n: count() }).from(payrollRuns).where(eq(payrollRuns.commissionerId, w.commissioner.id)))[0].n).toBe(0);
  });

  it("refuses a file declared bigger than 10 MB before reading it, and a form without its period or file", async () => {
    const w = await payrollWorld();
    const cookie = await cookieFor(w.organisationUser.email);
    const big = new Request(`${BASE}/support/payroll`, {
      method: "POST",
      body: "x",
      headers: { Cookie: cookie, "Content-Type": "multipart/form-data; boundary=x", "Content-Length": String(50 * 1024 * 1024) },
    });
    const tooBig = (await run(payrollAction, big)) as Errors;
    expect(tooBig.data.errors).toEqual([{ fieldId: "file", message: "The file is bigger than 10 MB: export one pay period at a time" }]);

    const form = new FormData();
    form.set("frequency", "fortnightly");
    const empty = (await run(payrollAction, new Request(`${BASE}/support/payroll`, { method: "POST", body: form, headers: { Cookie: cookie } }))) as Errors;
    expect(empty.data.errors.map((e) => e.fieldId).sort()).toEqual(["file", "frequency", "periodStartsOn-day"]);
  });

  it("says a file posted before posts nothing again", async () => {
    const w = await payrollWorld();
    const cookie = await cookieFor(w.organisationUser.email);
    const text = payrollFile([[w.refs.b1, "250.00", "0", "0", "0", "0", "0", "250.00"]]);
    const first = await run(payrollAction, upload(cookie, text));
    expect(first).toBeInstanceOf(Response);
    const runId = (first as Response).headers.get("Location")!.split("/").pop()!;
    const { performPayrollRun, requestPayrollPosting } = await import("~/payroll/post-payroll.server");
    await requestPayrollPosting(getDb(), { actor: w.actor, organisationId: w.organisation.id, runId });
    await performPayrollRun(getDb(), runId, { today: todayInUk() });
    const again = (await run(payrollAction, upload(cookie, text))) as { data: { notice: string } };
    expect(statusOf(again)).toBe(409);
    expect(again.data.notice).toMatch(/posted before: nothing was posted again/);
  });
});

describe("the organisation's caseload", () => {
  it("shows each holder's balance, what payroll left owed, what is available and when HMRC and the pension are due", async () => {
    const w = await payrollWorld();
    const cookie = await cookieFor(w.organisationUser.email);
    const text = payrollFile([[w.refs.a1, "1200.00", "100.00", "50.00", "60.00", "36.00", "36.00", "1014.00"]]);
    const uploaded = (await run(payrollAction, upload(cookie, text))) as Response;
    const runId = uploaded.headers.get("Location")!.split("/").pop()!;
    const { performPayrollRun, requestPayrollPosting } = await import("~/payroll/post-payroll.server");
    await requestPayrollPosting(getDb(), { actor: w.actor, organisationId: w.organisation.id, runId });
    await performPayrollRun(getDb(), runId, { today: todayInUk() });

    const page = (await run(caseloadLoader, get("/support", cookie))) as {
      total: number;
      entries: { holderId: string; balancePence: number; owedPence: number; availablePence: number; nextDueOn: string | null; assistants: number }[];
    };
    expect(page.total).toBe(2);
    const a = page.entries.find((e) => e.holderId === w.a.holder.id)!;
    // HMRC: tax 100.00 + both NI 110.00; pension 72.00; both due on 22 December.
    expect(a).toMatchObject({ owedPence: 21_000 + 7_200, availablePence: a.balancePence - 28_200, nextDueOn: "2026-12-22", assistants: 2 });
    expect(page.entries.find((e) => e.holderId === w.b.holder.id)).toMatchObject({ owedPence: 0, nextDueOn: null, assistants: 1 });
  });
});

describe("pay entered on the form", () => {
  const pay = (ref: string, net: string) => ({
    frequency: "monthly",
    ...dateFields("period", NOVEMBER.periodStartsOn),
    payroll_ref: ref.toLowerCase(),
    gross: "250.00",
    employee_tax: "0",
    employee_ni: "0",
    employee_pension: "-1",
    net_pay: net,
    employer_ni: "0",
    employer_pension: "0",
    ...dateFields("payment_date", "2026-11-28"),
  });

  it("names each field at fault, then checks the pay as a file's line would be and keeps it for the preview", async () => {
    const w = await payrollWorld();
    const cookie = await cookieFor(w.organisationUser.email);
    const refused = (await run(enterAction, post("/support/payroll/enter", pay(w.refs.b1, "ten"), cookie))) as Errors;
    expect(statusOf(refused)).toBe(400);
    expect(refused.data.errors).toEqual([
      { fieldId: "employee_pension", message: "The employee's pension must not be negative" },
      { fieldId: "net_pay", message: "The net pay must be a number of pounds and pence, like 12.50" },
    ]);
    const posted = await run(enterAction, post("/support/payroll/enter", { ...pay(w.refs.b1, "250.00"), employee_pension: "0" }, cookie));
    expect(statusOf(posted)).toBe(302);
    const [saved] = await getDb().select().from(payrollRuns).where(eq(payrollRuns.supportOrganisationId, w.organisation.id));
    expect(saved).toMatchObject({ fileName: null, lineCount: 1, holderCount: 1, employerCostPence: 25_000, status: "previewed" });
  });
});

describe("the employer page", () => {
  it("refuses references in the wrong format with a message for each field, and changes nothing", async () => {
    const w = await payrollWorld();
    const cookie = await cookieFor(w.holderUser.email);
    const reply = (await run(
      employerAction,
      post(
        "/employer",
        {
          intent: "employer",
          payeReference: "AB45678",
          accountsOfficeReference: "123PX",
          insurer: "",
          insurancePolicy: "EL-2",
          ...dateFields("insuranceExpiresOn", "2027-03-31"),
        },
        cookie,
      ),
    )) as Errors;
    expect(statusOf(reply)).toBe(400);
    expect(reply.data.errors.map((e) => e.fieldId)).toEqual(["payeReference", "accountsOfficeReference", "insurer"]);
    const [employer] = await getDb().select().from(employers).where(eq(employers.holderId, w.holder.id));
    expect(employer.payeReference).toBe("123/AB45678");
  });

  it("shows the holder their PAs' NI numbers masked, and the organisation that runs their payroll in full", async () => {
    const w = await payrollWorld();
    const asHolder = (await run(employerLoader, get("/employer", await cookieFor(w.holderUser.email)))) as { assistants: { niNumber: string }[] };
    expect(asHolder.assistants.map((a) => a.niNumber)).toEqual(["XX XX XX 56 C", "XX XX XX 56 C"]);
    const asOrganisation = (await run(employerLoader, get(`/employer?holder=${w.holder.id}`, await cookieFor(w.organisationUser.email)))) as {
      assistants: { niNumber: string }[];
    };
    expect(asOrganisation.assistants.map((a) => a.niNumber)).toEqual(["AB 12 34 56 C", "AB 12 34 56 C"]);
  });

  it("adds a PA paid from a line of the plan, and refuses a payroll reference another PA has", async () => {
    const w = await payrollWorld();
    const cookie = await cookieFor(w.organisationUser.email);
    const pa = {
      intent: "assistant",
      givenName: "Sam",
      familyName: "Okafor",
      nationalInsuranceNumber: "CE 12 34 56 A",
      ...dateFields("startsOn", "2026-05-01"),
      hourlyRate: "12.60",
      contractedHours: "37.5",
      pensionScheme: "NEST",
      payrollReference: "sam-1",
      supportLineKey: w.a.lineKey,
    };
    expect(statusOf(await run(employerAction, post(`/employer?holder=${w.holder.id}`, pa, cookie)))).toBe(302);
    const [added] = await getDb().select().from(personalAssistants).where(eq(personalAssistants.payrollReference, "SAM-1"));
    expect(added).toMatchObject({ hourlyRatePence: 1260, contractedMinutesPerWeek: 2250, nationalInsuranceNumber: "CE123456A", supportLineKey: w.a.lineKey });
    const again = (await run(employerAction, post(`/employer?holder=${w.holder.id}`, { ...pa, givenName: "Another" }, cookie))) as Errors;
    expect(again.data.errors).toEqual([{ fieldId: "payrollReference", message: "Payroll reference SAM-1 is already another PA's: each PA has their own" }]);
  });
});

describe("assignments", () => {
  it("the coordinator assigns an organisation and ends it; from then its user is told the holder does not exist", async () => {
    const w = await payrollWorld();
    const coordinator = await insertStaff(w.commissioner.id, "coordinator");
    const staff = await cookieFor(coordinator.email);
    const organisation = await cookieFor(w.organisationUser.email);
    const path = `/staff/holders/${w.b.holder.id}/support-organisations`;
    const params = { holderId: w.b.holder.id };

    // A third-party budget from an organisation that only runs payroll is refused, with the field named.
    await getDb().update(supportAssignments).set({ endsOn: null }).where(eq(supportAssignments.holderId, w.b.holder.id));
    const refused = (await run(
      assignAction,
      post(
        path,
        { organisationId: w.organisation.id, scopes: "payroll", ...dateFields("startsOn", "2026-04-01"), ...dateFields("endsOn", "2026-03-01") },
        staff,
      ),
      params,
    )) as Errors;
    expect(refused.data.errors).toEqual([{ fieldId: "endsOn-day", message: "The last day must be on or after the first day" }]);

    expect(statusOf(await run(caseloadLoader, get("/support", organisation)))).toBe(200);
    expect(statusOf(await run(employerLoader, get(`/employer?holder=${w.b.holder.id}`, organisation)))).toBe(200);
    expect(statusOf(await run(assignAction, post(path, { intent: "end", organisationId: w.organisation.id }, staff), params))).toBe(302);
    // Ended today: in force to the end of today, gone tomorrow.
    const [ended] = await getDb().select().from(supportAssignments).where(eq(supportAssignments.holderId, w.b.holder.id));
    expect(ended.endsOn).toBe(todayInUk());
    await getDb()
      .update(supportAssignments)
      .set({ startsOn: addDays(todayInUk(), -30), endsOn: addDays(todayInUk(), -1) })
      .where(eq(supportAssignments.holderId, w.b.holder.id));
    expect(statusOf(await run(employerLoader, get(`/employer?holder=${w.b.holder.id}`, await cookieFor(w.organisationUser.email))))).toBe(404);
    const page = (await run(assignLoader, get(path, staff), params)) as { assigned: { endsOn: string | null }[] };
    expect(page.assigned).toHaveLength(1);
  });
});
