import { expect, signInAsServed, test, verifyOnPageAsServed } from "./fixtures";

// The demo seeds Aisha's direct payment account's statement for last month: most lines match by themselves; a direct
// debit that names no one is suggested, and a shop no one logged is left to explain.
const now = new Date();
const lastMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
const MONTH = new Intl.DateTimeFormat("en-GB", { month: "long", year: "numeric", timeZone: "UTC" }).format(lastMonth);
const ukDate = (day: number) => `${String(day).padStart(2, "0")}/${String(lastMonth.getUTCMonth() + 1).padStart(2, "0")}/${lastMonth.getUTCFullYear()}`;
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("finance imports a statement, confirms a suggested match, asks Aisha a question she answers with a receipt, and reconciles the month", async ({
    page,
    browser,
  }) => {
    await signInAsServed(page, browser, "finance@demo.nhs.uk");
    await page.getByRole("link", { name: "Reconciliation" }).click();
    await verifyOnPageAsServed(page, browser, `Reconciliation: ${MONTH}`, "Reconciliation");
    await expect(page.getByRole("row", { name: /Aisha Rahman/ })).toContainText("Lines to match");
    await page.getByRole("link", { name: "Aisha Rahman" }).click();
    await verifyOnPageAsServed(page, browser, `Aisha Rahman: ${MONTH}`, `Reconciling ${MONTH}`);
    await expect(page.locator("main .nhsuk-tag").first()).toHaveText("In progress");
    const monthPage = page.url();

    // A bank error and its correction, from the bank's website.
    await page.goto(monthPage.replace(/reconciliation\/.*$/, "bank-statements"));
    await page.getByLabel("Bank statement").setInputFiles({
      name: "errors.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(`Date,Description,Amount\n${ukDate(20)},BANK ERROR DEBIT,-25.00\n${ukDate(20)},BANK ERROR CORRECTION,25.00\n`),
    });
    await page.getByRole("button", { name: "Import the statement" }).click();
    await expect(page.getByRole("heading", { name: "Check the columns of errors.csv" })).toBeVisible();
    await page.getByRole("button", { name: "Import with these columns" }).click();
    await expect(page.locator(".nhsuk-notification-banner--success")).toContainText("2 new lines of 2");
    await page.getByRole("link", { name: `Match the lines and reconcile ${MONTH}` }).click();

    await page.getByRole("button", { name: "Confirm the match of DD 00482213" }).click();
    await verifyOnPageAsServed(page, browser, `Aisha Rahman: ${MONTH}`, `Reconciling ${MONTH}`);
    await expect(page.locator(".nhsuk-notification-banner--success")).toContainText("The bank line is matched.");
    await expect(page.getByRole("row", { name: /DD 00482213/ })).toContainText("Confirmed by finance");

    await page.getByRole("link", { name: "Say what this line is (CO-OP GROUP 4471)" }).click();
    await page.getByRole("button", { name: "Save" }).click();
    await verifyOnPageAsServed(page, browser, `Aisha Rahman: ${MONTH}`, `Error: Reconciling ${MONTH}`);
    await expect(page.getByRole("alert")).toContainText("Select what this bank line is");
    await page.getByLabel("A spend no one logged: log it for the holder").check();
    await page.getByLabel("Support line it was spent on").selectOption({ index: 1 });
    await page.getByLabel("Who was paid").fill("Co-op");
    await page.getByLabel("What it was for").fill("Ingredients for a cooking session with Chloe");
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.locator(".nhsuk-notification-banner--success")).toContainText("The bank line is explained.");
    await expect(page.getByRole("row", { name: /CO-OP GROUP 4471/ })).toContainText("Logged as a spend by finance");

    for (const line of ["BANK ERROR DEBIT", "BANK ERROR CORRECTION"]) {
      await page.getByRole("link", { name: `Say what this line is (${line})` }).click();
      await page.getByLabel("Not the holder's money, or a bank error").check();
      await page.getByLabel("Why it is not the holder's money").fill("The bank took £25 in error and put it back the same day");
      await page.getByRole("button", { name: "Save" }).click();
      await expect(page.locator(".nhsuk-notification-banner--success")).toContainText("The bank line is explained.");
    }
    await expect(page.getByRole("heading", { name: "Bank lines to match (0)" })).toBeVisible();
    await expect(page.getByText("Difference not explained")).toBeVisible();

    await page.getByRole("link", { name: `Ask Aisha Rahman about ${MONTH}` }).click();
    await verifyOnPageAsServed(page, browser, "Ask Aisha Rahman a question", "Ask the holder a question");
    await page.getByLabel("Your question").fill("Please send us the receipt for the Co-op shop on the 15th.");
    await page.getByRole("button", { name: "Send the question" }).click();
    await verifyOnPageAsServed(page, browser, "A question to Aisha Rahman", "Finance query");
    await expect(page.locator(".nhsuk-notification-banner--success")).toContainText("The question has been sent.");
    await page.goto(monthPage);
    await expect(page.locator("main .nhsuk-tag").first()).toHaveText("Queries open");
    await page.getByRole("button", { name: "Sign out" }).first().click();

    await signInAsServed(page, browser, "aisha@demo.example");
    await verifyOnPageAsServed(page, browser, "Hello Aisha");
    await page.getByRole("link", { name: new RegExp(`A question from the finance team about your account in ${MONTH}`) }).click();
    await verifyOnPageAsServed(page, browser, "A question from the finance team", "A question from the finance team");
    await page.getByRole("button", { name: "Send your answer" }).click();
    await expect(page.getByRole("alert")).toContainText("Enter your answer, or attach a file");
    await page.getByLabel("Your answer").fill("Here is the receipt from the Co-op.");
    await page.getByLabel("Receipts or other files (optional)").setInputFiles({ name: "co-op receipt.png", mimeType: "image/png", buffer: PNG });
    await page.getByRole("button", { name: "Send your answer" }).click();
    await verifyOnPageAsServed(page, browser, "A question from the finance team", "A question from the finance team");
    await expect(page.locator(".nhsuk-notification-banner--success")).toContainText("Your answer has been sent.");
    await expect(page.getByRole("link", { name: "co-op-receipt.png" })).toBeVisible();
    await page.getByRole("button", { name: "Sign out" }).first().click();

    await signInAsServed(page, browser, "finance@demo.nhs.uk");
    await page.getByRole("link", { name: "Finance queries" }).click();
    await verifyOnPageAsServed(page, browser, "Finance queries", "Finance queries");
    await expect(page.getByRole("row", { name: /Aisha Rahman/ })).toContainText("Answered: finance to check");
    await page
      .getByRole("link", { name: /Aisha Rahman/ })
      .first()
      .click();
    await page.getByRole("button", { name: "Accept the answer" }).click();
    await expect(page.locator(".nhsuk-notification-banner--success")).toContainText("The answer is accepted and the query closed.");

    // Finance could reconcile every month that agrees from the worklist; here, Aisha's alone from hers.
    await page.goto("/staff/reconciliation");
    await expect(page.getByRole("row", { name: /Aisha Rahman/ })).toContainText("Lines matched: check and reconcile");
    await expect(page.getByRole("button", { name: "Reconcile the months that agree" })).toBeVisible();
    await page.goto(monthPage);
    await expect(page.locator("main .nhsuk-tag").first()).toHaveText("Ready to reconcile");
    await page.getByRole("button", { name: "Reconcile the month" }).click();
    await verifyOnPageAsServed(page, browser, `Aisha Rahman: ${MONTH}`, `Reconciling ${MONTH}`);
    await expect(page.locator(".nhsuk-notification-banner--success")).toContainText("The month is reconciled.");
    await expect(page.locator("main .nhsuk-tag").first()).toHaveText("Reconciled");
    await expect(page.getByText(/Reconciled on .* with an agreed balance of £/)).toBeVisible();
  });

  test("finance chooses to reconcile every quarter, sees the worklist by quarter, then goes back to months", async ({ page, browser }) => {
    await signInAsServed(page, browser, "finance@demo.nhs.uk");
    await page.goto("/staff/reconciliation");
    await page.getByLabel("Every quarter of the financial year").check();
    await page.getByRole("button", { name: "Save how often" }).click();
    await expect(page.locator(".nhsuk-notification-banner--success")).toContainText("Direct payments are reconciled every quarter.");
    await verifyOnPageAsServed(page, browser, / to /, "Reconciliation");
    await expect(page.getByLabel("Quarter", { exact: true })).toBeVisible();
    const quarter = (await page.locator("h1").textContent())!.replace("Reconciliation: ", "");
    await page.getByRole("link", { name: "Aisha Rahman" }).click();
    await verifyOnPageAsServed(page, browser, `Aisha Rahman: ${quarter}`, `Reconciling ${quarter}`);
    await expect(page.getByRole("link", { name: /^Previous quarter: / })).toBeVisible();

    await page.goto("/staff/reconciliation");
    await page.getByLabel("Every month").check();
    await page.getByRole("button", { name: "Save how often" }).click();
    await expect(page.locator(".nhsuk-notification-banner--success")).toContainText("Direct payments are reconciled every month.");
    await expect(page.locator("h1")).toHaveText(`Reconciliation: ${MONTH}`);
  });

  test("finance records money paid back to Aisha by someone she paid as a refund, against a line of her plan", async ({ page, browser }) => {
    const firstOfThisMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
    const thisMonth = firstOfThisMonth.toISOString().slice(0, 7);
    const thisMonthName = new Intl.DateTimeFormat("en-GB", { month: "long", year: "numeric", timeZone: "UTC" }).format(firstOfThisMonth);
    await signInAsServed(page, browser, "finance@demo.nhs.uk");
    await page.goto(`/staff/reconciliation?period=${thisMonth}`);
    await page.getByRole("link", { name: "Aisha Rahman" }).click();
    const monthPage = page.url();
    await page.goto(monthPage.replace(/reconciliation\/.*$/, "bank-statements"));
    await page.getByLabel("Bank statement").setInputFiles({
      name: "refund.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(`Date,Description,Amount\n${firstOfThisMonth.toISOString().slice(0, 10).split("-").reverse().join("/")},LCA REFUND 0042,12.00\n`),
    });
    await page.getByRole("button", { name: "Import the statement" }).click();
    // The first test has the same three columns confirmed already, unless this one runs alone.
    const confirm = page.getByRole("button", { name: "Import with these columns" });
    if (await confirm.isVisible()) await confirm.click();
    await expect(page.locator(".nhsuk-notification-banner--success")).toContainText("1 new line of 1");
    await page.goto(monthPage);
    await verifyOnPageAsServed(page, browser, `Aisha Rahman: ${thisMonthName}`, `Reconciling ${thisMonthName}`);

    // Money paid back by the arts group Aisha paid: a refund against the line of her plan it came from.
    await page.getByRole("link", { name: "Say what this line is (LCA REFUND 0042)" }).click();
    await page.getByLabel("Money paid back by someone the holder paid: record the refund").check();
    await page.getByLabel("Who paid the money back").selectOption({ label: "Leicester Community Arts" });
    await page.getByRole("button", { name: "Save" }).click();
    await verifyOnPageAsServed(page, browser, `Aisha Rahman: ${thisMonthName}`, `Error: Reconciling ${thisMonthName}`);
    await expect(page.getByRole("alert")).toContainText("Say what the money was paid back for");
    await page.getByLabel("Support line the money was spent on").selectOption({ index: 1 });
    await page.getByLabel("What it was paid back for").fill("A class cancelled");
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.locator(".nhsuk-notification-banner--success")).toContainText("The bank line is explained.");
    await expect(page.getByRole("row", { name: /LCA REFUND 0042/ })).toContainText("Recorded as a refund by finance");
  });
});
