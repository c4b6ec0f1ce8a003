import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { InsetText } from "~/ui/inset-text";
import { getDb } from "#db/client.server";
import { notFound, requireCurrentHolder } from "~/access/access.server";
import { longDate } from "~/dates/long-date";
import { formText } from "~/http/form-data";
import { assistantSignIn, inviteAssistant, NO_SUCH_PA } from "~/payroll/assistant-sign-in.server";
import { publicOrigin } from "~/security/public-origin";
import { ErrorSummary } from "~/ui/error-summary";
import { TextField } from "~/ui/fields";
import { pageTitle } from "~/ui/page-title";
import { SuccessBanner } from "~/ui/success-banner";

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageTitle(data ? `Sign-in for ${data.assistant.givenName} ${data.assistant.familyName}` : "Sign-in for a PA");

/** Staff and support organisations name the holder in the address, as on the employer page. */
const holderQueryOf = (kind: string, holderId: string) => (kind === "staff" || kind === "support" ? `?holder=${holderId}` : "");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { holderId, principal } = await requireCurrentHolder(request, "manage-payroll");
  const found = await assistantSignIn(getDb(), { holderId, assistantId: params.assistantId ?? "" });
  if (!found) throw notFound();
  return { ...found, holderQuery: holderQueryOf(principal.kind, holderId) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { holderId, principal, actor } = await requireCurrentHolder(request, "manage-payroll");
  const form = await request.formData();
  const email = formText(form, "email");
  const invited = await inviteAssistant(getDb(), {
    actor,
    commissionerId: principal.commissionerId,
    holderId,
    assistantId: params.assistantId ?? "",
    email,
    origin: publicOrigin(request.url),
  });
  if (!invited.ok) {
    if (invited.message === NO_SUCH_PA) throw notFound();
    return data({ error: { fieldId: invited.field || "email", message: invited.message }, email, delivery: null }, { status: 400 });
  }
  return { error: null, email, delivery: invited.value };
}

export default function AssistantSignInPage() {
  const { assistant, signIn, holderQuery } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const name = `${assistant.givenName} ${assistant.familyName}`;
  const delivery = reply?.delivery;
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummary errors={reply?.error ? [reply.error] : []} />
        <p>
          <Link to={`/employer${holderQuery}`}>Back to employing personal assistants</Link>
        </p>
        <h1>Sign-in for {name}</h1>
        {delivery?.emailed ? (
          <SuccessBanner heading={`We have emailed ${name} a link to ${delivery.email}.`}>The link works once, for 7 days.</SuccessBanner>
        ) : delivery ? (
          <InsetText>
            <p>Email to personal assistants is not set up on this portal, so we have not emailed them.</p>
            <p>Send this link to {name} yourself. With it they set a password and sign in. It works once, for 7 days:</p>
            <p>
              <code id="invitation-link">{delivery.link}</code>
            </p>
          </InsetText>
        ) : null}
        <p>
          With their own sign-in, {assistant.givenName} can submit their hours each week for approval and read their payslips. They see nothing else of the
          budget.
        </p>
        {signIn.state === "signs-in" ? (
          <p>
            {assistant.givenName} signs in as {signIn.email}.
          </p>
        ) : (
          <>
            {signIn.state === "invited" ? (
              <p>
                {assistant.givenName} was sent a link to {signIn.email}. It works until {longDate(signIn.expiresAt)}. If it has been lost, send a new one: the
                old one then stops working.
              </p>
            ) : null}
            <Form method="post" noValidate>
              <TextField
                id="email"
                name="email"
                type="email"
                autoComplete="off"
                spellCheck={false}
                label={`${assistant.givenName}'s email address`}
                defaultValue={reply?.email ?? (signIn.state === "invited" ? signIn.email : (signIn.lastEmail ?? ""))}
                error={reply?.error?.message}
              />
              <button className="nhsuk-button" type="submit">
                {signIn.state === "invited" ? "Send a new link" : "Send a link to sign in"}
              </button>
            </Form>
          </>
        )}
      </div>
    </div>
  );
}
