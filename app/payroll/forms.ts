import { readDateFields, withDateErrors, type DateFieldError } from "~/dates/date-fields";
import { isRealDate } from "~/dates/date-range";
import { parseMoney } from "~/ledger/money";
import type { AssistantDetails, EmployerDetails } from "./employers.server";
import { checkAccountsOfficeReference, checkNationalInsuranceNumber, checkPayeReference } from "./references";

export interface FormProblem {
  fieldId: string;
  message: string;
}

type Read<T> = { ok: true; value: T } | { ok: false; errors: FormProblem[] };

/** The fields of a submitted form by name, as text; dates already turned into YYYY-MM-DD by readDateFields. */
type Fields = Record<string, string | undefined>;

const text = (fields: Fields, name: string) => (fields[name] ?? "").trim();

/** The employer's PAYE and accounts office references and their employer's liability insurance. */
export function readEmployerForm(fields: Fields): Read<EmployerDetails> {
  const errors: FormProblem[] = [];
  const paye = checkPayeReference(text(fields, "payeReference"));
  if (!paye.ok) errors.push({ fieldId: "payeReference", message: paye.message });
  const office = checkAccountsOfficeReference(text(fields, "accountsOfficeReference"));
  if (!office.ok) errors.push({ fieldId: "accountsOfficeReference", message: office.message });
  const insurer = text(fields, "insurer");
  if (!insurer) errors.push({ fieldId: "insurer", message: "Enter the name of the employer's liability insurer" });
  const insurancePolicy = text(fields, "insurancePolicy");
  if (!insurancePolicy) errors.push({ fieldId: "insurancePolicy", message: "Enter the insurance policy number" });
  const insuranceExpiresOn = text(fields, "insuranceExpiresOn");
  if (!isRealDate(insuranceExpiresOn)) errors.push({ fieldId: "insuranceExpiresOn", message: "Enter the date the insurance runs out" });
  if (errors.length || !paye.ok || !office.ok) return { ok: false, errors };
  return { ok: true, value: { payeReference: paye.value, accountsOfficeReference: office.value, insurer, insurancePolicy, insuranceExpiresOn } };
}

/** "37.5", "37:30" or "20": hours a week, kept as whole minutes. */
export function readHours(input: string): number | null {
  const t = input.trim();
  const decimal = /^(\d{1,2})(?:\.(\d{1,2}))?$/.exec(t);
  if (decimal) {
    const minutes = Number(decimal[1]) * 60 + Math.round(Number(`0.${decimal[2] ?? "0"}`) * 60);
    return minutes;
  }
  const clock = /^(\d{1,2}):([0-5]\d)$/.exec(t);
  return clock ? Number(clock[1]) * 60 + Number(clock[2]) : null;
}

const WEEK_STARTING = [{ name: "weekStartsOn", label: "Week starting", rules: { required: true } }];

/** A week's hours from the timesheet form, whoever sends it: the week's Monday from its three boxes, and the hours. */
export function readWeekHours(
  form: Parameters<typeof readDateFields>[0],
): { ok: true; weekStartsOn: string; minutes: number } | { ok: false; errors: (FormProblem | DateFieldError)[] } {
  const dateErrors = readDateFields(form, WEEK_STARTING);
  const hours = form.get("hours");
  const minutes = readHours(typeof hours === "string" ? hours : "");
  const problem = minutes === null ? [{ fieldId: "hours", message: "Enter the hours worked that week, like 20 or 37.5" }] : [];
  if (dateErrors.length || minutes === null) return { ok: false, errors: withDateErrors(dateErrors, problem, WEEK_STARTING) };
  return { ok: true, weekStartsOn: String(form.get("weekStartsOn")), minutes };
}

/** A PA the holder employs: who they are, their pay and hours, their pension scheme and the support line that pays them. */
export function readAssistantForm(fields: Fields, lineKeys: string[]): Read<AssistantDetails> {
  const errors: FormProblem[] = [];
  const givenName = text(fields, "givenName");
  if (!givenName) errors.push({ fieldId: "givenName", message: "Enter the PA's first name" });
  const familyName = text(fields, "familyName");
  if (!familyName) errors.push({ fieldId: "familyName", message: "Enter the PA's last name" });
  const ni = checkNationalInsuranceNumber(text(fields, "nationalInsuranceNumber"));
  if (!ni.ok) errors.push({ fieldId: "nationalInsuranceNumber", message: ni.message });
  const startsOn = text(fields, "startsOn");
  if (!isRealDate(startsOn)) errors.push({ fieldId: "startsOn", message: "Enter the date they started" });
  const rate = parseMoney(text(fields, "hourlyRate"), "hourly rate");
  if (!rate.ok) errors.push({ fieldId: "hourlyRate", message: rate.message });
  else if (rate.pence === 0) errors.push({ fieldId: "hourlyRate", message: "The hourly rate must be more than £0.00" });
  const minutes = readHours(text(fields, "contractedHours"));
  if (minutes === null || minutes > 99 * 60) errors.push({ fieldId: "contractedHours", message: "Enter the hours a week in their contract, like 20 or 37.5" });
  const pensionScheme = text(fields, "pensionScheme");
  if (!pensionScheme) errors.push({ fieldId: "pensionScheme", message: "Enter their workplace pension scheme, like NEST" });
  const payrollReference = text(fields, "payrollReference").toUpperCase();
  if (!payrollReference) errors.push({ fieldId: "payrollReference", message: "Enter their reference in the payroll software" });
  else if (!/^[A-Z0-9][A-Z0-9\-/]{0,39}$/.test(payrollReference)) {
    errors.push({ fieldId: "payrollReference", message: "The payroll reference can have letters, numbers, hyphens and slashes only" });
  }
  const supportLineKey = text(fields, "supportLineKey");
  if (!lineKeys.includes(supportLineKey)) errors.push({ fieldId: "supportLineKey", message: "Select the support line in the plan that pays them" });
  if (errors.length || !ni.ok || !rate.ok || minutes === null) return { ok: false, errors };
  return {
    ok: true,
    value: {
      givenName,
      familyName,
      nationalInsuranceNumber: ni.value,
      startsOn,
      endsOn: null,
      hourlyRatePence: rate.pence,
      contractedMinutesPerWeek: minutes,
      pensionScheme,
      payrollReference,
      supportLineKey,
    },
  };
}
