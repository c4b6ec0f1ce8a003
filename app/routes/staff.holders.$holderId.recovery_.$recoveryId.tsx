import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "#db/client.server";
import { notFound, requireAccess } from "~/access/access.server";
import { may, type HolderAction } from "~/access/rules";
import { longDate } from "~/dates/long-date";
import { todayInUk } from "~/ledger/entries";
import { formText, formTextValues, readForm } from "~/http/form-data";
import { requireId } from "~/http/ids";
import { approveRecovery, closeRecovery } from "~/recovery/recoveries.server";
import { loadRecovery } from "~/recovery/recovery-views.server";
import { decisionProblem, METHOD_NAMES, STATUS_NAMES } from "~/recovery/rules";
import { DecisionReasonSchema } from "~/recovery/schemas";
import { ErrorSummary, type FieldError } from "~/ui/error-summary";
import { TextArea } from "~/ui/fields";
import { Money } from "~/ui/money";
import { pageTitle } from "~/ui/page-title";
import { readDone, SuccessBanner } from "~/ui/success-banner";
import { summaryRow } from "~/ui/summary-row";

export const meta: MetaFunction = () => pageTitle("Recovery");

const DONE = {
  proposed: ["The recovery has been proposed.", "An approver other than you will check it. Nothing happens and nobody is told until it is approved."],
  approved: ["The recovery is approved and the letter has been sent.", "The person can read the letter on their home page."],
  refused: ["The recovery has been refused.", "Finance can see why. The person was not told about it."],
  withdrawn: ["The recovery has been withdrawn.", "The person was not told about it."],
} as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const holderId = requireId(params.holderId);
  const recoveryId = requireId(params.recoveryId);
  const { principal } = await requireAccess(request, "view-casework", { holderId });
  const found = await loadRecovery(getDb(), { holderId, recoveryId });
  if (!found) throw notFound();
  const proposed = found.recovery.status === "proposed";
  return {
    holderId,
    ...found,
    done: readDone(request, Object.keys(DONE) as (keyof typeof DONE)[]),
    canWithdraw: proposed && may(principal, "manage-finance", holderId),
    canDecide: proposed && may(principal, "approve-recovery", holderId),
    // Four eyes: the proposer is told why they cannot decide rather than offered buttons that refuse them.
    decideProblem: proposed ? decisionProblem({ deciderId: principal.userId, proposedBy: found.recovery.proposedBy }) : null,
  };
}

type Reply = { errors: FieldError[]; values: Record<string, string> };

const INTENT_ACTIONS: Record<string, HolderAction> = { approve: "approve-recovery", refuse: "approve-recovery", withdraw: "manage-finance" };

export async function action({ request, params }: ActionFunctionArgs) {
  const holderId = requireId(params.holderId);
  const recoveryId = requireId(params.recoveryId);
  // Who may see the record first; then, by what the form asks, who may do it.
  await requireAccess(request, "view-casework", { holderId });
  const form = await readForm(request);
  const intent = formText(form, "intent");
  const needs = INTENT_ACTIONS[intent];
  if (!needs) throw new Response("Choose what to do", { status: 400 });
  const { actor } = await requireAccess(request, needs, { holderId });
  const values = formTextValues(form);
  const db = getDb();
  const today = todayInUk();
  const refused = (message: string, fieldId = "") => data<Reply>({ errors: [{ fieldId, message }], values }, { status: 400 });
  let result: { ok: true } | { ok: false; message: string };
  if (intent === "approve") {
    result = await approveRecovery(db, { actor, holderId, recoveryId, today });
  } else {
    const parsed = DecisionReasonSchema.safeParse({ recoveryId, reason: values.reason ?? "" });
    if (!parsed.success) return refused(parsed.error.issues[0].message, intent === "withdraw" ? "withdrawReason" : "reason");
    result = await closeRecovery(db, { actor, holderId, recoveryId, reason: parsed.data.reason, as: intent === "refuse" ? "refused" : "withdrawn", today });
  }
  if (!result.ok) return refused(result.message);
  const done = intent === "approve" ? "approved" : intent === "refuse" ? "refused" : "withdrawn";
  throw redirect(`/staff/holders/${holderId}/recovery/${recoveryId}?done=${done}`);
}

export default function RecoveryPage() {
  const { holderId, holder, recovery: r, parts, schedule, done, canWithdraw, canDecide, decideProblem } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const errors = reply?.errors ?? [];
  const name = `${holder.givenName} ${holder.familyName}`;
  const reasonError = errors.find((e) => e.fieldId === "reason")?.message;
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        {done && !reply ? <SuccessBanner heading={DONE[done][0]}>{DONE[done][1]}</SuccessBanner> : null}
        <p>
          <Link to={`/staff/holders/${holderId}/recovery`}>Back to money to recover from {name}</Link>
        </p>
        <span className="nhsuk-caption-l">{name}</span>
        <h1>
          Recovery of <Money pence={r.amountPence} />
        </h1>
        <dl className="nhsuk-summary-list">
          {summaryRow("Status", STATUS_NAMES[r.status])}
          {summaryRow("How it comes back", r.method === "instalments" ? `${METHOD_NAMES.instalments} (${r.instalmentCount})` : METHOD_NAMES.account)}
          {summaryRow("Why", r.reason)}
          {summaryRow("How it was worked out", r.workings)}
          {summaryRow("Proposed", `${longDate(r.proposedAt)} by ${r.proposedByName}`)}
          {r.promptedByType ? summaryRow("Prompted by", `${r.promptedByType} ${r.promptedById}`) : null}
          {r.decidedOn ? summaryRow(STATUS_NAMES[r.status], `${longDate(r.decidedOn)} by ${r.decidedByName}`) : null}
          {r.decisionReason ? summaryRow("Reason", r.decisionReason) : null}
          {r.repayBy ? summaryRow("To be paid back by", `${longDate(r.repayBy)}, reference ${r.paymentReference}`) : null}
          {r.method === "instalments"
            ? summaryRow(
                "Taken so far",
                <>
                  <Money pence={r.takenPence} /> of <Money pence={r.amountPence} />, in {parts.length} of {schedule.length} parts
                </>,
              )
            : null}
        </dl>
        {r.letterId ? (
          <p>
            <Link to={`/letters/${r.letterId}?holder=${holderId}`}>Read the letter {name} was sent</Link>
          </p>
        ) : null}
        {canDecide && decideProblem ? <p className="nhsuk-body">{decideProblem}.</p> : null}
        {canDecide && !decideProblem ? (
          <>
            <h2>Approve or refuse</h2>
            <p>
              Approving {r.method === "account" ? "takes the money from the direct payment account now" : "takes a part from each of the next instalments"} and
              sends {name} a letter saying so, with how to ask for a review. The letter cannot be changed once sent.
            </p>
            <Form method="post">
              <button className="nhsuk-button" type="submit" name="intent" value="approve">
                Approve and send the letter
              </button>
            </Form>
            <Form method="post" noValidate>
              <TextArea
                id="reason"
                label="Why it is refused"
                hint="Finance reads this. The person is not told."
                defaultValue={reply?.values.reason}
                error={reasonError}
              />
              <button className="nhsuk-button nhsuk-button--secondary" type="submit" name="intent" value="refuse">
                Refuse the recovery
              </button>
            </Form>
          </>
        ) : null}
        {canWithdraw ? (
          <Form method="post" noValidate>
            <h2>Withdraw it</h2>
            <TextArea
              id="withdrawReason"
              name="reason"
              label="Why it is withdrawn"
              defaultValue={reply?.values.reason}
              error={errors.find((e) => e.fieldId === "withdrawReason")?.message}
            />
            <button className="nhsuk-button nhsuk-button--secondary" type="submit" name="intent" value="withdraw">
              Withdraw the recovery
            </button>
          </Form>
        ) : null}
      </div>
    </div>
  );
}
