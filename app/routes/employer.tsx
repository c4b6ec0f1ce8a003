import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "#db/client.server";
import { requireCurrentHolder, requirePayrollRecords } from "~/access/access.server";
import { may, mayApproveHours } from "~/access/rules";
import { readDateFields, withDateErrors } from "~/dates/date-fields";
import { longDate } from "~/dates/long-date";
import { formText, formTextValues } from "~/http/form-data";
import { todayInUk } from "~/ledger/entries";
import { addPersonalAssistant, saveEmployer } from "~/payroll/employers.server";
import { employerPage } from "~/payroll/employer-page.server";
import { readAssistantForm, readEmployerForm, readWeekHours } from "~/payroll/forms";
import { decideTimesheet, enterTimesheet } from "~/payroll/timesheets.server";
import { addDays } from "~/payroll/pay-periods";
import { formatNationalInsuranceNumber, maskNationalInsuranceNumber } from "~/payroll/references";
import { recordRemittance } from "~/payroll/remittances.server";
import { loadPlanInForce } from "~/plans/plan-in-force.server";
import { ErrorSummary, type FieldError } from "~/ui/error-summary";
import { Money } from "~/ui/money";
import { pageTitle } from "~/ui/page-title";
import { AssistantFields, EmployerFields } from "~/ui/payroll-forms";
import { PaymentsOwed } from "~/ui/payments-owed";
import { Timesheets } from "~/ui/timesheets";
import { readDone, SuccessBanner, withDone } from "~/ui/success-banner";
import { summaryRow } from "~/ui/summary-row";
import { ScrollableTable } from "~/ui/table-region";

export const meta: MetaFunction = () => pageTitle("Employing personal assistants");

const DONE = ["employer", "assistant", "paid", "hours", "approve", "query"] as const;
const DONE_HEADINGS: Record<(typeof DONE)[number], string> = {
  employer: "The employer's details are saved.",
  assistant: "The PA has been added.",
  paid: "The payment is recorded.",
  hours: "The hours are entered.",
  approve: "The hours are approved.",
  query: "The hours are queried.",
};

export async function loader({ request }: LoaderFunctionArgs) {
  const { holderId, principal } = await requirePayrollRecords(request);
  const today = todayInUk();
  const page = await employerPage(getDb(), { holderId, today });
  return {
    ...page,
    today,
    // Those who run payroll need the whole number; everyone else sees enough of it to tell two PAs apart.
    assistants: page.assistants.map(({ nationalInsuranceNumber, ...a }) => ({
      ...a,
      niNumber: principal.kind === "support" ? formatNationalInsuranceNumber(nationalInsuranceNumber) : maskNationalInsuranceNumber(nationalInsuranceNumber),
    })),
    canManage: may(principal, "manage-payroll", holderId),
    canDecide: mayApproveHours(principal, holderId),
    holderQuery: principal.kind === "staff" || principal.kind === "support" ? `?holder=${holderId}` : "",
    done: readDone(request, DONE),
  };
}

type Reply = { form: "employer" | "assistant" | "paid" | "hours"; errors: FieldError[]; values: Record<string, string> };

export async function action({ request }: ActionFunctionArgs) {
  const { holderId, actor, principal } = await requireCurrentHolder(request, "manage-payroll");
  const db = getDb();
  const form = await request.formData();
  const intent = formText(form, "intent");
  const here = (done: (typeof DONE)[number]) =>
    withDone(`/employer${principal.kind === "staff" || principal.kind === "support" ? `?holder=${holderId}` : ""}`, done);
  const base = { actor, commissionerId: principal.commissionerId, holderId };
  if (intent === "employer") {
    const dates = [{ name: "insuranceExpiresOn", label: "Date the insurance runs out", rules: { required: true } }];
    const dateErrors = readDateFields(form, dates);
    const read = readEmployerForm(formTextValues(form));
    if (!read.ok || dateErrors.length) {
      return data<Reply>(
        { form: "employer", errors: withDateErrors(dateErrors, read.ok ? [] : read.errors, dates), values: formTextValues(form) },
        { status: 400 },
      );
    }
    await saveEmployer(db, { ...base, details: read.value });
    throw redirect(here("employer"));
  }
  if (intent === "assistant") {
    const dates = [{ name: "startsOn", label: "Date they started", rules: { required: true } }];
    const dateErrors = readDateFields(form, dates);
    const plan = await loadPlanInForce(db, holderId);
    const read = readAssistantForm(
      formTextValues(form),
      (plan?.lines ?? []).map((l) => l.lineKey),
    );
    const values = formTextValues(form);
    if (!read.ok || dateErrors.length)
      return data<Reply>({ form: "assistant", errors: withDateErrors(dateErrors, read.ok ? [] : read.errors, dates), values }, { status: 400 });
    const added = await addPersonalAssistant(db, { ...base, details: read.value });
    if (!added.ok)
      return data<Reply>(
        { form: "assistant", errors: [{ fieldId: added.field === "employer" ? "" : added.field, message: added.message }], values },
        { status: 400 },
      );
    throw redirect(here("assistant"));
  }
  if (intent === "paid") {
    const paidTo = formText(form, "paidTo") === "pension" ? "pension" : "hmrc";
    const paid = await recordRemittance(db, { ...base, paidTo, monthStartsOn: formText(form, "monthStartsOn"), paidOn: todayInUk() });
    if (!paid.ok) return data<Reply>({ form: "paid", errors: [{ fieldId: "", message: paid.message }], values: {} }, { status: 400 });
    throw redirect(here("paid"));
  }
  if (intent === "hours") {
    const values = formTextValues(form);
    const hours = readWeekHours(form);
    if (!hours.ok) return data<Reply>({ form: "hours", errors: hours.errors, values }, { status: 400 });
    const entered = await enterTimesheet(db, { ...base, assistantId: formText(form, "assistantId"), weekStartsOn: hours.weekStartsOn, minutes: hours.minutes });
    if (!entered.ok) {
      const fieldId = entered.field === "weekStartsOn" ? "weekStartsOn-day" : entered.field;
      return data<Reply>({ form: "hours", errors: [{ fieldId, message: entered.message }], values }, { status: 400 });
    }
    throw redirect(here("hours"));
  }
  if (intent === "approve" || intent === "query") {
    if (!mayApproveHours(principal, holderId)) throw new Response("Only the employer approves hours", { status: 403 });
    const timesheetId = formText(form, "timesheetId");
    const decided = await decideTimesheet(db, { actor, holderId, timesheetId, decision: intent, queryNote: formText(form, "queryNote") });
    if (!decided.ok) {
      const fieldId = decided.field === "queryNote" ? `queryNote-${timesheetId}` : "";
      return data<Reply>({ form: "hours", errors: [{ fieldId, message: decided.message }], values: { timesheetId } }, { status: 400 });
    }
    throw redirect(here(intent));
  }
  throw new Response("Unknown form", { status: 400 });
}

export default function Employer() {
  const page = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const errors = reply?.errors ?? [];
  const { employer, assistants, months, canManage, today } = page;
  const insuranceSoon = employer && employer.insuranceExpiresOn <= addDays(today, 30);
  return (
    <>
      <ErrorSummary errors={errors} />
      {page.done && !reply ? <SuccessBanner heading={DONE_HEADINGS[page.done]} /> : null}
      <h1>Employing personal assistants</h1>
      <div className="nhsuk-inset-text">
        <span className="nhsuk-u-visually-hidden">Information: </span>
        <p>
          The payroll software sends HMRC what it needs each pay day (Real Time Information). This page keeps a record of what was paid and what is still owed,
          for the employer's own records: it does not send anything to HMRC.
        </p>
      </div>
      {page.balancePence !== null ? (
        <dl className="nhsuk-summary-list">
          {summaryRow("In the direct payment account", <Money pence={page.balancePence} />)}
          {summaryRow("Owed to PAs, HMRC and pension schemes", <Money pence={page.owedPence} />)}
          {summaryRow("Available to spend", <Money pence={page.availablePence ?? 0} />)}
        </dl>
      ) : null}

      <h2>Employer's details</h2>
      {employer ? (
        <>
          {insuranceSoon ? (
            <div className="nhsuk-warning-callout">
              <h3 className="nhsuk-warning-callout__label">
                <span role="text">
                  <span className="nhsuk-u-visually-hidden">Important: </span>
                  {employer.insuranceExpiresOn < today ? "Insurance has run out" : "Insurance runs out soon"}
                </span>
              </h3>
              <p>
                Employer's liability insurance {employer.insuranceExpiresOn < today ? "ran out" : "runs out"} on {longDate(employer.insuranceExpiresOn)}. An
                employer must be insured: renew it and record the new policy here.
              </p>
            </div>
          ) : null}
          <dl className="nhsuk-summary-list">
            {summaryRow("Employer PAYE reference", employer.payeReference)}
            {summaryRow("Accounts office reference", employer.accountsOfficeReference)}
            {summaryRow(
              "Employer's liability insurance",
              `${employer.insurer}, policy ${employer.insurancePolicy}, until ${longDate(employer.insuranceExpiresOn)}`,
            )}
          </dl>
        </>
      ) : (
        <p>Not set up as an employer yet.</p>
      )}
      {canManage ? (
        <details className="nhsuk-details" open={reply?.form === "employer" || !employer}>
          <summary className="nhsuk-details__summary">
            <span className="nhsuk-details__summary-text">{employer ? "Change the employer's details" : "Record the employer's details"}</span>
          </summary>
          <div className="nhsuk-details__text">
            <Form method="post" noValidate>
              <EmployerFields errors={reply?.form === "employer" ? errors : []} values={reply?.form === "employer" ? reply.values : isoValues(employer)} />
              <button className="nhsuk-button" type="submit" name="intent" value="employer">
                Save the employer's details
              </button>
            </Form>
          </div>
        </details>
      ) : null}

      <h2>Personal assistants</h2>
      {assistants.length === 0 ? (
        <p>No PAs are recorded yet.</p>
      ) : (
        <ScrollableTable caption={`PAs, and their pay in the tax year from ${longDate(page.taxYear.startsOn)}`}>
          <thead className="nhsuk-table__head">
            <tr className="nhsuk-table__row">
              <th scope="col" className="nhsuk-table__header">
                PA
              </th>
              <th scope="col" className="nhsuk-table__header">
                Employed
              </th>
              <th scope="col" className="nhsuk-table__header">
                Paid from
              </th>
              <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric">
                Gross pay this year
              </th>
              <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric">
                Tax and NI this year
              </th>
              <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric">
                Employer's cost this year
              </th>
            </tr>
          </thead>
          <tbody className="nhsuk-table__body">
            {assistants.map((a) => {
              const year = page.yearTotals.find((t) => t.assistantId === a.id);
              return (
                <tr className="nhsuk-table__row" key={a.id}>
                  <td className="nhsuk-table__cell">
                    {a.givenName} {a.familyName}
                    <br />
                    <span className="nhsuk-body-s">
                      NI {a.niNumber}, payroll {a.payrollReference}, <Money pence={a.hourlyRatePence} /> an hour for {a.contractedMinutesPerWeek / 60} hours a
                      week, {a.pensionScheme}
                    </span>
                    {canManage ? (
                      <>
                        <br />
                        <Link to={`/employer/assistants/${a.id}/sign-in${page.holderQuery}`} className="nhsuk-body-s">
                          {a.userId ? "Signs in to submit hours" : "Invite to sign in"}
                          <span className="nhsuk-u-visually-hidden">
                            {" "}
                            ({a.givenName} {a.familyName})
                          </span>
                        </Link>
                      </>
                    ) : null}
                  </td>
                  <td className="nhsuk-table__cell">
                    From {longDate(a.startsOn)}
                    {a.endsOn ? ` to ${longDate(a.endsOn)}` : ""}
                  </td>
                  <td className="nhsuk-table__cell">{page.lines.find((l) => l.lineKey === a.supportLineKey)?.description ?? "No support line"}</td>
                  <td className="nhsuk-table__cell nhsuk-table__cell--numeric">
                    <Money pence={year?.grossPence ?? 0} />
                  </td>
                  <td className="nhsuk-table__cell nhsuk-table__cell--numeric">
                    <Money pence={(year?.taxPence ?? 0) + (year?.employeeNiPence ?? 0) + (year?.employerNiPence ?? 0)} />
                  </td>
                  <td className="nhsuk-table__cell nhsuk-table__cell--numeric">
                    <Money pence={(year?.grossPence ?? 0) + (year?.employerNiPence ?? 0) + (year?.employerPensionPence ?? 0)} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </ScrollableTable>
      )}
      {canManage && employer ? (
        <details className="nhsuk-details" open={reply?.form === "assistant"}>
          <summary className="nhsuk-details__summary">
            <span className="nhsuk-details__summary-text">Add a PA</span>
          </summary>
          <div className="nhsuk-details__text">
            <Form method="post" noValidate>
              <AssistantFields errors={reply?.form === "assistant" ? errors : []} values={reply?.form === "assistant" ? reply.values : {}} lines={page.lines} />
              <button className="nhsuk-button" type="submit" name="intent" value="assistant">
                Add the PA
              </button>
            </Form>
          </div>
        </details>
      ) : null}

      <PaymentsOwed months={months} today={today} canRecord={canManage} />

      <Timesheets
        sheets={page.timesheets}
        assistants={assistants}
        canEnter={canManage}
        canDecide={page.canDecide}
        errors={reply?.form === "hours" ? errors : []}
        values={reply?.form === "hours" ? { ...reply.values, intent: "hours" } : {}}
      />

      <h2>Payslips</h2>
      {page.payslips.length === 0 ? (
        <p>No payslips yet.</p>
      ) : (
        <ul className="nhsuk-list">
          {page.payslips.map((p) => (
            <li key={p.id}>
              <Link to={`/payslips/${p.id}${page.holderQuery}`}>
                {p.givenName} {p.familyName}, {longDate(p.periodStartsOn)} to {longDate(p.periodEndsOn)}
              </Link>
              : <Money pence={p.netPayPence} /> net, paid {longDate(p.paymentDate)}
            </li>
          ))}
        </ul>
      )}
      <p>
        <Link to={`/budget/statement${page.holderQuery}`}>See the account's statement</Link>
      </p>
    </>
  );
}

/** The saved details as the form's boxes show them. */
function isoValues(
  employer: { payeReference: string; accountsOfficeReference: string; insurer: string; insurancePolicy: string; insuranceExpiresOn: string } | null,
) {
  if (!employer) return {};
  const [year, month, day] = employer.insuranceExpiresOn.split("-");
  return {
    ...employer,
    "insuranceExpiresOn-day": String(Number(day)),
    "insuranceExpiresOn-month": String(Number(month)),
    "insuranceExpiresOn-year": year,
  };
}
