// Built once: a formatter costs far more to make than to use, and pages write dozens of dates.
const LONG_DATE = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "Europe/London" });

/** 2026-04-01 (or a moment that day in the UK) -> "1 April 2026", as GOV.UK and NHS.UK write dates. */
export function longDate(iso: string | Date): string {
  return LONG_DATE.format(typeof iso === "string" ? new Date(`${iso.slice(0, 10)}T12:00:00Z`) : iso);
}
