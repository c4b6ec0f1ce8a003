import { redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getSignedIn, requireCurrentHolder, requireUser } from "~/access/access.server";
import { homePath } from "~/access/rules";
import { budgetTotal, describeHolding, HOLDING_EXPLAINED, HOLDING_NAMES, splitByHolding } from "~/budgets/budget-summary";
import { COHORT_NAMES } from "~/people/cohorts";
import { loadHolderHome } from "~/people/holders.server";
import { getDb } from "#db/client.server";
import { Money } from "~/ui/money";
import { loadHolderPlanSummary } from "~/plans/plans.server";
import { BudgetSplit } from "~/ui/plan-view";
import { longDate } from "~/dates/long-date";
import { pageTitle } from "~/ui/page-title";
import { InsetText } from "~/ui/inset-text";
import { todayInUk } from "~/ledger/entries";

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageTitle(data?.view === "holder" ? (data.actingFor ? `${data.holder.givenName} ${data.holder.familyName}'s budget` : "Your personal health budget") : "Home");

export async function loader({ request }: LoaderFunctionArgs) {
  const signedIn = await getSignedIn(request);
  if (!signedIn) return { view: "public" as const };
  // An idle session gets the "you have been signed out" page rather than a silent public page.
  if (signedIn === "expired") await requireUser(request);
  else if (signedIn.principal.kind === "staff" || signedIn.principal.kind === "support") throw redirect(homePath(signedIn.principal));
  const { principal, holderId } = await requireCurrentHolder(request, "view");
  const { holder, budget } = await loadHolderHome(getDb(), holderId);
  const plan = await loadHolderPlanSummary(getDb(), { holderId, today: todayInUk() });
  return {
    view: "holder" as const,
    actingFor: principal.kind === "representative",
    canSwitch: principal.representing.length > 1,
    holder: { givenName: holder.givenName, familyName: holder.familyName, cohort: COHORT_NAMES[holder.cohort] },
    plan,
    budget: budget && {
      startsOn: budget.startsOn,
      total: budgetTotal(budget),
      holding: describeHolding(budget),
      split: splitByHolding(budget).map((p) => ({ ...p, name: HOLDING_NAMES[p.holding], explained: HOLDING_EXPLAINED[p.holding] })),
    },
  };
}

export default function Home() {
  const data = useLoaderData<typeof loader>();
  if (data.view === "public") return <PublicHome />;
  const { holder, budget, actingFor } = data;
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        {actingFor ? (
          <InsetText>
            <p>You are acting for {holder.givenName} {holder.familyName}. {data.canSwitch ? <Link to="/acting-for">Switch to someone else</Link> : null}</p>
          </InsetText>
        ) : null}
        <h1>{actingFor ? `${holder.givenName} ${holder.familyName}'s personal health budget` : `Hello ${holder.givenName}`}</h1>
        <PlanSummary plan={data.plan} />
        {budget ? (
          <>
            <dl className="nhsuk-summary-list">
              <div className="nhsuk-summary-list__row">
                <dt className="nhsuk-summary-list__key">Budget for the year</dt>
                <dd className="nhsuk-summary-list__value"><Money pence={budget.total} /></dd>
              </div>
              <div className="nhsuk-summary-list__row">
                <dt className="nhsuk-summary-list__key">How it is held</dt>
                <dd className="nhsuk-summary-list__value">{budget.holding}</dd>
              </div>
              <div className="nhsuk-summary-list__row">
                <dt className="nhsuk-summary-list__key">Started</dt>
                <dd className="nhsuk-summary-list__value">{new Date(budget.startsOn).toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" })}</dd>
              </div>
              <div className="nhsuk-summary-list__row">
                <dt className="nhsuk-summary-list__key">Type of budget</dt>
                <dd className="nhsuk-summary-list__value">{holder.cohort}</dd>
              </div>
            </dl>
            <h2>How the money is held</h2>
            {budget.split.map((part) => (
              <div className="nhsuk-card" key={part.holding}>
                <div className="nhsuk-card__content">
                  <h3 className="nhsuk-card__heading">{part.name}: <Money pence={part.pence} /></h3>
                  <p className="nhsuk-card__description">{part.explained}</p>
                </div>
              </div>
            ))}
            <p><Link to="/budget/statement">See the statement: money paid in, money spent and the balance</Link></p>
            <p><Link to="/spending">See spending against the plan, or log a spend</Link></p>
            {actingFor ? null : <p><Link to="/representatives">People who act for you</Link></p>}
          </>
        ) : (
          <p>Your budget has not been set up yet. Your personal health budget team will contact you when it is ready.</p>
        )}
      </div>
    </div>
  );
}

function PlanSummary({ plan }: { plan: ReturnType<typeof useLoaderData<typeof loader>> extends infer D ? D extends { plan: infer P } ? P : never : never }) {
  return (
    <>
      {plan.attention.length ? (
        <div className="nhsuk-card nhsuk-card--feature">
          <div className="nhsuk-card__content nhsuk-card__content--feature">
            <h2 className="nhsuk-card__heading nhsuk-card__heading--feature">What needs your attention</h2>
            <ul className="nhsuk-list">{plan.attention.map((a) => <li key={a.text}><Link to={a.href}>{a.text}</Link></li>)}</ul>
          </div>
        </div>
      ) : null}
      {plan.approved ? (
        <>
          <h2>Your plan</h2>
          <p>What you want to achieve:</p>
          <ol className="nhsuk-list nhsuk-list--number">{plan.approved.outcomes.map((o) => <li key={o.position}>{o.outcome}</li>)}</ol>
          <p>Budget in your plan: <strong><Money pence={plan.approved.split.totalPence} /></strong> a year. Next review: <strong>{longDate(plan.approved.nextReviewOn)}</strong>.</p>
          <BudgetSplit split={plan.approved.split} />
          <p><Link to="/plan">See your care and support plan, and how your budget was worked out</Link></p>
        </>
      ) : null}
    </>
  );
}

function PublicHome() {
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <h1>Manage your personal health budget</h1>
        <p className="nhsuk-lede-text">Use this service to see and manage the personal health budget the NHS has agreed with you.</p>
        <p>A personal health budget is an amount of money to support your health and wellbeing needs. You plan it with your NHS team, and you decide how to use it.</p>
        <h2>What you can do here</h2>
        <ul>
          <li>see your care and support plan and what it is for</li>
          <li>see how much is in your budget and how it is held</li>
          <li>record what you have spent, and keep your receipts</li>
          <li>let someone you trust, like a parent or carer, help you manage it</li>
        </ul>
        <h2>Before you start</h2>
        <p>You need the email address and password your personal health budget team gave you. If you do not have them, contact your team.</p>
        <Link to="/sign-in" className="nhsuk-button" role="button" draggable="false">Sign in</Link>
        <h2>If you work for the NHS or a support organisation</h2>
        <p>Sign in with your work email address to see the people you support.</p>
      </div>
    </div>
  );
}
