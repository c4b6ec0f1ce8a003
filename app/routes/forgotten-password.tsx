import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "#db/client.server";
import { requestIdOf } from "~/access/access.server";
import { passwordResetByEmail } from "~/integrations/notify/notify.server";
import { requestPasswordReset } from "~/people/password-resets.server";
import { RESET_MINUTES } from "~/people/session-rules";
import { ForgottenPasswordSchema } from "~/people/schemas";
import { publicOrigin } from "~/security/public-origin";
import { ErrorSummary, fieldErrors } from "~/ui/error-summary";
import { TextField } from "~/ui/fields";
import { pageTitle } from "~/ui/page-title";

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageTitle(data?.state === "sent" ? "Check your email" : data?.state === "ask" ? "Ask your coordinator to reset your password" : "Reset your password");

/** Where email is not set up, there is no link to send: the personal health budget team resets passwords instead. */
export function loader({ request }: LoaderFunctionArgs) {
  if (!passwordResetByEmail()) return { state: "ask" as const };
  return { state: new URL(request.url).searchParams.has("sent") ? ("sent" as const) : ("ask-for-link" as const) };
}

export async function action({ request }: ActionFunctionArgs) {
  if (!passwordResetByEmail()) return redirect("/forgotten-password");
  const submission = parseWithZod(await request.formData(), { schema: ForgottenPasswordSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  await requestPasswordReset(getDb(), { email: submission.value.email, origin: publicOrigin(request.url), requestId: requestIdOf(request) });
  // The same page whether or not the address has an account.
  return redirect("/forgotten-password?sent");
}

export default function ForgottenPassword() {
  const { state } = useLoaderData<typeof loader>();
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">{state === "ask" ? <AskCoordinator /> : state === "sent" ? <Sent /> : <AskForLink />}</div>
    </div>
  );
}

function AskCoordinator() {
  return (
    <>
      <h1>Ask your coordinator to reset your password</h1>
      <p>Contact your personal health budget coordinator or team. They will check who you are and set up a new password for you.</p>
      <p>
        You can find their contact details on the <Link to="/help">help page</Link> or in the letter that told you about your budget.
      </p>
    </>
  );
}

function Sent() {
  return (
    <>
      <h1>Check your email</h1>
      <p>If the address you entered has an account, we have sent it a link to set a new password.</p>
      <p>The link works once, for {RESET_MINUTES} minutes. Setting a new password signs you out everywhere else.</p>
      <p>
        If no email comes within a few minutes, check your spam folder or <Link to="/forgotten-password">ask for another link</Link>. If it still does not come,
        contact your personal health budget team.
      </p>
    </>
  );
}

function AskForLink() {
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({
    lastResult,
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ForgottenPasswordSchema }),
  });
  return (
    <>
      <ErrorSummary errors={fieldErrors({ error: { email: fields.email.errors ?? null } })} />
      <h1>Reset your password</h1>
      <p>Enter the email address you sign in with. We will email you a link to set a new password.</p>
      <Form method="post" {...getFormProps(form)}>
        <TextField
          id="email"
          name={fields.email.name}
          type="email"
          label="Email address"
          autoComplete="email"
          spellCheck={false}
          defaultValue={fields.email.initialValue}
          error={fields.email.errors?.[0]}
        />
        <button type="submit" className="nhsuk-button">
          Send the link
        </button>
      </Form>
    </>
  );
}
