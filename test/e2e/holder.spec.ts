import { expect, signInAsServed, test, verifyOnPageAsServed } from "./fixtures";

// The holder's main job, as most holders will do it: on their own, and here with JavaScript off, from signing in to
// the spend shown in their list, following the links and buttons a person would, each page checked by axe as served.
test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("a holder signs in, logs a spend from their home page, and finds it in their spending", async ({ page, browser }) => {
    await signInAsServed(page, browser, "aisha@demo.example");
    await verifyOnPageAsServed(page, browser, "Hello Aisha", "Your personal health budget");

    await page.getByRole("link", { name: "See spending against the plan, or log a spend" }).click();
    await verifyOnPageAsServed(page, browser, "Your spending", "Spending");
    await page.getByRole("link", { name: "Log a spend" }).click();
    await verifyOnPageAsServed(page, browser, "Log a spend", "Log a spend");
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

    await verifyOnPageAsServed(page, browser, "Check your answers before logging the spend", "Log a spend");
    await expect(page.locator("main")).toContainText("£18.40");
    await expect(page.locator("main")).toContainText(whatFor);
    await page.getByRole("button", { name: "Log this spend" }).click();
    await verifyOnPageAsServed(page, browser, "Spend logged", "Spend logged");

    await page.getByRole("link", { name: "See all spending" }).click();
    await verifyOnPageAsServed(page, browser, "Your spending", "Spending");
    await expect(page.getByRole("row", { name: new RegExp(whatFor) })).toContainText("£18.40");
  });
});
