import { withDone } from "~/ui/success-banner";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { getDb } from "#db/client.server";
import { requireAccess } from "~/access/access.server";
import { readDateFields, withDateErrors, type DateField } from "~/dates/date-fields";
import { formTextValues, readForm } from "~/http/form-data";
import { todayInUk } from "~/ledger/entries";
import { AddHolderSchema, inFieldOrder } from "~/people/add-holder";
import { addHolder } from "~/people/add-holder.server";
import { COHORT_NAMES } from "~/people/cohorts";
import { REFERRAL_NAMES } from "~/people/referrals";
import { DateInput } from "~/ui/date-input";
import { ErrorSummary, fieldErrors, type FieldError } from "~/ui/error-summary";
import { TextArea, TextField } from "~/ui/fields";
import { pageTitle } from "~/ui/page-title";
import { Radios } from "~/ui/radios";

export const meta: MetaFunction = () => pageTitle("Add a person");

const dateOfBirth = (today: string): DateField => ({ name: "dateOfBirth", label: "Date of birth", rules: { required: true, notInFuture: true, today } });

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAccess(request, "add-holder", "own-commissioner");
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const { principal, actor } = await requireAccess(request, "add-holder", "own-commissioner");
  const formData = await readForm(request);
  const values = formTextValues(formData);
  const dates = [dateOfBirth(todayInUk())];
  const dateErrors = readDateFields(formData, dates);
  const submission = parseWithZod(formData, { schema: AddHolderSchema });
  const fail = (errors: FieldError[], existing: { id: string; name: string } | null = null) =>
    data({ errors: inFieldOrder(errors), values, existing }, { status: 400 });
  if (submission.status !== "success" || dateErrors.length) return fail(withDateErrors(dateErrors, fieldErrors(submission), dates));
  const result = await addHolder(getDb(), { actor, commissionerId: principal.commissionerId, details: submission.value });
  if (!result.ok) return fail([{ fieldId: result.field, message: result.message }], result.existing);
  return redirect(withDone(`/staff/holders/${result.holder.id}/plan`, "added"));
}

export default function AddHolder() {
  const result = useActionData<typeof action>();
  const errors = result?.errors ?? [];
  const values: Record<string, string | undefined> = result?.values ?? {};
  const errorFor = (id: string) => errors.find((e) => e.fieldId === id)?.message;
  const nhsError = errorFor("nhsNumber");
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        <h1>Add a person</h1>
        <p>Add someone who has been referred for a personal health budget. You can then work out their indicative budget and start their plan.</p>
        <Form method="post" noValidate>
          <TextField
            id="nhsNumber"
            name="nhsNumber"
            label="NHS number"
            hint="This is a 10 digit number, like 943 476 5919"
            inputMode="numeric"
            autoComplete="off"
            spellCheck={false}
            width={10}
            defaultValue={values.nhsNumber}
            error={
              nhsError && result?.existing ? (
                <>
                  {nhsError}: <Link to={`/staff/holders/${result.existing.id}/plan`}>see {result.existing.name}&apos;s record</Link>
                </>
              ) : (
                nhsError
              )
            }
          />
          <TextField id="givenName" name="givenName" label="First name" autoComplete="off" defaultValue={values.givenName} error={errorFor("givenName")} />
          <TextField id="familyName" name="familyName" label="Last name" autoComplete="off" defaultValue={values.familyName} error={errorFor("familyName")} />
          <DateInput name="dateOfBirth" label="Date of birth" hint="For example, 15 3 1984" values={values} errors={errors} />
          <Radios name="cohort" legend="Type of budget" options={Object.entries(COHORT_NAMES)} value={values.cohort} error={errorFor("cohort")} />
          <h2 className="nhsuk-heading-m">How to reach them</h2>
          <p>Give at least one way to reach them or their family.</p>
          <TextField
            id="phone"
            name="phone"
            type="tel"
            label="Phone number"
            autoComplete="off"
            width={20}
            defaultValue={values.phone}
            error={errorFor("phone")}
          />
          <TextField
            id="email"
            name="email"
            type="email"
            label="Email address"
            autoComplete="off"
            spellCheck={false}
            defaultValue={values.email}
            error={errorFor("email")}
          />
          <TextArea
            id="postalAddress"
            name="postalAddress"
            label="Postal address (optional)"
            defaultValue={values.postalAddress}
            error={errorFor("postalAddress")}
          />
          <Radios
            name="referredBy"
            legend="Who referred them?"
            options={Object.entries(REFERRAL_NAMES)}
            value={values.referredBy}
            error={errorFor("referredBy")}
            conditional={{
              other: (
                <TextField
                  id="referredByOther"
                  name="referredByOther"
                  label="If someone else, who referred them"
                  autoComplete="off"
                  defaultValue={values.referredByOther}
                  error={errorFor("referredByOther")}
                />
              ),
            }}
          />
          <button type="submit" className="nhsuk-button">
            Add the person
          </button>
        </Form>
      </div>
    </div>
  );
}
