import { describe, expect, it } from "vitest";
import { letterText, recoveryLetter, type LetterInput } from "./letter";

const base: LetterInput = {
  holderName: "Aisha Rahman",
  postalAddress: "12 Mill Lane\nLeicester\nLE1 1AA",
  letterDate: "2026-11-23",
  commissionerName: "NHS Leicester, Leicestershire and Rutland",
  amountPence: 120_050,
  reason: "Money has built up in your account beyond the contingency agreed in your plan",
  workings: "Your balance of £3,520.50 less 8 weeks of instalments (£2,400.00) is £1,120.50; we rounded down to £1,200.50",
  balancePence: 352_050,
  method: "account",
  repayBy: "2026-12-21",
  paymentReference: "PHB 0034 REC 01",
  parts: [],
  nextInstalment: null,
  contact: { phone: "0116 295 0000", email: "phb.team@nhs.net", openingHours: "Monday to Friday, 9am to 5pm" },
};

describe("the recovery letter", () => {
  it("says the amount, why, how it was worked out, how and by when to repay, and how to ask for a review", () => {
    const text = letterText(recoveryLetter(base));
    expect(text).toContain("We are asking for £1,200.50 back from your direct payment");
    expect(text).toContain("Money has built up in your account beyond the contingency agreed in your plan.");
    expect(text).toContain("less 8 weeks of instalments");
    expect(text).toContain("On 23 November 2026 there was £3,520.50 in your direct payment account.");
    expect(text).toContain("Please pay £1,200.50 back from your direct payment account by 21 December 2026.");
    expect(text).toContain("use the reference PHB 0034 REC 01");
    expect(text).toContain("You can ask us to look at this decision again. This is called a review. Please ask by 21 December 2026.");
    expect(text).toContain("phone 0116 295 0000 (Monday to Friday, 9am to 5pm) or email phb.team@nhs.net");
    expect(text).toContain("NHS complaints procedure");
  });

  it("is addressed to the person, with their address on lines of its own", () => {
    const letter = recoveryLetter(base);
    expect(letter.to).toEqual(["Aisha Rahman", "12 Mill Lane", "Leicester", "LE1 1AA"]);
    expect(letter.greeting).toBe("Dear Aisha Rahman");
    expect(recoveryLetter({ ...base, postalAddress: null }).to).toEqual(["Aisha Rahman"]);
  });

  it("tells the person taking it from instalments that they need do nothing, and what the next payment leaves", () => {
    const text = letterText(
      recoveryLetter({
        ...base,
        method: "instalments",
        repayBy: null,
        paymentReference: null,
        amountPence: 10_000,
        parts: [3_333, 3_333, 3_334],
        nextInstalment: { dueOn: "2026-12-01", amountPence: 100_000 },
      }),
    );
    expect(text).toContain("You do not need to do anything.");
    expect(text).toContain("We will take £33.33 from each of your next 2 payments, and £33.34 from the payment after that. That adds up to £100.00.");
    expect(text).toContain("Your next payment is due on 1 December 2026. It is £1,000.00, so £966.67 will be left in your account");
    expect(text).not.toContain("Please pay");
  });

  it("points to the team when their contact details are not set", () => {
    const text = letterText(recoveryLetter({ ...base, contact: null }));
    expect(text).toContain("To ask for a review, contact your personal health budget team.");
  });
});
