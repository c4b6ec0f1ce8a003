import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { refreshWhileBusy } from "~/http/refresh-header";
import { getDb } from "#db/client.server";
import { notFound, requireCurrentHolder } from "~/access/access.server";
import { loadHolderName } from "~/plans/plan-views.server";
import { getJobs } from "~/integrations/jobs/jobs.server";
import { readStatementForm, refreshWhileImporting, statementReply, statementTooBig, type StatementReply } from "~/reconciliation/statement-form";
import { holderStatements, importBankStatement } from "~/reconciliation/statement-imports.server";
import { ConfirmColumns, ImportStatus, StatementImports, StatementLines, StatementUploadForm } from "~/ui/bank-statements";
import { ErrorSummary } from "~/ui/error-summary";
import { pageTitle } from "~/ui/page-title";
import { readDone, withDone } from "~/ui/success-banner";

export const meta: MetaFunction = () => pageTitle("Bank statements");

const HERE = "/budget/bank-statements";

// Sending statements is part of answering finance's questions: the holder, or a representative with that scope.
export async function loader({ request }: LoaderFunctionArgs) {
  const { principal, holderId } = await requireCurrentHolder(request, "answer-finance-queries");
  const db = getDb();
  const [holder, statements] = await Promise.all([loadHolderName(db, holderId), holderStatements(db, holderId)]);
  if (!holder) throw notFound();
  return data(
    { holderName: `${holder.givenName} ${holder.familyName}`, actingFor: principal.kind !== "holder", statements, done: readDone(request, ["imported"]) },
    refreshWhileImporting(statements.status === "ready" ? statements.imports : undefined),
  );
}

export const headers = refreshWhileBusy;

export async function action({ request }: ActionFunctionArgs) {
  const { actor, holderId } = await requireCurrentHolder(request, "answer-finance-queries");
  const tooBig = statementTooBig(request.headers.get("content-length"));
  if (tooBig) return data<StatementReply>(tooBig, { status: 400 });
  const read = await readStatementForm(await request.formData());
  if (!read.ok) return data<StatementReply>(read.reply, { status: 400 });
  // A layout is kept for everyone's statements: only finance's confirmation of its columns is kept.
  const result = await importBankStatement(getDb(), { actor, holderId, ...read.input, keepLayout: false });
  if (result.state === "importing") await getJobs().importStatement(result.importId);
  if (result.state === "imported" || result.state === "importing") throw redirect(withDone(HERE, "imported"));
  const { reply, status } = statementReply(result);
  return data<StatementReply>(reply, { status });
}

export default function HolderBankStatements() {
  const { holderName, actingFor, statements, done } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const errors = reply?.errors ?? [];
  const your = actingFor ? `${holderName}'s` : "your";
  const latest = statements.status === "ready" ? statements.imports[0] : undefined;
  return (
    <>
      <p>
        <Link to="/" className="nhsuk-back-link">
          {actingFor ? `Back to ${holderName}'s budget` : "Back to your budget"}
        </Link>
      </p>
      <ErrorSummary errors={errors} />
      {reply?.more ? <p className="nhsuk-error-message">And {reply.more} more problems. Nothing was imported.</p> : null}
      {reply ? null : <ImportStatus latest={latest} done={Boolean(done)} />}
      <h1>{actingFor ? `${holderName}'s bank statements` : "Your bank statements"}</h1>
      {statements.status === "no-direct-payment" ? (
        <p>
          {actingFor ? `${holderName}'s` : "Your"} budget is not paid as a direct payment, so there is no bank account of {actingFor ? "theirs" : "yours"} to
          send statements for. The NHS or the organisation holding the budget keeps its records.
        </p>
      ) : statements.status === "no-account" ? (
        <p>
          The finance team has not recorded the bank account {your} direct payment is paid into yet. Once they have, you can send its statements here. If you
          have been asked for a statement before then, contact the personal health budget team.
        </p>
      ) : (
        <>
          <p>
            Send the statement of the bank account {your} direct payment is paid into. The finance team checks it against the spending logged here, so there is
            less to ask {actingFor ? "them" : "you"} about.
          </p>
          {statements.pooled ? (
            <p>
              {actingFor ? `${holderName}'s` : "Your"} direct payment is held in a pooled account with other people's, so the finance team imports its
              statements. Your own lines are shown here.
            </p>
          ) : reply?.confirm ? (
            <ConfirmColumns confirm={reply.confirm} errors={errors} remembered={false} />
          ) : (
            <StatementUploadForm
              errors={errors}
              button="Send the statement"
              hint="Download it from your bank's website as CSV, OFX, QFX, QIF or text, up to 10 MB. If any line has a problem, nothing is imported. Lines sent before are not added again."
            />
          )}
          <h2>Latest lines</h2>
          <StatementLines lines={statements.lines} />
          <h2>Statements sent</h2>
          <StatementImports imports={statements.imports} />
        </>
      )}
    </>
  );
}
