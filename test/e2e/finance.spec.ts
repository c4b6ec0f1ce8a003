import { expect, test } from "@playwright/test";
import { signIn, verifyOnPage } from "./fixtures";

test("finance adds a restricted category, stops using it and uses it again; then closes a spending period", async ({ page }) => {
  await signIn(page, "finance@demo.nhs.uk");
  await verifyOnPage(page, "People with a personal health budget");
  await page.getByRole("link", { name: "Spending rules" }).click();
  await verifyOnPage(page, "Spending rules", "Spending rules");

  const addForm = page.locator("form", { has: page.getByRole("button", { name: "Add the category" }) });
  await page.getByRole("button", { name: "Add the category" }).click();
  await verifyOnPage(page, "Spending rules", "Spending rules");
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

  await page.getByRole("button", { name: "Stop using Fireworks" }).click();
  await verifyOnPage(page, "Spending rules", "Spending rules");
  await expect(page.getByRole("heading", { level: 3, name: "Fireworks" })).toHaveCount(0);
  await expect(page.getByRole("heading", { level: 2, name: "No longer used" })).toBeVisible();
  await page.getByRole("button", { name: "Use Fireworks again" }).click();
  await expect(page.getByRole("heading", { level: 3, name: "Fireworks" })).toBeVisible();

  await page.getByRole("link", { name: "Close a spending period" }).click();
  await verifyOnPage(page, "Close a spending period", "Close a spending period");
  // The oldest month offered: before any demo plan started, so other tests logging spends are not affected.
  const month = page.getByLabel("Close spending up to the end of");
  const oldest = await month.locator("option").last().textContent();
  await month.selectOption({ label: oldest! });
  await page.getByRole("button", { name: "Close the period" }).click();
  await verifyOnPage(page, "Close a spending period", "Close a spending period");
  await expect(page.locator(".nhsuk-inset-text", { hasText: /Spending up to \d{1,2} \w+ \d{4} is now closed\./ })).toBeVisible();
  await expect(month.locator("option")).toHaveCount(11);
});
