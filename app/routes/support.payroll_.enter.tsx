import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { getDb } from "#db/client.server";
import { requireSupportOrganisation } from "~/access/access.server";
import { readDateFields, withDateErrors } from "~/dates/date-fields";
import { formText, formTextValues, readForm } from "~/http/form-data";
import { todayInUk } from "~/ledger/entries";
import { PAY_FREQUENCIES, PAY_FREQUENCY_NAMES, periodEndsOn, type PayFrequency } from "~/payroll/pay-periods";
import { readCells, type PayrollColumn } from "~/payroll/payroll-file";
import { previewPayrollRun } from "~/payroll/payroll-runs.server";
import { capitalise } from "~/people/voice";
import { DateInput } from "~/ui/date-input";
import { ErrorSummary, type FieldError } from "~/ui/error-summary";
import { TextField } from "~/ui/fields";
import { pageTitle } from "~/ui/page-title";
import { Radios } from "~/ui/radios";

export const meta: MetaFunction = () => pageTitle("Enter a PA's pay");

const DATES = [
  { name: "period", label: "First day of the pay period", rules: { required: true } },
  { name: "payment_date", label: "Payment date", rules: { required: true } },
];

/** The amounts as the payroll software's payslip shows them, in the order it shows them. */
const AMOUNTS: [PayrollColumn, string][] = [
  ["gross", "Gross pay"],
  ["employee_tax", "Income Tax taken off"],
  ["employee_ni", "Employee's National Insurance taken off"],
  ["employee_pension", "Employee's pension contribution taken off"],
  ["net_pay", "Net pay"],
  ["employer_ni", "Employer's National Insurance"],
  ["employer_pension", "Employer's pension contribution"],
];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireSupportOrganisation(request);
  return null;
}

type Reply = { errors: FieldError[]; values: Record<string, string> };

export async function action({ request }: ActionFunctionArgs) {
  const { organisationId, actor, principal } = await requireSupportOrganisation(request);
  const form = await readForm(request);
  const dateErrors = readDateFields(form, DATES);
  const values = formTextValues(form);
  const frequency = formText(form, "frequency") as PayFrequency;
  const errors: FieldError[] = PAY_FREQUENCIES.includes(frequency) ? [] : [{ fieldId: "frequency", message: "Select how often the PA is paid" }];
  const periodStartsOn = formText(form, "period");
  const cells = Object.fromEntries([...AMOUNTS.map(([c]) => c), "payroll_ref", "period", "payment_date"].map((c) => [c, formText(form, c)]));
  if (errors.length === 0 && periodStartsOn) {
    const read = readCells(1, cells, { startsOn: periodStartsOn, endsOn: periodEndsOn(frequency, periodStartsOn) });
    if (!read.ok) errors.push(...read.problems.map((p) => ({ fieldId: p.column, message: capitalise(p.message) })));
    else if (dateErrors.length === 0) {
      const result = await previewPayrollRun(getDb(), {
        actor,
        organisationId,
        commissionerId: principal.commissionerId,
        frequency,
        periodStartsOn,
        fileName: null,
        entered: [read.line],
        today: todayInUk(),
      });
      if (result.ok) throw redirect(`/support/payroll/${result.run.id}`);
      if (result.problems === undefined) errors.push({ fieldId: "payroll_ref", message: result.alreadyPosted });
      else errors.push(...result.problems.map((p) => ({ fieldId: "payroll_ref", message: p.message })));
    }
  }
  return data<Reply>({ errors: withDateErrors(dateErrors, errors, DATES), values }, { status: 400 });
}

export default function EnterPay() {
  const reply = useActionData<typeof action>();
  const errors = reply?.errors ?? [];
  const values = reply?.values ?? {};
  const err = (id: string) =>
    errors
      .filter((e) => e.fieldId === id)
      .map((e) => e.message)
      .join(". ") || undefined;
  return (
    <>
      <ErrorSummary errors={errors} />
      <p>
        <Link to="/support/payroll">Back to payroll</Link>
      </p>
      <h1>Enter a PA's pay</h1>
      <p>For one PA and one pay period, from the payslip the payroll software made. You will see the checks before anything is recorded.</p>
      <Form method="post" noValidate>
        <Radios
          name="frequency"
          legend="How often is the PA paid?"
          options={PAY_FREQUENCIES.map((f) => [f, PAY_FREQUENCY_NAMES[f]])}
          value={values.frequency ?? "monthly"}
          error={err("frequency")}
        />
        <DateInput name="period" label="First day of the pay period" hint="For example, 1 11 2026" values={values} errors={errors} />
        <TextField
          id="payroll_ref"
          name="payroll_ref"
          label="Payroll reference"
          hint="The PA's reference in the payroll software"
          width={10}
          spellCheck={false}
          defaultValue={values.payroll_ref}
          error={err("payroll_ref")}
        />
        {AMOUNTS.map(([column, label]) => (
          <TextField
            key={column}
            id={column}
            name={column}
            label={`${label}, in pounds`}
            inputMode="decimal"
            width={5}
            defaultValue={values[column]}
            error={err(column)}
          />
        ))}
        <DateInput
          name="payment_date"
          label="Payment date"
          hint="The day the net pay leaves the account. For example, 28 11 2026"
          values={values}
          errors={errors}
        />
        <button className="nhsuk-button" type="submit">
          Check the pay
        </button>
      </Form>
    </>
  );
}
