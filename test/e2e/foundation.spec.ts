import { DEMO_PASSWORD, expect, expectFitsPhones, expectNoAxeViolations, expectNoAxeViolationsAsServed, signIn, signOut, test, verifyOnPage } from "./fixtures";

test("the home page explains the service to someone who is not signed in", async ({ page }) => {
  await page.goto("/");
  await verifyOnPage(page, "Manage your personal health budget", "Home");
  await expect(page.getByText("A personal health budget is an amount of money")).toBeVisible();
  await expect(page.getByRole("link", { name: "Skip to main content" })).toBeAttached();
  await expect(page.getByText("Beta")).toBeVisible();
  await expect(page.getByRole("contentinfo")).toContainText("Accessibility statement");
});

const roles = [
  { email: "margaret@demo.example", lands: "/", heading: "Hello Margaret", title: "Your personal health budget" },
  { email: "david@demo.example", lands: "/", heading: "Hello David", title: "Your personal health budget" },
  { email: "aisha@demo.example", lands: "/", heading: "Hello Aisha", title: "Your personal health budget" },
  // A coordinator's home starts with the work waiting for them.
  { email: "coordinator@demo.nhs.uk", lands: "/staff", heading: "What needs doing", title: "What needs doing" },
  { email: "finance@demo.nhs.uk", lands: "/staff", heading: "People with a personal health budget", title: "People with a personal health budget" },
  // An approver's home is the queue of plans waiting for approval.
  { email: "approver@demo.nhs.uk", lands: "/staff", heading: "Plans waiting for approval", title: "Plans waiting for approval" },
  { email: "senior.approver@demo.nhs.uk", lands: "/staff", heading: "Plans waiting for approval", title: "Plans waiting for approval" },
  { email: "auditor@demo.nhs.uk", lands: "/staff", heading: "People with a personal health budget", title: "People with a personal health budget" },
  { email: "support@demo.example", lands: "/support", heading: "People you support", title: "People you support" },
  { email: "chloe@demo.example", lands: "/pa", heading: "Your hours and payslips", title: "Your hours and payslips" },
];

for (const role of roles) {
  test(`${role.email} signs in, lands on ${role.lands} and signs out`, async ({ page }) => {
    await signIn(page, role.email);
    await expect(page).toHaveURL(role.lands);
    await verifyOnPage(page, role.heading, role.title);
    await signOut(page);
    await page.goto(role.lands === "/" ? "/" : role.lands);
    await expect(page).toHaveURL(role.lands === "/" ? "/" : /\/sign-in\?returnTo=/);
  });
}

test("a carer signs in, chooses the person they act for and sees their budget", async ({ page }) => {
  await signIn(page, "sam.carter@demo.example");
  await expect(page).toHaveURL("/acting-for");
  await verifyOnPage(page, "Who are you acting for?", "Who are you acting for?");
  await page.getByRole("button", { name: "Act for Leo Carter" }).click();
  await verifyOnPage(page, "Leo Carter's personal health budget", "Leo Carter's budget");
  await expect(page.getByText("You are acting for Leo Carter")).toBeVisible();
  // The money first: Leo's direct payment with its balance and next instalment, and what the NHS arranges for him.
  await expect(page.getByRole("heading", { name: "Leo's money" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Direct payment account" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Support the NHS arranges" })).toBeVisible();
  await expect(page.getByText("Next instalment")).toBeVisible();
  await signOut(page);
});

test("staff can search the caseload and browse the audit log", async ({ page }) => {
  await signIn(page, "auditor@demo.nhs.uk");
  await verifyOnPage(page, "People with a personal health budget");
  await page.getByLabel("Search by name or NHS number").fill("999 000 0034");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.getByRole("table")).toContainText("Aisha Rahman");
  await expect(page.getByRole("table")).not.toContainText("Margaret Collins");
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: "See the audit log" }).click();
  await verifyOnPage(page, "Audit log", "Audit log");
  // Each entry in words, with for whom, and no sideways scrolling at a desktop width.
  const log = page.getByRole("table").first();
  await expect(log.getByRole("columnheader", { name: "For whom" })).toBeVisible();
  await expect(log).toContainText("Alan Reed signed in");
  await expect(log).not.toContainText("signed-in");
  await page.setViewportSize({ width: 1100, height: 800 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1100);
  await expectNoAxeViolations(page);
  await expectFitsPhones(page);

  // The auditor reads the spending rules finance sets, with nothing to press.
  await page.goto("/staff");
  await page.getByRole("link", { name: "Spending rules" }).click();
  await verifyOnPage(page, "Spending rules");
  await expect(page.getByText("Only finance staff can change these rules.")).toBeVisible();
  await expect(page.locator("main").getByRole("button")).toHaveCount(0);
  await expectNoAxeViolations(page);
  await signOut(page);
});

test("wrong details get one generic message in the NHS error summary", async ({ page }) => {
  await signIn(page, "margaret@demo.example", "not the password");
  await expect(page.getByRole("alert")).toContainText("There is a problem");
  await expect(page.getByRole("alert")).toContainText("Your email address or password is not right");
  await expectNoAxeViolations(page);
});

test.describe("with JavaScript turned off", () => {
  test.use({ javaScriptEnabled: false });

  test("the sign-in form shows the error summary on bad input and then signs in", async ({ page, browser }) => {
    await page.goto("/sign-in");
    await page.getByRole("button", { name: "Sign in" }).click();
    const summary = page.locator(".nhsuk-error-summary");
    await expect(summary).toContainText("There is a problem");
    await expect(summary.getByRole("link", { name: "Enter your email address" })).toHaveAttribute("href", "#email");
    await expect(summary.getByRole("link", { name: "Enter your password" })).toHaveAttribute("href", "#password");
    await expect(page.locator("#email-error")).toContainText("Enter your email address");
    await expect(page.locator(".nhsuk-form-group--error")).toHaveCount(2);
    await expectNoAxeViolationsAsServed(page, browser);

    await page.getByLabel("Email address").fill("coordinator");
    await page.getByLabel("Password").fill("anything");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.locator("#email-error")).toContainText("Enter an email address in the correct format, like name@example.com");
    await expect(page.getByLabel("Password")).toHaveValue("");

    await page.getByLabel("Email address").fill("coordinator@demo.nhs.uk");
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL("/staff");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("What needs doing");
    await page.getByRole("button", { name: "Sign out" }).first().click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("You have signed out");
  });
});

test("an unknown address gets the NHS-styled 404 page with status 404", async ({ page }) => {
  const response = await page.goto("/no-such-page");
  expect(response?.status()).toBe(404);
  await verifyOnPage(page, "Page not found");
  await expect(page).toHaveTitle("Error: Page not found - Manage your personal health budget - NHS");
});

test("security headers are set and a cross-site post is refused with 403", async ({ request, baseURL }) => {
  const home = await request.get("/");
  const csp = home.headers()["content-security-policy"];
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toMatch(/script-src 'self' 'nonce-[^']+'/);
  expect(home.headers()["x-content-type-options"]).toBe("nosniff");
  expect(home.headers()["referrer-policy"]).toBe("strict-origin-when-cross-origin");

  const crossSite = await request.post("/sign-in", {
    form: { email: "margaret@demo.example", password: DEMO_PASSWORD },
    headers: { Origin: "https://evil.example" },
    maxRedirects: 0,
  });
  expect(crossSite.status()).toBe(403);
  const sameSite = await request.post("/sign-in", {
    form: { email: "margaret@demo.example", password: DEMO_PASSWORD },
    headers: { Origin: baseURL! },
    maxRedirects: 0,
  });
  expect(sameSite.status()).toBe(302);
});

test("healthz answers once the database does", async ({ request }) => {
  const response = await request.get("/healthz");
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ db: "ok" });
});
