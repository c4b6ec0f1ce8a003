import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "#db/client.server";
import { requireAccess } from "~/access/access.server";
import { explainWorking } from "~/budgets/indicative";
import { IndicativeSchema } from "~/budgets/schemas";
import { calculateIndicativeBudget, listIndicativeBudgets, listStatementLines, recalculateIndicativeBudget } from "~/budgets/statement.server";
import { COHORT_NAMES } from "~/people/cohorts";
import { loadHolderName } from "~/plans/plan-views.server";
import { ErrorSummary } from "~/ui/error-summary";
import { TextField } from "~/ui/fields";
import { Money } from "~/ui/money";
import { longDate } from "~/dates/long-date";
import { pageTitle } from "~/ui/page-title";
import { readDone, SuccessBanner, withDone, useFreshAfterChange } from "~/ui/success-banner";
import { todayInUk } from "~/ledger/entries";
import { may } from "~/access/rules";
import { readForm } from "~/http/form-data";
import { requireId } from "~/http/ids";

export const meta: MetaFunction = () => pageTitle("Indicative budget");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const holderId = requireId(params.holderId);
  const { principal } = await requireAccess(request, "view-casework", { holderId });
  const db = getDb();
  const indicativeBudgets = await listIndicativeBudgets(db, holderId);
  return {
    holderId,
    holder: await loadHolderName(db, holderId),
    canManage: may(principal, "manage-plan", holderId),
    lines: await listStatementLines(db, { commissionerId: principal.commissionerId }),
    indicativeBudgets: indicativeBudgets.map((i) => ({ ...i, explained: i.workings.map(explainWorking) })),
    workedOut: readDone(request, ["worked-out"]) !== null,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const holderId = requireId(params.holderId);
  const { actor } = await requireAccess(request, "manage-plan", { holderId });
  const formData = await readForm(request);
  if (formData.get("intent") === "recalculate") {
    const result = await recalculateIndicativeBudget(getDb(), { actor, holderId, on: todayInUk() });
    if (!result.ok) return data({ errors: [{ fieldId: "lineKeys", message: result.message }] }, { status: 400 });
    throw redirect(withDone(`/staff/holders/${holderId}/indicative-budget`, "worked-out"));
  }
  const submission = parseWithZod(formData, { schema: IndicativeSchema });
  if (submission.status !== "success") {
    const message = Object.values(submission.error ?? {}).flat()[0] ?? "Select at least one line from the statement of resources";
    return data({ errors: [{ fieldId: "lineKeys", message }] }, { status: 400 });
  }
  const result = await calculateIndicativeBudget(getDb(), { actor, holderId, ...submission.value, on: todayInUk() });
  if (!result.ok) return data({ errors: [{ fieldId: "lineKeys", message: result.message }] }, { status: 400 });
  throw redirect(withDone(`/staff/holders/${holderId}/indicative-budget`, "worked-out"));
}

export default function IndicativeBudget() {
  const fresh = useFreshAfterChange();
  const { holderId, holder, canManage, lines, indicativeBudgets, workedOut } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const errors = reply?.errors ?? [];
  const [latest] = indicativeBudgets;
  return (
    <div className="nhsuk-grid-row" key={fresh}>
      <div className="nhsuk-grid-column-full">
        <ErrorSummary errors={errors} />
        {workedOut && latest && !reply ? (
          <SuccessBanner heading={`Indicative budget version ${latest.version} has been worked out.`}>
            It is shown below. When the plan is sent for approval, its final budget is compared with it.
          </SuccessBanner>
        ) : null}
        <span className="nhsuk-caption-l">
          {holder.givenName} {holder.familyName}
        </span>
        <h1>Indicative budget</h1>
        <p>
          <Link to={`/staff/holders/${holderId}/plan`}>Back to the plan</Link>
        </p>
        {indicativeBudgets.map((i) => (
          <div className="nhsuk-card" key={i.id}>
            <div className="nhsuk-card__content">
              <h2 className="nhsuk-card__heading">
                Version {i.version}: <Money pence={i.totalPence} />
              </h2>
              <p>
                Worked out on {longDate(i.calculatedOn)}
                {i.band ? ` for band ${i.band}` : ""}.
              </p>
              <ul className="nhsuk-list nhsuk-list--bullet">
                {i.explained.map((t, n) => (
                  <li key={n}>{t}</li>
                ))}
              </ul>
            </div>
          </div>
        ))}
        {canManage ? (
          <>
            {latest ? (
              <Form method="post">
                <button className="nhsuk-button nhsuk-button--secondary" type="submit" name="intent" value="recalculate">
                  Recalculate with the current statement of resources
                </button>
              </Form>
            ) : null}
            <h2>Work out a new indicative budget</h2>
            <Form method="post">
              <div className={`nhsuk-form-group${errors.length ? " nhsuk-form-group--error" : ""}`}>
                <fieldset className="nhsuk-fieldset">
                  <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Lines of the statement of resources that apply</legend>
                  {errors.length ? (
                    <span className="nhsuk-error-message" id="lineKeys-error">
                      <span className="nhsuk-u-visually-hidden">Error:</span> {errors[0].message}
                    </span>
                  ) : null}
                  <div className="nhsuk-checkboxes">
                    {lines.map((l, i) => (
                      <div className="nhsuk-checkboxes__item" key={l.id}>
                        <input
                          className="nhsuk-checkboxes__input"
                          id={i === 0 ? "lineKeys" : `lineKeys-${i}`}
                          name="lineKeys"
                          type="checkbox"
                          value={l.lineKey}
                          defaultChecked={latest?.lineKeys.includes(l.lineKey)}
                        />
                        <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={i === 0 ? "lineKeys" : `lineKeys-${i}`}>
                          {l.service} ({COHORT_NAMES[l.cohort]}
                          {l.band ? `, band ${l.band}` : ""}): {l.unitsPerYear} {l.unit} x <Money pence={l.costPerUnitPence} />
                        </label>
                      </div>
                    ))}
                  </div>
                </fieldset>
              </div>
              <TextField id="band" name="band" label="Band of need (optional)" width={10} defaultValue={latest?.band ?? ""} />
              <button className="nhsuk-button" type="submit" name="intent" value="calculate">
                Work out the indicative budget
              </button>
            </Form>
          </>
        ) : null}
      </div>
    </div>
  );
}
