import AxeBuilder from "@axe-core/playwright";
import { expect, type Browser, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "Demo-PHB-2026!";
export const SERVICE = "Manage your personal health budget";

/** axe with the WCAG 2.2 AA rule set, on the page as it is now. */
export async function expectNoAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze();
  const found = results.violations.map((v) => `${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  expect(found, `axe violations on ${page.url()}`).toEqual([]);
}

/**
 * Checks we are on the page we expect (its h1 and its "Page - Service - NHS" title) and that axe finds
 * nothing on it. Every page object's arrival goes through here, so every page visited is checked.
 */
export async function verifyOnPage(page: Page, heading: string | RegExp, title?: string) {
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(heading);
  if (title) await expect(page).toHaveTitle(`${title} - ${SERVICE} - NHS`);
  await expectNoAxeViolations(page);
}

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto("/sign-in");
  await verifyOnPage(page, "Sign in", "Sign in");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

export async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out" }).first().click();
  await verifyOnPage(page, "You have signed out", "You have signed out");
}

/**
 * axe runs as a script, which a page with JavaScript turned off cannot run: check the same HTML, as served,
 * in a second page that has scripts (the page's own scripts are removed so it stays as served).
 */
export async function expectNoAxeViolationsAsServed(page: Page, browser: Browser) {
  const html = (await page.content()).replace(/<script\b[\s\S]*?<\/script>/g, "");
  const context = await browser.newContext({ baseURL: new URL(page.url()).origin, javaScriptEnabled: true });
  const checker = await context.newPage();
  await checker.route(page.url(), (route) => route.fulfill({ contentType: "text/html", body: html }));
  await checker.goto(page.url());
  await expectNoAxeViolations(checker);
  await context.close();
}
