import { TextField } from "./fields";

/** The name, sort code and account number of a bank account, as a person reads them off a card or a statement. */
export function BankAccountFields({ values, err }: { values?: Record<string, string>; err: (id: string) => string | undefined }) {
  return (
    <>
      <TextField
        id="accountName"
        name="accountName"
        label="Name on the account"
        autoComplete="off"
        spellCheck={false}
        defaultValue={values?.accountName}
        error={err("accountName")}
      />
      <TextField
        id="sortCode"
        name="sortCode"
        label="Sort code"
        hint="Must be 6 digits long"
        inputMode="numeric"
        autoComplete="off"
        width={5}
        defaultValue={values?.sortCode}
        error={err("sortCode")}
      />
      <TextField
        id="accountNumber"
        name="accountNumber"
        label="Account number"
        hint="Must be between 6 and 8 digits long"
        inputMode="numeric"
        autoComplete="off"
        width={10}
        defaultValue={values?.accountNumber}
        error={err("accountNumber")}
      />
    </>
  );
}
