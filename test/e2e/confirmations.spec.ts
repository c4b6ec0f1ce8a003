import { DEMO_PASSWORD, expect, expectNoAxeViolationsAsServed, signIn, signOut, test, verifyOnPage } from "./fixtures";

/*
 * What cannot be undone asks "Are you sure?" on a page of its own first, and every change ends on a page with an
 * NHS.UK success banner saying what happened and what happens next.
 */

const banner = (page: import("@playwright/test").Page) => page.locator(".nhsuk-notification-banner--success");

test("finance closes a spending period through the confirmation page, after first turning back", async ({ page }) => {
  await signIn(page, "finance@demo.nhs.uk");
  await verifyOnPage(page, "People with a personal health budget");
  await page.getByRole("link", { name: "Spending rules" }).click();
  await verifyOnPage(page, "Spending rules", "Spending rules");
  await page.getByRole("link", { name: "Close a spending period" }).click();
  await verifyOnPage(page, "Close a spending period", "Close a spending period");
  // The oldest month offered: before any demo plan started, so other tests logging spends are not affected.
  const month = page.getByLabel("Close spending up to the end of");
  const offered = await month.locator("option").count();
  const oldest = (await month.locator("option").last().textContent())!;
  await month.selectOption({ label: oldest });
  await page.getByRole("button", { name: "Close the period" }).click();
  await verifyOnPage(page, `Are you sure you want to close spending up to the end of ${oldest}?`, "Close a spending period");
  await expect(page.getByText("This cannot be undone")).toBeVisible();

  // Cancel changes nothing: every month is still offered.
  await page.getByRole("link", { name: "Cancel" }).click();
  await verifyOnPage(page, "Close a spending period", "Close a spending period");
  await expect(month.locator("option")).toHaveCount(offered);

  await month.selectOption({ label: oldest });
  await page.getByRole("button", { name: "Close the period" }).click();
  await verifyOnPage(page, `Are you sure you want to close spending up to the end of ${oldest}?`, "Close a spending period");
  await page.getByRole("button", { name: "Close the period" }).click();
  await verifyOnPage(page, "Close a spending period", "Close a spending period");
  await expect(banner(page)).toContainText(/Spending up to \d{1,2} \w+ \d{4} is now closed\./);
  await expect(banner(page)).toContainText("Nothing dated in it can be recorded from now on.");
  await expect(month.locator("option")).toHaveCount(offered - 1);
  await signOut(page);
});

test("finance saves a spending rule and sees what happens next", async ({ page }) => {
  await signIn(page, "finance@demo.nhs.uk");
  await verifyOnPage(page, "People with a personal health budget");
  await page.getByRole("link", { name: "Spending rules" }).click();
  await verifyOnPage(page, "Spending rules", "Spending rules");
  // The amount as it is, saved again: other tests rely on the demo's threshold.
  const threshold = page.getByLabel("Flag a spend for finance when it has no receipt and is over");
  const now = await threshold.inputValue();
  await page.getByRole("button", { name: "Save the amount" }).click();
  await verifyOnPage(page, "Spending rules", "Spending rules");
  await expect(banner(page)).toContainText("The receipt threshold has been saved.");
  await expect(banner(page)).toContainText("Spends logged from now on without a receipt over this amount are flagged for finance.");
  await expect(page).toHaveURL(/done=threshold/);
  await expect(threshold).toHaveValue(now);
  await signOut(page);
});

test("a coordinator stops a direct payment through its confirmation", async ({ page }) => {
  await signIn(page, "coordinator@demo.nhs.uk");
  await verifyOnPage(page, "What needs doing");
  await page.locator("#caseload").getByRole("link", { name: "Aisha Rahman" }).click();
  await verifyOnPage(page, "Personalised care and support plan", "Personalised care and support plan");
  await page.getByLabel("Decision", { exact: true }).selectOption("stopped");
  await page.getByLabel("Reason (the person will see this)", { exact: true }).fill("The account was used for things the plan does not cover");
  // Far ahead, so no instalment another test expects is held back.
  const from = page.getByRole("group", { name: "Date the decision takes effect" });
  await from.getByLabel("Day").fill("1");
  await from.getByLabel("Month").fill("1");
  await from.getByLabel("Year").fill("2099");
  await page.getByRole("button", { name: "Record the decision" }).click();
  await verifyOnPage(page, "Are you sure you want to stop Aisha Rahman's direct payment?", "Personalised care and support plan");
  await expect(page.getByText("From 1 January 2099 no direct payment is paid into their account.")).toBeVisible();
  await expect(page.getByText("This cannot be undone")).toBeVisible();
  await page.getByRole("button", { name: "Stop the direct payment" }).click();
  await verifyOnPage(page, "Personalised care and support plan", "Personalised care and support plan");
  await expect(banner(page)).toContainText("The direct payment has been stopped.");
  await expect(banner(page)).toContainText("Aisha Rahman sees the reason and can ask you to reconsider.");
  await expect(page.getByText("Direct payment stopped from 1 January 2099: The account was used for things the plan does not cover")).toBeVisible();
  // The form is empty again: nothing to send twice.
  await expect(page.getByLabel("Reason (the person will see this)", { exact: true })).toHaveValue("");
  await signOut(page);
});

test("a holder asks to hold a support line differently and is told the request is sent and what happens next", async ({ page }) => {
  await signIn(page, "david@demo.example");
  await verifyOnPage(page, "Hello David", "Your personal health budget");
  await page.getByRole("link", { name: "See your care and support plan, and how the budget was worked out" }).click();
  await verifyOnPage(page, "Your care and support plan", "Your care and support plan");
  const line = page.locator("form.nhsuk-card").filter({ has: page.getByRole("heading", { name: "Peer support group: Third-party budget" }) });
  await line.getByLabel("How would you like it held?").selectOption("notional");
  await line.getByLabel("Why would you like a change?").fill("I would rather the NHS booked the group for me");
  await line.getByRole("button", { name: "Ask for this change" }).click();
  await verifyOnPage(page, "Your care and support plan", "Your care and support plan");
  await expect(page).toHaveURL(/\/plan\?done=asked$/);
  await expect(banner(page)).toContainText("We have sent your request to hold this support differently.");
  await expect(banner(page)).toContainText("Your coordinator will look at it and decide. You will see their decision on this page.");
  await expect(page.getByRole("heading", { name: "Your requests" })).toBeVisible();
  await expect(page.getByText(/^Notional budget asked on \d{1,2} [A-Z][a-z]+ \d{4}: waiting for a decision$/)).toBeVisible();
  // The form is as it was before: nothing to send twice.
  await expect(line.getByLabel("Why would you like a change?")).toHaveValue("");
  await expect(line.getByLabel("How would you like it held?")).toHaveValue("third-party");
  await signOut(page);
});

test.describe("with JavaScript turned off", () => {
  test.use({ javaScriptEnabled: false });

  test("a holder invites someone, then stops them acting for her through the confirmation", async ({ page, browser }) => {
    // signIn checks each page with axe, a script this page cannot run: sign in by hand, and check pages as served.
    await page.goto("/sign-in");
    await page.getByLabel("Email address").fill("margaret@demo.example");
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Hello Margaret");
    await page.getByRole("link", { name: "People who act for you" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("People who act for you");
    await page.getByLabel("Full name").fill("Ruth Collins");
    await page.getByLabel("Email address").fill("ruth.collins@demo.example");
    await page.getByLabel("How are they related?").fill("Daughter");
    await page.getByLabel("Who gave consent for them to act?").fill("Margaret Collins");
    await page.getByRole("button", { name: "Invite them" }).click();
    await expect(page.getByRole("heading", { name: "Ruth Collins (Daughter)" })).toBeVisible();

    await page.getByRole("button", { name: "Stop Ruth Collins acting for you" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Are you sure you want to stop Ruth Collins acting for you?");
    await expect(page.getByText("This cannot be undone")).toBeVisible();
    await expect(page.getByText("To let Ruth Collins act for you again, you would need to invite them again.")).toBeVisible();
    await expectNoAxeViolationsAsServed(page, browser);

    // Cancel first: she still acts for Margaret.
    await page.getByRole("link", { name: "Cancel" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("People who act for you");
    await expect(page.getByRole("button", { name: "Stop Ruth Collins acting for you" })).toBeVisible();

    await page.getByRole("button", { name: "Stop Ruth Collins acting for you" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Are you sure you want to stop Ruth Collins acting for you?");
    await page.getByRole("button", { name: "Stop Ruth Collins acting for you" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("People who act for you");
    await expect(page).toHaveURL(/\/representatives\?done=revoked$/);
    await expect(banner(page)).toContainText("They no longer act for you.");
    await expect(page.getByText("No longer acts for you")).toBeVisible();
    await expectNoAxeViolationsAsServed(page, browser);
    await page.getByRole("button", { name: "Sign out" }).first().click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("You have signed out");
  });
});
