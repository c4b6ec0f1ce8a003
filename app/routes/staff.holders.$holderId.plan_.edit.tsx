import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "#db/client.server";
import { requireAccess } from "~/access/access.server";
import { formatPence } from "~/ledger/money";
import { savePlanDraft } from "~/plans/plans.server";
import { listThirdPartyOrganisations, loadHolderName, loadPlan } from "~/plans/plan-views.server";
import { FIVE_CRITERIA } from "~/plans/rules";
import { idOf, PLAN_DATES, PlanSchema } from "~/plans/schemas";
import { readDateFields, withDateErrors, type DateFieldError } from "~/dates/date-fields";
import { DateInput } from "~/ui/date-input";
import { ErrorSummary, type FieldError } from "~/ui/error-summary";
import { TextField } from "~/ui/fields";
import { SupportLineFields } from "~/ui/support-line-fields";
import { pageTitle } from "~/ui/page-title";
import { todayInUk } from "~/ledger/entries";
import { formText, readForm } from "~/http/form-data";
import { requireId } from "~/http/ids";

export const meta: MetaFunction = () => pageTitle("Personalised care and support plan: edit the draft");

const SPARE_ROWS = 2;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const holderId = requireId(params.holderId);
  const { principal } = await requireAccess(request, "manage-plan", { holderId });
  const db = getDb();
  // Only a draft is edited here; a new draft is started from the plan page (a POST, never on GET).
  const plan = await loadPlan(db, { holderId });
  if (!plan?.current || plan.current.status !== "draft") throw redirect(`/staff/holders/${holderId}/plan`);
  return {
    holderId,
    holder: await loadHolderName(db, holderId),
    version: plan.current,
    content: plan.content,
    organisations: await listThirdPartyOrganisations(db, principal.commissionerId),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const holderId = requireId(params.holderId);
  const { actor } = await requireAccess(request, "manage-plan", { holderId });
  const formData = await readForm(request);
  const planVersionId = requireId(formText(formData, "planVersionId"));
  const dateErrors = readDateFields(formData, PLAN_DATES);
  const submission = parseWithZod(formData, { schema: PlanSchema });
  if (submission.status !== "success" || dateErrors.length) return data({ ...submission.reply(), dateErrors }, { status: 400 });
  const v = submission.value;
  const result = await savePlanDraft(getDb(), {
    actor,
    holderId,
    planVersionId,
    today: todayInUk(),
    content: {
      startsOn: v.startsOn,
      whatMatters: v.whatMatters,
      whoWasInvolved: v.whoWasInvolved,
      criteriaMet: v.criteriaMet,
      contingencyPence: v.contingency,
      firstReviewOn: v.firstReviewOn,
      reviewEveryMonths: v.reviewEveryMonths,
      outcomes: v.outcomes,
      supportLines: v.supportLines.map(({ costPerUnit, ...l }) => ({
        ...l,
        lineKey: l.lineKey ?? null,
        costPerUnitPence: costPerUnit,
        thirdPartyOrganisationId: l.thirdPartyOrganisationId ?? null,
      })),
    },
  });
  if (!result.ok) return data({ ...submission.reply({ formErrors: [result.message] }), dateErrors: [] as DateFieldError[] }, { status: 400 });
  if (formData.get("intent") === "add-rows") throw redirect(`/staff/holders/${holderId}/plan/edit`);
  throw redirect(`/staff/holders/${holderId}/plan`);
}

export default function EditPlan() {
  const { holderId, holder, version, content, organisations } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const errorMap: Record<string, string[]> = (reply && "error" in reply && reply.error ? reply.error : {}) as Record<string, string[]>;
  const sent = (reply && "initialValue" in reply ? reply.initialValue : null) as Record<string, unknown> | null;
  const formErrors: FieldError[] = Object.entries(errorMap).flatMap(([name, messages]) =>
    (messages ?? []).map((message) => ({
      fieldId:
        name === ""
          ? /review/.test(message)
            ? "firstReviewOn-day"
            : /third-party/.test(message)
              ? "supportLines-0-thirdPartyOrganisationId"
              : "whatMatters"
          : idOf(name),
      message,
    })),
  );
  const errors = withDateErrors(reply?.dateErrors ?? [], formErrors, PLAN_DATES);
  const err = (name: string) => errorMap[name]?.[0];
  const value = (name: string, fallback: string) => {
    if (!sent) return fallback;
    const path = name.split(/[[\].]+/).filter(Boolean);
    let v: unknown = sent;
    for (const p of path) v = v == null ? undefined : (v as Record<string, unknown>)[p];
    return typeof v === "string" ? v : Array.isArray(v) ? v : fallback;
  };

  // The dates as typed in their boxes after a message, or else as the draft has them.
  const dateValues: Record<string, string | undefined> = {
    startsOn: (value("startsOn", version.startsOn ?? "") as string) || undefined,
    firstReviewOn: (value("firstReviewOn", version.firstReviewOn ?? "") as string) || undefined,
    ...Object.fromEntries(Object.entries(sent ?? {}).filter(([k, v]) => typeof v === "string" && PLAN_DATES.some((d) => k.startsWith(`${d.name}-`)))),
  };
  const outcomeRows = [
    ...content.outcomes.map((o) => ({ outcome: o.outcome, howWillYouKnow: o.howWillYouKnow })),
    ...Array.from({ length: SPARE_ROWS }, () => ({ outcome: "", howWillYouKnow: "" })),
  ];
  const lineRows = [
    ...content.supportLines.map((l) => ({ ...l, costPerUnit: formatPence(l.costPerUnitPence).slice(1).replace(/,/g, ""), units: String(l.units) })),
    ...Array.from({ length: SPARE_ROWS }, () => ({
      lineKey: "",
      description: "",
      provider: "",
      units: "",
      frequency: "a-week",
      costPerUnit: "",
      fundingSource: "nhs",
      holding: "notional",
      thirdPartyOrganisationId: null as string | null,
      outcomePositions: [] as number[],
    })),
  ];
  const criteriaSent = sent ? ([] as string[]).concat((sent.criteriaMet as string[] | string | undefined) ?? []) : version.criteriaMet;

  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-full">
        <ErrorSummary errors={errors} />
        <span className="nhsuk-caption-l">
          {holder.givenName} {holder.familyName}, version {version.version} (draft)
        </span>
        <h1>Personalised care and support plan</h1>
        <p>
          <Link to={`/staff/holders/${holderId}/plan`}>Back to the plan</Link>
        </p>
        <Form method="post" noValidate>
          <input type="hidden" name="planVersionId" value={version.id} />
          <div className={`nhsuk-form-group${err("whatMatters") ? " nhsuk-form-group--error" : ""}`}>
            <label className="nhsuk-label nhsuk-label--m" htmlFor="whatMatters">
              What matters to the person, in their own words
            </label>
            {err("whatMatters") ? (
              <span className="nhsuk-error-message" id="whatMatters-error">
                <span className="nhsuk-u-visually-hidden">Error:</span> {err("whatMatters")}
              </span>
            ) : null}
            <textarea
              className="nhsuk-textarea"
              id="whatMatters"
              name="whatMatters"
              rows={4}
              defaultValue={value("whatMatters", version.whatMatters) as string}
              aria-describedby={err("whatMatters") ? "whatMatters-error" : undefined}
            />
          </div>
          <div className={`nhsuk-form-group${err("whoWasInvolved") ? " nhsuk-form-group--error" : ""}`}>
            <label className="nhsuk-label nhsuk-label--m" htmlFor="whoWasInvolved">
              Who was involved, chosen by the person
            </label>
            <div className="nhsuk-hint" id="whoWasInvolved-hint">
              For example, "Me, my daughter Jo and my district nurse. I chose them."
            </div>
            {err("whoWasInvolved") ? (
              <span className="nhsuk-error-message" id="whoWasInvolved-error">
                <span className="nhsuk-u-visually-hidden">Error:</span> {err("whoWasInvolved")}
              </span>
            ) : null}
            <textarea
              className="nhsuk-textarea"
              id="whoWasInvolved"
              name="whoWasInvolved"
              rows={2}
              defaultValue={value("whoWasInvolved", version.whoWasInvolved) as string}
              aria-describedby="whoWasInvolved-hint"
            />
          </div>

          <h2>Health and wellbeing outcomes</h2>
          {outcomeRows.map((o, i) => (
            <fieldset className="nhsuk-fieldset app-row" key={`o${i}`}>
              <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">
                Outcome {i + 1}
                {i >= content.outcomes.length ? " (leave blank if not needed)" : ""}
              </legend>
              <TextField
                id={idOf(`outcomes[${i}].outcome`)}
                name={`outcomes[${i}].outcome`}
                label="The outcome the person wants"
                defaultValue={value(`outcomes[${i}].outcome`, o.outcome) as string}
                error={err(`outcomes[${i}].outcome`)}
              />
              <TextField
                id={idOf(`outcomes[${i}].howWillYouKnow`)}
                name={`outcomes[${i}].howWillYouKnow`}
                label="How the person will know it is achieved"
                defaultValue={value(`outcomes[${i}].howWillYouKnow`, o.howWillYouKnow) as string}
                error={err(`outcomes[${i}].howWillYouKnow`)}
              />
            </fieldset>
          ))}

          <h2>Support</h2>
          {lineRows.map((l, i) => (
            <SupportLineFields
              key={`l${i}`}
              index={i}
              line={l}
              spare={i >= content.supportLines.length}
              outcomeCount={outcomeRows.length}
              organisations={organisations}
              value={value}
              err={err}
              sent={Boolean(sent)}
            />
          ))}
          <button type="submit" name="intent" value="add-rows" className="nhsuk-button nhsuk-button--secondary">
            Save and add more rows
          </button>

          <h2>Contingency and reviews</h2>
          <TextField
            id="contingency"
            name="contingency"
            label="Contingency, in pounds"
            hint="Kept by the NHS for when needs change. For example, 500.00"
            inputMode="decimal"
            width={10}
            defaultValue={value("contingency", formatPence(version.contingencyPence).slice(1).replace(/,/g, "")) as string}
            error={err("contingency")}
          />
          <DateInput name="startsOn" label="Date the plan starts" values={dateValues} errors={errors} />
          <DateInput
            name="firstReviewOn"
            label="Date of the first review"
            hint="No more than 3 months after the plan starts. You can set an earlier date. For example, 1 3 2027"
            values={dateValues}
            errors={errors}
          />
          <TextField
            id="reviewEveryMonths"
            name="reviewEveryMonths"
            label="Then review every (months)"
            hint="At least every 12 months"
            inputMode="numeric"
            width={2}
            defaultValue={value("reviewEveryMonths", String(version.reviewEveryMonths)) as string}
            error={err("reviewEveryMonths")}
          />

          <div className="nhsuk-form-group">
            <fieldset className="nhsuk-fieldset" aria-describedby="criteriaMet-hint">
              <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--m">
                <h2 className="nhsuk-fieldset__heading">The five criteria, completed with the person</h2>
              </legend>
              <div className="nhsuk-hint" id="criteriaMet-hint">
                All five must be met before the plan can be submitted for approval.
              </div>
              <div className="nhsuk-checkboxes">
                {FIVE_CRITERIA.map((c, i) => (
                  <div className="nhsuk-checkboxes__item" key={c.key}>
                    <input
                      className="nhsuk-checkboxes__input"
                      id={i === 0 ? "criteriaMet" : `criteriaMet-${c.key}`}
                      name="criteriaMet"
                      type="checkbox"
                      value={c.key}
                      defaultChecked={criteriaSent.includes(c.key)}
                    />
                    <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={i === 0 ? "criteriaMet" : `criteriaMet-${c.key}`}>
                      {c.text}
                    </label>
                  </div>
                ))}
              </div>
            </fieldset>
          </div>
          <button type="submit" name="intent" value="save" className="nhsuk-button">
            Save the draft
          </button>
        </Form>
      </div>
    </div>
  );
}
