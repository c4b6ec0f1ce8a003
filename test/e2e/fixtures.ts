import AxeBuilder from "@axe-core/playwright";
import { test as base, expect, type Browser, type Page } from "@playwright/test";
import { measureForPhone, MIN_TARGET } from "./phone-measure";

// --- Every page fails on a CSP violation, an uncaught error or a console error -------------------------------
// Specs import `test` and `expect` from here, so this watch is on in every test without each spec asking for it.

/** What the page script below writes to the console for each CSP violation, so the test can tell it apart. */
const CSP_PREFIX = "[e2e] CSP violation:";

/** Runs in every document before its own scripts: reports each CSP violation the browser raises. */
function reportCspViolations(prefix: string) {
  document.addEventListener("securitypolicyviolation", (e) => {
    const where = e.sourceFile ? ` at ${e.sourceFile}:${e.lineNumber}` : "";
    console.error(`${prefix} ${e.effectiveDirective} blocked ${e.blockedURI || "(inline)"}${where}: ${e.sample || ""}`);
  });
}

interface Problem {
  text: string;
  /** For the browser's own "Failed to load resource" message: the address that answered with an error status. */
  failedUrl?: string;
}

/** Watches every page the test opens in its context, including ones opened by hand (a second user's page). */
function watchForProblems(page: Page, problems: Problem[], answeredOnPurpose: Set<string>) {
  page.on("console", (message) => {
    if (message.type() !== "error") return;
    const text = message.text();
    const failed = text.startsWith("Failed to load resource:") ? message.location().url : undefined;
    problems.push({ text: `${page.url()}: ${text.startsWith(CSP_PREFIX) ? text : `console error: ${text}`}`, failedUrl: failed });
  });
  page.on("pageerror", (error) => problems.push({ text: `${page.url()}: uncaught ${error.name}: ${error.message}` }));
  // A page or a form's answer with a 4xx status (the error summary's 400, the 404 page) is the page the test is
  // looking at, and the browser logs its status as an error; a stylesheet, script or image that fails is a problem.
  page.on("response", (response) => {
    const type = response.request().resourceType();
    if (response.status() >= 400 && response.status() < 500 && (type === "document" || type === "fetch")) answeredOnPurpose.add(response.url());
  });
}

export const test = base.extend<{ pageProblems: Problem[] }>({
  pageProblems: [
    async ({ context, browser }, use) => {
      const problems: Problem[] = [];
      const answeredOnPurpose = new Set<string>();
      const watchContext = async (c: typeof context) => {
        await c.addInitScript(reportCspViolations, CSP_PREFIX);
        for (const page of c.pages()) watchForProblems(page, problems, answeredOnPurpose);
        c.on("page", (page) => watchForProblems(page, problems, answeredOnPurpose));
      };
      await watchContext(context);
      // Contexts a test makes itself (another person on another device) are watched too.
      const newContext = browser.newContext.bind(browser);
      browser.newContext = async (...args: Parameters<Browser["newContext"]>) => {
        const c = await newContext(...args);
        await watchContext(c);
        return c;
      };
      await use(problems);
      browser.newContext = newContext;
      const found = problems.filter((p) => !(p.failedUrl && answeredOnPurpose.has(p.failedUrl))).map((p) => p.text);
      expect(found, "CSP violations, uncaught errors or console errors on the pages this test visited").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

export const DEMO_PASSWORD = "Demo-PHB-2026!";
export const SERVICE = "Manage your personal health budget";

/** axe with the WCAG 2.2 AA rule set, on the page as it is now. */
export async function expectNoAxeViolations(page: Page) {
  // The pointer stays where the last click was: on a new page it can rest on a link, whose NHS.UK hover style drops
  // the underline, and axe would judge the hover state rather than the page at rest.
  await page.mouse.move(0, 0);
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
  await expectFitsPhones(page);
}

// --- Phones ---------------------------------------------------------------------------------------------------
// Most holders and carers use a phone, so every page a spec arrives at is also checked at the narrowest widths in
// common use: 320 (WCAG 1.4.10 reflow, and small phones) and 375.
const PHONE_WIDTHS = [320, 375];

/**
 * At each phone width: the page does not scroll sideways (a wide table scrolls inside its own region), every
 * target is at least 24 px or spaced or in a sentence, and axe finds nothing. The desktop viewport comes back after.
 */
export async function expectFitsPhones(page: Page) {
  const desktop = page.viewportSize();
  try {
    for (const width of PHONE_WIDTHS) {
      await page.setViewportSize({ width, height: 640 });
      // Let what lays itself out in script (the spending chart) catch up with the new width. A page the browser
      // does not paint gets no animation frames, so a timer ends the wait too.
      await page.evaluate(
        () =>
          new Promise((done) => {
            requestAnimationFrame(() => requestAnimationFrame(done));
            setTimeout(done, 250);
          }),
      );
      await page.waitForTimeout(100);
      const report = await page.evaluate(measureForPhone, MIN_TARGET);
      // Soft, so one run names every page and width that does not fit rather than only the first.
      expect
        .soft(report.scrollWidth, `${page.url()} scrolls sideways at ${width} px (${report.scrollWidth} wide); widest: ${report.widest.join("; ")}`)
        .toBeLessThanOrEqual(report.clientWidth);
      expect.soft(report.smallTargets, `targets under ${MIN_TARGET} px and too close to others on ${page.url()} at ${width} px`).toEqual([]);
      await expectNoAxeViolations(page);
    }
  } finally {
    if (desktop) await page.setViewportSize(desktop);
  }
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

/**
 * verifyOnPage for a page with JavaScript turned off: its h1 and its title, and axe on its HTML as served. (The phone
 * widths are measured in script, which such a page cannot run.)
 */
export async function verifyOnPageAsServed(page: Page, browser: Browser, heading: string | RegExp, title?: string) {
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(heading);
  if (title) await expect(page).toHaveTitle(`${title} - ${SERVICE} - NHS`);
  await expectNoAxeViolationsAsServed(page, browser);
}

/** Signs in with JavaScript turned off, as a person would, checking the sign-in page as served first. */
export async function signInAsServed(page: Page, browser: Browser, email: string, password = DEMO_PASSWORD) {
  await page.goto("/sign-in");
  await verifyOnPageAsServed(page, browser, "Sign in", "Sign in");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** Types an ISO date into the NHS.UK date input whose legend is `label`, as a person would: 7 and 3, not 07 and 03. */
export async function fillDate(page: Page, label: string, iso: string) {
  const [year, month, day] = iso.split("-");
  const date = page.getByRole("group", { name: label, exact: true });
  await date.getByLabel("Day").fill(String(Number(day)));
  await date.getByLabel("Month").fill(String(Number(month)));
  await date.getByLabel("Year").fill(year);
}
