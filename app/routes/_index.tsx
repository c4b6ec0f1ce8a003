import { redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getSignedIn, notFound, requireCurrentHolder, requireUser } from "~/access/access.server";
import { homePath } from "~/access/rules";
import { summaryRow } from "~/ui/summary-row";
import { HOLDING_EXPLAINED } from "~/budgets/budget-summary";
import { may } from "~/access/rules";
import { COHORT_NAMES } from "~/people/cohorts";
import { loadHolderHome } from "~/people/holder-home.server";
import { getDb } from "#db/client.server";
import { Money } from "~/ui/money";
import { longDate } from "~/dates/long-date";
import { pageTitle } from "~/ui/page-title";
import { InsetText } from "~/ui/inset-text";
import { CHANGE_STATE_NAMES } from "~/plans/in-force";
import { capitalise, subject, type Voice } from "~/people/voice";
import { todayInUk } from "~/ledger/entries";

const lowerFirst = (text: string) => (/^Your /.test(text) ? `y${text.slice(1)}` : text);
import { reviewByDate } from "~/recovery/rules";
import { RecoveryLetters } from "~/ui/recovery-letters";

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageTitle(
    data?.view === "holder" ? (data.actingFor ? `${data.holder.givenName} ${data.holder.familyName}'s budget` : "Your personal health budget") : "Home",
  );

export async function loader({ request }: LoaderFunctionArgs) {
  const signedIn = await getSignedIn(request);
  if (!signedIn) return { view: "public" as const };
  // An idle session gets the "you have been signed out" page rather than a silent public page.
  if (signedIn === "expired") await requireUser(request);
  else if (homePath(signedIn.principal) !== "/") throw redirect(homePath(signedIn.principal));
  const { principal, holderId } = await requireCurrentHolder(request, "view");
  const today = todayInUk();
  const home = await loadHolderHome(getDb(), { holderId, today, actingFor: principal.kind !== "holder" });
  if (!home) throw notFound();
  // Letters about money asked back: there is a direct payment, so there is money to show with them.
  const letters = home.money?.letters ?? [];
  const { holder, voice, plan, money } = home;
  const mayAnswer = may(principal, "answer-finance-queries", holderId);
  const queries = mayAnswer ? (money?.openQueries ?? []) : [];
  return {
    mayAnswer,
    queries,
    view: "holder" as const,
    voice,
    actingFor: principal.kind === "representative",
    canSwitch: principal.representing.length > 1,
    mayLogSpending: may(principal, "log-spending", holderId),
    maySeePayroll: may(principal, "manage-payroll", holderId),
    holder: { givenName: holder.givenName, familyName: holder.familyName, cohort: COHORT_NAMES[holder.cohort] },
    plan,
    money,
    letters,
    // A letter is news while a review can still be asked for.
    newLetters: letters.filter((l) => reviewByDate(l.sentOn) >= today),
  };
}

export default function Home() {
  const data = useLoaderData<typeof loader>();
  if (data.view === "public") return <PublicHome />;
  const { holder, money, actingFor, plan } = data;
  // The finance team's questions come first: each has a date to answer by.
  const attention = [
    ...data.queries.map((q) => ({
      text: `A question from the finance team about ${lowerFirst(q.subjectLabel)}: please answer by ${longDate(q.dueOn)}`,
      href: `/queries/${q.id}`,
    })),
    ...data.newLetters.map((l) => ({ text: `Read our letter of ${longDate(l.sentOn)}: ${l.title}`, href: `/letters/${l.id}` })),
    ...plan.attention,
    ...(money && money.flaggedSpends > 0
      ? [
          {
            text: `${money.flaggedSpends} ${money.flaggedSpends === 1 ? "spend needs" : "spends need"} a receipt, an agreement or a look at the plan: see which`,
            href: "/spending?flagged=yes",
          },
        ]
      : []),
  ];
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        {actingFor ? (
          <InsetText>
            <p>
              You are acting for {holder.givenName} {holder.familyName}: what you see and do here is for them, and is recorded as done for them.{" "}
              {data.canSwitch ? <Link to="/acting-for">Switch to someone else</Link> : null}
            </p>
          </InsetText>
        ) : null}
        <h1>{actingFor ? `${holder.givenName} ${holder.familyName}'s personal health budget` : `Hello ${holder.givenName}`}</h1>
        {attention.length ? (
          <div className="nhsuk-card nhsuk-card--feature">
            <div className="nhsuk-card__content nhsuk-card__content--feature">
              <h2 className="nhsuk-card__heading nhsuk-card__heading--feature">What needs {actingFor ? `doing for ${holder.givenName}` : "your attention"}</h2>
              <ul className="nhsuk-list">
                {attention.map((a) => (
                  <li key={a.text}>
                    <Link to={a.href}>{a.text}</Link>
                  </li>
                ))}
              </ul>
            </div>
          </div>
        ) : null}
        {money ? (
          <>
            <h2>{capitalise(data.voice.your)} money</h2>
            <p>
              For the plan year from {longDate(money.year.start)} to {longDate(money.year.end)}.
            </p>
            {money.accounts.map((account) => (
              <AccountCard key={account.id} account={account} />
            ))}
            <ul className="nhsuk-list">
              <li>
                <Link to="/budget/statement">See the statement: money paid in, money spent and the balance</Link>
              </li>
              <li>
                <Link to="/spending">See spending against the plan{data.mayLogSpending ? ", or log a spend" : ""}</Link>
              </li>
              {data.maySeePayroll && money.accounts.some((a) => a.holding === "direct-payment") ? (
                <li>
                  <Link to="/employer">Personal assistants: their pay, payslips and what is owed to HMRC</Link>
                </li>
              ) : null}
              {data.mayAnswer ? (
                <li>
                  <Link to="/queries">Questions from the finance team</Link>
                </li>
              ) : null}
              {data.mayAnswer && money.accounts.some((a) => a.holding === "direct-payment") ? (
                <li>
                  <Link to="/budget/bank-statements">Send the direct payment account's bank statement to the finance team</Link>
                </li>
              ) : null}
              {actingFor ? null : (
                <li>
                  <Link to="/representatives">People who act for you</Link>
                </li>
              )}
            </ul>
          </>
        ) : (
          <p>{capitalise(data.voice.your)} budget has not been set up yet. The personal health budget team will contact you when it is ready.</p>
        )}
        <RecoveryLetters letters={data.letters} your={data.voice.your} />
        <PlanSummary plan={plan} voice={data.voice} />
      </div>
    </div>
  );
}

type HolderMoney = NonNullable<ReturnType<typeof useLoaderData<typeof loader>> extends infer D ? (D extends { money: infer M } ? M : never) : never>;

function AccountCard({ account }: { account: HolderMoney["accounts"][number] }) {
  return (
    <div className="nhsuk-card">
      <div className="nhsuk-card__content">
        <h3 className="nhsuk-card__heading">{account.name}</h3>
        <p className="nhsuk-card__description">{HOLDING_EXPLAINED[account.holding]}</p>
        <dl className="nhsuk-summary-list nhsuk-u-margin-bottom-0">
          {account.balancePence !== null
            ? summaryRow(
                "Balance now",
                <strong>
                  <Money pence={account.balancePence} />
                </strong>,
              )
            : null}
          {summaryRow(account.holding === "notional" ? "Paid on invoice this plan year" : "Spent this plan year", <Money pence={account.spentPence} />)}
          {summaryRow(
            "Left in the plan year",
            <>
              <Money pence={account.leftPence} /> of <Money pence={account.yearPence} />
            </>,
          )}
          {account.holding !== "notional"
            ? summaryRow(
                "Next instalment",
                account.next ? (
                  <>
                    <Money pence={account.next.amountPence} /> on {longDate(account.next.dueOn)}
                  </>
                ) : (
                  "None due"
                ),
              )
            : null}
        </dl>
      </div>
    </div>
  );
}

function PlanSummary({
  plan,
  voice,
}: {
  plan: ReturnType<typeof useLoaderData<typeof loader>> extends infer D ? (D extends { plan: infer P } ? P : never) : never;
  voice: Voice;
}) {
  if (!plan.approved) return null;
  return (
    <>
      <h2>{capitalise(voice.your)} plan</h2>
      <p>What {subject(voice, "want")} to achieve:</p>
      <ol className="nhsuk-list nhsuk-list--number">
        {plan.approved.outcomes.map((o) => (
          <li key={o.position}>{o.outcome}</li>
        ))}
      </ol>
      <p>
        Budget in the plan:{" "}
        <strong>
          <Money pence={plan.approved.split.totalPence} />
        </strong>{" "}
        a year. Next review: <strong>{longDate(plan.approved.nextReviewOn)}</strong>.
      </p>
      {plan.approved.contingencyPence > 0 ? (
        <p>
          This includes <Money pence={plan.approved.contingencyPence} /> kept aside for needs nobody planned for (the contingency). The NHS holds it until it is
          needed, so it is not in the amounts above.
        </p>
      ) : null}
      {plan.change ? (
        <InsetText>
          <p>
            <strong>{CHANGE_STATE_NAMES[plan.change.state]}.</strong>{" "}
            {plan.change.state === "not-agreed"
              ? `Changes to this plan (version ${plan.change.version}) were not agreed. The reason: ${plan.change.reason?.replace(/[.\s]+$/, "")}. `
              : `Changes to this plan (version ${plan.change.version}) are being considered. `}
            Until changes are approved, this plan still applies.
          </p>
        </InsetText>
      ) : null}
      <p>
        <Link to="/plan">See {voice.your} care and support plan, and how the budget was worked out</Link>
      </p>
    </>
  );
}

function PublicHome() {
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <h1>Manage your personal health budget</h1>
        <p className="nhsuk-lede-text">Use this service to see and manage the personal health budget the NHS has agreed with you.</p>
        <p>
          A personal health budget is an amount of money to support your health and wellbeing needs. You plan it with your NHS team, and you decide how to use
          it.
        </p>
        <h2>What you can do here</h2>
        <ul>
          <li>see your care and support plan and what it is for</li>
          <li>see how much is in your budget and how it is held</li>
          <li>record what you have spent, and keep your receipts</li>
          <li>let someone you trust, like a parent or carer, help you manage it</li>
        </ul>
        <h2>Before you start</h2>
        <p>You need the email address and password your personal health budget team gave you. If you do not have them, contact your team.</p>
        <Link to="/sign-in" className="nhsuk-button" role="button" draggable="false">
          Sign in
        </Link>
        <h2>If you work for the NHS or a support organisation</h2>
        <p>Sign in with your work email address to see the people you support.</p>
      </div>
    </div>
  );
}
