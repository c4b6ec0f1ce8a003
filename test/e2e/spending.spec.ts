import type { Page } from "@playwright/test";
import { DEMO_PASSWORD, expect, signIn, signInAsServed, signOut, test, verifyOnPage, verifyOnPageAsServed } from "./fixtures";

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);

test.describe.configure({ mode: "serial" });

async function fillSpend(page: Page, amount: string, whatFor: string) {
  const [year, month, day] = new Date().toISOString().slice(0, 10).split("-");
  const date = page.getByRole("group", { name: "Date of the spend" });
  await date.getByLabel("Day").fill(String(Number(day)));
  await date.getByLabel("Month").fill(month);
  await date.getByLabel("Year").fill(year);
  await page.getByLabel("Name of someone new you paid").fill("Leicester Swimming Club");
  await page.getByLabel("Amount, in pounds").fill(amount);
  await page.getByLabel("What was it for?").fill(whatFor);
  await page.getByLabel("Which support line in Leo's plan was it for?").selectOption({ label: "Personal assistant after school (£15,600.00 a year)" });
  await page.getByLabel("How was it paid?").selectOption("card");
}

test("a carer acts for Leo, logs a spend with a receipt, and it is shown attributed to them", async ({ page }) => {
  await signIn(page, "sam.carter@demo.example");
  await page.waitForURL((url) => url.pathname !== "/sign-in");
  await page.goto("/acting-for");
  await verifyOnPage(page, "Who are you acting for?", "Who are you acting for?");
  await page.getByRole("button", { name: "Act for Leo Carter" }).click();
  await page.waitForURL((url) => url.pathname === "/");

  await page.goto("/spending/new");
  await verifyOnPage(page, "Log a spend for Leo Carter", "Log a spend");
  await fillSpend(page, "30.00", "Swimming lesson with his personal assistant");
  await page.getByLabel("Receipts (optional)").setInputFiles({ name: "swimming.png", mimeType: "image/png", buffer: PNG });
  await page.getByRole("button", { name: "Continue" }).click();

  await verifyOnPage(page, "Check your answers before logging the spend", "Log a spend");
  await expect(page.getByText("swimming.png")).toBeVisible();
  await expect(page.getByText("£30.00")).toBeVisible();
  await page.getByRole("button", { name: "Log this spend" }).click();

  await verifyOnPage(page, "Spend logged", "Spend logged");
  await page.getByRole("link", { name: "See all spending" }).click();
  await verifyOnPage(page, "Leo Carter's spending", "Spending");
  const row = page.getByRole("row", { name: /Swimming lesson with his personal assistant/ });
  await expect(row).toContainText("Logged by you on");
  await expect(row.getByRole("link", { name: "Download receipt swimming.png" })).toBeVisible();
  await page.getByRole("link", { name: "See spending against the plan" }).click();
  await verifyOnPage(page, "Leo Carter's spending against the plan", "Spending against your plan");
  await expect(page.getByRole("row", { name: /Personal assistant after school/ })).toContainText("£15,600.00");
  await signOut(page);

  // Leo is a child without an account of his own: his care coordinator sees who logged it, for whom.
  await signIn(page, "coordinator@demo.nhs.uk");
  await verifyOnPage(page, "What needs doing");
  await page.locator("#caseload").getByRole("link", { name: "Leo Carter" }).click();
  await page.waitForURL(/\/staff\/holders\//);
  const holderId = /\/staff\/holders\/([0-9a-f-]{36})\//.exec(page.url())![1];
  await page.goto(`/spending?holder=${holderId}`);
  await verifyOnPage(page, "Leo Carter's spending", "Spending");
  await expect(page.getByRole("row", { name: /Swimming lesson with his personal assistant/ })).toContainText(
    /Logged by Sam Carter \(representative\) on \d{1,2} [A-Z][a-z]+/,
  );
  await signOut(page);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("logging a spend shows the error summary on bad input, then checks answers and logs", async ({ page, browser }) => {
    // From signing in, following the links a carer would, each page checked by axe as served.
    await signInAsServed(page, browser, "sam.carter@demo.example");
    await verifyOnPageAsServed(page, browser, "Who are you acting for?", "Who are you acting for?");
    await page.getByRole("button", { name: "Act for Leo Carter" }).click();
    await verifyOnPageAsServed(page, browser, "Leo Carter's personal health budget", "Leo Carter's budget");
    await page.getByRole("link", { name: "See spending against the plan, or log a spend" }).click();
    await verifyOnPageAsServed(page, browser, "Leo Carter's spending", "Spending");
    await page.getByRole("link", { name: "Log a spend" }).click();
    await verifyOnPageAsServed(page, browser, "Log a spend for Leo Carter", "Log a spend");
    await fillSpend(page, "twelve pounds", "Club membership");
    const date = page.getByRole("group", { name: "Date of the spend" });
    const month = await date.getByLabel("Month").inputValue();
    await date.getByLabel("Month").fill("");
    await page.getByRole("button", { name: "Continue" }).click();
    const summary = page.locator(".nhsuk-error-summary");
    await expect(summary).toContainText("There is a problem");
    await expect(summary.getByRole("link", { name: "Date of the spend must include a month" })).toHaveAttribute("href", "#spentOn-month");
    await expect(summary.getByRole("link", { name: "The amount must be a number of pounds and pence, like 12.50" })).toHaveAttribute("href", "#amount");
    // The NHS.UK date input: only the box at fault is highlighted, and what was typed is shown again.
    await expect(date).toContainText("Date of the spend must include a month");
    await expect(date.getByLabel("Month")).toHaveClass(/nhsuk-input--error/);
    await expect(date.getByLabel("Day")).not.toHaveClass(/nhsuk-input--error/);
    await expect(date.getByLabel("Year")).not.toHaveClass(/nhsuk-input--error/);
    await expect(date.getByLabel("Day")).not.toHaveValue("");
    await verifyOnPageAsServed(page, browser, "Log a spend for Leo Carter");
    await date.getByLabel("Month").fill(month);
    await page.getByLabel("Amount, in pounds").fill("12.50");
    await page.getByRole("button", { name: "Continue" }).click();
    await verifyOnPageAsServed(page, browser, "Check your answers before logging the spend", "Log a spend");
    await page.getByRole("button", { name: "Log this spend" }).click();
    await verifyOnPageAsServed(page, browser, "Spend logged", "Spend logged");
  });
});

test("the outcome table's total: Aisha's budget is shown once, from her support lines, and the page says the outcome figures overlap", async ({ page }) => {
  const pence = (money: string) => Math.round(Number(money.replace(/[£,\s]/g, "")) * 100);
  const sum = (amounts: string[]) => amounts.reduce((t, a) => t + pence(a), 0);
  await signIn(page, "aisha@demo.example");
  await verifyOnPage(page, "Hello Aisha");
  await page.goto("/spending/plan");
  await verifyOnPage(page, "Your spending against your plan", "Spending against your plan");

  const budget = pence(/£[\d,.]+/.exec(await page.locator("#budget-once").innerText())![0]);
  await expect(page.locator("#budget-once")).toContainText("each support line counted once");
  const lineAllocations = await page.locator("#spend-vs-plan-lines tbody tr td:nth-of-type(1)").allInnerTexts();
  expect(lineAllocations).toHaveLength(4);
  expect(budget).toBe(sum(lineAllocations));
  // Her plan changed on 1 July (£26,000 a year, then £26,040): the lines' year, each version for its days.
  expect(budget).toBe(2_603_002);

  // Her personal assistant helps with both outcomes, so the outcome rows overlap, and the page says so.
  await expect(page.getByText("A support line that helps with more than one outcome is counted in full under each of them")).toBeVisible();
  const outcomes = page.getByRole("table", { name: /^Spending by outcome/ });
  const outcomeAllocations = await outcomes.locator("tbody tr td:nth-of-type(1)").allInnerTexts();
  expect(outcomeAllocations).toHaveLength(2);
  expect(sum(outcomeAllocations)).toBeGreaterThan(budget);
  await expect(outcomes.getByRole("row", { name: /Total/i })).toHaveCount(0);
  await expect(outcomes.getByRole("row", { name: /Be more independent at home/ })).toContainText("1 of its 2 support lines also helps with another outcome");
  await signOut(page);
});

test("Leo's short breaks, all set aside, read fully used or committed; dates within the year say what they cover and show no left", async ({ page }) => {
  await signIn(page, "sam.carter@demo.example");
  await page.waitForURL((url) => url.pathname !== "/sign-in");
  await page.goto("/acting-for");
  await page.getByRole("button", { name: "Act for Leo Carter" }).click();
  await page.waitForURL((url) => url.pathname === "/");
  await page.goto("/spending/plan");
  await verifyOnPage(page, "Leo Carter's spending against the plan", "Spending against your plan");

  const lines = page.locator("#spend-vs-plan-lines");
  const shortBreaks = lines.getByRole("row", { name: /Short breaks/ });
  // It read "£0.00 left, 100% used" beside "at this rate the line runs out in February 2027".
  await expect(shortBreaks).toContainText("Fully used or committed: nothing is left to spend");
  await expect(shortBreaks).not.toContainText("runs out");
  await expect(shortBreaks.getByRole("cell").nth(3)).toHaveText("£0.00");
  await expect(shortBreaks.getByRole("cell").nth(4)).toHaveText("100%");

  const today = new Date().toISOString().slice(0, 10);
  const [year, month] = today.split("-");
  for (const [name, day] of [
    ["From", "1"],
    ["To", String(Number(today.slice(8)))],
  ]) {
    const group = page.getByRole("group", { name });
    await group.getByLabel("Day").fill(day);
    await group.getByLabel("Month").fill(month);
    await group.getByLabel("Year").fill(year);
  }
  await page.getByRole("button", { name: "Show these dates" }).click();
  const monthName = new Date(`${today}T12:00:00Z`).toLocaleDateString("en-GB", { month: "long", timeZone: "UTC" });
  const covers = `from 1 ${monthName} ${year} to ${Number(today.slice(8))} ${monthName} ${year}`;
  await expect(page.locator("#spend-vs-plan-covers")).toContainText(`These figures cover ${covers} only`);
  await expect(lines.getByRole("columnheader")).toHaveText(["Support line", "Allocated for the plan year", `Spent ${covers}`, `Committed ${covers}`]);
  await expect(lines).not.toContainText("At this rate");
  await page.getByRole("link", { name: "See the whole plan year, with what is left" }).click();
  await expect(lines.getByRole("columnheader")).toHaveText(["Support line", "Allocated", "Spent", "Committed", "Left", "Used"]);
  await signOut(page);
});

test("a holder invites someone to act for them, who sets a password and signs in; then the holder stops them", async ({ page, browser }) => {
  await signIn(page, "aisha@demo.example");
  await verifyOnPage(page, "Hello Aisha");
  await page.getByRole("link", { name: "People who act for you" }).click();
  await verifyOnPage(page, "People who act for you", "People who act for you");
  await page.getByRole("button", { name: "Invite them" }).click();
  // A page showing errors is titled "Error: …" (issue 13, item 9).
  await verifyOnPage(page, "People who act for you", "Error: People who act for you");
  await expect(page.locator(".nhsuk-error-summary")).toContainText("Enter their full name");
  await page.getByLabel("Full name").fill("Bilal Rahman");
  await page.getByLabel("Email address").fill("bilal.rahman@demo.example");
  await page.getByLabel("How are they related?").fill("Brother");
  await page.getByLabel("Who gave consent for them to act?").fill("Aisha Rahman");
  await page.locator("#invite-log-spending").check();
  await page.getByRole("button", { name: "Invite them" }).click();
  await verifyOnPage(page, "People who act for you", "People who act for you");
  await expect(page.getByRole("heading", { name: "Bilal Rahman (Brother)" })).toBeVisible();
  const link = (await page.locator("#invitation-link").textContent())!;
  expect(link).toMatch(/\/invitation\/[\w-]{43}$/);

  // Bilal, on his own device, follows the link, sets a password and signs in to act for Aisha.
  const bilal = await (await browser.newContext()).newPage();
  await bilal.goto(link);
  await verifyOnPage(bilal, "Set your password", "Set your password");
  await bilal.getByLabel("Create a password").fill("brother of aisha 2026");
  await bilal.getByLabel("Enter the password again").fill("brother of aisha 2026");
  await bilal.getByRole("button", { name: "Set password" }).click();
  await expect(bilal.getByText("Your password is set.")).toBeVisible();
  await signIn(bilal, "bilal.rahman@demo.example", "brother of aisha 2026");
  await verifyOnPage(bilal, "Who are you acting for?", "Who are you acting for?");
  await expect(bilal.getByRole("button", { name: "Act for Aisha Rahman" })).toBeVisible();
  await bilal.goto(link);
  await verifyOnPage(bilal, "This link cannot be used", "This link cannot be used");

  await page.getByRole("button", { name: "Stop Bilal Rahman acting for you" }).click();
  await verifyOnPage(page, "Are you sure you want to stop Bilal Rahman acting for you?", "People who act for you");
  await page.getByRole("button", { name: "Stop Bilal Rahman acting for you" }).click();
  await verifyOnPage(page, "People who act for you", "People who act for you");
  await expect(page.getByText("No longer acts for you")).toBeVisible();
  await signOut(page);

  // Stopped at once: his next request no longer offers Aisha.
  await bilal.goto("/acting-for");
  await verifyOnPage(bilal, "Who are you acting for?");
  await expect(bilal.getByText("You are not acting for anyone at the moment")).toBeVisible();
});

test("someone who already has an account is invited: no password is set, and they accept signed in as themselves", async ({ page, browser }) => {
  await signIn(page, "aisha@demo.example");
  await verifyOnPage(page, "Hello Aisha");
  await page.getByRole("link", { name: "People who act for you" }).click();
  await verifyOnPage(page, "People who act for you", "People who act for you");
  await page.getByLabel("Full name").fill("Sam Carter");
  await page.getByLabel("Email address").fill("sam.carter@demo.example");
  await page.getByLabel("How are they related?").fill("Friend");
  await page.getByLabel("Who gave consent for them to act?").fill("Aisha Rahman");
  await page.getByRole("button", { name: "Invite them" }).click();
  await verifyOnPage(page, "People who act for you", "People who act for you");
  await expect(page.getByText("Sam Carter has not accepted the invitation yet")).toBeVisible();
  const link = (await page.locator("#invitation-link").textContent())!;
  const token = link.split("/invitation/")[1];
  expect(page.url()).not.toContain(token);

  // Sam, on his own device: the token leaves the address bar at the first step, and is in no URL after it.
  const sam = await (await browser.newContext()).newPage();
  await sam.goto(link);
  await verifyOnPage(sam, "Accept the invitation", "Accept the invitation");
  expect(sam.url()).not.toContain(token);
  await sam.getByRole("link", { name: "Sign in to accept" }).click();
  await verifyOnPage(sam, "Sign in", "Sign in");
  await sam.getByLabel("Email address").fill("sam.carter@demo.example");
  await sam.getByLabel("Password").fill(DEMO_PASSWORD);
  await sam.getByRole("button", { name: "Sign in" }).click();
  await verifyOnPage(sam, "Accept the invitation", "Accept the invitation");
  await sam.getByRole("button", { name: "Accept and act for Aisha Rahman" }).click();
  await verifyOnPage(sam, "Who are you acting for?", "Who are you acting for?");
  await expect(sam.getByRole("button", { name: "Act for Aisha Rahman" })).toBeVisible();
  expect(sam.url()).not.toContain(token);
});
