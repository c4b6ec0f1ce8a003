/**
 * The commissioner's financial year, 1 April to 31 March, as NHS accounts are kept: the year a figure "this year"
 * belongs to, named as finance names it ("2026 to 2027").
 */
export interface FinancialYear {
  /** The calendar year it starts in: 2026 for 1 April 2026 to 31 March 2027. */
  startYear: number;
  startsOn: string;
  endsOn: string;
  label: string;
}

export function financialYear(startYear: number): FinancialYear {
  return { startYear, startsOn: `${startYear}-04-01`, endsOn: `${startYear + 1}-03-31`, label: `${startYear} to ${startYear + 1}` };
}

/** The financial year a day (yyyy-mm-dd) falls in: January to March belong to the year that began the April before. */
export function financialYearOf(day: string): FinancialYear {
  const year = Number(day.slice(0, 4));
  const month = Number(day.slice(5, 7));
  return financialYear(month >= 4 ? year : year - 1);
}

/** A financial year asked for in a link (`?year=2025`): one within ten years of today's, or null. */
export function readFinancialYear(text: string | null | undefined, today: string): FinancialYear | null {
  if (!text || !/^\d{4}$/.test(text)) return null;
  const current = financialYearOf(today).startYear;
  const year = Number(text);
  return Math.abs(year - current) <= 10 ? financialYear(year) : null;
}

/** The months to show, newest first: `count` of them ending with `lastMonth` (yyyy-mm). */
export function monthsEndingWith(lastMonth: string, count: number): string[] {
  const [year, month] = lastMonth.split("-").map(Number);
  return Array.from({ length: count }, (_, i) => {
    const d = new Date(Date.UTC(year, month - 1 - i, 1));
    return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, "0")}`;
  });
}
