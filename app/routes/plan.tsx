import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "#db/client.server";
import { requireCurrentHolder } from "~/access/access.server";
import { HOLDING_EXPLAINED, HOLDING_NAMES } from "~/budgets/budget-summary";
import { explainWorking } from "~/budgets/indicative";
import { latestIndicativeBudget } from "~/budgets/statement.server";
import { askToReconsider, listDirectPaymentDecisions, listHoldingChangeRequests, requestHoldingChange } from "~/plans/holding.server";
import { loadPlanForPerson } from "~/plans/plan-for-person.server";
import { loadHolderName } from "~/plans/plan-views.server";
import { may } from "~/access/rules";
import { agreedWords, capitalise, voiceFor } from "~/people/voice";
import { NotificationBanner } from "nhsuk-react-components";
import { InsetText } from "~/ui/inset-text";
import { readDone, SuccessBanner, withDone, useFreshAfterChange } from "~/ui/success-banner";
import { PlanChange } from "~/ui/plan-change";
import { HoldingRequestSchema, ReconsiderSchema } from "~/plans/schemas";
import { ErrorSummary } from "~/ui/error-summary";
import { TextField } from "~/ui/fields";
import { Money } from "~/ui/money";
import { ChangeList, PlanView, STATUS_NAMES } from "~/ui/plan-view";
import { longDate } from "~/dates/long-date";
import { pageTitle } from "~/ui/page-title";
import { todayInUk } from "~/ledger/entries";
import { formText, readForm } from "~/http/form-data";
import { requireId } from "~/http/ids";

export const meta: MetaFunction<typeof loader> = ({ data }) => pageTitle(`${data?.voice.Whose ?? "Your"} care and support plan`);

export async function loader({ request }: LoaderFunctionArgs) {
  const { principal, holderId } = await requireCurrentHolder(request, "view");
  const db = getDb();
  const url = new URL(request.url);
  const holder = await loadHolderName(db, holderId);
  const voice = voiceFor(holder, principal.kind !== "holder");
  const page = await loadPlanForPerson(db, {
    holderId,
    version: Number(url.searchParams.get("version")) || undefined,
    compareWith: Number(url.searchParams.get("compare")) || undefined,
    today: todayInUk(),
    inForceOnly: principal.kind === "support",
  });
  const indicative = await latestIndicativeBudget(db, holderId);
  return {
    voice,
    canAgree: may(principal, "agree-plans", holderId),
    justAgreed: url.searchParams.get("agreed") === "1",
    done: readDone(request, ["asked", "reconsider"] as const),
    page: page && {
      current: {
        id: page.current.id,
        version: page.current.version,
        status: page.current.status,
        rejectionReason: page.current.rejectionReason,
        approvedAt: page.current.secondApprovedAt ?? page.current.approvedAt,
      },
      inForceVersion: page.inForceVersion,
      change: page.change,
      agreement: page.agreement,
      versions: page.versions,
      view: page.view,
      changes: page.changes,
      compareWith: page.compareWith,
    },
    indicative: indicative && {
      totalPence: indicative.totalPence,
      calculatedOn: indicative.calculatedOn,
      lines: indicative.workings.map((w) => ({ text: explainWorking(w), included: w.included })),
    },
    requests: await listHoldingChangeRequests(db, holderId),
    decisions: await listDirectPaymentDecisions(db, holderId),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  // Asking for a different holding and asking to reconsider need the "agree plans" permission; agreeing is /plan/agree.
  const { actor, holderId } = await requireCurrentHolder(request, "agree-plans");
  const formData = await readForm(request);
  const intent = formText(formData, "intent");
  const db = getDb();
  const fail = (fieldId: string, message: string) => data({ errors: [{ fieldId, message }] }, { status: 400 });
  if (intent === "ask-holding") {
    const submission = parseWithZod(formData, { schema: HoldingRequestSchema });
    const lineKey = formText(formData, "lineKey");
    if (submission.status !== "success") {
      const [[field, messages]] = Object.entries(submission.error ?? { why: ["Check your request"] });
      return fail(`${field}-${lineKey}`, messages?.[0] ?? "Check your request");
    }
    const planVersionId = requireId(formText(formData, "planVersionId"));
    const result = await requestHoldingChange(db, { actor, holderId, planVersionId, ...submission.value });
    return result.ok ? redirect(withDone("/plan", "asked")) : fail(`requestedHolding-${lineKey}`, result.message);
  }
  if (intent === "reconsider") {
    const submission = parseWithZod(formData, { schema: ReconsiderSchema });
    const id = formText(formData, "decisionId");
    if (submission.status !== "success") return fail(`why-${id}`, "Tell us why we should reconsider");
    const result = await askToReconsider(db, { actor, holderId, ...submission.value });
    return result.ok ? redirect(withDone("/plan", "reconsider")) : fail(`why-${id}`, result.message);
  }
  throw new Response("Unknown action", { status: 400 });
}

export default function HolderPlan() {
  const fresh = useFreshAfterChange();
  const { voice, canAgree, justAgreed, done, page, indicative, requests, decisions } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const errors = reply?.errors ?? [];
  const errorFor = (id: string) => errors.find((e) => e.fieldId === id)?.message;
  const inForce = page && page.current.version === page.inForceVersion;
  return (
    <div className="nhsuk-grid-row" key={fresh}>
      <div className="nhsuk-grid-column-full">
        <ErrorSummary errors={errors} />
        {justAgreed && page?.agreement ? (
          <NotificationBanner success id="plan-agreed">
            <p className="nhsuk-notification-banner__heading">
              {agreedWords(page.agreement, voice)} on {longDate(page.agreement.at)}.
            </p>
            <p>
              We have recorded it. The plan is in force: the budget is paid and spent as it says, and {voice.your} team will review it with {voice.you} by{" "}
              {longDate(page.view.nextReviewOn)}.
            </p>
          </NotificationBanner>
        ) : null}
        {done === "asked" ? (
          <SuccessBanner heading="We have sent your request to hold this support differently.">
            {capitalise(voice.your)} coordinator will look at it and decide. You will see their decision on this page.
          </SuccessBanner>
        ) : done === "reconsider" ? (
          <SuccessBanner heading="We have sent your request to reconsider the decision.">
            {capitalise(voice.your)} coordinator will look at it again. You will see the outcome on this page.
          </SuccessBanner>
        ) : null}
        <h1>{voice.Whose} care and support plan</h1>
        {decisions.map((d) => (
          <div className="nhsuk-warning-callout" key={d.id}>
            <h2 className="nhsuk-warning-callout__label">
              <span role="text">
                <span className="nhsuk-u-visually-hidden">Important: </span>Direct payment {d.kind}
              </span>
            </h2>
            <p>
              From {longDate(d.effectiveOn)} a direct payment is {d.kind === "refused" ? "not offered" : "stopped"} for {voice.you}. The reason: {d.reason}
            </p>
            <p>{capitalise(voice.you)} can still have the budget as a notional budget or a third-party budget.</p>
            {d.reconsiderStatus === "pending" ? <p>You asked us to reconsider. We will tell you our decision.</p> : null}
            {d.reconsiderStatus && d.reconsiderStatus !== "pending" ? (
              <p>
                We reconsidered: {d.reconsiderStatus === "accepted" ? "the decision is overturned" : "the decision stays"}. {d.reconsiderOutcome}
              </p>
            ) : null}
            {!d.reconsiderStatus && canAgree ? (
              <Form method="post">
                <input type="hidden" name="decisionId" value={d.id} />
                <TextField id={`why-${d.id}`} name="why" label="Ask us to reconsider: tell us why" error={errorFor(`why-${d.id}`)} />
                <button className="nhsuk-button nhsuk-button--secondary" type="submit" name="intent" value="reconsider">
                  Ask us to reconsider
                </button>
              </Form>
            ) : null}
          </div>
        ))}
        {!page ? (
          <p>
            {voice.Whose} plan is being written with {voice.you}. You will see it here once it has gone for approval.
          </p>
        ) : (
          <>
            <p>
              Version {page.current.version}: {STATUS_NAMES[page.current.status]}
              {page.current.approvedAt && page.current.status === "approved" ? ` on ${longDate(page.current.approvedAt)}` : ""}
              {inForce ? ". This is the plan in force" : ""}. <a href="/plan.pdf">Download {voice.your} plan (PDF)</a>
            </p>
            {page.inForceVersion && !inForce ? (
              <InsetText>
                <p>
                  This is version {page.current.version}. It is not in force: version {page.inForceVersion} is. <Link to="/plan">See the plan in force</Link>
                </p>
              </InsetText>
            ) : null}
            {page.current.status === "rejected" ? (
              <InsetText>
                <p>This version was not approved. The reason: {page.current.rejectionReason}</p>
              </InsetText>
            ) : null}
            {inForce && page.change ? <PlanChange change={page.change} inForceVersion={page.current.version} your={voice.your} /> : null}
            <PlanView plan={page.view} you={voice.you} />
            {inForce ? (
              <>
                <h2>Agreement</h2>
                {page.agreement ? (
                  <p>
                    {agreedWords(page.agreement, voice)} on {longDate(page.agreement.at)}.
                  </p>
                ) : canAgree ? (
                  <>
                    <p>This plan has been approved. Now that you have read it, tell us {voice.thirdPerson ? `${voice.you} agrees` : "you agree"} to it.</p>
                    <Link to="/plan/agree" className="nhsuk-button" role="button" draggable="false">
                      Continue to agree
                    </Link>
                  </>
                ) : (
                  <p>{capitalise(voice.you)} has not agreed to this plan yet.</p>
                )}
              </>
            ) : null}
          </>
        )}
        {indicative ? (
          <>
            <h2>How {voice.your} indicative budget was worked out</h2>
            <p>Before planning, on {longDate(indicative.calculatedOn)}, we worked out what your care would cost from the services you would otherwise get:</p>
            <ul className="nhsuk-list nhsuk-list--bullet">
              {indicative.lines.map((l, i) => (
                <li key={i}>{l.text}</li>
              ))}
            </ul>
            <p>
              Indicative budget:{" "}
              <strong>
                <Money pence={indicative.totalPence} />
              </strong>{" "}
              a year. {capitalise(voice.your)} final budget comes from the support agreed in your plan, and can be higher or lower.
            </p>
          </>
        ) : null}
        {page && inForce && canAgree ? (
          <>
            <h2>Ask for support to be held a different way</h2>
            {page.view.supportLines.map((l) => (
              <Form method="post" key={l.lineKey} className="nhsuk-card">
                <div className="nhsuk-card__content">
                  <h3 className="nhsuk-card__heading">
                    {l.description}: {HOLDING_NAMES[l.holding]}
                  </h3>
                  <p>{HOLDING_EXPLAINED[l.holding]}</p>
                  <input type="hidden" name="planVersionId" value={page.current.id} />
                  <input type="hidden" name="lineKey" value={l.lineKey} />
                  <div className="nhsuk-form-group">
                    <label className="nhsuk-label" htmlFor={`requestedHolding-${l.lineKey}`}>
                      How would you like it held?
                    </label>
                    {errorFor(`requestedHolding-${l.lineKey}`) ? (
                      <span className="nhsuk-error-message" id={`requestedHolding-${l.lineKey}-error`}>
                        <span className="nhsuk-u-visually-hidden">Error:</span> {errorFor(`requestedHolding-${l.lineKey}`)}
                      </span>
                    ) : null}
                    <select className="nhsuk-select" id={`requestedHolding-${l.lineKey}`} name="requestedHolding" defaultValue={l.holding}>
                      {(["notional", "third-party", "direct-payment"] as const).map((h) => (
                        <option key={h} value={h}>
                          {HOLDING_NAMES[h]}: {HOLDING_EXPLAINED[h]}
                        </option>
                      ))}
                    </select>
                  </div>
                  <TextField id={`why-${l.lineKey}`} name="why" label="Why would you like a change?" error={errorFor(`why-${l.lineKey}`)} />
                  <button className="nhsuk-button nhsuk-button--secondary" type="submit" name="intent" value="ask-holding">
                    Ask for this change
                  </button>
                </div>
              </Form>
            ))}
          </>
        ) : null}
        {requests.length ? (
          <>
            <h2>{voice.thirdPerson ? "Requests made" : "Your requests"}</h2>
            <ul className="nhsuk-list nhsuk-list--bullet">
              {requests.map((r) => (
                <li key={r.id}>
                  {HOLDING_NAMES[r.requestedHolding]} asked on {longDate(r.requestedAt)}:{" "}
                  {r.status === "pending" ? "waiting for a decision" : `${r.status}${r.decisionReason ? `. ${r.decisionReason}` : ""}`}
                </li>
              ))}
            </ul>
          </>
        ) : null}
        {page && page.versions.length > 1 ? (
          <>
            <h2>All versions</h2>
            <ul className="nhsuk-list">
              {page.versions.map((v) => (
                <li key={v.version}>
                  <Link to={`?version=${v.version}`}>Version {v.version}</Link>: {STATUS_NAMES[v.status]}
                  {v.version !== page.current.version ? (
                    <>
                      {" "}
                      · <Link to={`?version=${page.current.version}&compare=${v.version}`}>What changed since version {v.version}</Link>
                    </>
                  ) : null}
                </li>
              ))}
            </ul>
            {page.changes ? (
              <>
                <h2>What changed from version {page.compareWith}</h2>
                <ChangeList changes={page.changes} you={voice.you} />
              </>
            ) : null}
          </>
        ) : null}
      </div>
    </div>
  );
}
