/** 2026-04-01 (or a moment that day in the UK) -> "1 April 2026", as GOV.UK and NHS.UK write dates. */
export function longDate(iso: string | Date): string {
  const d = typeof iso === "string" ? new Date(`${iso.slice(0, 10)}T12:00:00Z`) : iso;
  return d.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "Europe/London" });
}
