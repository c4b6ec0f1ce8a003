import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { refreshWhileBusy } from "~/http/refresh-header";
import { getDb } from "#db/client.server";
import { notFound, requireAccess } from "~/access/access.server";
import { may } from "~/access/rules";
import { requireId } from "~/http/ids";
import { loadHolderName } from "~/plans/plan-views.server";
import { getJobs } from "~/integrations/jobs/jobs.server";
import { readStatementForm, refreshWhileImporting, statementReply, statementTooBig, type StatementReply } from "~/reconciliation/statement-form";
import { monthName } from "~/reconciliation/periods";
import { importBankStatement, statementHistory } from "~/reconciliation/statement-imports.server";
import { ConfirmColumns, ImportStatus, StatementImports, StatementLines, StatementUploadForm } from "~/ui/bank-statements";
import { ErrorSummary } from "~/ui/error-summary";
import { pageTitle } from "~/ui/page-title";
import { readDone, withDone } from "~/ui/success-banner";

export const meta: MetaFunction = () => pageTitle("Bank statements");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const holderId = requireId(params.holderId);
  const { principal } = await requireAccess(request, "view-casework", { holderId });
  const db = getDb();
  const [holder, history] = await Promise.all([loadHolderName(db, holderId), statementHistory(db, holderId)]);
  if (!holder) throw notFound();
  return data(
    {
      holderId,
      holder,
      history,
      canImport: may(principal, "manage-finance", holderId),
      seesPools: may(principal, "view-finance-settings"),
      done: readDone(request, ["imported"]),
    },
    refreshWhileImporting(history?.imports),
  );
}

export const headers = refreshWhileBusy;

export async function action({ request, params }: ActionFunctionArgs) {
  const holderId = requireId(params.holderId);
  const { actor } = await requireAccess(request, "manage-finance", { holderId });
  const tooBig = statementTooBig(request.headers.get("content-length"));
  if (tooBig) return data<StatementReply>(tooBig, { status: 400 });
  const read = await readStatementForm(await request.formData());
  if (!read.ok) return data<StatementReply>(read.reply, { status: 400 });
  const result = await importBankStatement(getDb(), { actor, holderId, ...read.input });
  if (result.state === "importing") await getJobs().importStatement(result.importId);
  if (result.state === "imported" || result.state === "importing") throw redirect(withDone(`/staff/holders/${holderId}/bank-statements`, "imported"));
  const { reply, status } = statementReply(result);
  return data<StatementReply>(reply, { status });
}

export default function BankStatements() {
  const { holderId, holder, history, canImport, seesPools, done } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const errors = reply?.errors ?? [];
  const name = `${holder.givenName} ${holder.familyName}`;
  const latest = history?.imports[0];
  return (
    <>
      <ErrorSummary errors={errors} />
      {reply?.more ? <p className="nhsuk-error-message">And {reply.more} more problems. Nothing was imported.</p> : null}
      {reply ? null : <ImportStatus latest={latest} done={Boolean(done)} />}
      <p>
        <Link to={`/staff/holders/${holderId}/bank-account`}>Back to {name}'s bank account</Link>
      </p>
      <h1>{name}'s bank statements</h1>
      {latest ? (
        <p>
          <Link to={`/staff/holders/${holderId}/reconciliation/${latest.lastDate.slice(0, 7)}`}>
            Match the lines and reconcile {monthName(latest.lastDate.slice(0, 7))}
          </Link>
        </p>
      ) : null}
      {!history ? (
        <p>
          No bank account is recorded for {name}'s direct payment. <Link to={`/staff/holders/${holderId}/bank-account`}>Record it first</Link>.
        </p>
      ) : (
        <>
          {history.pooledAccountId ? (
            <p>
              {name}'s direct payment is held in a pooled account: its statements are imported on{" "}
              {seesPools ? (
                <Link to={`/staff/pooled-accounts/${history.pooledAccountId}`}>the pooled account's page</Link>
              ) : (
                "the pooled account's page, by finance"
              )}
              , and {name}'s lines come here.
            </p>
          ) : null}
          {canImport && !history.pooledAccountId && reply?.confirm ? <ConfirmColumns confirm={reply.confirm} errors={errors} remembered /> : null}
          {canImport && !history.pooledAccountId && !reply?.confirm ? (
            <StatementUploadForm
              errors={errors}
              button="Import the statement"
              hint="As the bank's website downloads it: CSV, OFX, QFX, QIF or text, up to 10 MB. If any line has a problem, nothing is imported. Lines imported before are not added again."
            />
          ) : null}
          <h2>Latest lines</h2>
          <StatementLines lines={history.lines} />
          <h2>Statements imported</h2>
          <StatementImports imports={history.imports} />
        </>
      )}
    </>
  );
}
