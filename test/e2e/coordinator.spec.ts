import type { Page } from "@playwright/test";
import { DEMO_PASSWORD, expect, expectNoAxeViolationsAsServed, fillDate, signIn, signOut, test, verifyOnPage } from "./fixtures";

const PLAN = "Personalised care and support plan";
const section = (page: Page, title: string) => page.locator("section").filter({ has: page.getByRole("heading", { name: title }) });

test("a coordinator sees what needs them, and adds a person after correcting the form", async ({ page }) => {
  test.setTimeout(150_000);
  await signIn(page, "coordinator@demo.nhs.uk");
  await verifyOnPage(page, "What needs doing", "What needs doing");
  await expect(section(page, "Plans to finish")).toContainText("Nothing waiting.");
  await expect(section(page, "Requests to change how support is held")).toBeVisible();
  await expect(section(page, "Reviews due in the next 4 weeks")).toBeVisible();
  await expect(section(page, "Invitations not accepted")).toBeVisible();
  // The demo plans' first review was on 1 July 2026 and no new version has been started since.
  const overdue = section(page, "Reviews overdue");
  await expect(overdue.getByRole("row", { name: /Margaret Collins/ })).toContainText(/Review the plan with them\s*\d+ days overdue \(1 July 2026\)/);
  await expect(page.locator("#caseload")).toBeVisible();

  await page.getByRole("link", { name: "Add a person" }).click();
  await verifyOnPage(page, "Add a person", "Add a person");
  await page.getByLabel("NHS number").fill("943 476 5918");
  await page.getByLabel("Last name").fill("Smith");
  await fillDate(page, "Date of birth", "2099-01-01");
  await page.getByLabel("Email address").fill("ann at example");
  await page.getByRole("button", { name: "Add the person" }).click();
  await verifyOnPage(page, "Add a person", "Error: Add a person");
  await expect(page.locator(".nhsuk-error-summary li")).toHaveText([
    "Enter a valid NHS number: check you have typed it correctly",
    "Enter their first name",
    "Date of birth must be today or in the past",
    "Select the type of budget",
    "Enter an email address in the correct format, like name@example.com",
    "Select who referred them",
  ]);
  await expect(page.getByLabel("NHS number")).toHaveClass(/nhsuk-input--error/);
  await expect(page.getByLabel("First name")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Last name")).not.toHaveAttribute("aria-invalid", "true");
  await expect(page.getByRole("group", { name: "Date of birth" }).getByLabel("Year")).toHaveClass(/nhsuk-input--error/);
  // What was typed is kept.
  await expect(page.getByLabel("Last name")).toHaveValue("Smith");
  await page.locator(".nhsuk-error-summary").getByRole("link", { name: "Enter their first name" }).click();
  await expect(page.getByLabel("First name")).toBeFocused();

  await page.getByLabel("NHS number").fill("943 476 5919");
  await page.getByLabel("First name").fill("Ann");
  await fillDate(page, "Date of birth", "1948-03-15");
  await page.getByLabel("NHS Continuing Healthcare").check();
  await page.getByLabel("Phone number").fill("0116 496 0000");
  await page.getByLabel("Email address").fill("");
  await page.getByLabel("Postal address (optional)").fill("1 High Street\nLeicester\nLE1 1AA");
  await page.getByLabel("Hospital discharge team").check();
  await page.getByRole("button", { name: "Add the person" }).click();
  await verifyOnPage(page, PLAN, PLAN);
  const banner = page.locator(".nhsuk-notification-banner--success");
  await expect(banner).toContainText("Ann Smith has been added");
  await expect(banner.getByRole("link", { name: "Work out their indicative budget" })).toBeVisible();
  await expect(page.getByText("There is no plan yet.")).toBeVisible();

  // Starting her plan puts it on the list of plans to finish.
  await page.getByRole("button", { name: "Start the plan" }).click();
  // A new plan is drafted through the task list (item 5).
  await verifyOnPage(page, "Change the draft plan", "Change the draft plan");
  await page.goto("/staff");
  await verifyOnPage(page, "What needs doing", "What needs doing");
  await expect(section(page, "Plans to finish").getByRole("row", { name: /Ann Smith/ })).toContainText("Finish version 1 of the plan and send it for approval");
  await expect(page.locator("#caseload").getByRole("link", { name: "Ann Smith" })).toBeVisible();

  // The same NHS number again: refused, with a link to the record it belongs to.
  await page.getByRole("link", { name: "Add a person" }).click();
  await verifyOnPage(page, "Add a person", "Add a person");
  await page.getByLabel("NHS number").fill("9434765919");
  await page.getByLabel("First name").fill("Anne");
  await page.getByLabel("Last name").fill("Smyth");
  await fillDate(page, "Date of birth", "1948-03-15");
  await page.getByLabel("Mental health", { exact: true }).check();
  await page.getByLabel("Phone number").fill("0116 496 0001");
  await page.getByLabel("GP", { exact: true }).check();
  await page.getByRole("button", { name: "Add the person" }).click();
  await verifyOnPage(page, "Add a person", "Error: Add a person");
  await expect(page.locator(".nhsuk-error-summary li")).toHaveText(["Someone with this NHS number already has a record"]);
  await page.locator("#nhsNumber-error").getByRole("link", { name: "see Ann Smith's record" }).click();
  await verifyOnPage(page, PLAN, PLAN);
  await expect(page.getByText("Ann Smith", { exact: true })).toBeVisible();
  await signOut(page);
});

test("finance, approvers and auditors are not offered 'Add a person' and are refused the form", async ({ page }) => {
  await signIn(page, "finance@demo.nhs.uk");
  await verifyOnPage(page, "People with a personal health budget", "People with a personal health budget");
  await expect(page.getByRole("link", { name: "Add a person" })).toHaveCount(0);
  await expect(page.getByRole("heading", { name: "Plans to finish" })).toHaveCount(0);
  const response = await page.goto("/staff/holders/new");
  expect(response?.status()).toBe(403);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the add a person form shows the NHS error summary on bad input, then adds the person", async ({ page, browser }) => {
    await page.goto("/sign-in");
    await page.getByLabel("Email address").fill("coordinator@demo.nhs.uk");
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("What needs doing");
    await page.getByRole("link", { name: "Add a person" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Add a person");
    await page.getByLabel("NHS number").fill("401 023 213");
    await page.getByRole("button", { name: "Add the person" }).click();
    await expect(page).toHaveTitle(/^Error: Add a person/);
    await expect(page.locator(".nhsuk-error-summary li")).toHaveText([
      "NHS number must be 10 digits, like 943 476 5919",
      "Enter their first name",
      "Enter their last name",
      "Enter date of birth",
      "Select the type of budget",
      "Enter a phone number or an email address, so we can reach them or their family",
      "Select who referred them",
    ]);
    await expectNoAxeViolationsAsServed(page, browser);

    await page.getByLabel("NHS number").fill("401 023 2137");
    await page.getByLabel("First name").fill("Bob");
    await page.getByLabel("Last name").fill("Jones");
    await fillDate(page, "Date of birth", "1960-11-02");
    await page.getByLabel("Long-term condition").check();
    await page.getByLabel("Email address").fill("bob.jones@example.com");
    await page.getByRole("radio", { name: "Someone else" }).check();
    await page.getByLabel("If someone else, who referred them").fill("Community nurse");
    await page.getByRole("button", { name: "Add the person" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(PLAN);
    await expect(page.locator(".nhsuk-notification-banner--success")).toContainText("Bob Jones has been added");
    await expectNoAxeViolationsAsServed(page, browser);
  });
});
