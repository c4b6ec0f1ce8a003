import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "#db/client.server";
import { requireAccess } from "~/access/access.server";
import { formatPence } from "~/ledger/money";
import { listThirdPartyOrganisations, loadHolderName, loadPlan, savePlanDraft } from "~/plans/plans.server";
import { FIVE_CRITERIA, FREQUENCY_NAMES, FUNDING_SOURCE_NAMES } from "~/plans/rules";
import { idOf, PlanSchema } from "~/plans/schemas";
import { HOLDING_NAMES } from "~/budgets/budget-summary";
import { ErrorSummary } from "~/ui/error-summary";
import { TextField } from "~/ui/fields";
import { pageTitle } from "~/ui/page-title";
import { todayInUk } from "~/ledger/entries";
import { formText } from "~/http/form-data";

export const meta: MetaFunction = () => pageTitle("Personalised care and support plan: edit the draft");

const SPARE_ROWS = 2;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const holderId = params.holderId!;
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
  const holderId = params.holderId!;
  const { actor } = await requireAccess(request, "manage-plan", { holderId });
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: PlanSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const v = submission.value;
  const result = await savePlanDraft(getDb(), {
    actor,
    holderId,
    planVersionId: formText(formData, "planVersionId"),
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
  if (!result.ok) return data(submission.reply({ formErrors: [result.message] }), { status: 400 });
  if (formData.get("intent") === "add-rows") throw redirect(`/staff/holders/${holderId}/plan/edit`);
  throw redirect(`/staff/holders/${holderId}/plan`);
}

export default function EditPlan() {
  const { holderId, holder, version, content, organisations } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const errorMap: Record<string, string[]> = (reply && "error" in reply && reply.error ? reply.error : {}) as Record<string, string[]>;
  const sent = (reply && "initialValue" in reply ? reply.initialValue : null) as Record<string, unknown> | null;
  const errors = Object.entries(errorMap).flatMap(([name, messages]) =>
    (messages ?? []).map((message) => ({
      fieldId:
        name === ""
          ? /review/.test(message)
            ? "firstReviewOn"
            : /third-party/.test(message)
              ? "supportLines-0-thirdPartyOrganisationId"
              : "whatMatters"
          : idOf(name),
      message,
    })),
  );
  const err = (name: string) => errorMap[name]?.[0];
  const value = (name: string, fallback: string) => {
    if (!sent) return fallback;
    const path = name.split(/[[\].]+/).filter(Boolean);
    let v: unknown = sent;
    for (const p of path) v = v == null ? undefined : (v as Record<string, unknown>)[p];
    return typeof v === "string" ? v : Array.isArray(v) ? v : fallback;
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
          {lineRows.map((l, i) => {
            const n = (f: string) => `supportLines[${i}].${f}`;
            const linked = sent ? ([] as string[]).concat((value(n("outcomePositions"), "") as string | string[]) || []) : l.outcomePositions.map(String);
            return (
              <fieldset className="nhsuk-fieldset app-row" key={`l${i}`}>
                <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">
                  Support line {i + 1}
                  {i >= content.supportLines.length ? " (leave blank if not needed)" : ""}
                </legend>
                {l.lineKey ? <input type="hidden" name={n("lineKey")} value={l.lineKey} /> : null}
                <TextField
                  id={idOf(n("description"))}
                  name={n("description")}
                  label="What the support is"
                  defaultValue={value(n("description"), l.description) as string}
                  error={err(n("description"))}
                />
                <TextField
                  id={idOf(n("provider"))}
                  name={n("provider")}
                  label="Provider or who is paid"
                  defaultValue={value(n("provider"), l.provider) as string}
                  error={err(n("provider"))}
                />
                <TextField
                  id={idOf(n("units"))}
                  name={n("units")}
                  label="Units"
                  inputMode="numeric"
                  width={4}
                  defaultValue={value(n("units"), l.units) as string}
                  error={err(n("units"))}
                />
                <Select
                  id={idOf(n("frequency"))}
                  name={n("frequency")}
                  label="How often"
                  value={value(n("frequency"), l.frequency) as string}
                  error={err(n("frequency"))}
                  options={Object.entries(FREQUENCY_NAMES)}
                />
                <TextField
                  id={idOf(n("costPerUnit"))}
                  name={n("costPerUnit")}
                  label="Cost per unit, in pounds"
                  hint="For example, 15.50"
                  inputMode="decimal"
                  width={5}
                  defaultValue={value(n("costPerUnit"), l.costPerUnit) as string}
                  error={err(n("costPerUnit"))}
                />
                <Select
                  id={idOf(n("fundingSource"))}
                  name={n("fundingSource")}
                  label="Funding source"
                  value={value(n("fundingSource"), l.fundingSource) as string}
                  error={err(n("fundingSource"))}
                  options={Object.entries(FUNDING_SOURCE_NAMES)}
                />
                <Select
                  id={idOf(n("holding"))}
                  name={n("holding")}
                  label="How it is held"
                  value={value(n("holding"), l.holding) as string}
                  error={err(n("holding"))}
                  options={Object.entries(HOLDING_NAMES)}
                />
                <Select
                  id={idOf(n("thirdPartyOrganisationId"))}
                  name={n("thirdPartyOrganisationId")}
                  label="Organisation holding a third-party budget"
                  value={value(n("thirdPartyOrganisationId"), l.thirdPartyOrganisationId ?? "") as string}
                  options={[["", "Not a third-party budget"], ...organisations.map((o) => [o.id, o.name] as [string, string])]}
                />
                <div className={`nhsuk-form-group${err(n("outcomePositions")) ? " nhsuk-form-group--error" : ""}`}>
                  <fieldset className="nhsuk-fieldset" aria-describedby={err(n("outcomePositions")) ? `${idOf(n("outcomePositions"))}-error` : undefined}>
                    <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Outcomes this support is for</legend>
                    {err(n("outcomePositions")) ? (
                      <span className="nhsuk-error-message" id={`${idOf(n("outcomePositions"))}-error`}>
                        <span className="nhsuk-u-visually-hidden">Error:</span> {err(n("outcomePositions"))}
                      </span>
                    ) : null}
                    <div className="nhsuk-checkboxes nhsuk-checkboxes--small">
                      {outcomeRows.map((_, oi) => (
                        <div className="nhsuk-checkboxes__item" key={oi}>
                          <input
                            className="nhsuk-checkboxes__input"
                            id={oi === 0 ? idOf(n("outcomePositions")) : `${idOf(n("outcomePositions"))}-${oi + 1}`}
                            name={n("outcomePositions")}
                            type="checkbox"
                            value={oi + 1}
                            defaultChecked={linked.includes(String(oi + 1))}
                          />
                          <label
                            className="nhsuk-label nhsuk-checkboxes__label"
                            htmlFor={oi === 0 ? idOf(n("outcomePositions")) : `${idOf(n("outcomePositions"))}-${oi + 1}`}
                          >
                            Outcome {oi + 1}
                          </label>
                        </div>
                      ))}
                    </div>
                  </fieldset>
                </div>
              </fieldset>
            );
          })}
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
          <TextField
            id="startsOn"
            name="startsOn"
            type="date"
            label="Date the plan starts"
            width={10}
            defaultValue={value("startsOn", version.startsOn) as string}
            error={err("startsOn")}
          />
          <TextField
            id="firstReviewOn"
            name="firstReviewOn"
            type="date"
            label="First review"
            hint="No more than 3 months after the plan starts. You can set an earlier date."
            width={10}
            defaultValue={value("firstReviewOn", version.firstReviewOn) as string}
            error={err("firstReviewOn")}
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

function Select({
  id,
  name,
  label,
  value,
  options,
  error,
}: {
  id: string;
  name: string;
  label: string;
  value: string;
  options: [string, string][];
  error?: string;
}) {
  return (
    <div className={`nhsuk-form-group${error ? " nhsuk-form-group--error" : ""}`}>
      <label className="nhsuk-label" htmlFor={id}>
        {label}
      </label>
      {error ? (
        <span className="nhsuk-error-message" id={`${id}-error`}>
          <span className="nhsuk-u-visually-hidden">Error:</span> {error}
        </span>
      ) : null}
      <select
        className={`nhsuk-select${error ? " nhsuk-select--error" : ""}`}
        id={id}
        name={name}
        defaultValue={value}
        aria-describedby={error ? `${id}-error` : undefined}
      >
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}
