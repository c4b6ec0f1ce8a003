import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "#db/client.server";
import { requireAccess } from "~/access/access.server";
import { latestIndicativeBudget } from "~/budgets/statement.server";
import { decideHoldingChange, decideReconsideration, listDirectPaymentDecisions, listHoldingChangeRequests, refuseDirectPayment } from "~/plans/holding.server";
import { endPlan, rejectPlan } from "~/plans/plan-decisions.server";
import { loadApprovalState } from "~/plans/approvals.server";
import { ApprovalDecision } from "~/ui/approval-decision";
import { previewSubmission, startPlanVersion } from "~/plans/plans.server";
import { loadHolderName, loadPlanPage } from "~/plans/plan-views.server";
import {
  DECISION_DATE,
  DirectPaymentDecisionSchema,
  END_DATE,
  EndPlanSchema,
  HoldingDecisionSchema,
  ReconsiderationOutcomeSchema,
  RejectSchema,
} from "~/plans/schemas";
import { linkToDayBox, readDateFields, withDateErrors } from "~/dates/date-fields";
import { ErrorSummary, fieldErrors, type FieldError } from "~/ui/error-summary";
import { Money } from "~/ui/money";
import { BudgetEnd, BudgetEndCheck } from "~/ui/budget-end";
import { DirectPaymentCheck, HoldingDecisions } from "~/ui/holding-decisions";
import { isConfirmed, resendFields } from "~/ui/confirm-page";
import { readDone, withDone, useFreshAfterChange } from "~/ui/success-banner";
import { STAFF_PLAN_DONE, StaffPlanBanner } from "~/ui/staff-plan-done";
import { endDateProblem } from "~/plans/rules";
import { HolderAdded } from "~/ui/holder-added";
import { ChangeList, PlanView, STATUS_NAMES } from "~/ui/plan-view";
import { longDate } from "~/dates/long-date";
import { pageTitle } from "~/ui/page-title";
import { todayInUk } from "~/ledger/entries";
import { formText, formTextValues, readForm } from "~/http/form-data";
import { requireId } from "~/http/ids";

export const meta: MetaFunction = () => pageTitle("Personalised care and support plan");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const holderId = requireId(params.holderId);
  const { principal } = await requireAccess(request, "view-casework", { holderId });
  const db = getDb();
  const url = new URL(request.url);
  const page = await loadPlanPage(db, {
    holderId,
    version: Number(url.searchParams.get("version")) || undefined,
    compareWith: Number(url.searchParams.get("compare")) || undefined,
    compareWaitingWithApproved: true,
    today: todayInUk(),
  });
  const preview = page?.current?.status === "draft" ? await previewSubmission(db, { holderId, planVersionId: page.current.id }) : null;
  return {
    holderId,
    holder: await loadHolderName(db, holderId),
    roles: principal.staffRoles,
    page: page && {
      versions: page.versions.map((v) => ({
        version: v.version,
        status: v.status,
        createdAt: v.createdAt,
        approvedAt: v.approvedAt,
        rejectionReason: v.rejectionReason,
      })),
      current: page.current,
      view: page.view,
      changes: page.changes,
      compareWith: page.compareWith,
    },
    preview,
    approval: page?.current?.status === "submitted" ? await loadApprovalState(db, { holderId, deciderId: principal.userId }) : null,
    indicative: await latestIndicativeBudget(db, holderId),
    requests: await listHoldingChangeRequests(db, holderId),
    decisions: await listDirectPaymentDecisions(db, holderId),
    ended: page?.plan.endedOn ? { on: page.plan.endedOn, reason: page.plan.endReason } : null,
    done: readDone(request, STAFF_PLAN_DONE),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const holderId = requireId(params.holderId);
  const formData = await readForm(request);
  const intent = formText(formData, "intent");
  const planVersionId = () => requireId(formText(formData, "planVersionId"));
  const db = getDb();
  const back = `/staff/holders/${holderId}/plan`;
  // What was typed comes back so the date's boxes show it again; the other fields of these forms start empty.
  const values = formTextValues(formData);
  const failWith = (errors: FieldError[]) => data({ intent, errors, values }, { status: 400 });
  const fail = (message: string, fieldId = "intent") => failWith([{ fieldId, message }]);
  const done = (code: (typeof STAFF_PLAN_DONE)[number]) => redirect(withDone(back, code));

  if (intent === "start") {
    const { actor } = await requireAccess(request, "manage-plan", { holderId });
    const result = await startPlanVersion(db, { actor, holderId, today: todayInUk() });
    return result.ok ? redirect(`${back}/edit`) : fail(result.message);
  }
  if (intent === "reject") {
    const { actor } = await requireAccess(request, "approve-plan", { holderId });
    const id = planVersionId();
    const submission = parseWithZod(formData, { schema: RejectSchema });
    if (submission.status !== "success") return fail(submission.error?.reason?.[0] ?? "Enter the reason", "reason");
    const result = await rejectPlan(db, { actor, holderId, planVersionId: id, reason: submission.value.reason });
    return result.ok ? done("rejected") : fail(result.message, "reason");
  }
  if (intent === "refuse-direct-payment") {
    const { actor } = await requireAccess(request, "manage-plan", { holderId });
    const dateErrors = readDateFields(formData, [DECISION_DATE]);
    const submission = parseWithZod(formData, { schema: DirectPaymentDecisionSchema });
    if (submission.status !== "success" || dateErrors.length) {
      const others = fieldErrors(submission).map((e) => ({ ...e, fieldId: e.fieldId === "reason" ? "dp-reason" : e.fieldId }));
      return failWith(withDateErrors(dateErrors, others, [DECISION_DATE]));
    }
    // Refusing or stopping cannot be taken back: the first press shows the check page, its button records it.
    if (!isConfirmed(formData)) return { intent, errors: [] as FieldError[], values: {}, check: { ...submission.value, fields: resendFields(formData) } };
    const result = await refuseDirectPayment(db, { actor, holderId, ...submission.value });
    return result.ok ? done(`direct-payment-${submission.value.kind}`) : fail(result.message, "dp-reason");
  }
  if (intent === "accept-request" || intent === "decline-request") {
    const { actor } = await requireAccess(request, "manage-plan", { holderId });
    const requestId = requireId(formText(formData, "requestId"));
    const submission = parseWithZod(formData, { schema: HoldingDecisionSchema });
    if (submission.status !== "success") return fail(submission.error?.reason?.[0] ?? "Check the reason", `request-reason-${requestId}`);
    const result = await decideHoldingChange(db, {
      actor,
      holderId,
      requestId,
      accept: intent === "accept-request",
      reason: submission.value.reason ?? "",
      today: todayInUk(),
    });
    return result.ok ? done(intent === "accept-request" ? "request-accepted" : "request-declined") : fail(result.message, `request-reason-${requestId}`);
  }
  if (intent === "overturn" || intent === "uphold") {
    const { actor } = await requireAccess(request, "manage-plan", { holderId });
    const decisionId = requireId(formText(formData, "decisionId"));
    const submission = parseWithZod(formData, { schema: ReconsiderationOutcomeSchema });
    if (submission.status !== "success") return fail(submission.error?.reason?.[0] ?? "Enter the outcome: the person will see it", `outcome-${decisionId}`);
    const result = await decideReconsideration(db, {
      actor,
      holderId,
      decisionId,
      overturn: intent === "overturn",
      outcome: submission.value.reason,
      today: todayInUk(),
    });
    return result.ok ? done(intent === "overturn" ? "overturned" : "upheld") : fail(result.message, `outcome-${decisionId}`);
  }
  if (intent === "end-plan") {
    const { actor } = await requireAccess(request, "manage-plan", { holderId });
    const dateErrors = readDateFields(formData, [END_DATE]);
    const submission = parseWithZod(formData, { schema: EndPlanSchema });
    if (submission.status !== "success" || dateErrors.length) {
      const ids: Record<string, string> = { reason: "end-reason" };
      const others = fieldErrors(submission).map((e) => ({ ...e, fieldId: ids[e.fieldId] ?? e.fieldId }));
      return failWith(withDateErrors(dateErrors, others, [END_DATE]));
    }
    const { endedOn, reason } = submission.value;
    const tooEarly = endDateProblem(endedOn, todayInUk());
    if (tooEarly) return failWith([linkToDayBox({ fieldId: "endedOn", message: tooEarly }, [END_DATE])]);
    // Ending cannot be undone: the first press shows the check page, its button ends it.
    if (!isConfirmed(formData)) return { intent, errors: [] as FieldError[], values: {}, endCheck: { endedOn, reason, fields: resendFields(formData) } };
    const result = await endPlan(db, { actor, holderId, endedOn, reason, today: todayInUk() });
    return result.ok ? done("ended") : failWith([linkToDayBox({ fieldId: "endedOn", message: result.message }, [END_DATE])]);
  }
  throw new Response("Unknown action", { status: 400 });
}

export default function StaffPlan() {
  const fresh = useFreshAfterChange();
  const { holderId, holder, roles, page, preview, approval, indicative, requests, decisions, ended, done } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const errors: FieldError[] = reply?.errors ?? [];
  const values: Record<string, string | undefined> = reply?.values ?? {};
  const name = `${holder.givenName} ${holder.familyName}`;
  const here = `/staff/holders/${holderId}/plan`;
  // Remix's serialised union marks each branch's keys optional; a check, when there, is whole.
  type Whole<T> = { [K in keyof NonNullable<T>]-?: NonNullable<NonNullable<T>[K]> };
  if (reply && "check" in reply) return <DirectPaymentCheck name={name} {...(reply.check as Whole<typeof reply.check>)} cancelTo={here} />;
  if (reply && "endCheck" in reply) return <BudgetEndCheck name={name} {...(reply.endCheck as Whole<typeof reply.endCheck>)} cancelTo={here} />;
  const isCoordinator = roles.includes("coordinator");
  const isApprover = roles.includes("approver");
  const current = page?.current;
  return (
    <div className="nhsuk-grid-row" key={fresh}>
      <div className="nhsuk-grid-column-full">
        <ErrorSummary errors={errors} />
        {done === "added" ? <HolderAdded holderId={holderId} name={name} /> : done ? <StaffPlanBanner done={done} name={name} /> : null}
        <span className="nhsuk-caption-l">{name}</span>
        <h1>Personalised care and support plan</h1>
        <p>
          <Link to="/staff">Back to people</Link>
          {" · "}
          <Link to={`/staff/holders/${holderId}/indicative-budget`}>Indicative budget</Link>
          {" · "}
          <Link to={`/spending?holder=${holderId}`}>Spending</Link>
          {" · "}
          <Link to={`/spending/plan?holder=${holderId}`}>Spending against the plan</Link>
          {" · "}
          <Link to={`/budget/statement?holder=${holderId}`}>Statement</Link>
          {" · "}
          <Link to={`/representatives?holder=${holderId}`}>People who act for them</Link>
          {" · "}
          <Link to={`/staff/holders/${holderId}/support-organisations`}>Support organisations</Link>
          {" · "}
          <Link to={`/employer?holder=${holderId}`}>Personal assistants</Link>
          {" · "}
          <Link to={`/staff/holders/${holderId}/bank-account`}>Bank account</Link>
          {" · "}
          <Link to={`/staff/holders/${holderId}/recovery`}>Money to recover</Link>
        </p>
        <p id="intent" tabIndex={-1}>
          Indicative budget:{" "}
          {indicative ? (
            <>
              <Money pence={indicative.totalPence} /> (version {indicative.version}, worked out on {longDate(indicative.calculatedOn)})
            </>
          ) : (
            "not worked out yet"
          )}
        </p>
        {!current ? (
          <>
            <p>There is no plan yet.</p>
            {isCoordinator ? (
              <Form method="post">
                <button className="nhsuk-button" name="intent" value="start" type="submit">
                  Start the plan
                </button>
              </Form>
            ) : null}
          </>
        ) : (
          <>
            <h2>
              Version {current.version}: {STATUS_NAMES[current.status]}
            </h2>
            {current.status === "rejected" ? (
              <div className="nhsuk-inset-text">
                <p>Not approved: {current.rejectionReason}</p>
              </div>
            ) : null}
            {current.agreedAt ? <p>Agreed by the person on {longDate(current.agreedAt)}.</p> : null}
            {current.status === "draft" && isCoordinator ? (
              <>
                <p>
                  The draft is changed section by section, then checked and sent for approval from its task list. Final budget so far:{" "}
                  <Money pence={preview?.finalPence ?? 0} />.
                </p>
                <Link className="nhsuk-button" to={`/staff/holders/${holderId}/plan/edit`}>
                  Change the draft
                </Link>
              </>
            ) : null}
            {(current.status === "approved" || current.status === "rejected") && isCoordinator ? (
              <Form method="post">
                <button className="nhsuk-button nhsuk-button--secondary" name="intent" value="start" type="submit">
                  Start a new version
                </button>
              </Form>
            ) : null}
            {current.status === "submitted" ? (
              <p>
                Waiting for approval: final budget <Money pence={current.finalPence ?? 0} />
                {current.indicativePence != null ? (
                  <>
                    , indicative budget <Money pence={current.indicativePence} />
                  </>
                ) : null}
                . {current.needsSecondApproval ? "Needs two approvals." : "Needs one approval."}
              </p>
            ) : null}
            <PlanView plan={page.view} you={holder.givenName} />
            <h2>Versions</h2>
            <ul className="nhsuk-list">
              {page.versions.map((v) => (
                <li key={v.version}>
                  <Link to={`?version=${v.version}`}>Version {v.version}</Link>: {STATUS_NAMES[v.status]}
                  {v.version !== current.version ? (
                    <>
                      {" "}
                      ·{" "}
                      <Link to={`?version=${current.version}&compare=${v.version}`}>
                        What changed between versions {Math.min(v.version, current.version)} and {Math.max(v.version, current.version)}
                      </Link>
                    </>
                  ) : null}
                </li>
              ))}
            </ul>
            {page.changes ? (
              <>
                <h2>What changed from version {page.compareWith}</h2>
                <ChangeList changes={page.changes} you={holder.givenName} />
              </>
            ) : null}
            {/* The decision comes last: after the plan and what changed, which are what is being decided. */}
            {approval ? <ApprovalDecision holderId={holderId} approval={approval} isApprover={isApprover} errors={errors} /> : null}
          </>
        )}

        <HoldingDecisions requests={requests} decisions={decisions} isCoordinator={isCoordinator} errors={errors} values={values} />
        <BudgetEnd ended={ended} mayEnd={isCoordinator && Boolean(current)} errors={errors} values={values} />
      </div>
    </div>
  );
}
