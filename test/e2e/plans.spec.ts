import { expect, expectNoAxeViolationsAsServed, signIn, signOut, test, verifyOnPage } from "./fixtures";

const PLAN = "Personalised care and support plan";

test.describe.configure({ mode: "serial" });

test("a coordinator builds a new version of a plan and an approver approves it", async ({ page }) => {
  await signIn(page, "coordinator@demo.nhs.uk");
  await verifyOnPage(page, "People with a personal health budget");
  await expect(page.getByRole("row", { name: /Margaret Collins/ })).toContainText("Approved");
  await page.getByRole("link", { name: "Margaret Collins" }).click();
  await verifyOnPage(page, PLAN, PLAN);
  await page.getByRole("button", { name: "Start a new version" }).click();
  await verifyOnPage(page, PLAN, `${PLAN}: edit the draft`);
  await expect(page.getByText("version 2 (draft)")).toBeVisible();

  // A new outcome and a new support line in the spare rows; the contingency goes down by the same amount.
  await page.locator("#outcomes-2-outcome").fill("Grow my own vegetables again");
  await page.locator("#outcomes-2-howWillYouKnow").fill("I pick something from the garden each month");
  await page.locator("#supportLines-4-description").fill("Gardening help");
  await page.locator("#supportLines-4-provider").fill("Green Fingers Leicester");
  await page.locator("#supportLines-4-units").fill("1");
  await page.locator("#supportLines-4-frequency").selectOption("a-month");
  await page.locator("#supportLines-4-costPerUnit").fill("50.00");
  await page.locator("#supportLines-4-outcomePositions-3").check();
  await page.locator("#contingency").fill("2048.00");
  await page.getByRole("button", { name: "Save the draft" }).click();

  await verifyOnPage(page, PLAN, PLAN);
  await expect(page.getByRole("heading", { name: "Version 2: Draft" })).toBeVisible();
  await expect(page.getByText("within 10% of the indicative budget")).toBeVisible();
  await page.getByRole("button", { name: "Submit for approval" }).click();
  await verifyOnPage(page, PLAN, PLAN);
  await expect(page.getByRole("heading", { name: "Version 2: Waiting for approval" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Approve the plan" })).toHaveCount(0);
  await page.getByRole("link", { name: "What changed between versions 1 and 2" }).click();
  await verifyOnPage(page, PLAN, PLAN);
  await expect(page.getByText("Support added: Gardening help, £600.00 a year")).toBeVisible();
  await signOut(page);

  await signIn(page, "approver@demo.nhs.uk");
  await verifyOnPage(page, "People with a personal health budget");
  await page.getByRole("link", { name: "Margaret Collins" }).click();
  await verifyOnPage(page, PLAN, PLAN);
  await page.getByRole("button", { name: "Approve the plan" }).click();
  await verifyOnPage(page, PLAN, PLAN);
  await expect(page.getByRole("heading", { name: "Version 2: Approved" })).toBeVisible();
  await signOut(page);
});

test("the holder sees the plan, the budget split and how the indicative budget was worked out", async ({ page }) => {
  await signIn(page, "margaret@demo.example");
  await verifyOnPage(page, "Hello Margaret");
  await expect(page.getByText("Grow my own vegetables again")).toBeVisible();
  await expect(page.getByText("Next review:")).toBeVisible();
  // The money cards count the support lines; the plan's yearly budget also holds the contingency, which the page must explain.
  await expect(page.getByText(/This includes £[\d,]+\.\d\d kept aside for needs nobody planned for/)).toBeVisible();
  await expect(page.getByRole("heading", { name: "Your money" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Support the NHS arranges" })).toBeVisible();
  await page.getByRole("link", { name: /See your care and support plan/ }).click();
  await verifyOnPage(page, "Your care and support plan", "Your care and support plan");
  await expect(page.getByRole("heading", { name: "Who funds it" })).toBeVisible();
  await expect(page.getByRole("cell", { name: /Gardening help/ })).toBeVisible();
  await expect(page.getByRole("heading", { name: "How your indicative budget was worked out" })).toBeVisible();
  await expect(page.getByText("Care at home (agency): 1456 hours a year x £22.00 = £32,032.00")).toBeVisible();
  await expect(page.getByText("Day centre: not included. This service can be included from 1 April 2027.")).toBeVisible();
  await signOut(page);
});

test("a carer representative agrees to the plan for the person they act for", async ({ page }) => {
  await signIn(page, "sam.carter@demo.example");
  await verifyOnPage(page, "Who are you acting for?", "Who are you acting for?");
  await expect(page.getByText(/Everything you do is recorded in your name, as done for them/)).toBeVisible();
  await page.getByRole("button", { name: "Act for Leo Carter" }).click();
  await verifyOnPage(page, "Leo Carter's personal health budget", "Leo Carter's budget");
  // The pages speak of Leo, not to Sam as if Sam were Leo.
  await expect(page.getByText("What Leo wants to achieve:")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Leo's money" })).toBeVisible();
  await expect(page.getByText(/Your plan|What you want/)).toHaveCount(0);
  await page.getByRole("link", { name: /read it and tell us Leo agrees/ }).click();
  await verifyOnPage(page, "Leo Carter's care and support plan", "Leo Carter's care and support plan");
  await expect(page.getByRole("heading", { name: "What matters to Leo" })).toBeVisible();
  // Agreeing comes after the plan's content, through a check step.
  await page.getByRole("button", { name: "Continue to agree" }).click();
  await verifyOnPage(page, "Check before you agree", "Check before you agree");
  await expect(page.getByText(/It will be recorded as .Sam Carter agreed for Leo Carter./)).toBeVisible();
  await page.getByRole("button", { name: "Confirm and agree" }).click();
  await verifyOnPage(page, "Leo Carter's care and support plan", "Leo Carter's care and support plan");
  await expect(page.locator(".nhsuk-notification-banner--success")).toContainText(/Sam Carter agreed for Leo Carter on/);
  await expect(page.getByRole("button", { name: "Continue to agree" })).toHaveCount(0);
  await signOut(page);
});

test("a change that is not approved sits beside the plan in force, never in its place", async ({ page }) => {
  await signIn(page, "coordinator@demo.nhs.uk");
  await page.getByRole("link", { name: "Margaret Collins" }).click();
  await verifyOnPage(page, PLAN, PLAN);
  await page.getByRole("button", { name: "Start a new version" }).click();
  await verifyOnPage(page, PLAN, `${PLAN}: edit the draft`);
  await page.getByRole("button", { name: "Save the draft" }).click();
  await verifyOnPage(page, PLAN, PLAN);
  await page.getByRole("button", { name: "Submit for approval" }).click();
  await verifyOnPage(page, PLAN, PLAN);
  await signOut(page);

  await signIn(page, "approver@demo.nhs.uk");
  await page.getByRole("link", { name: "Margaret Collins" }).click();
  await verifyOnPage(page, PLAN, PLAN);
  await page.getByLabel(/Reason for not approving/).fill("The gardening help needs a quote first");
  await page.getByRole("button", { name: "Do not approve" }).click();
  await verifyOnPage(page, PLAN, PLAN);
  await page.goto("/staff");
  await verifyOnPage(page, "People with a personal health budget");
  await expect(page.getByRole("row", { name: /Margaret Collins/ })).toContainText("Approved");
  await expect(page.getByRole("row", { name: /Margaret Collins/ })).toContainText("Changes not agreed: The gardening help needs a quote first");
  await signOut(page);

  await signIn(page, "margaret@demo.example");
  await verifyOnPage(page, "Hello Margaret");
  await expect(page.getByText(/Your plan was not approved/)).toHaveCount(0);
  await expect(page.getByRole("link", { name: /Changes to your plan were not agreed/ })).toBeVisible();
  await page.getByRole("link", { name: /See your care and support plan/ }).click();
  await verifyOnPage(page, "Your care and support plan", "Your care and support plan");
  await expect(page.getByText(/Version 2: Approved .*This is the plan in force/)).toBeVisible();
  await expect(page.getByRole("heading", { name: "Changes not agreed" })).toBeVisible();
  await expect(page.getByText(/The reason: The gardening help needs a quote first/)).toBeVisible();
  await page.getByRole("link", { name: "See the changes in version 3" }).click();
  await verifyOnPage(page, "Your care and support plan", "Your care and support plan");
  await expect(page.getByText(/It is not in force: version 2 is/)).toBeVisible();
  await signOut(page);
});

test("staff see the statement of resources and a holder's indicative budget, and filter the caseload", async ({ page }) => {
  await signIn(page, "coordinator@demo.nhs.uk");
  await verifyOnPage(page, "People with a personal health budget");
  await page.locator("#plan").selectOption("approved");
  await page.getByRole("button", { name: "Search" }).click();
  await verifyOnPage(page, "People with a personal health budget");
  await expect(page.getByRole("link", { name: "David Okoro" })).toBeVisible();
  await page.getByRole("link", { name: "Statement of resources" }).click();
  await verifyOnPage(page, "Statement of resources", "Statement of resources");
  await page.getByRole("button", { name: "Add the line" }).click();
  await verifyOnPage(page, "Statement of resources", "Statement of resources");
  await expect(page.locator(".nhsuk-error-summary")).toContainText("Enter the service");
  await page.goto("/staff");
  await page.getByRole("link", { name: "David Okoro" }).click();
  await page.getByRole("link", { name: "Indicative budget" }).click();
  await verifyOnPage(page, "Indicative budget", "Indicative budget");
  await expect(page.getByText("Peer support: 52 sessions a year x £100.00 = £5,200.00")).toBeVisible();
  await signOut(page);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the plan form shows the NHS error summary on bad input, then saves", async ({ page, browser }) => {
    await page.goto("/sign-in");
    await page.getByLabel("Email address").fill("coordinator@demo.nhs.uk");
    await page.getByLabel("Password").fill("Demo-PHB-2026!");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("link", { name: "Aisha Rahman" }).click();
    await page.getByRole("button", { name: "Start a new version" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(PLAN);
    await page.locator("#supportLines-4-description").fill("Cooking lessons");
    await page.locator("#supportLines-4-costPerUnit").fill("12.345");
    await page.getByRole("button", { name: "Save the draft" }).click();
    const summary = page.locator(".nhsuk-error-summary");
    await expect(summary).toContainText("There is a problem");
    await expect(summary.getByRole("link", { name: "The cost per unit must not have more than 2 decimal places, like 12.50" })).toHaveAttribute(
      "href",
      "#supportLines-4-costPerUnit",
    );
    await expect(summary.getByRole("link", { name: "Enter who provides the support, or who is paid" })).toBeVisible();
    await expect(page.locator("#supportLines-4-description")).toHaveValue("Cooking lessons");
    await expectNoAxeViolationsAsServed(page, browser);

    await page.locator("#supportLines-4-provider").fill("Leicester College");
    await page.locator("#supportLines-4-units").fill("1");
    await page.locator("#supportLines-4-costPerUnit").fill("12.50");
    await page.locator("#supportLines-4-outcomePositions").check();
    await page.getByRole("button", { name: "Save the draft" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(PLAN);
    // Aisha's plan is at version 2 since her three-month review.
    await expect(page.getByRole("heading", { name: "Version 3: Draft" })).toBeVisible();
    await expect(page.getByRole("cell", { name: /Cooking lessons/ })).toBeVisible();
    await expectNoAxeViolationsAsServed(page, browser);
  });
});
