import { describe, expect, it } from "vitest";
import { loader as auditLoader } from "~/routes/staff.audit";
import { action as actingForAction } from "~/routes/acting-for";
import { action as agreeAction } from "~/routes/plan_.agree";
import { action as representativesAction, loader as representativesLoader } from "~/routes/representatives";
import { loader as statementLoader } from "~/routes/budget.statement";
import { action as rulesAction, loader as rulesLoader } from "~/routes/staff.spending-rules";
import { action as periodsAction, loader as periodsLoader } from "~/routes/staff.spending-periods";
import { insertRepresentative, insertStaff } from "../factories";
import { cookieFor, get, post, run, statusOf } from "../factories/requests";
import { approveVersion, planContent, planWorld } from "./plan-fixtures";

type Row = { action: string; sentence: string; forWhom: string; changes: { field: string; before: string; after: string }[] };
type Page = { rows: Row[] };

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

describe("the audit log in words", () => {
  it("says who did what to whose plan, with money in pounds, names not ids, and for whom", async () => {
    const w = await planWorld();
    const v1 = await approveVersion(
      w,
      planContent("2026-12-01", [{ description: "Short breaks", holding: "notional", amountPence: 300_000, outcomePositions: [1] }]),
      "2026-11-23",
    );
    const holder = `${w.holder.givenName} ${w.holder.familyName}`;
    const { user: sam, link } = await insertRepresentative(w.holder, ["view", "agree-plans"]);
    const samCookie = await cookieFor(sam.email);
    await run(actingForAction, post("/acting-for", { holderId: w.holder.id }, samCookie));
    await run(agreeAction, post("/plan/agree", { planVersionId: v1.id }, samCookie));
    // The holder's own action: they stop Sam acting for them.
    const revoked = await run(
      representativesAction,
      post("/representatives", { intent: "revoke", representativeId: link.id, confirm: "yes" }, await cookieFor(w.holderUser.email)),
    );
    expect(statusOf(revoked)).toBe(302);

    const auditor = await insertStaff(w.commissioner.id, "auditor");
    const { rows } = (await run(auditLoader, get("/staff/audit", await cookieFor(auditor.email)))) as Page;
    const find = (action: string) => rows.find((r) => r.action === action)!;

    expect(find("plan.approved")).toMatchObject({ sentence: `${w.approver.name} approved version 1 of ${holder}'s plan`, forWhom: holder });
    expect(find("plan.approved").changes).toContainEqual({ field: "Approved by", before: "", after: w.approver.name });
    expect(find("plan.draft-saved")).toMatchObject({ sentence: `${w.coordinator.name} saved changes to version 1 of ${holder}'s plan` });
    expect(find("plan.draft-saved").changes).toContainEqual({ field: "Support lines", before: "", after: "Short breaks, 1 × £3,000.00 a year" });
    expect(find("plan.submitted")).toMatchObject({ sentence: `${w.coordinator.name} sent version 1 of ${holder}'s plan for approval` });
    expect(find("plan.submitted").changes).toContainEqual({ field: "Final budget", before: "", after: "£3,000.00" });
    // The representative's action names the holder they acted for.
    expect(find("plan.agreed")).toMatchObject({ sentence: `${sam.name} agreed to version 1 of ${holder}'s plan`, forWhom: holder });
    // The holder's own action is for themselves.
    expect(find("representative.revoked")).toMatchObject({
      sentence: `${w.holderUser.name} stopped a representative acting for them`,
      forWhom: "Themselves",
    });
    // Signing in concerns no holder.
    expect(find("signed-in").forWhom).toBe("");
    for (const r of rows) {
      expect(r.sentence).not.toMatch(UUID);
      expect(r.sentence).not.toMatch(/^[a-z]+[.-]/);
      for (const c of r.changes) expect(`${c.before} ${c.after}`).not.toMatch(UUID);
    }
  });
});

describe("the auditor", () => {
  it("reads spending rules, spending periods and who acts for a holder, and is refused every change to them", async () => {
    const w = await planWorld();
    const auditor = await insertStaff(w.commissioner.id, "auditor");
    const cookie = await cookieFor(auditor.email);
    const { link } = await insertRepresentative(w.holder, ["view"]);

    const rules = await run(rulesLoader, get("/staff/spending-rules", cookie));
    expect(statusOf(rules)).toBe(200);
    expect(rules).toMatchObject({ mayChange: false });
    const periods = await run(periodsLoader, get("/staff/spending-periods", cookie));
    expect(statusOf(periods)).toBe(200);
    expect(periods).toMatchObject({ mayClose: false });
    const people = await run(representativesLoader, get(`/representatives?holder=${w.holder.id}`, cookie));
    expect(statusOf(people)).toBe(200);
    expect(people).toMatchObject({ mayChange: false, people: [{ id: link.id }] });

    expect(statusOf(await run(rulesAction, post("/staff/spending-rules", { intent: "threshold", threshold: "10.00" }, cookie)))).toBe(403);
    expect(statusOf(await run(periodsAction, post("/staff/spending-periods", { month: "2026-01" }, cookie)))).toBe(403);
    expect(
      statusOf(await run(representativesAction, post(`/representatives?holder=${w.holder.id}`, { intent: "revoke", representativeId: link.id }, cookie))),
    ).toBe(403);

    // The holder's statement, linked from the staff page about them.
    expect(statusOf(await run(statementLoader, get(`/budget/statement?holder=${w.holder.id}`, cookie)))).toBe(200);

    // Finance still changes the rules, and so sees the forms.
    const finance = await run(rulesLoader, get("/staff/spending-rules", await cookieFor(w.finance.email)));
    expect(finance).toMatchObject({ mayChange: true });
  });
});
