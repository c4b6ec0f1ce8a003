import { expect, expectNoAxeViolationsAsServed, signIn, signOut, test, verifyOnPage } from "./fixtures";

const PLAN = "Personalised care and support plan";

test.describe.configure({ mode: "serial" });

// One journey in three tests (serial): the coordinator's part, the first approver's and the second's.
test("a coordinator builds a new version of a plan above the threshold and submits it", async ({ page }) => {
  await signIn(page, "coordinator@demo.nhs.uk");
  await verifyOnPage(page, "What needs doing");
  await expect(page.locator("#caseload").getByRole("row", { name: /Margaret Collins/ })).toContainText("Approved");
  await page.locator("#caseload").getByRole("link", { name: "Margaret Collins" }).click();
  await verifyOnPage(page, PLAN, PLAN);
  await page.getByRole("button", { name: "Start a new version" }).click();
  await verifyOnPage(page, PLAN, `${PLAN}: edit the draft`);
  await expect(page.getByText("version 2 (draft)")).toBeVisible();

  // A new outcome and a new support line in the spare rows, and a contingency raised far enough that two approvers must agree.
  await page.locator("#outcomes-2-outcome").fill("Grow my own vegetables again");
  await page.locator("#outcomes-2-howWillYouKnow").fill("I pick something from the garden each month");
  await page.locator("#supportLines-4-description").fill("Gardening help");
  await page.locator("#supportLines-4-provider").fill("Green Fingers Leicester");
  await page.locator("#supportLines-4-units").fill("1");
  await page.locator("#supportLines-4-frequency").selectOption("a-month");
  await page.locator("#supportLines-4-costPerUnit").fill("50.00");
  await page.locator("#supportLines-4-outcomePositions-3").check();
  await page.locator("#contingency").fill("22048.00");
  await page.getByRole("button", { name: "Save the draft" }).click();

  await verifyOnPage(page, PLAN, PLAN);
  await expect(page.getByRole("heading", { name: "Version 2: Draft" })).toBeVisible();
  await expect(page.getByText("more than 10% from the indicative budget (or there is none), so it needs a second approval")).toBeVisible();
  await page.getByRole("button", { name: "Submit for approval" }).click();
  await verifyOnPage(page, PLAN, PLAN);
  await expect(page.getByRole("heading", { name: "Version 2: Waiting for approval" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Check and approve" })).toHaveCount(0);
  await expect(page.getByText("Daniel Mensah or Grace Okafor can give the first.")).toBeVisible();
  await page.getByRole("link", { name: "What changed between versions 1 and 2" }).click();
  await verifyOnPage(page, PLAN, PLAN);
  await expect(page.getByText("Support added: Gardening help, £600.00 a year")).toBeVisible();
  await signOut(page);
});

test("an approver gives the first approval, checking first, and is then offered nothing more", async ({ page }) => {
  // From the queue, past the plan and what changed, to the check and the confirmation.
  await signIn(page, "approver@demo.nhs.uk");
  await verifyOnPage(page, "Plans waiting for approval", "Plans waiting for approval");
  await expect(page.getByRole("row", { name: /Margaret Collins, version 2/ })).toContainText("First approval");
  await page.getByRole("link", { name: "Check and decide on Margaret Collins's plan, version 2" }).click();
  await verifyOnPage(page, PLAN, PLAN);
  await expect(page.getByRole("heading", { name: "What changed from version 1" })).toBeVisible();
  await page.getByRole("link", { name: "Check and approve" }).click();
  await verifyOnPage(page, "Check before you approve", "Check before you approve");
  await expect(page.getByText("Two approvals needed: yours would be the first")).toBeVisible();
  await page.getByRole("button", { name: "Approve version 2 of the plan" }).click();
  await verifyOnPage(page, "Your approval is recorded", "Your approval is recorded");
  await expect(page.getByText("It needs a second approval from Daniel Mensah.")).toBeVisible();
  await page.getByRole("link", { name: "See Margaret Collins's plan" }).click();
  await verifyOnPage(page, PLAN, PLAN);
  await expect(page.getByText("Daniel Mensah can give the second approval.")).toBeVisible();
  await expect(page.getByRole("link", { name: "Check and approve" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Do not approve" })).toHaveCount(0);
  await signOut(page);
});

test("the second demo approver finds the plan in their queue and gives the second approval", async ({ page }) => {
  await signIn(page, "senior.approver@demo.nhs.uk");
  await verifyOnPage(page, "Plans waiting for approval", "Plans waiting for approval");
  await expect(page.getByRole("row", { name: /Margaret Collins, version 2/ })).toContainText("Second approval (first given by Grace Okafor)");
  await page.getByRole("link", { name: "Check and decide on Margaret Collins's plan, version 2" }).click();
  await verifyOnPage(page, PLAN, PLAN);
  await page.getByRole("link", { name: "Check and approve" }).click();
  await verifyOnPage(page, "Check before you approve", "Check before you approve");
  await expect(page.getByText("Two approvals needed: Grace Okafor gave the first")).toBeVisible();
  await page.getByRole("button", { name: "Approve version 2 of the plan" }).click();
  await verifyOnPage(page, "The plan is approved", "The plan is approved");
  await expect(page.getByText("Margaret Collins can now see it and tell us they agree to it.")).toBeVisible();
  await page.getByRole("link", { name: "Back to plans waiting for approval" }).click();
  await verifyOnPage(page, "Plans waiting for approval", "Plans waiting for approval");
  await expect(page.getByText("No plans are waiting for approval.")).toBeVisible();
  await page.getByRole("link", { name: "Margaret Collins" }).click();
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
  await page.locator("#caseload").getByRole("link", { name: "Margaret Collins" }).click();
  await verifyOnPage(page, PLAN, PLAN);
  await page.getByRole("button", { name: "Start a new version" }).click();
  await verifyOnPage(page, PLAN, `${PLAN}: edit the draft`);
  await page.getByRole("button", { name: "Save the draft" }).click();
  await verifyOnPage(page, PLAN, PLAN);
  await page.getByRole("button", { name: "Submit for approval" }).click();
  await verifyOnPage(page, PLAN, PLAN);
  await signOut(page);

  await signIn(page, "approver@demo.nhs.uk");
  await verifyOnPage(page, "Plans waiting for approval");
  await page.getByRole("link", { name: "Margaret Collins", exact: true }).click();
  await verifyOnPage(page, PLAN, PLAN);
  await page.getByLabel(/Reason for not approving/).fill("The gardening help needs a quote first");
  await page.getByRole("button", { name: "Do not approve" }).click();
  await verifyOnPage(page, PLAN, PLAN);
  await page.goto("/staff");
  await verifyOnPage(page, "Plans waiting for approval");
  await expect(page.getByText("No plans are waiting for approval.")).toBeVisible();
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
  await verifyOnPage(page, "What needs doing");
  await page.locator("#plan").selectOption("approved");
  await page.getByRole("button", { name: "Search" }).click();
  await verifyOnPage(page, "What needs doing");
  await expect(page.locator("#caseload").getByRole("link", { name: "David Okoro" })).toBeVisible();
  await page.getByRole("link", { name: "Statement of resources" }).click();
  await verifyOnPage(page, "Statement of resources", "Statement of resources");
  await page.getByRole("button", { name: "Add the line" }).click();
  // A page showing errors says so first in its title (issue 13 item 9), once the error summary is in place.
  await verifyOnPage(page, "Statement of resources", "Error: Statement of resources");
  await expect(page.locator(".nhsuk-error-summary")).toContainText("Enter the service");
  await page.goto("/staff");
  await page.locator("#caseload").getByRole("link", { name: "David Okoro" }).click();
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
    await page.locator("#caseload").getByRole("link", { name: "Aisha Rahman" }).click();
    await page.getByRole("button", { name: "Start a new version" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(PLAN);
    await page.locator("#supportLines-4-description").fill("Cooking lessons");
    await page.locator("#supportLines-4-costPerUnit").fill("12.345");
    // The plan's dates are NHS.UK date inputs: a month left out, and a day February does not have.
    const starts = page.getByRole("group", { name: "Date the plan starts" });
    const review = page.getByRole("group", { name: "Date of the first review" });
    const typed = {
      month: await starts.getByLabel("Month").inputValue(),
      reviewDay: await review.getByLabel("Day").inputValue(),
      reviewMonth: await review.getByLabel("Month").inputValue(),
    };
    expect(typed.month).not.toBe("");
    await starts.getByLabel("Month").fill("");
    await review.getByLabel("Day").fill("30");
    await review.getByLabel("Month").fill("2");
    await page.getByRole("button", { name: "Save the draft" }).click();
    const summary = page.locator(".nhsuk-error-summary");
    await expect(summary.getByRole("link", { name: "Date the plan starts must include a month" })).toHaveAttribute("href", "#startsOn-month");
    await expect(summary.getByRole("link", { name: "Date of the first review must be a real date" })).toHaveAttribute("href", "#firstReviewOn-day");
    await expect(starts.getByLabel("Month")).toHaveClass(/nhsuk-input--error/);
    await expect(starts.getByLabel("Day")).not.toHaveClass(/nhsuk-input--error/);
    await expect(review.getByLabel("Day")).toHaveValue("30");
    await expect(review.getByLabel("Year")).not.toHaveClass(/nhsuk-input--error/);
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
    await starts.getByLabel("Month").fill(typed.month);
    await review.getByLabel("Day").fill(typed.reviewDay);
    await review.getByLabel("Month").fill(typed.reviewMonth);
    await page.getByRole("button", { name: "Save the draft" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(PLAN);
    // Aisha's plan is at version 2 since her three-month review.
    await expect(page.getByRole("heading", { name: "Version 3: Draft" })).toBeVisible();
    await expect(page.getByRole("cell", { name: /Cooking lessons/ })).toBeVisible();
    await expectNoAxeViolationsAsServed(page, browser);
  });

  test("ending a budget and refusing a direct payment refuse a bad date, highlight its boxes and change nothing", async ({ page, browser }) => {
    await page.goto("/sign-in");
    await page.getByLabel("Email address").fill("coordinator@demo.nhs.uk");
    await page.getByLabel("Password").fill("Demo-PHB-2026!");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.locator("#caseload").getByRole("link", { name: "Leo Carter" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(PLAN);
    await expect(page.getByText("It has no end date.")).toBeVisible();

    const last = page.getByRole("group", { name: "Last day of the personal health budget" });
    await expect(last).toContainText("For example, 31 3 2027");
    await last.getByLabel("Day").fill("31");
    await last.getByLabel("Year").fill("2099");
    await page.getByLabel("Why it is ending (the person will see this)").fill("Moved to another area");
    await page.getByRole("button", { name: "End the personal health budget" }).click();
    const summary = page.locator(".nhsuk-error-summary");
    await expect(summary.getByRole("link", { name: "Last day of the personal health budget must include a month" })).toHaveAttribute("href", "#endedOn-month");
    await expect(last.getByLabel("Month")).toHaveClass(/nhsuk-input--error/);
    await expect(last.getByLabel("Day")).toHaveValue("31");
    await expect(page.getByText("It has no end date.")).toBeVisible();
    await expectNoAxeViolationsAsServed(page, browser);

    const from = page.getByRole("group", { name: "Date the decision takes effect" });
    await page.getByLabel("Reason (the person will see this)", { exact: true }).fill("Risk to the person");
    await from.getByLabel("Day").fill("30");
    await from.getByLabel("Month").fill("2");
    await from.getByLabel("Year").fill("2027");
    await page.getByRole("button", { name: "Record the decision" }).click();
    await expect(summary.getByRole("link", { name: "Date the decision takes effect must be a real date" })).toHaveAttribute("href", "#effectiveOn-day");
    await expect(from.getByLabel("Year")).not.toHaveClass(/nhsuk-input--error/);
    await expect(page.getByText(/Direct payment refused from/)).toHaveCount(0);
  });
});
