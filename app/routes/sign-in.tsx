import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { getDb } from "#db/client.server";
import { getSignedIn, requestIdOf } from "~/access/access.server";
import { homePath } from "~/access/rules";
import { loadPrincipal } from "~/access/principal.server";
import { SignInSchema } from "~/people/schemas";
import { clientAddressOf } from "~/security/client-address";
import { safeReturnTo } from "~/security/return-to";
import { setSessionCookie } from "~/people/session-cookie.server";
import { signIn } from "~/people/sign-in.server";
import { ErrorSummary } from "~/ui/error-summary";
import { TextField } from "~/ui/fields";
import { pageTitle } from "~/ui/page-title";
import { InsetText } from "~/ui/inset-text";

export const meta: MetaFunction = () => pageTitle("Sign in");

export async function loader({ request }: LoaderFunctionArgs) {
  const signedIn = await getSignedIn(request);
  if (signedIn && signedIn !== "expired") throw redirect(homePath(signedIn.principal));
  const params = new URL(request.url).searchParams;
  return { returnTo: safeReturnTo(params.get("returnTo"), new URL(request.url).origin), passwordSet: params.get("password") === "set" };
}

// One message for an unknown address, a wrong password and a locked account, so none of them says an account exists.
const NOT_SIGNED_IN = "Your email address or password is not right. Check them and try again. If you have tried 5 times, wait 15 minutes first.";
const NETWORK_MUST_WAIT = "There have been too many tries to sign in from your network. Wait 15 minutes, then try again.";

export async function action({ request }: ActionFunctionArgs) {
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: SignInSchema });
  if (submission.status !== "success") {
    return data(submission.reply({ hideFields: ["password"] }), { status: 400 });
  }
  const db = getDb();
  const current = await getSignedIn(request, db);
  const result = await signIn(db, {
    email: submission.value.email,
    password: submission.value.password,
    clientAddress: clientAddressOf(request),
    requestId: requestIdOf(request),
    replacesSessionId: current && current !== "expired" ? current.sessionId : null,
  });
  if (!result.ok) {
    const [message, status] = result.reason === "network-must-wait" ? [NETWORK_MUST_WAIT, 429] : [NOT_SIGNED_IN, 400];
    return data(submission.reply({ formErrors: [message], hideFields: ["password"] }), { status });
  }
  const principal = await loadPrincipal(db, result.userId);
  const to = safeReturnTo(submission.value.returnTo, new URL(request.url).origin) ?? homePath(principal ?? { kind: "holder" });
  return redirect(to, { headers: { "Set-Cookie": await setSessionCookie(request, result.token) } });
}

export default function SignIn() {
  const { returnTo, passwordSet } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({
    lastResult,
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SignInSchema }),
  });
  // After a failed try the password box starts empty: the server never sends it back, and with JavaScript the page
  // is not reloaded, so the box is emptied here.
  const password = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (lastResult && password.current) password.current.value = "";
  }, [lastResult]);
  const errors = [
    ...(form.errors ?? []).map((message) => ({ fieldId: "email", message })),
    ...(fields.email.errors ?? []).map((message) => ({ fieldId: "email", message })),
    ...(fields.password.errors ?? []).map((message) => ({ fieldId: "password", message })),
  ];

  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        {passwordSet ? (
          <InsetText>
            <p>Your password is set. Sign in with your email address and your new password.</p>
          </InsetText>
        ) : null}
        <h1>Sign in</h1>
        <p>Use the email address and password your personal health budget team gave you.</p>
        <Form method="post" {...getFormProps(form)}>
          {returnTo ? <input type="hidden" name="returnTo" value={returnTo} /> : null}
          <TextField
            id="email"
            name={fields.email.name}
            type="email"
            label="Email address"
            autoComplete="email"
            spellCheck={false}
            defaultValue={fields.email.initialValue}
            error={fields.email.errors?.[0] ?? form.errors?.[0]}
          />
          <TextField
            id="password"
            name={fields.password.name}
            type="password"
            label="Password"
            autoComplete="current-password"
            error={fields.password.errors?.[0]}
            inputRef={password}
          />
          <p>
            <Link to="/forgotten-password">Forgotten your password?</Link>
          </p>
          <button type="submit" className="nhsuk-button">
            Sign in
          </button>
        </Form>
      </div>
    </div>
  );
}
