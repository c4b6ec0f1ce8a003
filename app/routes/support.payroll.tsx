import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "#db/client.server";
import { requireSupportOrganisation } from "~/access/access.server";
import { readDateFields, withDateErrors } from "~/dates/date-fields";
import { longDate } from "~/dates/long-date";
import { formText, formTextValues } from "~/http/form-data";
import { todayInUk } from "~/ledger/entries";
import { PAY_FREQUENCIES, PAY_FREQUENCY_NAMES, type PayFrequency } from "~/payroll/pay-periods";
import { MAX_PAYROLL_FILE_BYTES, PAYROLL_COLUMNS } from "~/payroll/payroll-file";
import { listPayrollRuns, RUNS_PAGE_SIZE } from "~/payroll/payroll-run-views.server";
import { previewPayrollRun } from "~/payroll/payroll-runs.server";
import { PAYROLL_RUN_STATUS_NAMES } from "~/payroll/schemas";
import { DateInput } from "~/ui/date-input";
import { ErrorSummary, type FieldError } from "~/ui/error-summary";
import { Money } from "~/ui/money";
import { pageTitle } from "~/ui/page-title";
import { Pagination, pageFrom } from "~/ui/pagination";
import { Radios } from "~/ui/radios";
import { ScrollableTable } from "~/ui/table-region";

export const meta: MetaFunction = () => pageTitle("Payroll");

const PERIOD = { name: "periodStartsOn", label: "First day of the pay period", rules: { required: true } };
/** The file and the form's few fields: a body larger than this is refused before it is read. */
const MAX_BODY_BYTES = MAX_PAYROLL_FILE_BYTES + 64 * 1024;
/** The summary lists this many of a file's problems, then says how many more there are. */
const PROBLEMS_SHOWN = 50;

export async function loader({ request }: LoaderFunctionArgs) {
  const { organisationId } = await requireSupportOrganisation(request);
  const url = new URL(request.url);
  const page = pageFrom(url.searchParams);
  const { runs, total } = await listPayrollRuns(getDb(), { organisationId, page });
  return { runs, page, pageCount: Math.max(1, Math.ceil(total / RUNS_PAGE_SIZE)), search: url.search };
}

type Reply = { errors: FieldError[]; values: Record<string, string>; more?: number; notice?: string };

export async function action({ request }: ActionFunctionArgs) {
  const { organisationId, actor, principal } = await requireSupportOrganisation(request);
  if (Number(request.headers.get("content-length") ?? 0) > MAX_BODY_BYTES) {
    return data<Reply>(
      { errors: [{ fieldId: "file", message: "The file is bigger than 10 MB: export one pay period at a time" }], values: {} },
      { status: 400 },
    );
  }
  const form = await request.formData();
  const values = formTextValues(form);
  const errors: FieldError[] = [];
  const frequency = formText(form, "frequency") as PayFrequency;
  if (!PAY_FREQUENCIES.includes(frequency)) errors.push({ fieldId: "frequency", message: "Select how often the PAs are paid" });
  const dateErrors = readDateFields(form, [PERIOD]);
  const periodStartsOn = formText(form, PERIOD.name);
  // A form sent without the date's boxes at all, which no browser showing this page sends.
  if (!periodStartsOn && dateErrors.length === 0) errors.push({ fieldId: `${PERIOD.name}-day`, message: "Enter the first day of the pay period" });
  const file = form.get("file");
  if (!(file instanceof File) || file.size === 0) errors.push({ fieldId: "file", message: "Select the payroll software's CSV export for the period" });
  if (errors.length || dateErrors.length || !(file instanceof File)) {
    return data<Reply>({ errors: withDateErrors(dateErrors, errors, [PERIOD]), values }, { status: 400 });
  }
  const result = await previewPayrollRun(getDb(), {
    actor,
    organisationId,
    commissionerId: principal.commissionerId,
    frequency,
    periodStartsOn,
    fileName: file.name.slice(0, 200),
    text: await file.text(),
    today: todayInUk(),
  });
  if (result.ok) throw redirect(`/support/payroll/${result.run.id}`);
  if (result.problems === undefined) return data<Reply>({ errors: [], values, notice: result.alreadyPosted }, { status: 409 });
  return data<Reply>(
    {
      errors: result.problems.slice(0, PROBLEMS_SHOWN).map((p) => ({ fieldId: "file", message: `Line ${p.line}: ${p.message}` })),
      more: Math.max(0, result.problems.length - PROBLEMS_SHOWN),
      values,
    },
    { status: 400 },
  );
}

export default function Payroll() {
  const { runs, page, pageCount, search } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const errors = reply?.errors ?? [];
  const values = reply?.values ?? {};
  const err = (id: string) => (errors.some((e) => e.fieldId === id) ? errors.find((e) => e.fieldId === id)!.message : undefined);
  const fileProblems = errors.filter((e) => e.fieldId === "file").length;
  return (
    <>
      <ErrorSummary errors={reply?.more ? [...errors, { fieldId: "file", message: `And ${reply.more} more lines with problems` }] : errors} />
      <p>
        <Link to="/support">Back to people you support</Link>
      </p>
      <h1>Payroll</h1>
      <p>
        Upload the export from your payroll software for one pay period. You will see what it pays each person, and every check, before anything is recorded.
        The portal records what was paid and what is owed: submitting to HMRC (Real Time Information) stays with your payroll software.
      </p>
      {reply?.notice ? (
        <div className="nhsuk-inset-text">
          <span className="nhsuk-u-visually-hidden">Information: </span>
          <p>{reply.notice}</p>
        </div>
      ) : null}
      <p>
        <Link to="/support/payroll/enter">Or enter one PA's pay on a form</Link>
      </p>
      <Form method="post" encType="multipart/form-data" noValidate>
        <Radios
          name="frequency"
          legend="How often are the PAs paid?"
          options={PAY_FREQUENCIES.map((f) => [f, PAY_FREQUENCY_NAMES[f]])}
          value={values.frequency ?? "monthly"}
          error={err("frequency")}
        />
        <DateInput name={PERIOD.name} label={PERIOD.label} hint="For example, 1 11 2026" values={values} errors={errors} />
        <div className={`nhsuk-form-group${fileProblems ? " nhsuk-form-group--error" : ""}`}>
          <label className="nhsuk-label nhsuk-label--s" htmlFor="file">
            Payroll export (CSV)
          </label>
          <div className="nhsuk-hint" id="file-hint">
            One line for each PA, with the columns {PAYROLL_COLUMNS.join(", ")}. Amounts in pounds, like 1014.50; dates like 28/11/2026. If any line has a
            problem, nothing is recorded.
          </div>
          {fileProblems ? (
            <span className="nhsuk-error-message" id="file-error">
              <span className="nhsuk-u-visually-hidden">Error:</span>{" "}
              {fileProblems === 1 && !reply?.more ? err("file") : "The file has problems, listed at the top of the page: nothing was recorded"}
            </span>
          ) : null}
          <input
            className={`nhsuk-file-upload${fileProblems ? " nhsuk-file-upload--error" : ""}`}
            id="file"
            name="file"
            type="file"
            accept=".csv,text/csv"
            aria-describedby={`file-hint${fileProblems ? " file-error" : ""}`}
          />
        </div>
        <button className="nhsuk-button" type="submit">
          Check the file
        </button>
      </Form>
      <h2>Payroll runs</h2>
      {runs.length === 0 ? (
        <p>No payroll has been run yet.</p>
      ) : (
        <>
          <ScrollableTable caption="Payroll runs, newest first" hideCaption>
            <thead className="nhsuk-table__head">
              <tr className="nhsuk-table__row">
                <th scope="col" className="nhsuk-table__header">
                  Pay period
                </th>
                <th scope="col" className="nhsuk-table__header">
                  File
                </th>
                <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric">
                  Employer's cost
                </th>
                <th scope="col" className="nhsuk-table__header">
                  Status
                </th>
              </tr>
            </thead>
            <tbody className="nhsuk-table__body">
              {runs.map((r) => (
                <tr className="nhsuk-table__row" key={r.id}>
                  <td className="nhsuk-table__cell">
                    <Link to={`/support/payroll/${r.id}`}>
                      {longDate(r.periodStartsOn)} to {longDate(r.periodEndsOn)}
                    </Link>
                  </td>
                  <td className="nhsuk-table__cell">
                    {r.fileName ?? "Entered on the form"}: {r.lineCount} {r.lineCount === 1 ? "line" : "lines"} for {r.holderCount}{" "}
                    {r.holderCount === 1 ? "person" : "people"}, by {r.by}
                  </td>
                  <td className="nhsuk-table__cell nhsuk-table__cell--numeric">
                    <Money pence={r.employerCostPence} />
                  </td>
                  <td className="nhsuk-table__cell">{PAYROLL_RUN_STATUS_NAMES[r.status]}</td>
                </tr>
              ))}
            </tbody>
          </ScrollableTable>
          <Pagination page={page} pageCount={pageCount} searchParams={new URLSearchParams(search)} />
        </>
      )}
    </>
  );
}
