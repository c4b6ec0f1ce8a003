import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "#db/client.server";
import { requireAccess } from "~/access/access.server";
import { may } from "~/access/rules";
import { longDate } from "~/dates/long-date";
import { todayInUk } from "~/ledger/entries";
import { closeSpendingPeriod, loadSpendingSettings } from "~/spending/settings.server";
import { ErrorSummary, type FieldError } from "~/ui/error-summary";
import { ConfirmPage, isConfirmed } from "~/ui/confirm-page";
import { readDone, SuccessBanner, withDone, useFreshAfterChange } from "~/ui/success-banner";
import { pageTitle } from "~/ui/page-title";
import { formText, readForm } from "~/http/form-data";

export const meta: MetaFunction<typeof loader> = ({ data }) => pageTitle(data?.mayClose === false ? "Spending periods" : "Close a spending period");

export async function loader({ request }: LoaderFunctionArgs) {
  const { principal } = await requireAccess(request, "view-finance-settings", "own-commissioner");
  const { closedThrough, closableMonths } = await loadSpendingSettings(getDb(), { commissionerId: principal.commissionerId, today: todayInUk() });
  return { closedThrough, closableMonths, justClosed: readDone(request, ["closed"]) !== null, mayClose: may(principal, "manage-finance") };
}

export async function action({ request }: ActionFunctionArgs) {
  const { principal, actor } = await requireAccess(request, "manage-finance", "own-commissioner");
  const form = await readForm(request);
  const month = formText(form, "month");
  const db = getDb();
  const today = todayInUk();
  const refused = () =>
    data({ errors: [{ fieldId: "month", message: "Select a month that has ended and is not closed yet" }] as FieldError[], check: null }, { status: 400 });
  // Closing cannot be undone, so the first press only asks "Are you sure?"; the check page's button closes it.
  if (!isConfirmed(form)) {
    const { closableMonths } = await loadSpendingSettings(db, { commissionerId: principal.commissionerId, today });
    const chosen = closableMonths.find((m) => m.month === month);
    return chosen ? { errors: [] as FieldError[], check: chosen } : refused();
  }
  const result = await closeSpendingPeriod(db, { actor, commissionerId: principal.commissionerId, month, today });
  if (!result.ok) return data({ errors: [{ fieldId: "month", message: result.message }] as FieldError[], check: null }, { status: 400 });
  return redirect(withDone("/staff/spending-periods", "closed"));
}

export default function SpendingPeriods() {
  const fresh = useFreshAfterChange();
  const { closedThrough, closableMonths, justClosed, mayClose } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const errors = reply?.errors ?? [];
  const error = errors[0]?.message;
  if (reply?.check) {
    return (
      <ConfirmPage
        heading={`Are you sure you want to close spending up to the end of ${reply.check.name}?`}
        fields={{ month: reply.check.month }}
        button="Close the period"
        cancelTo="/staff/spending-periods"
        undo="Once it is closed, a correction is dated in the open period and names the entry it corrects."
      >
        <p>
          Nothing dated on or before {longDate(reply.check.lastDay)} can then be recorded: spends, instalments, payroll, refunds and corrections alike. Any
          earlier month that is still open is closed with it.
        </p>
      </ConfirmPage>
    );
  }
  return (
    <div className="nhsuk-grid-row" key={fresh}>
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        <h1>{mayClose ? "Close a spending period" : "Spending periods"}</h1>
        {justClosed && closedThrough ? (
          <SuccessBanner heading={`Spending up to ${longDate(closedThrough)} is now closed.`}>
            Nothing dated in it can be recorded from now on. A correction is dated in the open period and names the entry it corrects.
          </SuccessBanner>
        ) : null}
        <p>{closedThrough ? `Spending is closed up to ${longDate(closedThrough)}.` : "No spending period has been closed yet."}</p>
        <p>
          When you close a month, nothing dated in it or before it can be recorded: spends, instalments, payroll, refunds and corrections alike. Do this once
          you have reconciled the month. It cannot be undone: a correction after that is dated in the open period and names the entry it corrects.
        </p>
        {!mayClose ? (
          <p>Only finance staff can close a spending period.</p>
        ) : closableMonths.length === 0 ? (
          <p>There is no month to close yet: the last month that has ended is already closed.</p>
        ) : (
          <Form method="post">
            <div className={`nhsuk-form-group${error ? " nhsuk-form-group--error" : ""}`}>
              <label className="nhsuk-label" htmlFor="month">
                Close spending up to the end of
              </label>
              <div className="nhsuk-hint" id="month-hint">
                Any earlier month that is still open is closed too
              </div>
              {error ? (
                <span className="nhsuk-error-message" id="month-error">
                  <span className="nhsuk-u-visually-hidden">Error:</span> {error}
                </span>
              ) : null}
              <select
                className={`nhsuk-select${error ? " nhsuk-select--error" : ""}`}
                id="month"
                name="month"
                aria-describedby={`month-hint${error ? " month-error" : ""}`}
              >
                {closableMonths.map((m) => (
                  <option key={m.month} value={m.month}>
                    {m.name}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit" className="nhsuk-button">
              Close the period
            </button>
          </Form>
        )}
        <p>
          <Link to="/staff/spending-rules">Back to spending rules</Link>
        </p>
      </div>
    </div>
  );
}
