import { expect, signInAsServed, test, verifyOnPageAsServed } from "./fixtures";

// Dates in last month, as a pooled account's statement for it would have them.
const now = new Date();
const lastMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
const ukDate = (day: number) => `${String(day).padStart(2, "0")}/${String(lastMonth.getUTCMonth() + 1).padStart(2, "0")}/${lastMonth.getUTCFullYear()}`;
const statement = (lines: string[]) => Buffer.from(`Date,Description,Reference,Amount,Balance\n${lines.join("\n")}\n`);

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("finance records a pooled account, puts Leo's direct payment in it by reference, and imports its statement all or nothing", async ({
    page,
    browser,
  }) => {
    await signInAsServed(page, browser, "finance@demo.nhs.uk");
    await page.goto("/staff/reconciliation");
    await page.getByRole("link", { name: "pooled accounts" }).click();
    await verifyOnPageAsServed(page, browser, "Pooled accounts", "Pooled accounts");

    // A form sent empty says what to put right, at the top and beside each field.
    await page.getByRole("button", { name: "Record the pooled account" }).click();
    await verifyOnPageAsServed(page, browser, "Pooled accounts", "Error: Pooled accounts");
    await expect(page.getByRole("alert")).toContainText("Enter the name on the account");
    await expect(page.locator("#sortCode-error")).toContainText("Enter a sort code");
    await page.getByLabel("Name on the account").fill("Westshire Managed Accounts");
    await page.getByLabel("Sort code").fill("30-94-30");
    await page.getByLabel("Account number").fill("55501234");
    await page.getByRole("button", { name: "Record the pooled account" }).click();
    await verifyOnPageAsServed(page, browser, "Westshire Managed Accounts", "Pooled account");
    await expect(page.locator(".nhsuk-notification-banner--success")).toContainText("The pooled account is recorded.");
    await expect(page.getByText("No one yet.")).toBeVisible();
    const poolPage = page.url();

    await page.goto("/staff");
    await page.locator("#caseload").getByRole("link", { name: "Leo Carter" }).click();
    await page.getByRole("link", { name: "Bank account", exact: true }).click();
    await verifyOnPageAsServed(page, browser, "Leo Carter's bank account", "Bank account");
    await page.getByRole("button", { name: "Record the pooled account" }).click();
    await verifyOnPageAsServed(page, browser, "Leo Carter's bank account", "Error: Bank account");
    await expect(page.getByRole("alert")).toContainText("Select the pooled account the direct payment is held in");
    await page.getByLabel("Pooled account", { exact: true }).selectOption({ label: "Westshire Managed Accounts" });
    await page.getByLabel("Reference on the pool's statement").fill("phb 9001");
    await page.getByRole("button", { name: "Record the pooled account" }).click();
    await expect(page.locator(".nhsuk-notification-banner--success")).toContainText("The pooled account and reference are recorded.");
    await expect(page.locator(".nhsuk-summary-list").first()).toContainText("PHB 9001");

    await page.goto(poolPage);
    await expect(page.getByRole("row", { name: /PHB 9001/ })).toContainText("Leo Carter");
    await page.getByLabel("Bank statement").setInputFiles({
      name: "pool.csv",
      mimeType: "text/csv",
      buffer: statement([`${ukDate(3)},NHS WESTSHIRE,PHB 9001 INST 01,600.00,10600.00`, `${ukDate(9)},BRIGHTSIDE RESPITE,PHB9001,-120.00,10480.00`]),
    });
    await page.getByRole("button", { name: "Import the statement" }).click();
    await expect(page.getByRole("heading", { name: "Check the columns of pool.csv" })).toBeVisible();
    await expect(page.getByLabel("Reference", { exact: true })).toHaveValue("2");
    await page.getByRole("button", { name: "Import with these columns" }).click();
    await verifyOnPageAsServed(page, browser, "Westshire Managed Accounts", "Pooled account");
    await expect(page.locator(".nhsuk-notification-banner--success")).toContainText("2 new lines of 2, for 1 person");

    // A line that is no one's in the pool: the whole file is refused, the line named by its number.
    await page.getByLabel("Bank statement").setInputFiles({
      name: "pool-2.csv",
      mimeType: "text/csv",
      buffer: statement([`${ukDate(12)},NHS WESTSHIRE,PHB 9001,50.00,10530.00`, `${ukDate(14)},UNKNOWN,XYZ 99,-5.00,10525.00`]),
    });
    await page.getByRole("button", { name: "Import the statement" }).click();
    await verifyOnPageAsServed(page, browser, "Westshire Managed Accounts", "Error: Pooled account");
    await expect(page.getByRole("alert")).toContainText(`Line 3: the reference "XYZ 99" is no holder's in this pooled account`);
    await page.goto(poolPage);
    await expect(page.getByRole("listitem").filter({ hasText: "pool-2.csv" })).toHaveCount(0);
    await expect(page.getByRole("listitem").filter({ hasText: "pool.csv" })).toContainText("2 new of 2 lines for 1 person");
  });
});
