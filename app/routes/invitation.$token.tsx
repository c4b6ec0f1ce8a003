import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "#db/client.server";
import { requestIdOf } from "~/access/access.server";
import { acceptInvitation, findOpenInvitation } from "~/people/representatives.server";
import { SetPasswordSchema } from "~/people/schemas";
import { ErrorSummary, fieldErrors } from "~/ui/error-summary";
import { TextField } from "~/ui/fields";
import { pageTitle } from "~/ui/page-title";

export const meta: MetaFunction<typeof loader> = ({ data }) => pageTitle(data?.open ? "Set your password" : "This link cannot be used");

// The token is the only credential here, so the page needs no sign-in; it only ever reveals the invitee's own email.
export async function loader({ params }: LoaderFunctionArgs) {
  const open = await findOpenInvitation(getDb(), params.token ?? "");
  return open ? { open: true as const, email: open.email, name: open.name } : { open: false as const };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const submission = parseWithZod(await request.formData(), { schema: SetPasswordSchema });
  if (submission.status !== "success") return data(submission.reply({ hideFields: ["password", "confirmPassword"] }), { status: 400 });
  const result = await acceptInvitation(getDb(), { token: params.token ?? "", password: submission.value.password, requestId: requestIdOf(request) });
  if (!result.ok) return data(submission.reply({ formErrors: [result.message], hideFields: ["password", "confirmPassword"] }), { status: 400 });
  return redirect("/sign-in?password=set");
}

export default function SetPassword() {
  const invitation = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({
    lastResult,
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SetPasswordSchema }),
  });
  if (!invitation.open) {
    return (
      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-two-thirds">
          <h1>This link cannot be used</h1>
          <p>It may have been used already, be more than 7 days old, or have been cancelled.</p>
          <p>Ask the person who invited you, or their personal health budget team, to invite you again.</p>
          <p>
            <Link to="/sign-in">Sign in</Link> if you have already set your password.
          </p>
        </div>
      </div>
    );
  }
  const errors = [
    ...(form.errors ?? []).map((message) => ({ fieldId: "password", message })),
    ...fieldErrors({ error: { password: fields.password.errors ?? null, confirmPassword: fields.confirmPassword.errors ?? null } }),
  ];
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        <h1>Set your password</h1>
        <p>You have been invited to help manage a personal health budget. Set a password, then sign in with {invitation.email}.</p>
        <Form method="post" {...getFormProps(form)}>
          <TextField
            id="password"
            name="password"
            type="password"
            label="Create a password"
            hint="12 characters or more. A few words you will remember works well."
            autoComplete="new-password"
            error={fields.password.errors?.[0] ?? form.errors?.[0]}
          />
          <TextField
            id="confirmPassword"
            name="confirmPassword"
            type="password"
            label="Enter the password again"
            autoComplete="new-password"
            error={fields.confirmPassword.errors?.[0]}
          />
          <button type="submit" className="nhsuk-button">
            Set password
          </button>
        </Form>
      </div>
    </div>
  );
}
