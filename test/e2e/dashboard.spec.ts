import { readFile } from "node:fs/promises";
import { expect, signIn, test, verifyOnPage } from "./fixtures";

test("finance reads the dashboard, follows a figure to the people behind it, codes the journal and downloads it", async ({ page }) => {
  await signIn(page, "finance@demo.nhs.uk");
  await verifyOnPage(page, "People with a personal health budget");
  await page.getByRole("link", { name: "Dashboard" }).click();
  await verifyOnPage(page, "Personal health budgets dashboard", "Personal health budgets dashboard");
  const people = page.getByRole("table", { name: /People with a personal health budget, by cohort/ });
  await expect(people.getByRole("row", { name: /All cohorts/ })).toBeVisible();
  await expect(page.getByRole("table", { name: /Money committed, paid, spent and recovered/ })).toContainText("£");
  await expect(page.getByRole("table", { name: /Months of direct payment reconciled/ }).getByRole("row")).toHaveCount(13);

  // The direct payments of every cohort: the figure is a link to the people it counts.
  const allDirect = people.getByRole("link", { name: /: People with a personal health budget held as a direct payment$/ });
  const counted = Number((await allDirect.textContent())?.match(/^\d+/)?.[0]);
  await allDirect.click();
  await verifyOnPage(page, "People with a personal health budget held as a direct payment", "People behind a figure");
  await expect(page.getByText(new RegExp(`^${counted} (people|person)`))).toBeVisible();
  await expect(page.getByRole("link", { name: "Aisha Rahman" })).toBeVisible();
  await page.getByRole("link", { name: "Back to the dashboard" }).click();
  await verifyOnPage(page, "Personal health budgets dashboard");

  await page.getByRole("link", { name: "Cost centres and subjective codes" }).click();
  await verifyOnPage(page, "Cost centres and subjective codes", "Cost centres and subjective codes");
  await page.getByRole("link", { name: "Change the codes for instalments paid into direct payments" }).click();
  await page.getByLabel("Cost centre").fill("=1+1");
  await page.getByRole("button", { name: "Save the codes" }).click();
  await verifyOnPage(page, "Cost centres and subjective codes", "Error: Cost centres and subjective codes");
  await expect(page.getByRole("alert")).toContainText("The cost centre must start with a letter or digit");
  await page.getByLabel("Cost centre").fill("LLR-DP1");
  await page.getByRole("button", { name: "Save the codes" }).click();
  await expect(page.locator(".nhsuk-notification-banner--success")).toContainText("The codes have been saved.");
  await expect(page.getByRole("row", { name: /Instalments paid into direct payments/ })).toContainText("LLR-DP1");
  await page.getByRole("link", { name: "Back to the dashboard" }).click();

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download the journal (CSV)" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^phb-journal-\d{4}-\d{2}\.csv$/);
  const lines = (await readFile(await download.path(), "utf8")).trim().split("\r\n");
  expect(lines[0]).toBe("Reference,Date,Journal entry,Cost centre,Subjective code,Debit,Credit,Entry type,How held,Payment number,Account,Description");
  expect(lines.length).toBeGreaterThan(1);
  for (const line of lines.slice(1)) expect(line).toMatch(/^PHB-JE-\d+-\d+,\d{2}\/\d{2}\/\d{4},\d+,/);
  expect(lines.some((l) => l.includes(",LLR-DP1,52141000,"))).toBe(true);
});
