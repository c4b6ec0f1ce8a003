import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "#db/client.server";
import { notFound, requireAccess } from "~/access/access.server";
import { may } from "~/access/rules";
import { todayInUk } from "~/dates/uk-day";
import { formText, formTextValues, readForm } from "~/http/form-data";
import { requireId } from "~/http/ids";
import { parseMoney, penceToDecimal } from "~/ledger/money";
import { loadHolderName } from "~/plans/plan-views.server";
import { confirmMatch, logBankLineAsRefund, logBankLineAsSpend, markBankLine, unmatchBankLine, type MatchResult } from "~/reconciliation/matching.server";
import { periodLength, periodName, periodOfDays, readPeriod, shiftPeriod, STATUS_LABELS } from "~/reconciliation/periods";
import { loadReconciliationPeriod, reconcilePeriod, reopenPeriod, type ReconcileResult } from "~/reconciliation/periods.server";
import { ErrorSummary, type FieldError } from "~/ui/error-summary";
import { TextArea, TextField } from "~/ui/fields";
import { pageTitle } from "~/ui/page-title";
import { ExplainLine, LedgerOnlyTable, MatchedLines, PeriodSummary, UnmatchedLines, UnmatchForm } from "~/ui/reconciliation";
import { readDone, SuccessBanner, withDone } from "~/ui/success-banner";

export const meta: MetaFunction<typeof loader> = ({ data }) => pageTitle(data ? `Reconciling ${periodName(data.periodText)}` : "Reconciling a month");

const DONE = ["matched", "explained", "unmatched", "reconciled", "reopened"] as const;
const doneHeading = (done: (typeof DONE)[number], word: string) =>
  ({
    matched: "The bank line is matched.",
    explained: "The bank line is explained.",
    unmatched: "The match is taken back.",
    reconciled: `The ${word} is reconciled.`,
    reopened: `The ${word} is open again.`,
  })[done];

function requirePeriod(text: string | undefined) {
  const period = readPeriod(text);
  if (!period) throw notFound();
  return period;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const holderId = requireId(params.holderId);
  const periodText = requirePeriod(params.period);
  const { principal } = await requireAccess(request, "view-casework", { holderId });
  const db = getDb();
  const [holder, period] = await Promise.all([loadHolderName(db, holderId), loadReconciliationPeriod(db, { holderId, period: periodText })]);
  if (!holder) throw notFound();
  const url = new URL(request.url);
  return {
    holderId,
    name: `${holder.givenName} ${holder.familyName}`,
    period,
    periodText,
    canChange: may(principal, "manage-finance", holderId),
    // The worklist is finance's: a coordinator reading a person's month goes back to the person.
    back: may(principal, "view-finance-settings")
      ? { to: `/staff/reconciliation?period=${periodText}`, text: "Back to reconciliation" }
      : { to: `/staff/holders/${holderId}/plan`, text: `Back to ${holder.givenName} ${holder.familyName}'s plan` },
    explaining: url.searchParams.get("line"),
    unmatching: url.searchParams.get("unmatch"),
    done: readDone(request, DONE),
  };
}

type Reply = { errors: FieldError[]; values?: Record<string, string> };

export async function action({ request, params }: ActionFunctionArgs) {
  const holderId = requireId(params.holderId);
  const period = requirePeriod(params.period);
  const { actor } = await requireAccess(request, "manage-finance", { holderId });
  const form = await readForm(request);
  const db = getDb();
  const intent = formText(form, "intent");
  const lineId = formText(form, "lineId");
  const here = `/staff/holders/${holderId}/reconciliation/${period}`;
  const values = formTextValues(form);
  const answer = (result: MatchResult | ReconcileResult, done: (typeof DONE)[number], fieldIds: Record<string, string> = {}) => {
    if (result.ok) throw redirect(withDone(here, done));
    const fieldId = result.field ? (fieldIds[result.field] ?? result.field) : "intent";
    return data<Reply>({ errors: [{ fieldId, message: result.message }], values }, { status: 400 });
  };
  switch (intent) {
    case "confirm":
      return answer(await confirmMatch(db, { actor, holderId, lineId, entryId: Number(formText(form, "entryId")) }), "matched");
    case "explain": {
      const outcome = formText(form, "outcome");
      if (outcome === "own-transfer" || outcome === "not-ours") {
        return answer(await markBankLine(db, { actor, holderId, lineId, outcome, note: formText(form, "note") }), "explained");
      }
      if (outcome === "spend") {
        const whatFor = formText(form, "whatFor");
        const result = await logBankLineAsSpend(db, {
          actor,
          holderId,
          lineId,
          supportLineId: formText(form, "supportLineId"),
          payeeName: formText(form, "payeeName"),
          whatFor,
          today: todayInUk(),
        });
        return answer(result, "explained");
      }
      if (outcome === "refund") {
        const refund = { supportLineId: formText(form, "refundLineId"), payeeId: formText(form, "payeeId"), whatFor: formText(form, "refundFor") };
        return answer(await logBankLineAsRefund(db, { actor, holderId, lineId, ...refund }), "explained");
      }
      return data<Reply>({ errors: [{ fieldId: "outcome", message: "Select what this bank line is" }], values }, { status: 400 });
    }
    case "unmatch":
      return answer(await unmatchBankLine(db, { actor, holderId, lineId, reason: formText(form, "reason") }), "unmatched");
    case "reconcile": {
      const agreed = parseMoney(formText(form, "agreedBalance"), "agreed balance");
      if (!agreed.ok) return data<Reply>({ errors: [{ fieldId: "agreedBalance", message: agreed.message }], values }, { status: 400 });
      return answer(await reconcilePeriod(db, { actor, holderId, period, agreedBalancePence: agreed.pence, note: formText(form, "note") }), "reconciled");
    }
    case "reopen":
      return answer(await reopenPeriod(db, { actor, holderId, period, reason: formText(form, "reason") }), "reopened", { note: "reason" });
    default:
      return data<Reply>({ errors: [{ fieldId: "intent", message: "Choose what to do" }] }, { status: 400 });
  }
}

export default function ReconcilingAPeriod() {
  const { holderId, name, period: month, periodText, canChange, back, explaining, unmatching, done } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const errors = reply?.errors ?? [];
  const here = `/staff/holders/${holderId}/reconciliation/${periodText}`;
  const periodPage = (other: string) => `/staff/holders/${holderId}/reconciliation/${other}`;
  const named = periodName(periodText);
  const word = periodLength(periodText);
  const title = `${name}: ${named}`;
  const nav = (
    <nav aria-label={word === "month" ? "Months" : "Quarters"} className="app-month-nav">
      <Link to={periodPage(shiftPeriod(periodText, -1))}>
        Previous {word}: {periodName(shiftPeriod(periodText, -1))}
      </Link>
      {" · "}
      <Link to={periodPage(shiftPeriod(periodText, 1))}>
        Next {word}: {periodName(shiftPeriod(periodText, 1))}
      </Link>
    </nav>
  );
  if (!month) {
    return (
      <>
        <p>
          <Link to={back.to} className="nhsuk-back-link">
            {back.text}
          </Link>
        </p>
        <h1>{title}</h1>
        <p>{name} has no direct payment, so there is no bank account to reconcile.</p>
      </>
    );
  }
  const line = (id: string | null) => (id ? month.bank.lines.find((l) => l.id === id) : undefined);
  const explainLine = canChange ? line(reply?.values?.intent === "explain" ? reply.values.lineId : explaining) : undefined;
  const unmatchLine = canChange ? line(reply?.values?.intent === "unmatch" ? reply.values.lineId : unmatching) : undefined;
  return (
    <>
      <ErrorSummary errors={errors} />
      {done && !reply ? <SuccessBanner heading={doneHeading(done, word)} /> : null}
      <p>
        <Link to={back.to} className="nhsuk-back-link">
          {back.text}
        </Link>
      </p>
      <span className="nhsuk-caption-l">Reconciling the direct payment</span>
      <h1>{title}</h1>
      <p>
        <strong className={`nhsuk-tag${month.status === "reconciled" ? " nhsuk-tag--green" : month.status === "not-started" ? " nhsuk-tag--grey" : ""}`}>
          {STATUS_LABELS[month.status]}
        </strong>
      </p>
      {nav}
      {explainLine ? (
        <ExplainLine line={explainLine} spendLines={month.spendLines} payees={month.payees} errors={errors} values={reply?.values} cancel={here} />
      ) : null}
      {unmatchLine ? <UnmatchForm line={unmatchLine} errors={errors} cancel={here} /> : null}
      <PeriodSummary month={month} />
      {month.overlapping.length > 0 ? (
        <div className="nhsuk-inset-text">
          <p>
            {month.overlapping.map((o, i) => (
              <span key={o.startsOn}>
                {i > 0 ? " and " : null}
                <Link to={periodPage(periodOfDays(o))}>{periodName(periodOfDays(o))}</Link>
              </span>
            ))}{" "}
            {month.overlapping.length === 1 ? "has" : "have"} been reconciled, and overlap{month.overlapping.length === 1 ? "s" : ""} {named}. Reopen{" "}
            {month.overlapping.length === 1 ? "it" : "them"} to reconcile {named}.
          </p>
        </div>
      ) : null}
      {canChange ? (
        <p>
          <Link to={`/staff/holders/${holderId}/queries/new?about=month:${periodText}&back=${encodeURIComponent(here)}`}>
            Ask {name} about {named}
          </Link>
        </p>
      ) : null}
      {month.bank.lines.length === 0 ? (
        <p>
          No bank statement lines for {named} yet. <Link to={`/staff/holders/${holderId}/bank-statements`}>Import the statement</Link>.
        </p>
      ) : (
        <>
          <UnmatchedLines month={month} canChange={canChange} here={here} askHref={`/staff/holders/${holderId}/queries/new`} />
          <LedgerOnlyTable month={month} />
          <MatchedLines month={month} canChange={canChange} here={here} />
        </>
      )}
      {canChange && month.status === "ready" ? (
        <Form method="post" noValidate>
          <h2>Reconcile {named}</h2>
          <p>Every bank line is accounted for, and the lines in the ledger not yet on the bank explain the difference between the two.</p>
          <TextField
            id="agreedBalance"
            name="agreedBalance"
            label="Balance agreed with the holder"
            hint={`The balance at the end of the ${word}, in pounds and pence, as agreed with the holder or their representative`}
            inputMode="decimal"
            width={10}
            defaultValue={reply?.values?.agreedBalance ?? (month.bank.closingPence !== null ? penceToDecimal(month.bank.closingPence) : "")}
            error={errors.find((e) => e.fieldId === "agreedBalance")?.message}
          />
          <TextArea id="note" label="Note (optional)" defaultValue={reply?.values?.note} error={errors.find((e) => e.fieldId === "note")?.message} />
          <button className="nhsuk-button" type="submit" name="intent" value="reconcile">
            Reconcile the {word}
          </button>
        </Form>
      ) : null}
      {canChange && month.reconciled ? (
        <Form method="post" noValidate>
          <h2>Reopen {named}</h2>
          <TextArea id="reason" label="Why it needs reconciling again" error={errors.find((e) => e.fieldId === "reason")?.message} />
          <button className="nhsuk-button nhsuk-button--secondary" type="submit" name="intent" value="reopen">
            Reopen the {word}
          </button>
        </Form>
      ) : null}
    </>
  );
}
