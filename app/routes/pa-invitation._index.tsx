import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "#db/client.server";
import { requestIdOf } from "~/access/access.server";
import { acceptAssistantInvitation, findOpenAssistantInvitation } from "~/payroll/assistant-sign-in.server";
import { assistantToken } from "~/people/invitation-cookies.server";
import { SetPasswordSchema } from "~/people/schemas";
import { SetPasswordForm } from "~/ui/set-password-form";
import { pageTitle } from "~/ui/page-title";

export const meta: MetaFunction<typeof loader> = ({ data }) => pageTitle(data?.email ? "Set your password" : "This link cannot be used");

/** The token in the cookie is the PA's only credential: the page shows only their own email and their employer's name. */
export async function loader({ request }: LoaderFunctionArgs) {
  const token = await assistantToken.read(request);
  const open = token ? await findOpenAssistantInvitation(getDb(), token) : null;
  return open ? { email: open.email, employerName: open.employerName } : { email: null, employerName: null };
}

export async function action({ request }: ActionFunctionArgs) {
  const token = (await assistantToken.read(request)) ?? "";
  const submission = parseWithZod(await request.formData(), { schema: SetPasswordSchema });
  const hideFields = ["password", "confirmPassword"];
  if (submission.status !== "success") return data(submission.reply({ hideFields }), { status: 400 });
  const result = await acceptAssistantInvitation(getDb(), { token, password: submission.value.password, requestId: requestIdOf(request) });
  if (!result.ok) return data(submission.reply({ formErrors: [result.message], hideFields }), { status: 400 });
  return redirect("/sign-in?password=set", { headers: { "Set-Cookie": await assistantToken.clear(request) } });
}

export default function AssistantInvitation() {
  const { email, employerName } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  if (!email) {
    return (
      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-two-thirds">
          <h1>This link cannot be used</h1>
          <p>It may have been used already, be more than 7 days old, or a newer link may have been sent since.</p>
          <p>Ask your employer, or whoever runs their payroll, for a new link.</p>
          <p>
            <Link to="/sign-in">Sign in</Link> if you have already set your password.
          </p>
        </div>
      </div>
    );
  }
  return (
    <SetPasswordForm heading="Set your password" lastResult={lastResult}>
      <p>
        {employerName} has asked you to sign in to submit your hours and read your payslips as their personal assistant. Set a password, then sign in with{" "}
        {email}.
      </p>
    </SetPasswordForm>
  );
}
