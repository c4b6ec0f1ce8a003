import { Fragment } from "react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "#db/client.server";
import { requireAccess } from "~/access/access.server";
import { AVAILABLE_FROM, COSTING_METHOD_NAMES, StatementLineSchema } from "~/budgets/schemas";
import { readDateFields, withDateErrors } from "~/dates/date-fields";
import { DateInput } from "~/ui/date-input";
import { addStatementLines, importStatementCsv, listStatementLines } from "~/budgets/statement.server";
import { COHORT_NAMES } from "~/people/cohorts";
import { idOf } from "~/plans/schemas";
import { ErrorSummary, fieldErrors, type FieldError } from "~/ui/error-summary";
import { TextField } from "~/ui/fields";
import { Money } from "~/ui/money";
import { longDate } from "~/dates/long-date";
import { pageTitle } from "~/ui/page-title";
import { readDone, SuccessBanner, withDone, useFreshAfterChange } from "~/ui/success-banner";
import { may } from "~/access/rules";
import { formTextValues } from "~/http/form-data";
import { ScrollableTable } from "~/ui/table-region";

export const meta: MetaFunction = () => pageTitle("Statement of resources");

export async function loader({ request }: LoaderFunctionArgs) {
  const { principal } = await requireAccess(request, "view-caseload", "own-commissioner");
  const url = new URL(request.url);
  return {
    canManage: may(principal, "manage-statement-of-resources"),
    imported: url.searchParams.get("imported"),
    added: readDone(request, ["added"]) !== null,
    lines: await listStatementLines(getDb(), { commissionerId: principal.commissionerId }),
  };
}

/** What the page shows after a refused form or file: errors for the summary, or a notice that nothing changed. */
type Reply = { errors: FieldError[]; initial: Record<string, string | undefined>; notice?: string };

export async function action({ request }: ActionFunctionArgs) {
  const { actor, principal } = await requireAccess(request, "manage-statement-of-resources", "own-commissioner");
  const formData = await request.formData();
  if (formData.get("intent") === "import") {
    const file = formData.get("file");
    const text = file instanceof File ? await file.text() : String(file ?? "");
    const result = await importStatementCsv(getDb(), { actor, commissionerId: principal.commissionerId, text });
    if (!result.ok && "alreadyImported" in result) return data<Reply>({ errors: [], initial: {}, notice: result.alreadyImported }, { status: 409 });
    if (!result.ok)
      return data<Reply>({ errors: result.errors.map((e) => ({ fieldId: "file", message: `Line ${e.line}: ${e.message}` })), initial: {} }, { status: 400 });
    throw redirect(`/staff/statement-of-resources?imported=${result.imported}`);
  }
  const dateErrors = readDateFields(formData, [AVAILABLE_FROM]);
  const submission = parseWithZod(formData, { schema: StatementLineSchema });
  if (submission.status !== "success" || dateErrors.length) {
    return data<Reply>(
      {
        errors: withDateErrors(
          dateErrors,
          fieldErrors(submission).map((e) => ({ ...e, fieldId: idOf(e.fieldId) })),
          [AVAILABLE_FROM],
        ),
        initial: formTextValues(formData),
      },
      { status: 400 },
    );
  }
  const { costPerUnit, ...line } = submission.value;
  await addStatementLines(getDb(), { actor, commissionerId: principal.commissionerId, lines: [{ ...line, costPerUnitPence: costPerUnit }] });
  throw redirect(withDone("/staff/statement-of-resources", "added"));
}

export default function StatementOfResources() {
  const fresh = useFreshAfterChange();
  const { canManage, lines, imported, added } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const errors = reply?.errors ?? [];
  const err = (id: string) =>
    errors
      .filter((e) => e.fieldId === id)
      .map((e) => e.message)
      .join(". ") || undefined;
  const initial = reply?.initial ?? {};
  return (
    <Fragment key={fresh}>
      <ErrorSummary errors={errors} />
      {imported && !reply ? (
        <SuccessBanner heading={`${Number(imported) || 0} lines imported.`}>
          They are in the list below. Indicative budgets worked out from now on use them; those worked out before stay as they were.
        </SuccessBanner>
      ) : added && !reply ? (
        <SuccessBanner heading="The line has been added.">
          It is in the list below. Indicative budgets worked out from now on use it; those worked out before stay as they were.
        </SuccessBanner>
      ) : null}
      <h1>Statement of resources</h1>
      <p>
        The services people in each cohort would otherwise get, what they cost and whether they can be included in a personal budget.{" "}
        <Link to="/staff">Back to people</Link>
      </p>
      {reply?.notice ? (
        <div className="nhsuk-inset-text">
          <p>{reply.notice}</p>
        </div>
      ) : null}
      <p>
        <a href="/staff/statement-of-resources.csv">Download the statement of resources (CSV)</a>
      </p>
      <ScrollableTable caption={<>{lines.length} lines</>}>
        <thead className="nhsuk-table__head">
          <tr className="nhsuk-table__row">
            <th scope="col" className="nhsuk-table__header">
              Service
            </th>
            <th scope="col" className="nhsuk-table__header">
              Cohort and band
            </th>
            <th scope="col" className="nhsuk-table__header">
              How the cost is calculated
            </th>
            <th scope="col" className="nhsuk-table__header">
              Units per year
            </th>
            <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric">
              Cost per unit
            </th>
            <th scope="col" className="nhsuk-table__header">
              In personal budgets
            </th>
          </tr>
        </thead>
        <tbody className="nhsuk-table__body">
          {lines.map((l) => (
            <tr className="nhsuk-table__row" key={l.id}>
              <td className="nhsuk-table__cell">
                <Link to={`/staff/statement-of-resources/${l.lineKey}`}>{l.service}</Link>
                <br />
                <span className="nhsuk-body-s">
                  {l.provider}: {l.purpose} (version {l.version})
                </span>
              </td>
              <td className="nhsuk-table__cell">
                {COHORT_NAMES[l.cohort]}
                {l.band ? `, band ${l.band}` : ""}
              </td>
              <td className="nhsuk-table__cell">{COSTING_METHOD_NAMES[l.costingMethod]}</td>
              <td className="nhsuk-table__cell">
                {l.unitsPerYear} {l.unit}
              </td>
              <td className="nhsuk-table__cell nhsuk-table__cell--numeric">
                <Money pence={l.costPerUnitPence} />
              </td>
              <td className="nhsuk-table__cell">{l.includedInPersonalBudgets ? (l.availableFrom ? `Yes, from ${longDate(l.availableFrom)}` : "Yes") : "No"}</td>
            </tr>
          ))}
        </tbody>
      </ScrollableTable>
      {canManage ? (
        <>
          <h2>Add a line</h2>
          <Form method="post" noValidate>
            <StatementLineFields err={err} errors={errors} initial={initial} />
            <button className="nhsuk-button" type="submit" name="intent" value="add">
              Add the line
            </button>
          </Form>
          <h2>Import lines from a CSV file</h2>
          <Form method="post" encType="multipart/form-data">
            <div className={`nhsuk-form-group${err("file") ? " nhsuk-form-group--error" : ""}`}>
              <label className="nhsuk-label" htmlFor="file">
                CSV file
              </label>
              <div className="nhsuk-hint" id="file-hint">
                The columns of the download. Every line is imported, or none is if any line has a problem.
              </div>
              {err("file") ? (
                <span className="nhsuk-error-message" id="file-error">
                  <span className="nhsuk-u-visually-hidden">Error:</span> The file has problems: nothing was imported
                </span>
              ) : null}
              <input className="nhsuk-input" id="file" name="file" type="file" accept=".csv,text/csv" aria-describedby="file-hint" />
            </div>
            <button className="nhsuk-button nhsuk-button--secondary" type="submit" name="intent" value="import">
              Import
            </button>
          </Form>
        </>
      ) : null}
    </Fragment>
  );
}

export function StatementLineFields({
  err,
  errors,
  initial,
}: {
  err: (id: string) => string | undefined;
  /** All of the form's errors: the date input picks out those about its boxes. */
  errors: FieldError[];
  initial: Record<string, string | undefined>;
}) {
  const select = (id: string, label: string, options: [string, string][]) => (
    <div className={`nhsuk-form-group${err(id) ? " nhsuk-form-group--error" : ""}`}>
      <label className="nhsuk-label" htmlFor={id}>
        {label}
      </label>
      {err(id) ? (
        <span className="nhsuk-error-message" id={`${id}-error`}>
          <span className="nhsuk-u-visually-hidden">Error:</span> {err(id)}
        </span>
      ) : null}
      <select className="nhsuk-select" id={id} name={id} defaultValue={initial[id]}>
        {options.map(([v, t]) => (
          <option key={v} value={v}>
            {t}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <>
      {select("cohort", "Cohort", Object.entries(COHORT_NAMES))}
      <TextField id="band" name="band" label="Band of need (optional)" width={10} defaultValue={initial.band} error={err("band")} />
      <TextField id="service" name="service" label="Service" defaultValue={initial.service} error={err("service")} />
      <TextField id="provider" name="provider" label="Current provider" defaultValue={initial.provider} error={err("provider")} />
      <TextField id="purpose" name="purpose" label="What the service is for" defaultValue={initial.purpose} error={err("purpose")} />
      {select("costingMethod", "How the cost is calculated", Object.entries(COSTING_METHOD_NAMES))}
      <TextField id="unit" name="unit" label="Unit" hint="For example, hour, session or test" width={10} defaultValue={initial.unit} error={err("unit")} />
      <TextField
        id="unitsPerYear"
        name="unitsPerYear"
        label="Units per year"
        inputMode="numeric"
        width={5}
        defaultValue={initial.unitsPerYear}
        error={err("unitsPerYear")}
      />
      <TextField
        id="costPerUnit"
        name="costPerUnit"
        label="Cost per unit, in pounds"
        hint="For example, 45.00"
        inputMode="decimal"
        width={5}
        defaultValue={initial.costPerUnit}
        error={err("costPerUnit")}
      />
      {select("includedInPersonalBudgets", "Can it be included in a personal budget?", [
        ["yes", "Yes"],
        ["no", "No"],
      ])}
      <DateInput
        name="availableFrom"
        label="Date it can be included from (optional)"
        hint="For a service waiting for a contract change. For example, 1 4 2027"
        values={initial}
        errors={errors}
      />
    </>
  );
}
