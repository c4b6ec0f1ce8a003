import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { parseColumnAmount, parseStatementAmount, parseStatementDate } from "./statement-values";

describe("parseStatementDate", () => {
  test.each([
    "27/03/2026",
    "27/03/26",
    "27-03-2026",
    "27.03.2026",
    "27-Mar-2026",
    "27 Mar 2026",
    "27 Mar 26",
    "27 March 2026",
    "27 MARCH 2026",
    "2026-03-27",
    "20260327",
    "20260327120000[0:GMT]",
    "20260327120000.000[-5:EST]",
    "27/03'26",
    "27/03/2026 09:15",
    " 27/03/2026\u00a0",
  ])("%s is 27 March 2026", (text) => {
    expect(parseStatementDate(text)).toEqual({ ok: true, value: "2026-03-27" });
  });

  test("day first: 03/04/2026 is 3 April", () => {
    expect(parseStatementDate("03/04/2026")).toEqual({ ok: true, value: "2026-04-03" });
  });

  test("a date not on the calendar, and words, are refused", () => {
    expect(parseStatementDate("31/02/2026")).toEqual({ ok: false, message: 'the date "31/02/2026" is not a real date' });
    expect(parseStatementDate("13/13/2026").ok).toBe(false);
    expect(parseStatementDate("yesterday")).toEqual({ ok: false, message: 'the date "yesterday" is not a date, like 27/03/2026' });
    expect(parseStatementDate("27 Mrc 2026").ok).toBe(false);
  });

  test("random real dates in every notation read back the same", () => {
    const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    fc.assert(
      fc.property(fc.date({ min: new Date("2000-01-01"), max: new Date("2099-12-31"), noInvalidDate: true }), (d) => {
        const iso = d.toISOString().slice(0, 10);
        const [y, m, day] = iso.split("-");
        const notations = [
          `${day}/${m}/${y}`,
          `${day}/${m}/${y.slice(2)}`,
          `${day}-${m}-${y}`,
          `${day}.${m}.${y}`,
          `${Number(day)} ${months[Number(m) - 1]} ${y}`,
          `${day}-${months[Number(m) - 1]}-${y.slice(2)}`,
          iso,
          `${y}${m}${day}`,
          `${day}/${m}'${y.slice(2)}`,
        ];
        for (const text of notations) expect(parseStatementDate(text)).toEqual({ ok: true, value: iso });
      }),
    );
  });
});

describe("parseStatementAmount", () => {
  test.each([
    ["1,234.56", 123456],
    ["-12.00", -1200],
    ["(12.00)", -1200],
    ["£12.00", 1200],
    ["-£12.00", -1200],
    ["£-12.00", -1200],
    ["12.00 CR", 1200],
    ["12.00 DR", -1200],
    ["12.00CR", 1200],
    ["DR 12.00", -1200],
    ["+12.00", 1200],
    ["12", 1200],
    ["12.5", 1250],
    [".50", 50],
    ["12.40-", -1240],
    ["-12.40 GBP", -1240],
    ["\u221212.40", -1240],
    ["12.4000", 1240],
    ["  1,250.00  ", 125000],
    ["0.00", 0],
  ])("%s is %i pence", (text, pence) => {
    expect(parseStatementAmount(text)).toEqual({ ok: true, value: pence });
  });

  test.each(["12.0O", "twelve", "12.345", "1.234,56", "12,34", "--12", "-12.00 CR", "£", ""])("%s is refused", (text) => {
    expect(parseStatementAmount(text).ok).toBe(false);
  });

  test("a money-out column is out whatever sign the bank wrote", () => {
    expect(parseColumnAmount("12.40", -1)).toEqual({ ok: true, value: -1240 });
    expect(parseColumnAmount("-12.40", -1)).toEqual({ ok: true, value: -1240 });
    expect(parseColumnAmount("£1,250.00", 1)).toEqual({ ok: true, value: 125000 });
  });

  test("random pence in every supported notation read back the same, with no floating point", () => {
    const pounds = (abs: number, commas: boolean) => {
      const whole = String(Math.floor(abs / 100));
      return commas ? whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",") : whole;
    };
    const plain = (abs: number, commas = false) => `${pounds(abs, commas)}.${String(abs % 100).padStart(2, "0")}`;
    fc.assert(
      fc.property(fc.integer({ min: -(10 ** 13), max: 10 ** 13 }), (pence) => {
        const abs = Math.abs(pence);
        const minus = pence < 0 ? "-" : "";
        const notations = [
          `${minus}${plain(abs)}`,
          `${minus}${plain(abs, true)}`,
          `${minus}£${plain(abs, true)}`,
          pence < 0 ? `(${plain(abs, true)})` : `+${plain(abs)}`,
          `${plain(abs, true)} ${pence < 0 ? "DR" : "CR"}`,
          `${pence < 0 ? "DR" : "CR"} ${plain(abs)}`,
          `${minus}${plain(abs)} GBP`,
          pence < 0 ? `${plain(abs)}-` : plain(abs),
        ];
        if (abs % 100 === 0) notations.push(`${minus}${pounds(abs, false)}`);
        if (abs % 10 === 0) notations.push(`${minus}${plain(abs).slice(0, -1)}`);
        for (const text of notations) expect(parseStatementAmount(text)).toEqual({ ok: true, value: pence === 0 ? 0 : pence });
      }),
    );
  });
});
