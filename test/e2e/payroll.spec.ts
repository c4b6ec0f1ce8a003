import { expect, fillDate, signIn, signInAsServed, test, verifyOnPage, verifyOnPageAsServed } from "./fixtures";

/** Last month, as the payroll software would export it: the period's first day and a pay day in it. */
function lastMonth() {
  const now = new Date();
  const first = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  const iso = first.toISOString().slice(0, 10);
  const [year, month] = iso.split("-");
  return {
    startsOn: iso,
    uk: `01/${month}/${year}`,
    paidOn: `28/${month}/${year}`,
    long: first.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }),
  };
}

const HEADER = "payroll_ref,period,gross,employee_tax,employee_ni,employer_ni,employee_pension,employer_pension,net_pay,payment_date";
const csv = (net: string) => {
  const period = lastMonth();
  return Buffer.from(`${HEADER}\nPA-0002,${period.uk},400.00,0,0,0,10.00,6.00,${net},${period.paidOn}\n`);
};

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("a support organisation uploads a payroll file, fixes the line it refuses, posts it and follows it; Aisha sees the payslip", async ({
    page,
    browser,
  }) => {
    const period = lastMonth();
    await signInAsServed(page, browser, "support@demo.example");
    await verifyOnPageAsServed(page, browser, "People you support", "People you support");
    await expect(page.getByRole("row", { name: /Aisha Rahman/ })).toContainText("1 PA");

    // Aisha takes on a second PA; Chloe is paid weekly already, so last month is paid to the new one.
    // One PA, or two once the test above has added Sam.
    await page.getByRole("link", { name: /PAs? employed by Aisha Rahman/ }).click();
    await verifyOnPageAsServed(page, browser, "Employing personal assistants", "Employing personal assistants");
    await page.getByText("Add a PA").click();
    await page.getByLabel("First name").fill("Sam");
    await page.getByLabel("Last name").fill("Okafor");
    await page.getByLabel("National Insurance number").fill("AB 12 34 56 C");
    await fillDate(page, "Date they started", "2026-04-01");
    await page.getByLabel("Hourly rate, in pounds").fill("12.50");
    await page.getByLabel("Contracted hours a week").fill("20");
    await page.getByLabel("Workplace pension scheme").fill("NEST");
    await page.getByLabel("Payroll reference").fill("PA-0002");
    await page.getByLabel("Support line in the plan that pays them").selectOption({ label: "Personal assistant" });
    await page.getByRole("button", { name: "Add the PA" }).click();
    await expect(page.locator(".nhsuk-notification-banner--success")).toContainText("The PA has been added.");
    await expect(page.getByRole("cell", { name: /^Sam Okafor/ })).toBeVisible();

    await page.goto("/support");
    await page.getByRole("link", { name: "Run payroll or see payroll runs" }).click();
    await verifyOnPageAsServed(page, browser, "Payroll", "Payroll");

    // The net pay does not add up: the whole file is refused, the line named, nothing recorded.
    await page.getByLabel("Monthly").check();
    await fillDate(page, "First day of the pay period", period.startsOn);
    await page.getByLabel("Payroll export (CSV)").setInputFiles({ name: "november.csv", mimeType: "text/csv", buffer: csv("380.00") });
    await page.getByRole("button", { name: "Check the file" }).click();
    await verifyOnPageAsServed(page, browser, "Payroll", "Error: Payroll");
    await expect(page.getByRole("alert")).toContainText(
      "Line 2: Gross pay less the employee's tax, National Insurance and pension is £390.00, not the net pay of £380.00",
    );

    await fillDate(page, "First day of the pay period", period.startsOn);
    await page.getByLabel("Payroll export (CSV)").setInputFiles({ name: "november.csv", mimeType: "text/csv", buffer: csv("390.00") });
    await page.getByRole("button", { name: "Check the file" }).click();
    await verifyOnPageAsServed(page, browser, new RegExp(`^Payroll for ${period.long} to `), "Payroll run");
    await expect(page.getByRole("row", { name: /Aisha Rahman/ })).toContainText("£390.00");
    await expect(page.getByText("Every line adds up")).toBeVisible();

    await page.getByRole("button", { name: "Post this payroll" }).click();
    // The job posts it; the page reloads itself (a Refresh header) until it has.
    await expect(page.getByRole("heading", { name: "Posted", level: 2 })).toBeVisible({ timeout: 60_000 });
    await verifyOnPageAsServed(page, browser, new RegExp(`^Payroll for ${period.long} to `), "Payroll run");
    await expect(page.getByText("1 payslip was recorded")).toBeVisible();

    const holder = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
    await signInAsServed(holder, browser, "aisha@demo.example");
    await holder.getByRole("link", { name: /Personal assistants: their pay, payslips/ }).click();
    await verifyOnPageAsServed(holder, browser, "Employing personal assistants", "Employing personal assistants");
    await expect(holder.getByText(/NI XX XX XX 46 B/)).toBeVisible();
    await holder.getByRole("link", { name: new RegExp(`Sam Okafor, ${period.long} to `) }).click();
    await verifyOnPageAsServed(holder, browser, "Payslip for Sam Okafor", "Payslip");
    await expect(holder.locator(".nhsuk-summary-list__row", { hasText: "Net pay" })).toContainText("£390.00");
    await expect(holder.locator(".nhsuk-summary-list__row", { hasText: "Cost to the employer" })).toContainText("£406.00");
  });
});

/** The Monday of last week, as a PA's timesheet names the week. */
function lastMonday() {
  const now = new Date();
  const monday = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - ((now.getUTCDay() + 6) % 7) - 7));
  return {
    iso: monday.toISOString().slice(0, 10),
    long: monday.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }),
  };
}

test.describe("a PA's own sign-in, without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("Aisha invites a new PA to sign in; the PA submits last week's hours, sees only their own, and Aisha approves them", async ({ page, browser }) => {
    const week = lastMonday();
    // Its own PA each run, so that a retry does not meet the first attempt's.
    const tag = String(Date.now()).slice(-6);
    const name = `Rosa Mensah${tag}`;
    await signInAsServed(page, browser, "aisha@demo.example");
    await page.goto("/employer");
    await verifyOnPageAsServed(page, browser, "Employing personal assistants", "Employing personal assistants");
    await page.getByText("Add a PA").click();
    await page.getByLabel("First name").fill("Rosa");
    await page.getByLabel("Last name").fill(`Mensah${tag}`);
    await page.getByLabel("National Insurance number").fill("AB 12 34 56 C");
    await fillDate(page, "Date they started", "2026-04-01");
    await page.getByLabel("Hourly rate, in pounds").fill("13.00");
    await page.getByLabel("Contracted hours a week").fill("10");
    await page.getByLabel("Workplace pension scheme").fill("NEST");
    await page.getByLabel("Payroll reference").fill(`PA-R${tag}`);
    await page.getByLabel("Support line in the plan that pays them").selectOption({ label: "Personal assistant" });
    await page.getByRole("button", { name: "Add the PA" }).click();
    await expect(page.locator(".nhsuk-notification-banner--success")).toContainText("The PA has been added.");

    await page.getByRole("link", { name: `Invite to sign in (${name})` }).click();
    await verifyOnPageAsServed(page, browser, `Sign-in for ${name}`, `Sign-in for ${name}`);
    await page.getByLabel("Rosa's email address").fill("not an address");
    await page.getByRole("button", { name: "Send a link to sign in" }).click();
    await expect(page.getByRole("alert")).toContainText("Enter an email address in the correct format");
    await page.getByLabel("Rosa's email address").fill(`rosa.${tag}@demo.example`);
    await page.getByRole("button", { name: "Send a link to sign in" }).click();
    await verifyOnPageAsServed(page, browser, `Sign-in for ${name}`, `Sign-in for ${name}`);
    const link = (await page.locator("#invitation-link").textContent())!;
    expect(link).toMatch(/\/pa-invitation\/[\w-]{43}$/);

    // Rosa, on her own phone: sets a password from the link and signs in to her own page.
    const rosa = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
    await rosa.goto(link);
    await verifyOnPageAsServed(rosa, browser, "Set your password", "Set your password");
    expect(rosa.url()).not.toContain(link.split("/pa-invitation/")[1]);
    await rosa.getByLabel("Create a password").fill("rosa works for aisha");
    await rosa.getByLabel("Enter the password again").fill("rosa works for aisha");
    await rosa.getByRole("button", { name: "Set password" }).click();
    await signInAsServed(rosa, browser, `rosa.${tag}@demo.example`, "rosa works for aisha");
    await verifyOnPageAsServed(rosa, browser, "Your hours and payslips", "Your hours and payslips");
    await expect(rosa.getByText("You work for Aisha Rahman as their personal assistant")).toBeVisible();
    await expect(rosa.getByText("No timesheets yet.")).toBeVisible();

    await fillDate(rosa, "Week starting (a Monday)", week.iso);
    await rosa.getByLabel("Hours worked").fill("7.5");
    await rosa.getByRole("button", { name: "Submit the hours" }).click();
    await verifyOnPageAsServed(rosa, browser, "Your hours and payslips", "Your hours and payslips");
    await expect(rosa.locator(".nhsuk-notification-banner--success")).toContainText("Your hours are submitted.");
    await expect(rosa.getByRole("row", { name: new RegExp(week.long) })).toContainText("7 hours 30 minutes");
    await expect(rosa.getByRole("row", { name: new RegExp(week.long) })).toContainText("Waiting for approval");
    // Chloe's hours, Aisha's other PA, are not on Rosa's page; Aisha's budget is not hers to see.
    await expect(rosa.getByText("Chloe Evans")).toHaveCount(0);
    const statement = await rosa.goto("/budget/statement");
    expect(statement?.status()).toBe(404);

    // Aisha approves them.
    await page.goto("/employer");
    await page.getByRole("button", { name: `Approve ${name}'s hours for the week from ${week.long}` }).click();
    await verifyOnPageAsServed(page, browser, "Employing personal assistants", "Employing personal assistants");
    await expect(page.locator(".nhsuk-notification-banner--success")).toContainText("The hours are approved.");

    await rosa.goto("/pa");
    await expect(rosa.getByRole("row", { name: new RegExp(week.long) })).toContainText("Approved");
  });
});

test("the support organisation sees what Aisha owes HMRC and records a payment, with the NI number in full", async ({ page }) => {
  await signIn(page, "support@demo.example");
  await verifyOnPage(page, "People you support", "People you support");
  // One PA, or two once the test above has added Sam.
  await page.getByRole("link", { name: /PAs? employed by Aisha Rahman/ }).click();
  await verifyOnPage(page, "Employing personal assistants", "Employing personal assistants");
  await expect(page.getByText(/NI JE 38 12 46 B/)).toBeVisible();
  await expect(page.getByText("Insurance runs out soon")).toBeVisible();
  const pay = page.getByRole("button", { name: /^Record £[\d,.]+ paid today to HMRC/ }).first();
  const label = (await pay.textContent()) ?? "";
  await pay.click();
  await verifyOnPage(page, "Employing personal assistants", "Employing personal assistants");
  await expect(page.locator(".nhsuk-notification-banner--success")).toContainText("The payment is recorded.");
  expect(label).toMatch(/Record £/);
  // The organisation's links to payslips name whose, as its other links do.
  await page
    .getByRole("link", { name: /^Chloe Evans, / })
    .first()
    .click();
  await verifyOnPage(page, "Payslip for Chloe Evans", "Payslip");
  await page.getByRole("link", { name: "Back to employing personal assistants" }).click();
  await verifyOnPage(page, "Employing personal assistants", "Employing personal assistants");
});
