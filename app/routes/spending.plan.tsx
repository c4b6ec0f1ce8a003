import { Fragment } from "react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ReactNode } from "react";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { getDb } from "#db/client.server";
import { requireCurrentHolder } from "~/access/access.server";
import { longDate } from "~/dates/long-date";
import { todayInUk } from "~/ledger/entries";
import { loadHolderName } from "~/plans/plan-views.server";
import { possessive } from "~/people/voice";
import { loadSpendVsPlan } from "~/spending/report.server";
import { SpendVsPlanFilterSchema } from "~/spending/schemas";
import { sharedLinesNote } from "~/spending/rules";
import { readFilterDates, withDateErrors } from "~/dates/date-fields";
import { DateInput } from "~/ui/date-input";
import { overspendRuleFor, setOverspendRule } from "~/spending/settings.server";
import { ErrorSummary, fieldErrors } from "~/ui/error-summary";
import { Money } from "~/ui/money";
import { pageTitle } from "~/ui/page-title";
import { readDone, SuccessBanner, withDone, useFreshAfterChange } from "~/ui/success-banner";
import { SpendChart } from "~/ui/spend-chart";
import { may } from "~/access/rules";
import { formText, readForm } from "~/http/form-data";
import { ScrollableTable } from "~/ui/table-region";

export const meta: MetaFunction = () => pageTitle("Spending against your plan");

export async function loader({ request }: LoaderFunctionArgs) {
  const { holderId, principal } = await requireCurrentHolder(request, "view");
  const params = new URL(request.url).searchParams;
  const typed = readFilterDates(params);
  const values = { from: params.get("from") ?? "", to: params.get("to") ?? "", ...typed.values };
  const submission = parseWithZod(typed.params, { schema: SpendVsPlanFilterSchema });
  const errors = withDateErrors(typed.errors, fieldErrors(submission));
  const db = getDb();
  const [report, holder] = await Promise.all([
    loadSpendVsPlan(db, { holderId, today: todayInUk(), ...(submission.status === "success" ? submission.value : {}) }),
    loadHolderName(db, holderId),
  ]);
  const shown = {
    report,
    errors,
    values,
    overspendRule: report && may(principal, "manage-finance", holderId) ? await overspendRuleFor(db, holderId) : null,
    acting: principal.kind !== "holder",
    holderName: holder ? `${holder.givenName} ${holder.familyName}` : "",
    holderQuery: principal.kind === "staff" ? `?holder=${holderId}` : "",
    ruleSaved: readDone(request, ["rule"]) !== null,
  };
  return errors.length ? data(shown, { status: 400 }) : shown;
}

/** Finance sets, per holder, whether a spend above what is left on its line warns or is refused. */
export async function action({ request }: ActionFunctionArgs) {
  const { holderId, actor, principal } = await requireCurrentHolder(request, "manage-finance");
  const rule = formText(await readForm(request), "rule");
  if (rule !== "warn" && rule !== "block") throw new Response("Choose warn or block", { status: 400 });
  await setOverspendRule(getDb(), { actor, holderId, commissionerId: principal.commissionerId, rule });
  return redirect(withDone(`/spending/plan?holder=${holderId}`, "rule"));
}

const HOLDING = { "direct-payment": "Direct payment", "third-party": "Third-party", notional: "Arranged by the NHS" } as const;

export default function SpendVsPlan() {
  const fresh = useFreshAfterChange();
  const { report, errors, values, acting, holderName, holderQuery, overspendRule, ruleSaved } = useLoaderData<typeof loader>();
  return (
    <Fragment key={fresh}>
      <p>
        <Link to={`/spending${holderQuery}`} className="nhsuk-back-link">
          Back to spending
        </Link>
      </p>
      <ErrorSummary errors={errors} />
      {ruleSaved && overspendRule ? (
        <SuccessBanner heading="The rule for spending more than is left on a line has been saved.">
          {overspendRule === "block"
            ? "From now on a spend above what is left on its line is refused."
            : "From now on a spend above what is left on its line is logged, with a warning."}
        </SuccessBanner>
      ) : null}
      <h1>{acting ? `${holderName}'s spending against the plan` : "Your spending against your plan"}</h1>
      {!report ? (
        <p>There is no approved plan yet.</p>
      ) : (
        <>
          {report.scope.filtered ? (
            <p id="spend-vs-plan-covers">
              These figures cover {report.scope.covers} only: what was spent in those dates, and money committed for care starting in them. Allocated is for the
              whole plan year, so what is left and how much is used are not shown for these dates.{" "}
              <Link to={`/spending/plan${holderQuery}`}>See the whole plan year, with what is left</Link>
            </p>
          ) : (
            <p id="spend-vs-plan-covers">
              From {longDate(report.period.start)} to {longDate(report.period.end)}. Allocated is what the plan sets aside for the plan year; where the plan
              changed during the year, each version's amounts count for the days it applied. Spent counts everything paid from the budget for a line, including
              wages paid through payroll, less any money paid back.
            </p>
          )}
          {report.lines.some((l) => l.holding === "notional") ? (
            <p>
              <Link to={`/spending/commitments${holderQuery}`}>See the care the NHS arranges{acting ? "" : " for you"}, and the money set aside for it</Link>
            </p>
          ) : null}
          <Form method="get" className="app-filter">
            {holderQuery ? <input type="hidden" name="holder" value={holderQuery.slice("?holder=".length)} /> : null}
            <div className="nhsuk-grid-row">
              <div className="nhsuk-grid-column-one-half">
                <DateInput name="from" label="From" values={values} errors={errors} />
              </div>
              <div className="nhsuk-grid-column-one-half">
                <DateInput name="to" label="To" values={values} errors={errors} />
              </div>
            </div>
            <button type="submit" className="nhsuk-button nhsuk-button--secondary">
              Show these dates
            </button>
          </Form>
          {overspendRule ? (
            <Form method="post" action={`/spending/plan${holderQuery}`}>
              <div className="nhsuk-form-group">
                <label className="nhsuk-label" htmlFor="rule">
                  When a spend is more than is left on its support line
                </label>
                <select className="nhsuk-select" id="rule" name="rule" defaultValue={overspendRule}>
                  <option value="warn">Log it and warn</option>
                  <option value="block">Refuse it</option>
                </select>
              </div>
              <button type="submit" className="nhsuk-button nhsuk-button--secondary">
                Save the overspend rule
              </button>
            </Form>
          ) : null}
          <h2>By outcome</h2>
          <p id="budget-once">
            {acting ? possessive(holderName) : "Your"} budget for the plan year, with each support line counted once:{" "}
            <strong>
              <Money pence={report.budget.allocatedPence} />
            </strong>
          </p>
          {report.outcomesOverlap ? (
            <p>
              A support line that helps with more than one outcome is counted in full under each of them, so the outcomes below add up to more than the budget.
            </p>
          ) : null}
          <SpendTable
            caption={
              report.outcomesOverlap
                ? "Spending by outcome. A support line that helps with more than one outcome is counted under each, so the rows do not add up to the budget."
                : "Spending by outcome"
            }
            heading="Outcome"
            columns={report.scope.columns}
            wholeYear={!report.scope.filtered}
            rows={report.outcomes.map((o) => ({
              key: String(o.position),
              label: o.sharedLineCount ? (
                <>
                  {o.outcome}
                  <br />
                  <span className="nhsuk-body-s">{sharedLinesNote(o.sharedLineCount, o.lineCount)}</span>
                </>
              ) : (
                o.outcome
              ),
              ...o,
            }))}
          />
          <h2>By support line</h2>
          <SpendChart lines={report.lines} withLeft={!report.scope.filtered} />
          <SpendTable
            id="spend-vs-plan-lines"
            caption="Spending by support line: the numbers in the chart"
            heading="Support line"
            columns={report.scope.columns}
            wholeYear={!report.scope.filtered}
            rows={[
              ...report.lines.map((l) => ({
                key: l.lineKey,
                label: (
                  <>
                    {l.description}
                    <br />
                    <span className="nhsuk-body-s">
                      {HOLDING[l.holding]}.{l.projection ? ` ${l.projection}.` : ""}
                      {l.approvedHours ? ` ${l.approvedHours}.` : ""}
                    </span>
                  </>
                ),
                ...l,
              })),
              ...(report.notMatchedPence !== 0
                ? [
                    {
                      key: "not-matched",
                      label: (
                        <>
                          Not yet matched to a line in {acting ? possessive(holderName) : "your"} plan
                          <br />
                          <span className="nhsuk-body-s">Money that left the budget without a support line yet. Finance will ask about it.</span>
                        </>
                      ),
                      allocatedPence: 0,
                      spentPence: report.notMatchedPence,
                      committedPence: 0,
                      leftPence: -report.notMatchedPence,
                      percentUsed: 0,
                    },
                  ]
                : []),
            ]}
          />
        </>
      )}
    </Fragment>
  );
}

interface SpendRow {
  key: string;
  label: ReactNode;
  allocatedPence: number;
  spentPence: number;
  committedPence: number;
  leftPence: number;
  percentUsed: number;
}

/**
 * Allocated, spent, committed, left and % used, one row per outcome or support line; for dates within the year only
 * the first three, under headings that say the dates (reportScope).
 */
function SpendTable(props: { id?: string; caption: string; heading: string; columns: string[]; wholeYear: boolean; rows: SpendRow[] }) {
  const { id, caption, heading, columns, wholeYear, rows } = props;
  const numeric = "nhsuk-table__cell nhsuk-table__cell--numeric";
  return (
    <ScrollableTable caption={caption} hideCaption id={id}>
      <thead className="nhsuk-table__head">
        <tr className="nhsuk-table__row">
          <th scope="col" className="nhsuk-table__header">
            {heading}
          </th>
          {columns.map((h) => (
            <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric" key={h}>
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody className="nhsuk-table__body">
        {rows.map((r) => (
          <tr className="nhsuk-table__row" key={r.key}>
            <th scope="row" className="nhsuk-table__cell">
              {r.label}
            </th>
            <td className={numeric}>
              <Money pence={r.allocatedPence} />
            </td>
            <td className={numeric}>
              <Money pence={r.spentPence} />
            </td>
            <td className={numeric}>
              <Money pence={r.committedPence} />
            </td>
            {wholeYear ? (
              <>
                <td className={numeric}>
                  <Money pence={r.leftPence} />
                </td>
                <td className={numeric}>{r.percentUsed}%</td>
              </>
            ) : null}
          </tr>
        ))}
      </tbody>
    </ScrollableTable>
  );
}
