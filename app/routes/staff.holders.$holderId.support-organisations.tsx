import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "#db/client.server";
import { requireAccess } from "~/access/access.server";
import { may } from "~/access/rules";
import { readDateFields, withDateErrors } from "~/dates/date-fields";
import { longDate } from "~/dates/long-date";
import { formText, formTextValues, readForm } from "~/http/form-data";
import { requireId } from "~/http/ids";
import { todayInUk } from "~/ledger/entries";
import { inForce, SUPPORT_SCOPE_NAMES, SUPPORT_SCOPES } from "~/payroll/assignments";
import { assignOrganisation, endAssignment, holderAssignments } from "~/payroll/assignments.server";
import { loadHolderName } from "~/plans/plan-views.server";
import { DateInput } from "~/ui/date-input";
import { ErrorSummary, type FieldError } from "~/ui/error-summary";
import { Select } from "~/ui/fields";
import { pageTitle } from "~/ui/page-title";
import { readDone, SuccessBanner, withDone } from "~/ui/success-banner";

export const meta: MetaFunction = () => pageTitle("Support organisations");

const DATES = [
  { name: "startsOn", label: "First day", rules: { required: true } },
  { name: "endsOn", label: "Last day (optional)" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const holderId = requireId(params.holderId);
  const { principal } = await requireAccess(request, "view-casework", { holderId });
  const db = getDb();
  const [holder, { assigned, organisations }] = await Promise.all([
    loadHolderName(db, holderId),
    holderAssignments(db, { holderId, commissionerId: principal.commissionerId }),
  ]);
  return {
    holderId,
    holder,
    assigned,
    organisations,
    today: todayInUk(),
    canManage: may(principal, "manage-plan", holderId),
    done: readDone(request, ["assigned", "ended"]),
  };
}

type Reply = { errors: FieldError[]; values: Record<string, string> };

export async function action({ request, params }: ActionFunctionArgs) {
  const holderId = requireId(params.holderId);
  const { actor, principal } = await requireAccess(request, "manage-plan", { holderId });
  const form = await readForm(request);
  const here = `/staff/holders/${holderId}/support-organisations`;
  if (formText(form, "intent") === "end") {
    const ended = await endAssignment(getDb(), { actor, holderId, organisationId: formText(form, "organisationId"), endsOn: todayInUk() });
    if (!ended.ok) return data<Reply>({ errors: [{ fieldId: "", message: ended.message }], values: {} }, { status: 400 });
    throw redirect(withDone(here, "ended"));
  }
  const dateErrors = readDateFields(form, DATES);
  const values = formTextValues(form);
  if (dateErrors.length) return data<Reply>({ errors: withDateErrors(dateErrors, [], DATES), values }, { status: 400 });
  const result = await assignOrganisation(getDb(), {
    actor,
    commissionerId: principal.commissionerId,
    holderId,
    organisationId: formText(form, "organisationId"),
    scopes: form.getAll("scopes").filter((s): s is string => typeof s === "string"),
    startsOn: formText(form, "startsOn"),
    endsOn: formText(form, "endsOn") || null,
  });
  if (!result.ok) {
    const fieldId = result.field === "endsOn" ? "endsOn-day" : result.field === "scopes" ? "scopes" : "organisationId";
    return data<Reply>({ errors: [{ fieldId, message: result.message }], values }, { status: 400 });
  }
  throw redirect(withDone(here, "assigned"));
}

export default function SupportOrganisations() {
  const { holderId, holder, assigned, organisations, today, canManage, done } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const errors = reply?.errors ?? [];
  const values = reply?.values ?? { "startsOn-day": "", "startsOn-month": "", "startsOn-year": "" };
  const err = (id: string) => errors.find((e) => e.fieldId === id)?.message;
  const name = holder ? `${holder.givenName} ${holder.familyName}` : "this person";
  return (
    <>
      <ErrorSummary errors={errors} />
      {done && !reply ? <SuccessBanner heading={done === "assigned" ? "The organisation is assigned." : "The assignment has ended."} /> : null}
      <p>
        <Link to={`/staff/holders/${holderId}/plan`}>Back to {name}'s plan</Link>
      </p>
      <h1>Support organisations for {name}</h1>
      <p>An organisation sees {name} and their money only while it is assigned, and only for what it is assigned to do.</p>
      {assigned.length === 0 ? (
        <p>No organisation has been assigned.</p>
      ) : (
        <ul className="nhsuk-list">
          {assigned.map((a) => (
            <li key={a.organisationId} className="nhsuk-u-margin-bottom-4">
              <h2 className="nhsuk-heading-s nhsuk-u-margin-bottom-1">{a.name}</h2>
              <p className="nhsuk-u-margin-bottom-1">
                {a.scopes.map((s) => SUPPORT_SCOPE_NAMES[s]).join("; ")}. From {longDate(a.startsOn)}
                {a.endsOn ? ` to ${longDate(a.endsOn)}` : ""}. {inForce(a, today) ? "In force now." : a.startsOn > today ? "Not started yet." : "Ended."}
              </p>
              {canManage && inForce(a, today) ? (
                <Form method="post">
                  <input type="hidden" name="organisationId" value={a.organisationId} />
                  <button className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" type="submit" name="intent" value="end">
                    End today<span className="nhsuk-u-visually-hidden"> the assignment of {a.name}</span>
                  </button>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {canManage ? (
        <>
          <h2>Assign an organisation</h2>
          <Form method="post" noValidate>
            <Select
              id="organisationId"
              name="organisationId"
              label="Organisation"
              value={values.organisationId ?? ""}
              options={[["", "Select an organisation"], ...organisations.map((o): [string, string] => [o.id, o.name])]}
              error={err("organisationId")}
            />
            <div className={`nhsuk-form-group${err("scopes") ? " nhsuk-form-group--error" : ""}`}>
              <fieldset className="nhsuk-fieldset" aria-describedby={err("scopes") ? "scopes-error" : undefined}>
                <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">What will it do for {name}?</legend>
                {err("scopes") ? (
                  <span className="nhsuk-error-message" id="scopes-error">
                    <span className="nhsuk-u-visually-hidden">Error:</span> {err("scopes")}
                  </span>
                ) : null}
                <div className="nhsuk-checkboxes">
                  {SUPPORT_SCOPES.map((scope, i) => (
                    <div className="nhsuk-checkboxes__item" key={scope}>
                      <input className="nhsuk-checkboxes__input" id={i === 0 ? "scopes" : `scopes-${scope}`} name="scopes" type="checkbox" value={scope} />
                      <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={i === 0 ? "scopes" : `scopes-${scope}`}>
                        {SUPPORT_SCOPE_NAMES[scope]}
                      </label>
                    </div>
                  ))}
                </div>
              </fieldset>
            </div>
            {DATES.map((d) => (
              <DateInput key={d.name} name={d.name} label={d.label} hint="For example, 1 12 2026" values={values} errors={errors} />
            ))}
            <button className="nhsuk-button" type="submit" name="intent" value="assign">
              Assign the organisation
            </button>
          </Form>
        </>
      ) : null}
    </>
  );
}
