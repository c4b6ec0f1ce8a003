import type { Browser, Page } from "@playwright/test";
import { expect, signIn, signInAsServed, signOut, test, verifyOnPageAsServed } from "./fixtures";

const PLAN = "Personalised care and support plan";
const TASKS = "Change the draft plan";
const h1 = (page: Page) => page.getByRole("heading", { level: 1 });

/**
 * Leo's demo plan is approved but not agreed, and plans.spec agrees to it first when the whole suite runs: so his
 * coordinator drafts a new version, unchanged but for the past dates confirmed, and an approver approves it, giving
 * Sam a plan to agree to whichever spec runs first. Staff work with JavaScript; these pages are not the test's subject.
 * Returns the new version's number.
 */
async function approveANewVersionOfLeosPlan(browser: Browser) {
  const context = await browser.newContext({ javaScriptEnabled: true });
  const staff = await context.newPage();
  await signIn(staff, "coordinator@demo.nhs.uk");
  await expect(h1(staff)).toHaveText("What needs doing");
  await staff.locator("#caseload").getByRole("link", { name: "Leo Carter" }).click();
  await expect(h1(staff)).toHaveText(PLAN);
  await staff.getByRole("button", { name: "Start a new version" }).click();
  await expect(h1(staff)).toHaveText(TASKS);
  const version = Number(/version (\d+) \(draft\)/.exec(await staff.locator("main").innerText())![1]);
  for (const section of ["About the person and what matters to them", "Outcomes", "Support and its cost", "Dates and reviews", "The five criteria"]) {
    await staff.getByRole("link", { name: section }).click();
    await expect(h1(staff)).toHaveText(section);
    if (section === "Dates and reviews") {
      await staff.locator("#startsOnPastConfirmed").check();
      await staff.locator("#firstReviewOnPastConfirmed").check();
    }
    if (section === "The five criteria") for (const box of await staff.getByRole("checkbox").all()) await box.check();
    await staff.getByRole("button", { name: "Save", exact: true }).click();
    await expect(staff.locator("#section-saved")).toContainText(`${section}: saved and marked as completed`);
  }
  await staff.getByRole("link", { name: "Check and send for approval" }).click();
  await staff.getByRole("button", { name: "Send for approval" }).click();
  await expect(h1(staff)).toHaveText("Plan sent for approval");
  await signOut(staff);

  await signIn(staff, "approver@demo.nhs.uk");
  await expect(h1(staff)).toHaveText("Plans waiting for approval");
  await staff.getByRole("link", { name: `Check and decide on Leo Carter's plan, version ${version}` }).click();
  await staff.getByRole("link", { name: "Check and approve" }).click();
  await expect(h1(staff)).toHaveText("Check before you approve");
  await staff.getByRole("button", { name: `Approve version ${version} of the plan` }).click();
  await expect(h1(staff)).toHaveText("The plan is approved");
  await context.close();
  return version;
}

// The representative's main job, as a carer on an old phone might do it: with JavaScript off, from signing in to the
// confirmation that they agreed to the plan for the person they act for, following the links and buttons a person
// would, each page checked by axe as served.
test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("a representative signs in, chooses Leo, and agrees to his plan for him through the check step", async ({ page, browser }) => {
    test.setTimeout(150_000);
    const version = await approveANewVersionOfLeosPlan(browser);

    await signInAsServed(page, browser, "sam.carter@demo.example");
    await verifyOnPageAsServed(page, browser, "Who are you acting for?", "Who are you acting for?");
    await expect(page.getByText(/Everything you do is recorded in your name, as done for them/)).toBeVisible();
    await page.getByRole("button", { name: "Act for Leo Carter" }).click();

    await verifyOnPageAsServed(page, browser, "Leo Carter's personal health budget", "Leo Carter's budget");
    await expect(page.getByText("You are acting for Leo Carter")).toBeVisible();
    await page.getByRole("link", { name: "Leo Carter's plan has been approved: read it and tell us Leo agrees" }).click();

    await verifyOnPageAsServed(page, browser, "Leo Carter's care and support plan", "Leo Carter's care and support plan");
    await expect(page.getByText(new RegExp(`Version ${version}: Approved on .*This is the plan in force`))).toBeVisible();
    await expect(page.getByRole("heading", { name: "What matters to Leo" })).toBeVisible();
    await expect(page.getByText("Now that you have read it, tell us Leo agrees to it.")).toBeVisible();
    await page.getByRole("button", { name: "Continue to agree" }).click();

    await verifyOnPageAsServed(page, browser, "Check before you agree", "Check before you agree");
    await expect(page.getByText(`You are agreeing to version ${version} of Leo's plan`)).toBeVisible();
    await expect(page.getByText("It will be recorded as “Sam Carter agreed for Leo Carter”")).toBeVisible();
    await page.getByRole("button", { name: "Confirm and agree" }).click();

    await verifyOnPageAsServed(page, browser, "Leo Carter's care and support plan", "Leo Carter's care and support plan");
    await expect(page).toHaveURL(/\/plan\?agreed=1$/);
    const banner = page.locator(".nhsuk-notification-banner--success");
    await expect(banner).toContainText(/Sam Carter agreed for Leo Carter on \d{1,2} [A-Z][a-z]+ \d{4}\./);
    await expect(banner).toContainText("We have recorded it. The plan is in force");
    // Agreed once: nothing left to press, and the plan says who agreed.
    await expect(page.getByRole("button", { name: "Continue to agree" })).toHaveCount(0);
    await expect(page.locator("h2:text-is('Agreement') + p")).toHaveText(/^Sam Carter agreed for Leo Carter on \d{1,2} [A-Z][a-z]+ \d{4}\.$/);

    await page.getByRole("button", { name: "Sign out" }).first().click();
    await verifyOnPageAsServed(page, browser, "You have signed out", "You have signed out");
  });
});
