import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { NotificationBanner } from "nhsuk-react-components";
import { getDb } from "#db/client.server";
import { requireAccess, requireCurrentHolder } from "~/access/access.server";
import { may, type RepresentativeScope } from "~/access/rules";
import { longDate } from "~/dates/long-date";
import { todayInUk } from "~/ledger/entries";
import { loadHolderName } from "~/plans/plan-views.server";
import { SCOPE_NAMES } from "~/people/representative-scopes";
import { inviteRepresentativeByEmail, renewInvitationByEmail, type InvitationDelivery } from "~/people/invitation-email.server";
import { clearLinkToPassOn, readLinkToPassOn, setLinkToPassOn } from "~/people/invitation-cookies.server";
import { changeRepresentativeScopes, listRepresentatives, revokeRepresentative } from "~/people/representatives.server";
import { ChangeRepresentativeSchema, InviteRepresentativeSchema } from "~/people/schemas";
import { linkToDayBox, readDateFields, withDateErrors, type DateField } from "~/dates/date-fields";
import { DateInput } from "~/ui/date-input";
import { ErrorSummary, fieldErrors, type FieldError } from "~/ui/error-summary";
import { TextField } from "~/ui/fields";
import { pageTitle } from "~/ui/page-title";
import { InsetText } from "~/ui/inset-text";
import { ConfirmPage, isConfirmed } from "~/ui/confirm-page";
import { readDone, SuccessBanner, withDone, useFreshAfterChange } from "~/ui/success-banner";
import { publicOrigin } from "~/security/public-origin";
import { formText, formTextValues, readForm } from "~/http/form-data";
import { isUuid } from "~/http/ids";

export const meta: MetaFunction = () => pageTitle("People who act for you");

/**
 * The holder manages their own representatives; staff who manage plans do it for the holder named by ?holder=, and
 * any staff who read casework (auditors among them) read the list.
 */
async function requireRepresentativeManager(request: Request, staffAction: "manage-plan" | "view-casework" = "manage-plan") {
  const current = await requireCurrentHolder(request, "view");
  if (current.principal.kind === "holder") return current;
  if (current.principal.kind === "staff") return { ...(await requireAccess(request, staffAction, { holderId: current.holderId })), holderId: current.holderId };
  throw new Response("You do not have permission to do this", { status: 403 });
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { holderId, principal } = await requireRepresentativeManager(request, "view-casework");
  const db = getDb();
  const [people, holder, passOn] = await Promise.all([listRepresentatives(db, holderId), loadHolderName(db, holderId), readLinkToPassOn(request)]);
  const emailed = new URL(request.url).searchParams.get("emailed");
  // When no email went, the person inviting passes the one-time link on themselves: on this holder's page only.
  const shown = passOn && people.some((p) => p.id === passOn.representativeId) ? passOn : null;
  const page = {
    people,
    holderName: holder ? `${holder.givenName} ${holder.familyName}` : "",
    isHolder: principal.kind === "holder",
    mayChange: principal.kind === "holder" || may(principal, "manage-plan", holderId),
    query: principal.kind === "staff" ? `?holder=${holderId}` : "",
    emailedTo: emailed ? (people.find((p) => p.id === emailed)?.email ?? null) : null,
    invitationLink: shown ? `${publicOrigin(request.url)}/invitation/${shown.token}` : null,
    emailFailed: shown?.emailFailed ?? false,
    done: readDone(request, ["changed", "revoked"] as const),
  };
  // Shown once: a reload, or whoever uses this browser next, does not see it again.
  return passOn ? data(page, { headers: { "Set-Cookie": await clearLinkToPassOn(request) } }) : page;
}

/** Back to the list, saying whether the invitation was emailed, or handing over the link (in a cookie, never the URL). */
async function afterInviting(request: Request, holderQuery: Record<string, string>, representativeId: string, delivery: InvitationDelivery) {
  const params = new URLSearchParams(holderQuery);
  if (delivery.emailed) params.set("emailed", representativeId);
  // Named as a change, so the invitation form comes back empty (see useFreshAfterChange).
  params.set("done", "invited");
  const to = `/representatives${params.size ? `?${params}` : ""}`;
  if (delivery.emailed) return redirect(to);
  const passOn = await setLinkToPassOn(request, { representativeId, token: delivery.token, emailFailed: delivery.reason === "failed" });
  return redirect(to, { headers: { "Set-Cookie": passOn } });
}

export async function action({ request }: ActionFunctionArgs) {
  const { holderId, actor, principal } = await requireRepresentativeManager(request);
  const db = getDb();
  const formData = await readForm(request);
  const intent = formText(formData, "intent");
  const holderQuery: Record<string, string> = principal.kind === "staff" ? { holder: holderId } : {};
  const list = `/representatives${principal.kind === "staff" ? `?holder=${holderId}` : ""}`;
  const fail = (errors: FieldError[], values: Record<string, string> = {}) => data({ errors, values }, { status: 400 });
  if (intent === "invite") {
    const values = formTextValues(formData);
    const dates = [accessEnds("endsOn")];
    const dateErrors = readDateFields(formData, dates);
    const submission = parseWithZod(formData, { schema: InviteRepresentativeSchema });
    if (submission.status !== "success" || dateErrors.length) return fail(withDateErrors(dateErrors, fieldErrors(submission), dates), values);
    const result = await inviteRepresentativeByEmail(db, {
      ...submission.value,
      scopes: submission.value.scopes,
      endsOn: submission.value.endsOn ?? null,
      actor,
      holderId,
      commissionerId: principal.commissionerId,
      today: todayInUk(),
      origin: publicOrigin(request.url),
    });
    if (!result.ok) return fail([linkToDayBox({ fieldId: result.field ?? "email", message: result.message }, dates)], values);
    return afterInviting(request, holderQuery, result.value.representativeId, result.value.delivery);
  }
  if (intent === "change") {
    const { own, dateErrors } = readOwnEndDate(formData, isUuid(formText(formData, "representativeId")) ? formText(formData, "representativeId") : "unknown");
    // Only the person's own date comes back to be shown again: the rest of the page's forms start afresh.
    const typed = Object.fromEntries(Object.entries(formTextValues(formData)).filter(([k]) => k.startsWith(`${own.name}-`)));
    const submission = parseWithZod(formData, { schema: ChangeRepresentativeSchema });
    if (submission.status !== "success" || dateErrors.length) {
      const others = fieldErrors(submission).map((e) => (e.fieldId === "endsOn" ? { ...e, fieldId: own.name } : e));
      return fail(withDateErrors(dateErrors, others, [own]), typed);
    }
    const result = await changeRepresentativeScopes(db, {
      actor,
      holderId,
      representativeId: submission.value.representativeId,
      scopes: submission.value.scopes,
      endsOn: submission.value.endsOn ?? null,
      today: todayInUk(),
    });
    if (!result.ok) return fail([{ fieldId: `${own.name}-day`, message: result.message }], typed);
    return redirect(withDone(list, "changed"));
  }
  const representativeId = formText(formData, "representativeId");
  if ((intent === "revoke" || intent === "renew") && !isUuid(representativeId)) return fail([{ fieldId: "people", message: "Choose a representative" }]);
  if (intent === "revoke") {
    // Revoking cannot be undone (they would need a new invitation): the first press asks "Are you sure?".
    if (!isConfirmed(formData)) {
      const person = (await listRepresentatives(db, holderId)).find((p) => p.id === representativeId && !p.revokedAt);
      if (!person) return fail([{ fieldId: "people", message: "This person no longer acts for them" }]);
      return {
        errors: [] as FieldError[],
        values: {} as Record<string, string>,
        revokeCheck: { representativeId, name: person.name, relationship: person.relationship },
      };
    }
    const result = await revokeRepresentative(db, { actor, holderId, representativeId });
    if (!result.ok) return fail([{ fieldId: "people", message: result.message }]);
    return redirect(withDone(list, "revoked"));
  }
  if (intent === "renew") {
    const result = await renewInvitationByEmail(db, { actor, holderId, representativeId, origin: publicOrigin(request.url) });
    if (!result.ok) return fail([{ fieldId: "people", message: result.message }]);
    return afterInviting(request, holderQuery, representativeId, result.value.delivery);
  }
  return fail([{ fieldId: "people", message: "Choose what to do" }]);
}

/**
 * Until when a representative may act: optional, and today or later (the use-case says so). Each person's own form
 * names its date after them, so the boxes' ids are unique on a page listing several people.
 */
const accessEnds = (name: string): DateField => ({ name, label: "Date their access ends" });

/** A person's date read from their own boxes and put under the plain name the schema reads; a bad one taken out. */
function readOwnEndDate(formData: FormData, representativeId: string) {
  const own = accessEnds(`endsOn-${representativeId}`);
  const dateErrors = readDateFields(formData, [own]);
  if (["day", "month", "year"].some((part) => formData.has(`${own.name}-${part}`))) {
    const iso = formData.get(own.name);
    if (typeof iso === "string") formData.set("endsOn", iso);
    else formData.delete("endsOn");
  }
  return { own, dateErrors };
}

const SCOPES = Object.entries(SCOPE_NAMES) as [RepresentativeScope, string][];

export default function Representatives() {
  const fresh = useFreshAfterChange();
  const { people, holderName, isHolder, mayChange, query, emailedTo, invitationLink, emailFailed, done } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors ?? [];
  const values: Record<string, string | undefined> = result?.values ?? {};
  const whom = isHolder ? "you" : holderName;
  if (result && "revokeCheck" in result && result.revokeCheck) {
    const { representativeId, name } = result.revokeCheck;
    return (
      <ConfirmPage
        heading={`Are you sure you want to stop ${name} acting for ${whom}?`}
        fields={{ intent: "revoke", representativeId }}
        action={`/representatives${query}`}
        button={`Stop ${name} acting for ${whom}`}
        cancelTo={`/representatives${query}`}
        undo={`To let ${name} act for ${whom} again, you would need to invite them again.`}
      >
        <p>
          From now on {name} cannot see {isHolder ? "your" : `${holderName}'s`} plan, budget or spending, or do anything for {whom}. What they did before stays
          on the record.
        </p>
      </ConfirmPage>
    );
  }
  return (
    <div className="nhsuk-grid-row" key={fresh}>
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        {emailedTo ? (
          <SuccessBanner id="invitation-emailed" heading={`We have emailed an invitation to ${emailedTo}. The link in it works for 7 days.`}>
            Once they accept it, they can act for {whom} in the ways you chose. Until then they are listed below as not having accepted.
          </SuccessBanner>
        ) : null}
        {invitationLink && emailFailed ? (
          <NotificationBanner>
            <p className="nhsuk-notification-banner__heading">We could not send the email. Pass this link on yourself, or try again later.</p>
            <p>It works once, for 7 days:</p>
            <p>
              <code id="invitation-link">{invitationLink}</code>
            </p>
          </NotificationBanner>
        ) : invitationLink ? (
          <InsetText>
            <p>Email is not set up on this portal, so we have not emailed them.</p>
            <p>
              Send this link to the person you invited. With it they set a password, or sign in and accept if they have an account already. It works once, for 7
              days:
            </p>
            <p>
              <code id="invitation-link">{invitationLink}</code>
            </p>
          </InsetText>
        ) : null}
        {done === "changed" ? (
          <SuccessBanner heading="What they can do has been saved.">
            They can do only what is ticked from now on, until the date their access ends.
          </SuccessBanner>
        ) : done === "revoked" ? (
          <SuccessBanner heading={`They no longer act for ${whom}.`}>
            They cannot see or do anything for {whom} from now on. To let them act again, invite them again.
          </SuccessBanner>
        ) : null}
        <h1 id="people">{isHolder ? "People who act for you" : `People who act for ${holderName}`}</h1>
        {people.length === 0 ? <p>No one acts for {isHolder ? "you" : holderName} yet.</p> : null}
        {people.map((p) => (
          <div className="nhsuk-card" key={p.id}>
            <div className="nhsuk-card__content">
              <h2 className="nhsuk-card__heading">
                {p.name} ({p.relationship})
              </h2>
              <p className="nhsuk-body-s">
                {p.email}. Consent given by {p.consentGivenBy} on {longDate(new Date(p.consentGivenAt))}.
              </p>
              {p.revokedAt ? (
                <p>
                  No longer acts for {isHolder ? "you" : holderName}: access ended on {longDate(new Date(p.revokedAt))}.
                </p>
              ) : !mayChange ? (
                <p>
                  Can:{" "}
                  {SCOPES.filter(([scope]) => p.scopes.includes(scope))
                    .map(([, label]) => label.toLowerCase())
                    .join("; ")}
                  .{p.endsOn ? ` Access ends on ${longDate(p.endsOn)}.` : ""}
                  {p.pending ? " Has not accepted the invitation yet." : ""}
                </p>
              ) : (
                <>
                  <Form method="post" action={`/representatives${query}`}>
                    <input type="hidden" name="representativeId" value={p.id} />
                    <div className="nhsuk-form-group">
                      <fieldset className="nhsuk-fieldset">
                        <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">What {p.name} can do</legend>
                        <div className="nhsuk-checkboxes">
                          {SCOPES.map(([scope, label]) => (
                            <div className="nhsuk-checkboxes__item" key={scope}>
                              <input
                                className="nhsuk-checkboxes__input"
                                id={`scope-${p.id}-${scope}`}
                                name="scopes"
                                type="checkbox"
                                value={scope}
                                defaultChecked={p.scopes.includes(scope)}
                                disabled={scope === "view"}
                              />
                              <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={`scope-${p.id}-${scope}`}>
                                {label}
                              </label>
                            </div>
                          ))}
                        </div>
                      </fieldset>
                    </div>
                    <DateInput
                      name={`endsOn-${p.id}`}
                      label="Date their access ends (optional)"
                      hint="Leave empty for no end date. For example, 31 3 2027"
                      values={{ [`endsOn-${p.id}`]: p.endsOn ?? undefined, ...values }}
                      errors={errors}
                    />
                    <button type="submit" className="nhsuk-button nhsuk-button--secondary" name="intent" value="change">
                      Save what {p.name} can do
                    </button>{" "}
                    <button type="submit" className="nhsuk-button nhsuk-button--warning" name="intent" value="revoke">
                      Stop {p.name} acting for {isHolder ? "you" : holderName}
                    </button>
                  </Form>
                  {p.pending ? (
                    <Form method="post" action={`/representatives${query}`}>
                      <input type="hidden" name="representativeId" value={p.id} />
                      <p>
                        {p.name} has not accepted the invitation yet, so they cannot act for {isHolder ? "you" : holderName} yet. If they did not get it, or it
                        has stopped working, send a new one. Any earlier link will stop working.
                      </p>
                      <button type="submit" className="nhsuk-button nhsuk-button--secondary" name="intent" value="renew">
                        Send {p.name} a new invitation
                      </button>
                    </Form>
                  ) : null}
                </>
              )}
            </div>
          </div>
        ))}
        {mayChange ? <InviteForm /> : <p>Only coordinators can change who acts for {holderName}.</p>}
      </div>
    </div>
  );
}

function InviteForm() {
  const { isHolder, holderName, query } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors ?? [];
  const values = result?.values ?? {};
  const errorFor = (id: string) => errors.find((e) => e.fieldId === id)?.message;
  return (
    <>
      <h2>Invite someone to act for {isHolder ? "you" : holderName}</h2>
      <p>They will sign in with their own account. A child&apos;s parent can act for them even if the child has no account.</p>
      <Form method="post" action={`/representatives${query}`} noValidate>
        <TextField id="name" name="name" label="Full name" defaultValue={values.name} error={errorFor("name")} autoComplete="off" />
        <TextField
          id="email"
          name="email"
          type="email"
          label="Email address"
          defaultValue={values.email}
          error={errorFor("email")}
          autoComplete="off"
          spellCheck={false}
        />
        <TextField
          id="relationship"
          name="relationship"
          label="How are they related?"
          hint="For example, parent, carer, nominee or deputy"
          defaultValue={values.relationship}
          error={errorFor("relationship")}
        />
        <TextField
          id="consentGivenBy"
          name="consentGivenBy"
          label="Who gave consent for them to act?"
          hint="For example, the person themselves, or a parent with parental responsibility"
          defaultValue={values.consentGivenBy}
          error={errorFor("consentGivenBy")}
        />
        <div className="nhsuk-form-group">
          <fieldset className="nhsuk-fieldset">
            <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">What they can do</legend>
            <div className="nhsuk-checkboxes">
              {SCOPES.map(([scope, label]) => (
                <div className="nhsuk-checkboxes__item" key={scope}>
                  <input
                    className="nhsuk-checkboxes__input"
                    id={`invite-${scope}`}
                    name="scopes"
                    type="checkbox"
                    value={scope}
                    defaultChecked={scope === "view"}
                    disabled={scope === "view"}
                  />
                  <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={`invite-${scope}`}>
                    {label}
                  </label>
                </div>
              ))}
            </div>
          </fieldset>
        </div>
        <DateInput
          name="endsOn"
          label="Date their access ends (optional)"
          hint="Leave empty for no end date. For example, 31 3 2027"
          values={values}
          errors={errors}
        />
        <button type="submit" className="nhsuk-button" name="intent" value="invite">
          Invite them
        </button>
      </Form>
    </>
  );
}
