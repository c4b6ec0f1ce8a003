import type { Locator, Page } from "@playwright/test";
import { expect, signIn, test, verifyOnPage } from "./fixtures";

/**
 * The NHS.UK stack: Frutiger where a deployment serves it, then Arial, then sans-serif. We serve no Frutiger,
 * so what matters is that the stack is declared at all: without it Chromium draws its serif default.
 */
async function expectNhsFont(what: string, element: Locator) {
  const family = await element.first().evaluate((el) => getComputedStyle(el).fontFamily);
  expect(family, `font-family of ${what}`).toMatch(/^"?Frutiger W01"?, arial, sans-serif$/i);
}

async function expectNhsFontOnPage(page: Page, also: Record<string, Locator>) {
  await expectNhsFont("the body", page.locator("body"));
  await expectNhsFont("the h1", page.getByRole("heading", { level: 1 }));
  for (const [what, element] of Object.entries(also)) await expectNhsFont(what, element);
}

test("every page is in the NHS.UK font stack, not the browser's serif default", async ({ page }) => {
  await page.goto("/");
  await verifyOnPage(page, "Manage your personal health budget");
  await expectNhsFontOnPage(page, { "the start button": page.getByRole("button", { name: /sign in/i }) });

  await signIn(page, "aisha@demo.example");
  await verifyOnPage(page, "Hello Aisha");
  await page.goto("/budget/statement");
  await verifyOnPage(page, "Your statement", "Statement");
  await expectNhsFontOnPage(page, {
    "a table cell": page.locator("table.nhsuk-table td"),
    "a table caption": page.locator("table.nhsuk-table caption"),
  });

  await page.goto("/spending/new");
  await verifyOnPage(page, "Log a spend", "Log a spend");
  await expectNhsFontOnPage(page, {
    "the Continue button": page.getByRole("button", { name: "Continue" }),
    "a text input": page.getByLabel("What was it for?"),
    "a label": page.locator("label.nhsuk-label"),
  });
});

test("Aisha's spending against her plan draws the chart's bars", async ({ page }) => {
  await signIn(page, "aisha@demo.example");
  await verifyOnPage(page, "Hello Aisha");
  await page.goto("/spending/plan");
  await verifyOnPage(page, /spending against (your|the) plan/i, "Spending against your plan");

  const bars = page.locator(".recharts-bar-rectangle path, .recharts-bar-rectangle rect");
  await expect(bars.first()).toBeVisible();
  // The bars grow from nothing in recharts' opening animation, so a first frame can be all zero.
  await expect
    .poll(
      async () => {
        const sizes = await bars.evaluateAll((els) => els.map((el) => (el as SVGGraphicsElement).getBBox()).map((b) => b.width * b.height));
        return sizes.filter((area) => area > 0).length;
      },
      { message: "bars with a non-zero size", timeout: 10_000 },
    )
    .toBeGreaterThan(0);
  const chart = await page.locator(".recharts-wrapper").boundingBox();
  expect(chart?.height ?? 0, "the chart's height").toBeGreaterThan(100);
});
