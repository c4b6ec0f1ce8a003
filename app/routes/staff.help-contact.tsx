import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "#db/client.server";
import { requireAccess } from "~/access/access.server";
import { may } from "~/access/rules";
import { loadHelpContact, saveHelpContact } from "~/help/help-contact.server";
import { HelpContactSchema } from "~/help/schemas";
import { ErrorSummary, fieldErrors } from "~/ui/error-summary";
import { TextField } from "~/ui/fields";
import { pageTitle } from "~/ui/page-title";
import { readDone, SuccessBanner, withDone, useFreshAfterChange } from "~/ui/success-banner";

export const meta: MetaFunction = () => pageTitle("Contact details on the help page");

export async function loader({ request }: LoaderFunctionArgs) {
  const { principal } = await requireAccess(request, "view-caseload", "own-commissioner");
  return {
    contact: await loadHelpContact(getDb(), principal.commissionerId),
    canChange: may(principal, "manage-help-contact"),
    saved: readDone(request, ["saved"]) !== null,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const { principal, actor } = await requireAccess(request, "manage-help-contact", "own-commissioner");
  const submission = parseWithZod(await request.formData(), { schema: HelpContactSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  await saveHelpContact(getDb(), { actor, commissionerId: principal.commissionerId, ...submission.value });
  return redirect(withDone("/staff/help-contact", "saved"));
}

export default function HelpContactSettings() {
  const fresh = useFreshAfterChange();
  const { contact, canChange, saved } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({
    lastResult,
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: HelpContactSchema }),
  });
  const value = (name: "phone" | "email" | "openingHours") => (lastResult ? fields[name].initialValue : contact?.[name]) ?? "";
  return (
    <div className="nhsuk-grid-row" key={fresh}>
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummary
          errors={fieldErrors({
            error: { phone: fields.phone.errors ?? null, email: fields.email.errors ?? null, openingHours: fields.openingHours.errors ?? null },
          })}
        />
        {saved && !lastResult ? (
          <SuccessBanner heading="Contact details saved.">The help page shows them to everyone signed in from now on.</SuccessBanner>
        ) : null}
        <h1>Contact details on the help page</h1>
        <p>People who are signed in see these on the help page. People who are signed out are told to look in the letter about their budget.</p>
        {canChange ? (
          <Form method="post" {...getFormProps(form)}>
            <TextField
              id="phone"
              name="phone"
              type="tel"
              label="Phone number"
              autoComplete="off"
              defaultValue={value("phone")}
              error={fields.phone.errors?.[0]}
              width={20}
            />
            <TextField
              id="email"
              name="email"
              type="email"
              label="Email address"
              spellCheck={false}
              defaultValue={value("email")}
              error={fields.email.errors?.[0]}
            />
            <TextField
              id="openingHours"
              name="openingHours"
              label="Opening hours"
              hint="For example, Monday to Friday, 9am to 5pm, except bank holidays"
              defaultValue={value("openingHours")}
              error={fields.openingHours.errors?.[0]}
            />
            <button type="submit" className="nhsuk-button">
              Save contact details
            </button>
          </Form>
        ) : contact ? (
          <dl className="nhsuk-summary-list">
            {(
              [
                ["Phone number", contact.phone],
                ["Email address", contact.email],
                ["Opening hours", contact.openingHours],
              ] as const
            ).map(([key, v]) => (
              <div className="nhsuk-summary-list__row" key={key}>
                <dt className="nhsuk-summary-list__key">{key}</dt>
                <dd className="nhsuk-summary-list__value">{v}</dd>
              </div>
            ))}
          </dl>
        ) : (
          <p>No contact details have been given yet. A coordinator can add them.</p>
        )}
      </div>
    </div>
  );
}
