/**
 * The references a holder needs as an employer, checked for their shape as HMRC publishes it. A mistyped reference
 * sends a payment to nobody: better to catch it on the form than at the bank.
 */
export type ReferenceCheck = { ok: true; value: string } | { ok: false; message: string };

const squash = (text: string) => text.replace(/\s+/g, "").toUpperCase();

/** Employer PAYE reference: the 3-digit tax office number, a slash, and up to 10 letters and digits, like 123/AB45678. */
export function checkPayeReference(input: string): ReferenceCheck {
  const value = squash(input);
  if (!value) return { ok: false, message: "Enter the employer PAYE reference, like 123/AB45678" };
  if (!/^\d{3}\/[A-Z0-9]{1,10}$/.test(value)) {
    return { ok: false, message: "The employer PAYE reference must be 3 numbers, a slash, then up to 10 letters and numbers, like 123/AB45678" };
  }
  return { ok: true, value };
}

/** Accounts office reference: 13 characters, 3 numbers, P, a letter, then 8 numbers (the last may be X), like 123PX00123456. */
export function checkAccountsOfficeReference(input: string): ReferenceCheck {
  const value = squash(input);
  if (!value) return { ok: false, message: "Enter the accounts office reference, like 123PX00123456" };
  if (!/^\d{3}P[A-Z]\d{7}[\dX]$/.test(value)) {
    return { ok: false, message: "The accounts office reference must be 13 characters: 3 numbers, P, a letter, then 8 numbers, like 123PX00123456" };
  }
  return { ok: true, value };
}

// Prefixes HMRC never issues: D, F, I, Q, U or V in either place, O second, and a few pairs kept aside.
const NOT_ISSUED = /^(?:[DFIQUV].|.[DFIQUVO]|BG|GB|KN|NK|NT|TN|ZZ)/;

/** National Insurance number: 2 letters, 6 numbers, then A, B, C or D, like QQ 12 34 56 C. Kept without spaces. */
export function checkNationalInsuranceNumber(input: string): ReferenceCheck {
  const value = squash(input);
  if (!value) return { ok: false, message: "Enter their National Insurance number, like QQ 12 34 56 C" };
  if (!/^[A-Z]{2}\d{6}[A-D]$/.test(value) || NOT_ISSUED.test(value)) {
    return { ok: false, message: "Enter a National Insurance number in the right format: 2 letters, 6 numbers, then A, B, C or D, like QQ 12 34 56 C" };
  }
  return { ok: true, value };
}

/** "QQ 12 34 56 C" as people write it. */
export function formatNationalInsuranceNumber(value: string): string {
  return `${value.slice(0, 2)} ${value.slice(2, 4)} ${value.slice(4, 6)} ${value.slice(6, 8)} ${value.slice(8)}`;
}

/** Only the last 2 numbers and the letter, "XX XX XX 56 C": enough to tell two PAs apart, not enough to use. */
export function maskNationalInsuranceNumber(value: string): string {
  return `XX XX XX ${value.slice(6, 8)} ${value.slice(8)}`;
}
