import { describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { listStatementLines } from "~/budgets/statement.server";
import { longDate } from "~/dates/long-date";
import { action as statementAction } from "~/routes/staff.statement-of-resources";
import { insertCommissioner, insertStaff } from "../factories";
import { BASE, cookieFor, run, statusOf } from "../factories/requests";

const FILE =
  "cohort,band,service,provider,purpose,costingMethod,unit,unitsPerYear,costPerUnit,includedInPersonalBudgets,availableFrom\r\n" +
  "chc,,Personal care,Care Ltd,Daily living,local-cost,hour,520,14.50,yes,\r\n" +
  "chc,,Nursing,NHS,Wounds,reference-cost,visit,24,50.00,no,\r\n";

function upload(csv: string, cookie: string) {
  const form = new FormData();
  form.append("intent", "import");
  form.append("file", new File([csv], "statement-of-resources.csv", { type: "text/csv" }));
  return new Request(`${BASE}/staff/statement-of-resources`, { method: "POST", body: form, headers: { Cookie: cookie } });
}

async function manager() {
  const c = await insertCommissioner();
  const staff = await insertStaff(c.id, "coordinator");
  return { c, staff, cookie: await cookieFor(staff.email) };
}

type Reply = { data: { notice?: string; errors: unknown[] } };

describe("statement of resources import", () => {
  it("imports a file once: the second upload says when and by whom it was imported and changes nothing", async () => {
    const { c, staff, cookie } = await manager();
    const first = (await run(statementAction, upload(FILE, cookie))) as Response;
    expect(first.headers.get("Location")).toBe("/staff/statement-of-resources?imported=2");
    const again = (await run(statementAction, upload(FILE, cookie))) as Reply;
    expect(statusOf(again)).toBe(409);
    expect(again.data.notice).toBe(`This file was already imported on ${longDate(new Date())} by ${staff.name}: nothing was changed`);
    expect(await listStatementLines(getDb(), { commissionerId: c.id })).toHaveLength(2);

    // Another file, or the same file at another commissioner, is a new import.
    const changed = (await run(statementAction, upload(FILE.replace("14.50", "15.00"), cookie))) as Response;
    expect(changed.headers.get("Location")).toBe("/staff/statement-of-resources?imported=2");
    const elsewhere = await manager();
    expect(statusOf(await run(statementAction, upload(FILE, elsewhere.cookie)))).toBe(302);
    expect(await listStatementLines(getDb(), { commissionerId: elsewhere.c.id })).toHaveLength(2);
  });

  it("imports a file submitted twice at the same moment once", async () => {
    const { c, cookie } = await manager();
    const results = await Promise.all([run(statementAction, upload(FILE, cookie)), run(statementAction, upload(FILE, cookie))]);
    expect(results.map(statusOf).sort()).toEqual([302, 409]);
    expect(await listStatementLines(getDb(), { commissionerId: c.id })).toHaveLength(2);
  });
});
