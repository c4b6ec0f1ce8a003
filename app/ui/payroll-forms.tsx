import { DateInput } from "./date-input";
import type { FieldError } from "./error-summary";
import { Select, TextField } from "./fields";

interface FormProps {
  errors: FieldError[];
  values: Record<string, string | undefined>;
}

const errorOf = (errors: FieldError[], id: string) =>
  errors
    .filter((e) => e.fieldId === id)
    .map((e) => e.message)
    .join(". ") || undefined;

/** The holder's references from HMRC and their employer's liability insurance. */
export function EmployerFields({ errors, values }: FormProps) {
  return (
    <>
      <TextField
        id="payeReference"
        name="payeReference"
        label="Employer PAYE reference"
        hint="On letters from HMRC about the PAYE scheme. 3 numbers, a slash, then letters and numbers, like 123/AB45678"
        width={10}
        defaultValue={values.payeReference}
        error={errorOf(errors, "payeReference")}
        spellCheck={false}
      />
      <TextField
        id="accountsOfficeReference"
        name="accountsOfficeReference"
        label="Accounts office reference"
        hint="13 characters, like 123PX00123456. Quoted when paying HMRC"
        width={20}
        defaultValue={values.accountsOfficeReference}
        error={errorOf(errors, "accountsOfficeReference")}
        spellCheck={false}
      />
      <TextField id="insurer" name="insurer" label="Employer's liability insurer" defaultValue={values.insurer} error={errorOf(errors, "insurer")} />
      <TextField
        id="insurancePolicy"
        name="insurancePolicy"
        label="Insurance policy number"
        width={20}
        defaultValue={values.insurancePolicy}
        error={errorOf(errors, "insurancePolicy")}
      />
      <DateInput name="insuranceExpiresOn" label="Date the insurance runs out" hint="For example, 31 3 2027" values={values} errors={errors} />
    </>
  );
}

/** A personal assistant the holder employs. */
export function AssistantFields({ errors, values, lines }: FormProps & { lines: { lineKey: string; description: string }[] }) {
  return (
    <>
      <TextField id="givenName" name="givenName" label="First name" autoComplete="off" defaultValue={values.givenName} error={errorOf(errors, "givenName")} />
      <TextField
        id="familyName"
        name="familyName"
        label="Last name"
        autoComplete="off"
        defaultValue={values.familyName}
        error={errorOf(errors, "familyName")}
      />
      <TextField
        id="nationalInsuranceNumber"
        name="nationalInsuranceNumber"
        label="National Insurance number"
        hint="It's on their National Insurance card, payslip or P60. For example, 'QQ 12 34 56 C'"
        width={10}
        spellCheck={false}
        defaultValue={values.nationalInsuranceNumber}
        error={errorOf(errors, "nationalInsuranceNumber")}
      />
      <DateInput name="startsOn" label="Date they started" hint="For example, 1 5 2026" values={values} errors={errors} />
      <TextField
        id="hourlyRate"
        name="hourlyRate"
        label="Hourly rate, in pounds"
        hint="For example, 12.60"
        inputMode="decimal"
        width={5}
        defaultValue={values.hourlyRate}
        error={errorOf(errors, "hourlyRate")}
      />
      <TextField
        id="contractedHours"
        name="contractedHours"
        label="Contracted hours a week"
        hint="For example, 20 or 37.5"
        inputMode="decimal"
        width={5}
        defaultValue={values.contractedHours}
        error={errorOf(errors, "contractedHours")}
      />
      <TextField
        id="pensionScheme"
        name="pensionScheme"
        label="Workplace pension scheme"
        hint="For example, NEST"
        defaultValue={values.pensionScheme}
        error={errorOf(errors, "pensionScheme")}
      />
      <TextField
        id="payrollReference"
        name="payrollReference"
        label="Payroll reference"
        hint="Their reference in the payroll software: each line of its export names them by it"
        width={10}
        spellCheck={false}
        defaultValue={values.payrollReference}
        error={errorOf(errors, "payrollReference")}
      />
      <Select
        id="supportLineKey"
        name="supportLineKey"
        label="Support line in the plan that pays them"
        value={values.supportLineKey ?? ""}
        options={[["", "Select a support line"], ...lines.map((l): [string, string] => [l.lineKey, l.description])]}
        error={errorOf(errors, "supportLineKey")}
      />
    </>
  );
}
