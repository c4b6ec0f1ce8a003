import { expect, signIn, signOut, test, verifyOnPage } from "./fixtures";

test("finance proposes to recover money from Aisha's direct payment, an approver confirms, and Aisha reads the letter on her home page", async ({ page }) => {
  await signIn(page, "finance@demo.nhs.uk");
  await verifyOnPage(page, "People with a personal health budget");
  await page.locator("#caseload").getByRole("link", { name: "Aisha Rahman" }).click();
  await page.getByRole("link", { name: "Money to recover" }).click();
  await verifyOnPage(page, "Money to recover", "Money to recover");

  // Bad input: the error summary, each field highlighted, nothing proposed.
  await page.getByLabel("Amount, in pounds").fill("twenty");
  await page.getByRole("button", { name: "Propose the recovery" }).click();
  await verifyOnPage(page, "Money to recover", "Error: Money to recover");
  const summary = page.getByRole("alert");
  await expect(summary.getByRole("link", { name: "The amount must be a number of pounds and pence, like 12.50" })).toHaveAttribute("href", "#amount");
  await expect(summary.getByRole("link", { name: /Enter why the money is being asked back/ })).toBeVisible();
  await expect(page.getByLabel("Amount, in pounds")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText("No recovery has been proposed for Aisha Rahman.")).toBeVisible();

  await page.getByLabel("Amount, in pounds").fill("25.00");
  await page.getByLabel("Why the money is being asked back").fill("Money has built up in your account beyond the contingency agreed in your plan");
  await page
    .getByLabel("How the amount was worked out")
    .fill("Your balance is more than 8 weeks of instalments; we are asking for the first £25.00 of what is over");
  await page.getByLabel(/^Paid back from the direct payment account/).check();
  await page.getByRole("button", { name: "Propose the recovery" }).click();
  await verifyOnPage(page, "Recovery of £25.00", "Recovery");
  await expect(page.locator(".nhsuk-notification-banner--success")).toContainText("The recovery has been proposed.");
  await expect(page.getByRole("button", { name: "Approve and send the letter" })).toHaveCount(0);
  await signOut(page);

  await signIn(page, "approver@demo.nhs.uk");
  await verifyOnPage(page, "Plans waiting for approval");
  await page
    .getByRole("link", { name: /Aisha Rahman: £25\.00/ })
    .first()
    .click();
  await verifyOnPage(page, "Recovery of £25.00", "Recovery");
  await page.getByRole("button", { name: "Approve and send the letter" }).click();
  await verifyOnPage(page, "Recovery of £25.00", "Recovery");
  await expect(page.locator(".nhsuk-notification-banner--success")).toContainText("The recovery is approved and the letter has been sent.");
  await expect(page.getByRole("definition").filter({ hasText: /^Approved, letter sent$/ })).toBeVisible();
  await signOut(page);

  await signIn(page, "aisha@demo.example");
  await verifyOnPage(page, "Hello Aisha", "Your personal health budget");
  await expect(page.getByRole("heading", { level: 2, name: "Letters about your money" })).toBeVisible();
  await page
    .getByRole("link", { name: /Read our letter of .*: We are asking for £25\.00 back from your direct payment/ })
    .first()
    .click();
  await verifyOnPage(page, "We are asking for £25.00 back from your direct payment", "Letter about your direct payment");
  await expect(page.getByText("Please pay £25.00 back from your direct payment account by")).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: "If you do not agree" })).toBeVisible();
  await expect(page.getByText(/This is called a review\. Please ask by/)).toBeVisible();

  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download the letter (PDF)" }).click();
  expect((await download).suggestedFilename()).toMatch(/^letter-\d{4}-\d{2}-\d{2}\.pdf$/);

  // The money going back is on her statement, as any other entry.
  await page.goto("/budget/statement");
  await expect(page.getByText(/Money returned to the NHS/).first()).toBeVisible();
});
