import { expect, expectFitsPhones, expectNoAxeViolations, signIn, test, verifyOnPage } from "./fixtures";

// The auditor's job: find what happened to whose money, read it in words, take it away, and change nothing.
test("the auditor finds ledger entries in words, downloads them, and reads a person's plan and statement without a button to press", async ({ page }) => {
  await signIn(page, "auditor@demo.nhs.uk");
  await verifyOnPage(page, "People with a personal health budget");
  await page.getByRole("link", { name: "See the audit log" }).click();
  await verifyOnPage(page, "Audit log", "Audit log");

  await page.getByLabel("Type of record").selectOption({ label: "Journal entry" });
  await page.getByRole("button", { name: "Filter" }).click();
  const entries = page.getByRole("table").first();
  const first = entries.getByRole("row").nth(1);
  await expect(first).toContainText(/recorded money moving in ([A-Z][a-z]+ [A-Z][a-z]+'s|their own) budget/);
  // Its change is the money that moved, in pounds, and the line it was for: no account ids, keys or pence.
  await first.getByText("What changed").click();
  const change = first.locator(".app-audit-change");
  await expect(change.getByRole("rowheader", { name: "Amount moved" })).toBeVisible();
  await expect(change).toContainText(/£\d[\d,]*\.\d\d/);
  await expect(change).not.toContainText(/[0-9a-f]{8}-[0-9a-f]{4}-|Idempotency|Lines/i);
  await expectNoAxeViolations(page);

  // On a phone each entry stacks, and its labels stay whole words on one line.
  await page.setViewportSize({ width: 375, height: 800 });
  // A flex item stretches to its row's height, so the lines are counted from where its text's boxes sit.
  const labelHeights = await entries.locator(".nhsuk-table__heading").evaluateAll((labels) =>
    labels.slice(0, 6).map((l) => {
      const range = document.createRange();
      range.selectNodeContents(l);
      return { text: l.textContent?.trim(), lines: new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size };
    }),
  );
  expect(labelHeights.map((l) => l.text)).toEqual(["When", "What happened", "For whom", "When", "What happened", "For whom"]);
  expect(labelHeights).toEqual(labelHeights.map((l) => ({ ...l, lines: 1 })));
  await page.setViewportSize({ width: 1100, height: 800 });
  await expectFitsPhones(page);

  // The download holds the same entries in the same words.
  const sentence = (await first.locator("td").nth(1).locator("> span:not(.nhsuk-table__heading)").first().innerText()).split("\n")[0];
  const download = page.getByRole("link", { name: /Download these [\d,]+ entries as a spreadsheet \(CSV\)/ });
  const csv = await page.request.get((await download.getAttribute("href")) ?? "");
  expect(csv.status()).toBe(200);
  const lines = (await csv.text()).split("\r\n");
  expect(lines[0]).toBe("When (UK time),What happened,For whom,What changed,Request");
  expect(lines[1]).toContain(sentence.replace(/"/g, '""'));

  // A person's plan, in the third person, and their statement, with nothing to press.
  await page.goto("/staff");
  await page.getByRole("link", { name: "Aisha Rahman", exact: true }).click();
  await verifyOnPage(page, "Personalised care and support plan");
  await expect(page.getByRole("heading", { name: "What matters to Aisha" })).toBeVisible();
  await expect(page.locator("main").getByRole("button")).toHaveCount(0);
  await page.getByRole("link", { name: "Statement", exact: true }).click();
  await verifyOnPage(page, "Aisha Rahman's statement", "Statement");
  // Its one button filters by date; nothing on it is sent to change anything (the time-out dialog's forms aside).
  await expect(page.locator("main form[method='post']:not(dialog form)")).toHaveCount(0);
});
