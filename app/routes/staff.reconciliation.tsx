import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { getDb } from "#db/client.server";
import { requireAccess } from "~/access/access.server";
import { may } from "~/access/rules";
import { longDate } from "~/dates/long-date";
import { todayInUk } from "~/dates/uk-day";
import { formText, readForm } from "~/http/form-data";
import { paymentNumberText } from "~/ledger/instalments";
import { periodLength, periodName, periodOfMonth, readPeriod, shiftPeriod, type PeriodLength } from "~/reconciliation/periods";
import { WORKLIST_ORDER, type WorklistState } from "~/reconciliation/worklist";
import { reconcileAgreeingPeriods, reconciliationPeriodLength, reconciliationWorklist, setReconciliationPeriodLength } from "~/reconciliation/worklist.server";
import { ErrorSummary, type FieldError } from "~/ui/error-summary";
import { Select } from "~/ui/fields";
import { pageTitle } from "~/ui/page-title";
import { pageFrom, Pagination } from "~/ui/pagination";
import { Radios } from "~/ui/radios";
import { readDone, SuccessBanner, withDone } from "~/ui/success-banner";
import { ScrollableTable } from "~/ui/table-region";

export const meta: MetaFunction = () => pageTitle("Reconciliation");

/** A year and a half of months, or two years of quarters. */
const PERIODS_OFFERED: Record<PeriodLength, number> = { month: 18, quarter: 8 };
const LENGTH_CHOICES: [PeriodLength, string][] = [
  ["month", "Every month"],
  ["quarter", "Every quarter of the financial year (April to June, July to September, and so on)"],
];

const STATE_LABELS: Record<WorklistState, string> = {
  "in-progress": "Lines to match",
  "queries-open": "Queries open",
  matched: "Lines matched: check and reconcile",
  "not-started": "No statement yet",
  reconciled: "Reconciled",
};
const STATE_TAGS: Record<WorklistState, string> = {
  "in-progress": "nhsuk-tag--orange",
  "queries-open": "nhsuk-tag--yellow",
  matched: "nhsuk-tag--blue",
  "not-started": "nhsuk-tag--grey",
  reconciled: "nhsuk-tag--green",
};

const count = (n: string | null) => (n && /^\d{1,6}$/.test(n) ? Number(n) : 0);

export async function loader({ request }: LoaderFunctionArgs) {
  const { principal } = await requireAccess(request, "view-finance-settings", "own-commissioner");
  const db = getDb();
  const url = new URL(request.url);
  const length = await reconciliationPeriodLength(db, principal.commissionerId);
  // A period is reconciled once its statements are in: the last one to have ended, unless another is asked for.
  const current = periodOfMonth(todayInUk().slice(0, 7), length);
  const period = readPeriod(url.searchParams.get("period") ?? url.searchParams.get("month")) ?? shiftPeriod(current, -1);
  const worklist = await reconciliationWorklist(db, { commissionerId: principal.commissionerId, period, page: pageFrom(url.searchParams) });
  const periods = Array.from({ length: PERIODS_OFFERED[length] }, (_, i) => shiftPeriod(current, -i));
  return {
    ...worklist,
    length,
    periods: periods.includes(period) ? periods : [period, ...periods],
    canChange: may(principal, "manage-finance"),
    done: readDone(request, ["reconciled", "length"]),
    together: { reconciled: count(url.searchParams.get("reconciled")), left: count(url.searchParams.get("left")) },
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const { actor } = await requireAccess(request, "manage-finance", "own-commissioner");
  const form = await readForm(request);
  const db = getDb();
  if (formText(form, "intent") === "length") {
    const length = formText(form, "periodLength");
    if (length !== "month" && length !== "quarter") {
      return data({ errors: [{ fieldId: "periodLength", message: "Select how often you reconcile each direct payment" }] as FieldError[] }, { status: 400 });
    }
    await setReconciliationPeriodLength(db, { actor, periodLength: length });
    throw redirect(withDone("/staff/reconciliation", "length"));
  }
  const period = readPeriod(formText(form, "period"));
  if (!period) return data({ errors: [{ fieldId: "period", message: "Select the month or quarter to reconcile" }] as FieldError[] }, { status: 400 });
  const result = await reconcileAgreeingPeriods(db, { actor, period });
  throw redirect(`${withDone(`/staff/reconciliation?period=${period}`, "reconciled")}&reconciled=${result.reconciled}&left=${result.left}`);
}

export default function Reconciliation() {
  const { period, periods, length, holders, counts, total, page, pageCount, canChange, done, together } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const errors = reply?.errors ?? [];
  const [searchParams] = useSearchParams();
  const word = periodLength(period);
  return (
    <>
      <ErrorSummary errors={errors} />
      {done === "reconciled" && !reply ? (
        <SuccessBanner heading={`${together.reconciled} reconciled.`}>
          {together.left === 0
            ? "Every one whose lines were all matched agreed with the bank."
            : `${together.left} whose lines are all matched did not agree with the bank to the penny, or their statement shows no balance: open each to see why.`}
        </SuccessBanner>
      ) : null}
      {done === "length" && !reply ? <SuccessBanner heading={`Direct payments are reconciled every ${length}.`} /> : null}
      <p>
        <Link to="/staff" className="nhsuk-back-link">
          Back to people
        </Link>
      </p>
      <h1>Reconciliation: {periodName(period)}</h1>
      <Form method="get" className="app-filter">
        <Select
          id="period"
          name="period"
          label={word === "month" ? "Month" : "Quarter"}
          value={period}
          options={periods.map((p): [string, string] => [p, periodName(p)])}
        />
        <button className="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-0" type="submit">
          Show the {word}
        </button>
      </Form>
      <p>
        {total === 1 ? "1 person has" : `${total} people have`} a direct payment. Those with bank lines still to match come first, then those waiting to be
        reconciled.
      </p>
      <p>
        The statements of accounts that hold several people's direct payments are imported on the <Link to="/staff/pooled-accounts">pooled accounts</Link> page.
      </p>
      <ul className="nhsuk-list">
        {WORKLIST_ORDER.map((state) => (
          <li key={state}>
            {STATE_LABELS[state]}: {counts[state]}
          </li>
        ))}
      </ul>
      {holders.length === 0 ? (
        <p>No one has a direct payment yet.</p>
      ) : (
        <ScrollableTable caption={`Direct payments to reconcile for ${periodName(period)}`} hideCaption>
          <thead className="nhsuk-table__head">
            <tr className="nhsuk-table__row">
              <th scope="col" className="nhsuk-table__header">
                Person
              </th>
              <th scope="col" className="nhsuk-table__header">
                Payment number
              </th>
              <th scope="col" className="nhsuk-table__header">
                Status
              </th>
              <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric">
                Bank lines
              </th>
              <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric">
                To match
              </th>
            </tr>
          </thead>
          <tbody className="nhsuk-table__body">
            {holders.map((h) => (
              <tr className="nhsuk-table__row" key={h.holderId}>
                <td className="nhsuk-table__cell">
                  <Link to={`/staff/holders/${h.holderId}/reconciliation/${period}`}>{h.name}</Link>
                </td>
                <td className="nhsuk-table__cell">{paymentNumberText(h.paymentNumber)}</td>
                <td className="nhsuk-table__cell">
                  <strong className={`nhsuk-tag ${STATE_TAGS[h.state]}`}>{STATE_LABELS[h.state]}</strong>
                  {h.reconciledAt ? <span className="nhsuk-body-s"> on {longDate(h.reconciledAt)}</span> : null}
                </td>
                <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{h.lines}</td>
                <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{h.unmatched}</td>
              </tr>
            ))}
          </tbody>
        </ScrollableTable>
      )}
      <Pagination page={page} pageCount={pageCount} searchParams={searchParams} />
      {canChange && counts.matched > 0 ? (
        <Form method="post" noValidate>
          <h2>Reconcile those that agree</h2>
          <p>
            {counts.matched === 1 ? "1 person's" : `${counts.matched} people's`} bank lines for {periodName(period)} are all matched, with no question open.
            Reconcile each of them whose ledger and bank agree to the penny, once what is on one side only is counted, with the bank's closing balance as the
            balance agreed. Any that do not agree stay on the list for you to open.
          </p>
          <input type="hidden" name="period" value={period} />
          <button className="nhsuk-button" type="submit" name="intent" value="reconcile">
            Reconcile the {word === "month" ? "months" : "quarters"} that agree
          </button>
        </Form>
      ) : null}
      {canChange ? (
        <Form method="post" noValidate>
          <h2>How often you reconcile</h2>
          <Radios
            name="periodLength"
            legend="Reconcile each direct payment"
            value={length}
            options={LENGTH_CHOICES}
            error={errors.find((e) => e.fieldId === "periodLength")?.message}
          />
          <button className="nhsuk-button nhsuk-button--secondary" type="submit" name="intent" value="length">
            Save how often
          </button>
        </Form>
      ) : null}
    </>
  );
}
