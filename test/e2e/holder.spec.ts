import { DEMO_PASSWORD, expect, expectNoAxeViolationsAsServed, test } from "./fixtures";

// The holder's main job, as most holders will do it: on their own, and here with JavaScript off, from signing in to
// the spend shown in their list.
test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("a holder signs in, logs a spend from their home page, and finds it in their spending", async ({ page, browser }) => {
    await page.goto("/sign-in");
    await page.getByLabel("Email address").fill("aisha@demo.example");
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Hello Aisha");
    await expectNoAxeViolationsAsServed(page, browser);

    await page.getByRole("link", { name: "See spending against the plan, or log a spend" }).click();
    await page.getByRole("link", { name: "Log a spend" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(/Log a spend/);
    const today = new Date().toLocaleDateString("en-CA", { timeZone: "Europe/London" });
    const [year, month, day] = today.split("-");
    const date = page.getByRole("group", { name: "Date of the spend" });
    await date.getByLabel("Day").fill(String(Number(day)));
    await date.getByLabel("Month").fill(month);
    await date.getByLabel("Year").fill(year);
    const whatFor = `Swimming lessons ${Date.now()}`;
    await page.getByLabel("Name of someone new you paid").fill("Leicester Leisure Centres");
    await page.getByLabel("Amount, in pounds").fill("18.40");
    await page.getByLabel("What was it for?").fill(whatFor);
    await page.getByLabel("Which support line in your plan was it for?").selectOption({ index: 1 });
    await page.getByLabel("How was it paid?").selectOption("card");
    await page.getByRole("button", { name: "Continue" }).click();

    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Check your answers before logging the spend");
    await expect(page.locator("main")).toContainText("£18.40");
    await expectNoAxeViolationsAsServed(page, browser);
    await page.getByRole("button", { name: "Log this spend" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Spend logged");
    await expectNoAxeViolationsAsServed(page, browser);

    await page.getByRole("link", { name: "See all spending" }).click();
    await expect(page.getByRole("row", { name: new RegExp(whatFor) })).toContainText("£18.40");
  });
});
