export const PAY_FREQUENCIES = ["weekly", "two-weekly", "four-weekly", "monthly"] as const;
export type PayFrequency = (typeof PAY_FREQUENCIES)[number];

export const PAY_FREQUENCY_NAMES: Record<PayFrequency, string> = {
  weekly: "Weekly",
  "two-weekly": "Every 2 weeks",
  "four-weekly": "Every 4 weeks",
  monthly: "Monthly",
};

const DAY = 86_400_000;
const toTime = (iso: string) => Date.parse(`${iso}T00:00:00Z`);
const toIso = (time: number) => new Date(time).toISOString().slice(0, 10);

export function addDays(iso: string, days: number): string {
  return toIso(toTime(iso) + days * DAY);
}

/** The same day `months` later, or the month's last day where it has fewer days (31 January + 1 month is 28 February). */
export function addMonths(iso: string, months: number): string {
  const [y, m, d] = iso.split("-").map(Number);
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  return toIso(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), Math.min(d, lastDay)));
}

/** The last day of the pay period that starts on `startsOn`. */
export function periodEndsOn(frequency: PayFrequency, startsOn: string): string {
  switch (frequency) {
    case "weekly":
      return addDays(startsOn, 6);
    case "two-weekly":
      return addDays(startsOn, 13);
    case "four-weekly":
      return addDays(startsOn, 27);
    case "monthly":
      return addDays(addMonths(startsOn, 1), -1);
  }
}

/**
 * The tax month a payment falls in, by its first day: tax months run from the 6th to the 5th. What is deducted in a
 * tax month is paid to HMRC by the 22nd of the next month (for payments made electronically).
 */
export function taxMonthOf(paymentDate: string): { startsOn: string; dueOn: string } {
  const [y, m, d] = paymentDate.split("-").map(Number);
  const startsOn = toIso(Date.UTC(y, m - 1 - (d < 6 ? 1 : 0), 6));
  return { startsOn, dueOn: addDays(addMonths(startsOn, 1), 16) };
}

/** Pension contributions deducted in a calendar month reach the scheme by the 22nd of the next. */
export function pensionMonthOf(paymentDate: string): { startsOn: string; dueOn: string } {
  const startsOn = `${paymentDate.slice(0, 7)}-01`;
  return { startsOn, dueOn: addDays(addMonths(startsOn, 1), 21) };
}

/** A payment date the payroll software could have given for the period: on its first day or up to 31 days after its last. */
export function paymentDateFits(paymentDate: string, period: { startsOn: string; endsOn: string }): boolean {
  return paymentDate >= period.startsOn && paymentDate <= addDays(period.endsOn, 31);
}
