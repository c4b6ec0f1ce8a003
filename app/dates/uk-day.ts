// Built once: a formatter costs far more to make than to use. Apart from the ledger's rules, which need node:crypto,
// so that pages drawn in the browser can use it too.
const UK_DAY = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London", year: "numeric", month: "2-digit", day: "2-digit" });

/** The day it is now (or was at `now`) in the UK, YYYY-MM-DD. */
export function todayInUk(now = new Date()): string {
  return UK_DAY.format(now);
}
