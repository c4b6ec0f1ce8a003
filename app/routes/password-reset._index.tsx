import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "#db/client.server";
import { requestIdOf } from "~/access/access.server";
import { clearResetToken, readResetToken } from "~/people/invitation-cookies.server";
import { clearSessionCookie } from "~/people/session-cookie.server";
import { findOpenReset, resetPassword } from "~/people/password-resets.server";
import { SetPasswordSchema } from "~/people/schemas";
import { SetPasswordForm } from "~/ui/set-password-form";
import { pageTitle } from "~/ui/page-title";

export const meta: MetaFunction<typeof loader> = ({ data }) => pageTitle(data?.email ? "Set a new password" : "This link cannot be used");

/** The token in the cookie is the only credential: the page shows only the email of the account it is for. */
export async function loader({ request }: LoaderFunctionArgs) {
  const token = await readResetToken(request);
  const open = token ? await findOpenReset(getDb(), token) : null;
  return { email: open?.email ?? null };
}

export async function action({ request }: ActionFunctionArgs) {
  const token = (await readResetToken(request)) ?? "";
  const submission = parseWithZod(await request.formData(), { schema: SetPasswordSchema });
  const hideFields = ["password", "confirmPassword"];
  if (submission.status !== "success") return data(submission.reply({ hideFields }), { status: 400 });
  const result = await resetPassword(getDb(), { token, password: submission.value.password, requestId: requestIdOf(request) });
  if (!result.ok) return data(submission.reply({ formErrors: [result.message], hideFields }), { status: 400 });
  const headers = new Headers({ "Set-Cookie": await clearResetToken(request) });
  headers.append("Set-Cookie", await clearSessionCookie(request));
  return redirect("/sign-in?password=set", { headers });
}

export default function PasswordReset() {
  const { email } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  if (!email) {
    return (
      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-two-thirds">
          <h1>This link cannot be used</h1>
          <p>It may have been used already, be more than an hour old, or a newer link may have been sent since.</p>
          <p>
            <Link to="/forgotten-password">Ask for a new link</Link>.
          </p>
        </div>
      </div>
    );
  }
  return (
    <SetPasswordForm heading="Set a new password" lastResult={lastResult}>
      <p>Set a new password for {email}. Doing so signs you out everywhere you are signed in; then sign in with the new password.</p>
    </SetPasswordForm>
  );
}
