/**
 * A UK bank account as a person types it from their card or letter: a sort code of six digits ("20-00-00", "20 00
 * 00") and an account number of eight. Some banks still issue six- or seven-digit numbers, which Bacs takes with
 * 0s in front. The modulus check would catch a mistyped digit too, but no maintained library for it runs here (the one on
 * npm ships without its code), so the format is what is checked.
 */
export type BankDetailsRead =
  | { ok: true; value: { accountName: string; sortCode: string; accountNumber: string } }
  | { ok: false; errors: { fieldId: "accountName" | "sortCode" | "accountNumber"; message: string }[] };

const digitsOf = (typed: string) => typed.replace(/[\s\u00a0-]/g, "");

export function readBankDetails(fields: { accountName?: string; sortCode?: string; accountNumber?: string }): BankDetailsRead {
  const errors: { fieldId: "accountName" | "sortCode" | "accountNumber"; message: string }[] = [];
  const accountName = (fields.accountName ?? "").trim();
  if (!accountName) errors.push({ fieldId: "accountName", message: "Enter the name on the account" });
  else if (accountName.length > 70) errors.push({ fieldId: "accountName", message: "The name on the account must be 70 characters or fewer" });
  const sortCode = digitsOf(fields.sortCode ?? "");
  if (!sortCode) errors.push({ fieldId: "sortCode", message: "Enter a sort code" });
  else if (!/^\d{6}$/.test(sortCode)) errors.push({ fieldId: "sortCode", message: "Enter a valid sort code, like 309430" });
  let accountNumber = digitsOf(fields.accountNumber ?? "");
  if (/^\d{6,7}$/.test(accountNumber)) accountNumber = accountNumber.padStart(8, "0");
  if (!accountNumber) errors.push({ fieldId: "accountNumber", message: "Enter an account number" });
  else if (!/^\d{8}$/.test(accountNumber)) errors.push({ fieldId: "accountNumber", message: "Enter a valid account number, like 00733445" });
  return errors.length ? { ok: false, errors } : { ok: true, value: { accountName, sortCode, accountNumber } };
}

/** Enough of an account to recognise it by, as banks show it: the sort code's last pair and the number's last four. */
export function maskBankAccount(account: { sortCode: string; accountNumber: string }): { sortCode: string; accountNumber: string } {
  return { sortCode: `**-**-${account.sortCode.slice(4)}`, accountNumber: `****${account.accountNumber.slice(4)}` };
}
