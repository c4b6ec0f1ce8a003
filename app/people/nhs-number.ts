export type NhsNumberCheck = { ok: true; value: string } | { ok: false; message: string };

/**
 * An NHS number is 10 digits; the last is a modulus-11 check digit over the first nine, weighted 10 down to 2.
 * A remainder giving 10 means no valid number can end that way.
 */
export function checkNhsNumber(input: string): NhsNumberCheck {
  const value = input.replace(/[\s-]/g, "");
  if (value === "") return { ok: false, message: "Enter the NHS number" };
  if (!/^\d+$/.test(value)) return { ok: false, message: "NHS number must only include numbers 0 to 9" };
  if (value.length !== 10) return { ok: false, message: "NHS number must be 10 digits, like 943 476 5919" };
  const sum = [...value.slice(0, 9)].reduce((total, digit, i) => total + Number(digit) * (10 - i), 0);
  const expected = (11 - (sum % 11)) % 11;
  if (expected === 10 || expected !== Number(value[9])) {
    return { ok: false, message: "Enter a valid NHS number: check you have typed it correctly" };
  }
  return { ok: true, value };
}

/** Shown as 3-3-4, the way it is printed on NHS letters. */
export function formatNhsNumber(value: string): string {
  return `${value.slice(0, 3)} ${value.slice(3, 6)} ${value.slice(6)}`;
}
