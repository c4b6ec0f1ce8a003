import { expect, expectNoAxeViolations, expectNoAxeViolationsAsServed, SERVICE, signIn, signOut, test, verifyOnPage } from "./fixtures";

test("the time-out warning is a modal dialog that takes focus, and staying signed in closes it", async ({ page }) => {
  await page.clock.install();
  await signIn(page, "margaret@demo.example");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Hello Margaret");
  const dialog = page.getByRole("dialog", { name: "You will be signed out soon" });
  await expect(dialog).toBeHidden();

  // 13 minutes idle: 2 minutes before the 15-minute time-out.
  await page.clock.fastForward("13:01");
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole("heading", { name: "You will be signed out soon" })).toBeFocused();
  await expect(dialog).toHaveAccessibleDescription(/we will sign you out in 2 minutes/);
  // Modal: the page behind it cannot be reached.
  expect(await page.evaluate(() => document.querySelector("dialog")?.matches(":modal"))).toBe(true);
  await expectNoAxeViolations(page);

  const extended = page.waitForResponse((r) => new URL(r.url()).pathname.startsWith("/session/extend"));
  await dialog.getByRole("button", { name: "Stay signed in" }).click();
  await expect(dialog).toBeHidden();
  expect((await extended).status()).toBe(200);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Hello Margaret");

  // Past the first time-out: staying signed in started the count again at the click, so nobody is signed out, however
  // late the page's data is read again afterwards.
  await page.clock.fastForward("03:00");
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Hello Margaret");
});

test("a wrong password empties the password box, and the title starts with Error", async ({ page }) => {
  await signIn(page, "margaret@demo.example", "not the password");
  await expect(page.getByRole("alert")).toContainText("There is a problem");
  await expect(page).toHaveTitle(`Error: Sign in - ${SERVICE} - NHS`);
  await expect(page.getByLabel("Password")).toHaveValue("");
  await expectNoAxeViolations(page);
});

test.describe("with JavaScript turned off", () => {
  test.use({ javaScriptEnabled: false });

  test("a form with errors has Error in its title as served", async ({ page, browser }) => {
    await page.goto("/sign-in");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveTitle(`Error: Sign in - ${SERVICE} - NHS`);
    await expectNoAxeViolationsAsServed(page, browser);
  });
});

test("without email set up, a forgotten password is reset by asking the coordinator", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByRole("link", { name: "Forgotten your password?" }).click();
  await verifyOnPage(page, "Ask your coordinator to reset your password", "Ask your coordinator to reset your password");
});

test("a coordinator sets the help page's contact details; a holder sees them and tells us what they think; staff read it", async ({ page }) => {
  // Three people sign in, one after another, with axe on each page: more than the default 30 seconds on a busy machine.
  test.setTimeout(120_000);
  await signIn(page, "coordinator@demo.nhs.uk");
  await page.getByRole("link", { name: "Contact details on the help page" }).click();
  await verifyOnPage(page, "Contact details on the help page", "Contact details on the help page");
  await page.getByLabel("Phone number").fill("0116 295 0000");
  await page.getByLabel("Email address").fill("phb.team@nhs.net");
  await page.getByLabel("Opening hours").fill("Monday to Friday, 9am to 5pm, except bank holidays");
  await page.getByRole("button", { name: "Save contact details" }).click();
  await expect(page.locator(".nhsuk-notification-banner--success")).toContainText("Contact details saved");
  await expectNoAxeViolations(page);
  await signOut(page);

  await signIn(page, "margaret@demo.example");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Hello Margaret");
  await page.goto("/help");
  await verifyOnPage(page, "Get help with your personal health budget", "Get help with your personal health budget");
  await expect(page.getByRole("link", { name: "0116 295 0000" })).toHaveAttribute("href", "tel:01162950000");
  await expect(page.getByRole("link", { name: "phb.team@nhs.net" })).toBeVisible();

  await page.getByRole("link", { name: "Tell us what you think of this service" }).click();
  await verifyOnPage(page, "Tell us what you think", "Tell us what you think");
  await page.getByRole("button", { name: "Send feedback" }).click();
  await expect(page.locator(".nhsuk-error-summary")).toContainText("Select how easy it was to use this service");
  await expect(page).toHaveTitle(`Error: Tell us what you think - ${SERVICE} - NHS`);
  await expectNoAxeViolations(page);
  await page.getByLabel("Easy", { exact: true }).check();
  await page.getByLabel("What could be better? (optional)").fill("Tell me when the next payment arrives");
  await page.getByRole("button", { name: "Send feedback" }).click();
  await verifyOnPage(page, "Thank you for your feedback", "Thank you for your feedback");
  await signOut(page);

  await page.goto("/help");
  await expect(page.getByText("Sign in to see your team's phone number and email address here.")).toBeVisible();
  await expectNoAxeViolations(page);

  await signIn(page, "auditor@demo.nhs.uk");
  await expect(page).toHaveURL("/staff");
  await page.goto("/staff/feedback");
  await verifyOnPage(page, "Feedback about this service", "Feedback about this service");
  await expect(page.getByRole("row").nth(1)).toContainText("Tell me when the next payment arrives");
  const csv = await page.request.get("/staff/feedback.csv");
  expect(await csv.text()).toContain("Easy,Tell me when the next payment arrives");
});
