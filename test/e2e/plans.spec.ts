import type { Page } from "@playwright/test";
import { expect, expectNoAxeViolationsAsServed, signIn, signOut, test, verifyOnPage } from "./fixtures";

const PLAN = "Personalised care and support plan";

test.describe.configure({ mode: "serial" });

const TASKS = "Change the draft plan";
const CHECK = "Check the plan before sending it for approval";
const SENT = "Plan sent for approval";

/** A task's status on the draft's task list. */
const statusOf = (page: Page, task: string) => page.locator(".nhsuk-task-list__item", { hasText: task }).locator(".nhsuk-task-list__status");

async function openSection(page: Page, title: string) {
  await page.getByRole("link", { name: title }).click();
  await verifyOnPage(page, title, `${title}: draft plan`);
}

/** Saves a section: back on the task list, with a banner naming it and the section Completed. */
async function saveSection(page: Page, title: string) {
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await verifyOnPage(page, TASKS, TASKS);
  await expect(page.locator("#section-saved")).toContainText(`${title}: saved and marked as completed`);
  await expect(statusOf(page, title)).toHaveText("Completed");
}

/** The five criteria arrive unticked on every new version: each is confirmed with the person again. */
async function confirmCriteria(page: Page) {
  await openSection(page, "The five criteria");
  await expect(page.getByRole("checkbox")).toHaveCount(5);
  await expect(page.getByRole("checkbox", { checked: true })).toHaveCount(0);
  for (const box of await page.getByRole("checkbox").all()) await box.check();
  await saveSection(page, "The five criteria");
}

// One journey in three tests (serial): the coordinator's part, the first approver's and the second's.
test("a coordinator drafts a change through the task list, section by section, and sends it for approval above the threshold", async ({ page }) => {
  // Some twenty pages, each checked by axe at desktop and two phone widths.
  test.setTimeout(240_000);
  await signIn(page, "coordinator@demo.nhs.uk");
  await verifyOnPage(page, "What needs doing");
  await expect(page.locator("#caseload").getByRole("row", { name: /Margaret Collins/ })).toContainText("Approved");
  await page.locator("#caseload").getByRole("link", { name: "Margaret Collins" }).click();
  await verifyOnPage(page, PLAN, PLAN);
  await page.getByRole("button", { name: "Start a new version" }).click();
  await verifyOnPage(page, TASKS, TASKS);
  await expect(page.getByText("version 2 (draft)")).toBeVisible();
  await expect(statusOf(page, "Dates and reviews")).toHaveText("Incomplete");
  await expect(page.getByRole("link", { name: "Dates and reviews" })).toHaveAccessibleDescription(
    "Dates carried from the last version are in the past: check them Incomplete",
  );
  await expect(statusOf(page, "The five criteria")).toHaveText("Not started");
  await expect(statusOf(page, "Check and send for approval")).toHaveText("Cannot start yet");
  await expect(page.getByRole("link", { name: "Check and send for approval" })).toHaveCount(0);

  // The dates carried from version 1 are in the past and are asked about. Every error comes at once, in the order
  // of the fields, the 3-month rule among them.
  await openSection(page, "Dates and reviews");
  await expect(page.getByText("The start date, 1 April 2026, is in the past")).toBeVisible();
  await expect(page.getByText("The first review date, 1 July 2026, is in the past")).toBeVisible();
  const review = page.getByRole("group", { name: "Date of the first review" });
  await review.getByLabel("Month").fill("9");
  await page.getByLabel("Then review every (months)").fill("24");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await verifyOnPage(page, "Dates and reviews", "Error: Dates and reviews: draft plan");
  const summary = page.locator(".nhsuk-error-summary");
  await expect(summary.getByRole("listitem")).toHaveText([
    "The start date, 1 April 2026, is in the past. Check it is right, then tick the box to say so, or change it",
    "The first review date must be today or in the future",
    "The first review must be no more than 3 months after the plan starts: on or before 1 July 2026",
    "Reviews must be at least every 12 months: enter a number from 1 to 12",
  ]);
  await expect(summary.getByRole("link").first()).toHaveAttribute("href", "#startsOnPastConfirmed");
  await expect(review.getByLabel("Month")).toHaveValue("9");
  // The first review goes back to the one carried over; each past date is confirmed as right.
  await review.getByLabel("Month").fill("7");
  await page.getByLabel("Then review every (months)").fill("12");
  await page.locator("#startsOnPastConfirmed").check();
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await verifyOnPage(page, "Dates and reviews", "Error: Dates and reviews: draft plan");
  await expect(summary.getByRole("listitem")).toHaveText([
    "The first review date, 1 July 2026, is in the past. Check it is right, then tick the box to say so, or change it",
  ]);
  await page.locator("#firstReviewOnPastConfirmed").check();
  await saveSection(page, "Dates and reviews");

  await openSection(page, "About the person and what matters to them");
  await saveSection(page, "About the person and what matters to them");

  // A new outcome and a new support line in the spare rows, and a contingency raised far enough that two approvers must agree.
  await openSection(page, "Outcomes");
  await page.locator("#outcomes-2-outcome").fill("Grow my own vegetables again");
  await page.locator("#outcomes-2-howWillYouKnow").fill("I pick something from the garden each month");
  await saveSection(page, "Outcomes");
  await openSection(page, "Support and its cost");
  await page.locator("#supportLines-4-description").fill("Gardening help");
  await page.locator("#supportLines-4-provider").fill("Green Fingers Leicester");
  await page.locator("#supportLines-4-units").fill("1");
  await page.locator("#supportLines-4-frequency").selectOption("a-month");
  await page.locator("#supportLines-4-costPerUnit").fill("50.00");
  await page.locator("#supportLines-4-outcomePositions-3").check();
  await page.locator("#contingency").fill("22048.00");
  await saveSection(page, "Support and its cost");
  await confirmCriteria(page);

  await expect(statusOf(page, "Check and send for approval")).toHaveText("Not started");
  await page.getByRole("link", { name: "Check and send for approval" }).click();
  await verifyOnPage(page, CHECK, CHECK);
  await expect(page.getByText("Grow my own vegetables again")).toBeVisible();
  await expect(page.getByRole("link", { name: "Change contingency" })).toHaveAttribute("href", /\/plan\/edit\/support$/);
  await expect(page.getByText("so it needs a first and a second approval, by two different approvers")).toBeVisible();
  await page.getByRole("button", { name: "Send for approval" }).click();
  await verifyOnPage(page, SENT, SENT);
  await expect(page.getByText("Margaret Collins's plan, version 2")).toBeVisible();
  await expect(page.getByText("Daniel Mensah or Grace Okafor can give the first approval.")).toBeVisible();
  await page.getByRole("link", { name: "See Margaret Collins's plan" }).click();
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
  // Every section of the task list is saved again, each page checked by axe at desktop and two phone widths.
  test.setTimeout(240_000);
  await signIn(page, "coordinator@demo.nhs.uk");
  await page.locator("#caseload").getByRole("link", { name: "Margaret Collins" }).click();
  await verifyOnPage(page, PLAN, PLAN);
  await page.getByRole("button", { name: "Start a new version" }).click();
  await verifyOnPage(page, TASKS, TASKS);
  for (const section of ["About the person and what matters to them", "Outcomes", "Support and its cost"]) {
    await openSection(page, section);
    await saveSection(page, section);
  }
  await openSection(page, "Dates and reviews");
  await page.locator("#startsOnPastConfirmed").check();
  await page.locator("#firstReviewOnPastConfirmed").check();
  await saveSection(page, "Dates and reviews");
  await confirmCriteria(page);
  await page.getByRole("link", { name: "Check and send for approval" }).click();
  await verifyOnPage(page, CHECK, CHECK);
  await page.getByRole("button", { name: "Send for approval" }).click();
  await verifyOnPage(page, SENT, SENT);
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

  test("a section of the plan shows the NHS error summary on bad input, then saves, all without JavaScript", async ({ page, browser }) => {
    await page.goto("/sign-in");
    await page.getByLabel("Email address").fill("coordinator@demo.nhs.uk");
    await page.getByLabel("Password").fill("Demo-PHB-2026!");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.locator("#caseload").getByRole("link", { name: "Aisha Rahman" }).click();
    await page.getByRole("button", { name: "Start a new version" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(TASKS);
    await page.getByRole("link", { name: "Dates and reviews" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Dates and reviews");
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
    await page.getByRole("button", { name: "Save", exact: true }).click();
    const summary = page.locator(".nhsuk-error-summary");
    await expect(summary).toContainText("There is a problem");
    await expect(summary.getByRole("listitem")).toHaveText(["Date the plan starts must include a month", "Date of the first review must be a real date"]);
    await expect(summary.getByRole("link", { name: "Date the plan starts must include a month" })).toHaveAttribute("href", "#startsOn-month");
    await expect(summary.getByRole("link", { name: "Date of the first review must be a real date" })).toHaveAttribute("href", "#firstReviewOn-day");
    await expect(starts.getByLabel("Month")).toHaveClass(/nhsuk-input--error/);
    await expect(starts.getByLabel("Day")).not.toHaveClass(/nhsuk-input--error/);
    await expect(review.getByLabel("Day")).toHaveValue("30");
    await expect(review.getByLabel("Year")).not.toHaveClass(/nhsuk-input--error/);
    await expectNoAxeViolationsAsServed(page, browser);

    // Put back as they were: the dates carried from version 2 are past, so each is asked about, then confirmed.
    await starts.getByLabel("Month").fill(typed.month);
    await review.getByLabel("Day").fill(typed.reviewDay);
    await review.getByLabel("Month").fill(typed.reviewMonth);
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect(summary.getByRole("link")).toHaveCount(2);
    await expect(summary.getByRole("link").first()).toHaveAttribute("href", "#startsOnPastConfirmed");
    await page.locator("#startsOnPastConfirmed").check();
    await page.locator("#firstReviewOnPastConfirmed").check();
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(TASKS);
    await expect(page.locator("#section-saved")).toContainText("Dates and reviews: saved and marked as completed");
    // Aisha's plan is at version 2 since her three-month review.
    await expect(page.getByText("version 3 (draft)")).toBeVisible();
    await expect(statusOf(page, "Dates and reviews")).toHaveText("Completed");
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
