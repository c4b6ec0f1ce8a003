import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { maskBankAccount, readBankDetails } from "./bank-accounts";

describe("readBankDetails", () => {
  it("takes a sort code and account number as people type them", () => {
    expect(readBankDetails({ accountName: " Aisha Rahman PHB ", sortCode: "30-94-30", accountNumber: "0073 3445" })).toEqual({
      ok: true,
      value: { accountName: "Aisha Rahman PHB", sortCode: "309430", accountNumber: "00733445" },
    });
    expect(readBankDetails({ accountName: "A", sortCode: "30\u00a094\u00a030", accountNumber: "7334455" })).toMatchObject({
      ok: true,
      value: { sortCode: "309430", accountNumber: "07334455" },
    });
    expect(readBankDetails({ accountName: "A", sortCode: "309430", accountNumber: "123456" })).toMatchObject({ value: { accountNumber: "00123456" } });
    expect(readBankDetails({ accountName: "A", sortCode: "309430", accountNumber: "12345" }).ok).toBe(false);
  });

  it("says what is wrong with each field", () => {
    expect(readBankDetails({ accountName: "", sortCode: "30-94", accountNumber: "12AB5678" })).toEqual({
      ok: false,
      errors: [
        { fieldId: "accountName", message: "Enter the name on the account" },
        { fieldId: "sortCode", message: "Enter a valid sort code, like 309430" },
        { fieldId: "accountNumber", message: "Enter a valid account number, like 00733445" },
      ],
    });
    expect(readBankDetails({ accountName: "A", sortCode: "", accountNumber: "" })).toMatchObject({
      errors: [
        { fieldId: "sortCode", message: "Enter a sort code" },
        { fieldId: "accountNumber", message: "Enter an account number" },
      ],
    });
  });

  it("accepts any six and eight digits, however spaced or dashed, and nothing shorter or longer", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{6}$/), fc.stringMatching(/^\d{8}$/), (sort, number) => {
        const typed = readBankDetails({ accountName: "X", sortCode: `${sort.slice(0, 2)}-${sort.slice(2, 4)} ${sort.slice(4)}`, accountNumber: number });
        expect(typed).toEqual({ ok: true, value: { accountName: "X", sortCode: sort, accountNumber: number } });
        expect(readBankDetails({ accountName: "X", sortCode: `${sort}1`, accountNumber: number }).ok).toBe(false);
        expect(readBankDetails({ accountName: "X", sortCode: sort, accountNumber: `${number}9` }).ok).toBe(false);
      }),
    );
  });
});

describe("maskBankAccount", () => {
  it("shows only the sort code's last pair and the account number's last four", () => {
    expect(maskBankAccount({ sortCode: "309430", accountNumber: "00733445" })).toEqual({ sortCode: "**-**-30", accountNumber: "****3445" });
  });
});
