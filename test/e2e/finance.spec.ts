import { expect, expectNoAxeViolations, fillDate, signIn, signInAsServed, signOut, test, verifyOnPage, verifyOnPageAsServed } from "./fixtures";

test("finance adds a restricted category, stops using it and uses it again", async ({ page }) => {
  await signIn(page, "finance@demo.nhs.uk");
  await verifyOnPage(page, "People with a personal health budget");
  await page.getByRole("link", { name: "Spending rules" }).click();
  await verifyOnPage(page, "Spending rules", "Spending rules");

  const addForm = page.locator("form", { has: page.getByRole("button", { name: "Add the category" }) });
  await page.getByRole("button", { name: "Add the category" }).click();
  await verifyOnPage(page, "Spending rules", "Error: Spending rules");
  const summary = page.getByRole("alert");
  await expect(summary).toContainText("There is a problem");
  await expect(summary.getByRole("link", { name: "Enter the name of the category" })).toBeVisible();
  await expect(addForm.getByLabel("Name")).toHaveAttribute("aria-invalid", "true");

  await addForm.getByLabel("Name").fill("Fireworks");
  await addForm.getByLabel("Rule").selectOption("refused");
  await addForm.getByLabel("Reason the person is given").fill("A personal health budget cannot buy fireworks.");
  await addForm.getByLabel("What they can do instead").fill("Pay for them with your own money.");
  await page.getByRole("button", { name: "Add the category" }).click();
  await verifyOnPage(page, "Spending rules", "Spending rules");
  await expect(page.getByRole("heading", { level: 3, name: "Fireworks" })).toBeVisible();
  await expect(page.locator(".nhsuk-notification-banner--success")).toContainText("The category has been added.");

  await page.getByRole("button", { name: "Stop using Fireworks" }).click();
  await verifyOnPage(page, "Spending rules", "Spending rules");
  await expect(page.getByRole("heading", { level: 3, name: "Fireworks" })).toHaveCount(0);
  await expect(page.getByRole("heading", { level: 2, name: "No longer used" })).toBeVisible();
  await page.getByRole("button", { name: "Use Fireworks again" }).click();
  await expect(page.getByRole("heading", { level: 3, name: "Fireworks" })).toBeVisible();
  await expect(page.locator(".nhsuk-notification-banner--success")).toContainText("The category is used again.");
  // Closing a spending period, through its "Are you sure?" page, is in confirmations.spec.ts.
});

test("a coordinator sets money aside for Leo's nursing; his carer sees it, read only", async ({ page }) => {
  await signIn(page, "coordinator@demo.nhs.uk");
  await verifyOnPage(page, "What needs doing");
  await page.locator("#caseload").getByRole("link", { name: "Leo Carter" }).click();
  await verifyOnPage(page, "Personalised care and support plan");
  await page.getByRole("link", { name: "Spending against the plan" }).click();
  await verifyOnPage(page, "Leo Carter's spending against the plan", "Spending against your plan");
  await page.getByRole("link", { name: /See the care the NHS arranges/ }).click();
  await verifyOnPage(page, "Care the NHS arranges for Leo Carter", "Care the NHS arranges");
  await expect(page.getByRole("cell", { name: /Brightside Respite Care: 12 weekend short breaks/ })).toBeVisible();

  await page.getByLabel("Support line").selectOption({ label: "Children's community nursing" });
  await page.getByLabel("Provider", { exact: true }).fill("Leicestershire Partnership NHS Trust");
  await page.getByLabel("What the care is").fill("Two nursing visits a week at home");
  await page.getByLabel("Amount set aside, in pounds").fill("twelve thousand");
  await fillDate(page, "Date the care starts", "2026-04-01");
  await fillDate(page, "Date the care ends", "2027-03-31");
  await page.getByRole("group", { name: "Date the care ends" }).getByLabel("Month").fill("");
  await page.getByRole("button", { name: "Set the money aside" }).click();
  await verifyOnPage(page, "Care the NHS arranges for Leo Carter", "Error: Care the NHS arranges");
  await expect(page.getByRole("alert").getByRole("link", { name: "The amount must be a number of pounds and pence, like 12.50" })).toBeVisible();
  await expect(page.getByRole("alert").getByRole("link", { name: "Date the care ends must include a month" })).toHaveAttribute("href", "#endsOn-month");
  await expect(page.getByRole("group", { name: "Date the care ends" }).getByLabel("Month")).toHaveClass(/nhsuk-input--error/);
  await fillDate(page, "Date the care ends", "2027-03-31");
  await page.getByLabel("Amount set aside, in pounds").fill("12,480.00");
  await page.getByRole("button", { name: "Set the money aside" }).click();
  await verifyOnPage(page, "Care the NHS arranges for Leo Carter", "Care the NHS arranges");
  const nursing = page.getByRole("row", { name: /Leicestershire Partnership NHS Trust: Two nursing visits a week at home/ });
  await expect(nursing).toContainText("£12,480.00");
  await expect(nursing).toContainText("1 April 2026 to 31 March 2027");

  await signOut(page);
  await signIn(page, "sam.carter@demo.example");
  await page.getByRole("button", { name: "Act for Leo Carter" }).click();
  await verifyOnPage(page, "Leo Carter's personal health budget", "Leo Carter's budget");
  await page.goto("/spending/commitments");
  await verifyOnPage(page, "Care the NHS arranges for Leo Carter", "Care the NHS arranges");
  await expect(page.getByRole("row", { name: /Two nursing visits a week at home/ })).toContainText("£12,480.00");
  await expect(page.getByRole("button", { name: /Cancel this|Set the money aside/ })).toHaveCount(0);
});

test("finance sees the spends to check across everyone, and goes to the person's flagged spending", async ({ page }) => {
  await signIn(page, "finance@demo.nhs.uk");
  await verifyOnPage(page, "People with a personal health budget");
  await page.getByRole("link", { name: "Spends to check" }).click();
  await verifyOnPage(page, "Spends for finance to check", "Spends for finance to check");
  const zoo = page.getByRole("row", { name: /Twycross Zoo tickets/ });
  await expect(zoo).toContainText("No receipt for a spend over £50.00");
  await zoo.getByRole("link", { name: "Aisha Rahman" }).click();
  await verifyOnPage(page, "Aisha Rahman's spending", "Spending");
  await expect(page.getByLabel("Only spends finance will check")).toBeChecked();
});

test("finance sees the next instalment run, pays what is due now and follows the run to its result, then chooses monthly payments", async ({ page }) => {
  await signIn(page, "finance@demo.nhs.uk");
  await verifyOnPage(page, "People with a personal health budget");
  await page.getByRole("link", { name: "Instalments" }).click();
  await verifyOnPage(page, "Instalments", "Instalments");
  await expect(page.getByText(/The next daily run is at 6am on \d{1,2} [A-Z][a-z]+ \d{4}\./)).toBeVisible();
  await page.getByRole("button", { name: "Pay the instalments due today now" }).click();
  await verifyOnPage(page, "Instalments", "Instalments");
  // The page checks by itself until the run has finished; without JavaScript, "Check for the result" does it.
  const latest = page.getByRole("table").getByRole("row").nth(1);
  await expect(latest).toContainText("Asked for by Tom Bailey");
  await expect(latest).toContainText("Finished", { timeout: 20_000 });
  await expect(latest).toContainText(/\d+ paid \(£[\d,.]+\), \d+ paid before/);
  await expectNoAxeViolations(page);

  const directPayments = page.locator("form", { has: page.getByRole("group", { name: "Direct payments" }) });
  await directPayments.getByLabel("Every month (12 a year)").check();
  await directPayments.getByRole("button", { name: "Save how often" }).click();
  await verifyOnPage(page, "Instalments", "Instalments");
  await expect(page.locator(".nhsuk-notification-banner--success")).toContainText("How often money is paid in has been saved.");
  await expect(page.locator(".nhsuk-notification-banner--success")).toContainText("Plan years that start from today are paid at the new frequency.");
  await expect(page.getByRole("group", { name: "Direct payments" }).getByLabel("Every month (12 a year)")).toBeChecked();
  // The organisation holding David's budget is paid as its agreement says: monthly until finance says otherwise.
  await expect(
    page.getByRole("group", { name: /Third-party budgets held by Leicestershire Direct Payment Support/ }).getByLabel("Every month (12 a year)"),
  ).toBeChecked();
  await signOut(page);
});

test("David's third-party budget is paid monthly and shows on his statement and on the support organisation's", async ({ page }) => {
  await signIn(page, "david@demo.example");
  await verifyOnPage(page, "Hello David");
  await expect(page.getByRole("heading", { name: "Third-party budget held by Leicestershire Direct Payment Support" })).toBeVisible();
  await page.getByRole("link", { name: /See the statement/ }).click();
  await verifyOnPage(page, "Your statement", "Statement");
  await expect(page.getByText(/Third-party budget payment 1 of 12 for the plan year from 1 April 2026/)).toBeVisible();
  await signOut(page);

  await signIn(page, "support@demo.example");
  await verifyOnPage(page, "People you support");
  await page.getByRole("link", { name: "David Okoro", exact: true }).click();
  await expect(page.getByRole("heading", { level: 2, name: "Third-party budget held by Leicestershire Direct Payment Support" })).toBeVisible();
  await expect(page.getByText(/Third-party budget payment 1 of 12/)).toBeVisible();
  await expectNoAxeViolations(page);
  await signOut(page);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("finance records Aisha's bank account, imports a statement in a new layout after checking its columns, and a second import adds nothing", async ({
    page,
    browser,
  }) => {
    await signInAsServed(page, browser, "finance@demo.nhs.uk");
    await page.locator("#caseload").getByRole("link", { name: "Aisha Rahman" }).click();
    await page.getByRole("link", { name: "Bank account" }).click();
    await verifyOnPageAsServed(page, browser, "Aisha Rahman's bank account", "Bank account");
    await expect(page.getByText(/^PHB \d{4} INST \d{2}$/).first()).toBeVisible();
    await page.getByLabel("Name on the account").fill("Aisha Rahman PHB");
    await page.getByLabel("Sort code").fill("60-01");
    await page.getByLabel("Account number").fill("12345678");
    await page.getByRole("button", { name: "Record the account" }).click();
    await verifyOnPageAsServed(page, browser, "Aisha Rahman's bank account", "Error: Bank account");
    await expect(page.getByRole("alert")).toContainText("Enter a valid sort code, like 309430");
    await page.getByLabel("Sort code").fill("60-01-73");
    await page.getByRole("button", { name: "Record the account" }).click();
    await expect(page.locator(".nhsuk-notification-banner--success")).toContainText("The bank account is recorded.");
    await expect(page.locator(".nhsuk-summary-list").first()).toContainText("****5678");

    await page.getByRole("link", { name: "Bank statements for this account" }).click();
    await verifyOnPageAsServed(page, browser, "Aisha Rahman's bank statements", "Bank statements");
    const statement = {
      name: "march.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(`Posted,Details,Paid out,Paid in,Balance\n27/03/2026,TESCO STORES,12.40,,987.60\n28/03/2026,NHS PHB,,250.00,1237.60\n`),
    };
    await page.getByLabel("Bank statement").setInputFiles(statement);
    await page.getByRole("button", { name: "Import the statement" }).click();
    await verifyOnPageAsServed(page, browser, "Aisha Rahman's bank statements", "Bank statements");
    await expect(page.getByRole("heading", { name: "Check the columns of march.csv" })).toBeVisible();
    await page.getByLabel("Date").selectOption({ label: "Column 1: Posted" });
    await page.getByLabel("What the transaction was").selectOption({ label: "Column 2: Details" });
    await page.getByLabel("One column for money in and another for money out").check();
    await page.getByLabel("Money in (if two columns)").selectOption({ label: "Column 4: Paid in" });
    await page.getByLabel("Money out (if two columns)").selectOption({ label: "Column 3: Paid out" });
    await page.getByRole("button", { name: "Import with these columns" }).click();
    await expect(page.locator(".nhsuk-notification-banner--success")).toContainText("2 new lines of 2, from 27 March 2026 to 28 March 2026.");
    await expect(page.getByRole("row", { name: /TESCO STORES/ })).toContainText("-£12.40");
    await expect(page.getByRole("row", { name: /NHS PHB/ })).toContainText("£250.00");

    // The same statement again: the layout is known now, and nothing is added.
    await page.getByLabel("Bank statement").setInputFiles(statement);
    await page.getByRole("button", { name: "Import the statement" }).click();
    await expect(page.locator(".nhsuk-notification-banner--success")).toContainText("Nothing new: all 2 lines were imported before.");
  });

  test("Aisha sends her direct payment account's statement herself, checking the columns of her bank's layout", async ({ page, browser }) => {
    // The account her statements are for, recorded by finance (again, if the test before has).
    await signInAsServed(page, browser, "finance@demo.nhs.uk");
    await page.locator("#caseload").getByRole("link", { name: "Aisha Rahman" }).click();
    await page.getByRole("link", { name: "Bank account" }).click();
    await page.getByLabel("Name on the account").fill("Aisha Rahman PHB");
    await page.getByLabel("Sort code").fill("60-01-73");
    await page.getByLabel("Account number").fill("12345678");
    await page.getByRole("button", { name: "Record the account" }).click();
    await expect(page.locator(".nhsuk-notification-banner--success")).toContainText("The bank account is recorded.");
    await page.getByRole("button", { name: "Sign out" }).first().click();

    await signInAsServed(page, browser, "aisha@demo.example");
    await verifyOnPageAsServed(page, browser, "Hello Aisha");
    await page.getByRole("link", { name: "Send the direct payment account's bank statement to the finance team" }).click();
    await verifyOnPageAsServed(page, browser, "Your bank statements", "Bank statements");
    await page.getByRole("button", { name: "Send the statement" }).click();
    await verifyOnPageAsServed(page, browser, "Your bank statements", "Error: Bank statements");
    await expect(page.getByRole("alert").getByRole("link", { name: "Select the bank statement file" })).toHaveAttribute("href", "#file");

    await page.getByLabel("Bank statement").setInputFiles({
      name: "may.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(`When,What,Out,In\n01/05/2026,PHARMACY,4.50,\n02/05/2026,DIRECT PAYMENT MAY,,2166.67\n`),
    });
    await page.getByRole("button", { name: "Send the statement" }).click();
    await verifyOnPageAsServed(page, browser, "Your bank statements", "Bank statements");
    await expect(page.getByRole("heading", { name: "Check the columns of may.csv" })).toBeVisible();
    await page.getByLabel("Date").selectOption({ label: "Column 1: When" });
    await page.getByLabel("What the transaction was").selectOption({ label: "Column 2: What" });
    await page.getByLabel("One column for money in and another for money out").check();
    await page.getByLabel("Money in (if two columns)").selectOption({ label: "Column 4: In" });
    await page.getByLabel("Money out (if two columns)").selectOption({ label: "Column 3: Out" });
    await page.getByRole("button", { name: "Import with these columns" }).click();
    await verifyOnPageAsServed(page, browser, "Your bank statements", "Bank statements");
    await expect(page.locator(".nhsuk-notification-banner--success")).toContainText("2 new lines of 2, from 1 May 2026 to 2 May 2026.");
    await expect(page.getByRole("row", { name: /PHARMACY/ })).toContainText("-£4.50");
    await expect(page.getByRole("row", { name: /DIRECT PAYMENT MAY/ })).toContainText("£2,166.67");
  });
});
