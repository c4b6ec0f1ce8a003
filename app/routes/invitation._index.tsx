import type { SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "#db/client.server";
import { getSignedIn, requestIdOf, requireUser } from "~/access/access.server";
import { formText } from "~/http/form-data";
import { clearInviteeToken, readInviteeToken } from "~/people/invitation-cookies.server";
import { acceptInvitation, acceptInvitationSignedIn, findOpenInvitation } from "~/people/invitations.server";
import { SetPasswordSchema } from "~/people/schemas";
import { ErrorSummary } from "~/ui/error-summary";
import { SetPasswordForm } from "~/ui/set-password-form";
import { pageTitle } from "~/ui/page-title";

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageTitle(data?.state === "set-password" ? "Set your password" : data?.state === "accept" ? "Accept the invitation" : "This link cannot be used");

/**
 * The invitation the token in the cookie is for. A new person needs no sign-in: the token is their only credential,
 * and the page only ever reveals their own email. Someone with an account accepts it signed in as themselves.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const db = getDb();
  const token = await readInviteeToken(request);
  const open = token ? await findOpenInvitation(db, token) : null;
  if (!open) return { state: "closed" as const };
  if (open.invitation.setsPassword) return { state: "set-password" as const, email: open.email };
  const signedIn = await getSignedIn(request, db);
  const userId = signedIn && signedIn !== "expired" ? signedIn.principal.userId : null;
  return {
    state: "accept" as const,
    email: open.email,
    holderName: open.holderName,
    relationship: open.relationship,
    signedIn: userId === null ? ("no" as const) : userId === open.invitation.userId ? ("as-invitee" as const) : ("as-someone-else" as const),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const token = (await readInviteeToken(request)) ?? "";
  const formData = await request.formData();
  return formText(formData, "intent") === "accept" ? accept(request, token) : setPassword(request, formData, token);
}

async function setPassword(request: Request, formData: FormData, token: string) {
  const submission = parseWithZod(formData, { schema: SetPasswordSchema });
  const hideFields = ["password", "confirmPassword"];
  if (submission.status !== "success") return data(submission.reply({ hideFields }), { status: 400 });
  const result = await acceptInvitation(getDb(), { token, password: submission.value.password, requestId: requestIdOf(request) });
  if (!result.ok) return data(submission.reply({ formErrors: [result.message], hideFields }), { status: 400 });
  return redirect("/sign-in?password=set", { headers: { "Set-Cookie": await clearInviteeToken(request) } });
}

async function accept(request: Request, token: string) {
  const { principal, actor } = await requireUser(request);
  const result = await acceptInvitationSignedIn(getDb(), { token, userId: principal.userId, requestId: actor.requestId });
  if (!result.ok) return data({ acceptError: result.message }, { status: 400 });
  return redirect("/acting-for", { headers: { "Set-Cookie": await clearInviteeToken(request) } });
}

export default function Invitation() {
  const invitation = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  if (invitation.state === "set-password") {
    return <SetPassword email={invitation.email} lastResult={result && !("acceptError" in result) ? result : undefined} />;
  }
  if (invitation.state === "accept") {
    return <Accept {...invitation} error={result && "acceptError" in result ? result.acceptError : undefined} />;
  }
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

function SetPassword({ email, lastResult }: { email: string; lastResult: SubmissionResult<string[]> | undefined }) {
  return (
    <SetPasswordForm heading="Set your password" lastResult={lastResult}>
      <p>You have been invited to help manage a personal health budget. Set a password, then sign in with {email}.</p>
    </SetPasswordForm>
  );
}

function Accept(props: { email: string; holderName: string; relationship: string; signedIn: "no" | "as-invitee" | "as-someone-else"; error?: string }) {
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummary errors={props.error ? [{ fieldId: "accept", message: props.error }] : []} />
        <h1>Accept the invitation</h1>
        <p>
          {props.holderName} has invited you to help manage their personal health budget, as their {props.relationship.toLowerCase()}. You can act for them once
          you accept.
        </p>
        {props.signedIn === "as-invitee" ? (
          <Form method="post">
            <button type="submit" className="nhsuk-button" id="accept" name="intent" value="accept">
              Accept and act for {props.holderName}
            </button>
          </Form>
        ) : props.signedIn === "as-someone-else" ? (
          <p>You are signed in with another account. Sign out, then follow the link in your invitation again and sign in with {props.email} to accept.</p>
        ) : (
          <>
            <p>
              Sign in with {props.email} to accept. If you have not set your password yet, use the link in the first invitation you were sent, then come back to
              this one.
            </p>
            <Link to="/sign-in?returnTo=%2Finvitation" className="nhsuk-button" id="accept">
              Sign in to accept
            </Link>
          </>
        )}
      </div>
    </div>
  );
}
