import { HOLDING_EXPLAINED, HOLDING_NAMES } from "~/budgets/budget-summary";
import { FREQUENCY_NAMES, FUNDING_SOURCE_NAMES, type Change, type FundingSource, type Holding } from "~/plans/rules";
import { Money } from "./money";
import { longDate } from "~/dates/long-date";
import { ScrollableTable } from "~/ui/table-region";

export interface PlanViewData {
  version: number;
  status: "draft" | "submitted" | "approved" | "rejected";
  whatMatters: string;
  whoWasInvolved: string;
  startsOn: string;
  firstReviewOn: string;
  nextReviewOn: string;
  reviewEveryMonths: number;
  contingencyPence: number;
  outcomes: { position: number; outcome: string; howWillYouKnow: string }[];
  supportLines: {
    lineKey: string;
    description: string;
    provider: string;
    units: number;
    frequency: "a-week" | "a-month" | "a-year";
    costPerUnitPence: number;
    amountPence: number;
    fundingSource: FundingSource;
    holding: Holding;
    outcomePositions: number[];
  }[];
  split: { totalPence: number; byFundingSource: Record<FundingSource, number>; byHolding: Record<Holding, number> };
}

export const STATUS_NAMES = { draft: "Draft", submitted: "Waiting for approval", approved: "Approved", rejected: "Not approved" } as const;

/**
 * The plan as the person and staff read it: what matters, outcomes, support and the budget it adds up to. `you` is
 * the holder's given name for anyone but the holder.
 */
export function PlanView({ plan, headingLevel = 2, you = "you" }: { plan: PlanViewData; headingLevel?: 2 | 3; you?: string }) {
  const H = `h${headingLevel}` as "h2";
  return (
    <>
      <H>What matters to {you}</H>
      <p className="app-pre-wrap">{plan.whatMatters || "Not recorded yet"}</p>
      <H>Who was involved</H>
      <p className="app-pre-wrap">{plan.whoWasInvolved || "Not recorded yet"}</p>
      <H>Health and wellbeing outcomes</H>
      {plan.outcomes.length === 0 ? (
        <p>No outcomes recorded yet.</p>
      ) : (
        <ol className="nhsuk-list nhsuk-list--number">
          {plan.outcomes.map((o) => (
            <li key={o.position}>
              <strong>{o.outcome}</strong>
              <br />
              How {you} will know: {o.howWillYouKnow}
            </li>
          ))}
        </ol>
      )}
      <H>Support</H>
      {plan.supportLines.length === 0 ? (
        <p>No support recorded yet.</p>
      ) : (
        <ScrollableTable caption="Support in the plan" hideCaption>
          <thead className="nhsuk-table__head">
            <tr className="nhsuk-table__row">
              <th scope="col" className="nhsuk-table__header">
                Support
              </th>
              <th scope="col" className="nhsuk-table__header">
                For outcome
              </th>
              <th scope="col" className="nhsuk-table__header">
                How it is worked out
              </th>
              <th scope="col" className="nhsuk-table__header">
                Funded by
              </th>
              <th scope="col" className="nhsuk-table__header">
                How it is held
              </th>
              <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric">
                A year
              </th>
            </tr>
          </thead>
          <tbody className="nhsuk-table__body">
            {plan.supportLines.map((l) => (
              <tr className="nhsuk-table__row" key={l.lineKey}>
                <td className="nhsuk-table__cell">
                  {l.description}
                  <br />
                  <span className="nhsuk-body-s">{l.provider}</span>
                </td>
                <td className="nhsuk-table__cell">{l.outcomePositions.join(", ")}</td>
                <td className="nhsuk-table__cell">
                  {l.units} {FREQUENCY_NAMES[l.frequency]} x <Money pence={l.costPerUnitPence} />
                </td>
                <td className="nhsuk-table__cell">{FUNDING_SOURCE_NAMES[l.fundingSource]}</td>
                <td className="nhsuk-table__cell">{HOLDING_NAMES[l.holding]}</td>
                <td className="nhsuk-table__cell nhsuk-table__cell--numeric">
                  <Money pence={l.amountPence} />
                </td>
              </tr>
            ))}
            <tr className="nhsuk-table__row">
              <td className="nhsuk-table__cell" colSpan={5}>
                Contingency
              </td>
              <td className="nhsuk-table__cell nhsuk-table__cell--numeric">
                <Money pence={plan.contingencyPence} />
              </td>
            </tr>
            <tr className="nhsuk-table__row">
              <th scope="row" className="nhsuk-table__header" colSpan={5}>
                Budget for the year
              </th>
              <td className="nhsuk-table__cell nhsuk-table__cell--numeric">
                <strong>
                  <Money pence={plan.split.totalPence} />
                </strong>
              </td>
            </tr>
          </tbody>
        </ScrollableTable>
      )}
      <BudgetSplit split={plan.split} headingLevel={headingLevel} />
      <H>Reviews</H>
      <p>
        First review: {longDate(plan.firstReviewOn)}. Then at least every {plan.reviewEveryMonths} months. Next review: {longDate(plan.nextReviewOn)}.
      </p>
    </>
  );
}

export function BudgetSplit({ split, headingLevel = 2 }: { split: PlanViewData["split"]; headingLevel?: 2 | 3 }) {
  const H = `h${headingLevel}` as "h2";
  const holdings = (Object.entries(split.byHolding) as [Holding, number][]).filter(([, p]) => p > 0);
  const sources = (Object.entries(split.byFundingSource) as [FundingSource, number][]).filter(([, p]) => p > 0);
  return (
    <>
      <H>How the budget is held</H>
      <dl className="nhsuk-summary-list">
        {holdings.map(([h, p]) => (
          <div className="nhsuk-summary-list__row" key={h}>
            <dt className="nhsuk-summary-list__key">{HOLDING_NAMES[h]}</dt>
            <dd className="nhsuk-summary-list__value">
              <Money pence={p} />
              <br />
              <span className="nhsuk-body-s">{HOLDING_EXPLAINED[h]}</span>
            </dd>
          </div>
        ))}
      </dl>
      <H>Who funds it</H>
      <dl className="nhsuk-summary-list">
        {sources.map(([s, p]) => (
          <div className="nhsuk-summary-list__row" key={s}>
            <dt className="nhsuk-summary-list__key">{FUNDING_SOURCE_NAMES[s]}</dt>
            <dd className="nhsuk-summary-list__value">
              <Money pence={p} />
            </dd>
          </div>
        ))}
      </dl>
    </>
  );
}

export function ChangeList({ changes, you = "you" }: { changes: Change[]; you?: string }) {
  if (changes.length === 0) return <p>Nothing changed between these versions.</p>;
  return (
    <ul className="nhsuk-list nhsuk-list--bullet">
      {changes.map((c, i) => (
        <li key={i}>{describeChange(c, you)}</li>
      ))}
    </ul>
  );
}

function describeChange(c: Change, you: string) {
  switch (c.kind) {
    case "line-added":
      return (
        <>
          Support added: {c.description}, <Money pence={c.amountPence} /> a year
        </>
      );
    case "line-removed":
      return (
        <>
          Support removed: {c.description}, was <Money pence={c.amountPence} /> a year
        </>
      );
    case "line-cost-changed":
      return (
        <>
          Cost changed: {c.description}, from <Money pence={c.fromPence} /> to <Money pence={c.toPence} /> a year
        </>
      );
    case "line-holding-changed":
      return (
        <>
          How it is held changed: {c.description}, from {HOLDING_NAMES[c.from].toLowerCase()} to {HOLDING_NAMES[c.to].toLowerCase()}
        </>
      );
    case "outcome-added":
      return <>Outcome added: {c.outcome}</>;
    case "outcome-removed":
      return <>Outcome removed: {c.outcome}</>;
    case "what-matters-changed":
      return <>What matters to {you} was changed</>;
    case "contingency-changed":
      return (
        <>
          Contingency changed from <Money pence={c.fromPence} /> to <Money pence={c.toPence} />
        </>
      );
  }
}
