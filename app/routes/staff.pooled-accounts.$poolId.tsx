import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { refreshWhileBusy } from "~/http/refresh-header";
import { getDb } from "#db/client.server";
import { notFound, requireAccess } from "~/access/access.server";
import { may } from "~/access/rules";
import { longDate } from "~/dates/long-date";
import { requireId } from "~/http/ids";
import { loadPool } from "~/reconciliation/pooled-accounts.server";
import { importPooledStatement } from "~/reconciliation/pooled-statements.server";
import { getJobs } from "~/integrations/jobs/jobs.server";
import { readStatementForm, refreshWhileImporting, statementReply, statementTooBig, type StatementReply } from "~/reconciliation/statement-form";
import { ConfirmColumns, ImportStatus, StatementUploadForm } from "~/ui/bank-statements";
import { ErrorSummary } from "~/ui/error-summary";
import { Money } from "~/ui/money";
import { pageTitle } from "~/ui/page-title";
import { StackedTable } from "~/ui/stacked-table";
import { readDone, SuccessBanner, withDone } from "~/ui/success-banner";
import { summaryRow } from "~/ui/summary-row";

export const meta: MetaFunction = () => pageTitle("Pooled account");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const poolId = requireId(params.poolId);
  const { principal } = await requireAccess(request, "view-finance-settings", "own-commissioner");
  const loaded = await loadPool(getDb(), { commissionerId: principal.commissionerId, poolId });
  if (!loaded) throw notFound();
  return data(
    { ...loaded, canImport: may(principal, "manage-finance"), done: readDone(request, ["recorded", "imported"]) },
    refreshWhileImporting(loaded.imports),
  );
}

export const headers = refreshWhileBusy;

export async function action({ request, params }: ActionFunctionArgs) {
  const poolId = requireId(params.poolId);
  const { actor, principal } = await requireAccess(request, "manage-finance", "own-commissioner");
  const db = getDb();
  if (!(await loadPool(db, { commissionerId: principal.commissionerId, poolId }))) throw notFound();
  const tooBig = statementTooBig(request.headers.get("content-length"));
  if (tooBig) return data<StatementReply>(tooBig, { status: 400 });
  const read = await readStatementForm(await request.formData());
  if (!read.ok) return data<StatementReply>(read.reply, { status: 400 });
  const result = await importPooledStatement(db, { actor, poolId, ...read.input });
  if (result.state === "importing") await getJobs().importPooledStatement(result.importId);
  if (result.state === "imported" || result.state === "importing") throw redirect(withDone(`/staff/pooled-accounts/${poolId}`, "imported"));
  const { reply, status } = statementReply(result);
  return data<StatementReply>(reply, { status });
}

const people = (n: number) => (n === 1 ? "1 person" : `${n} people`);

export default function PooledAccount() {
  const { pool, members, imports, canImport, done } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const errors = reply?.errors ?? [];
  const latest = imports[0];
  return (
    <>
      <ErrorSummary errors={errors} />
      {reply?.more ? <p className="nhsuk-error-message">And {reply.more} more problems. Nothing was imported.</p> : null}
      {done === "recorded" && !reply ? <SuccessBanner heading="The pooled account is recorded." /> : null}
      {!reply && latest && latest.state !== "imported" ? <ImportStatus latest={latest} done={false} /> : null}
      {done === "imported" && !reply && latest?.state === "imported" ? (
        <SuccessBanner heading="The statement is imported.">
          {latest.linesAdded === 0
            ? `Nothing new: all ${latest.linesRead} lines were imported before.`
            : `${latest.linesAdded} new lines of ${latest.linesRead}, for ${people(latest.holders)}, from ${longDate(latest.firstDate)} to ${longDate(latest.lastDate)}.`}
        </SuccessBanner>
      ) : null}
      <p>
        <Link to="/staff/pooled-accounts" className="nhsuk-back-link">
          Back to pooled accounts
        </Link>
      </p>
      <h1>{pool.accountName}</h1>
      <dl className="nhsuk-summary-list">
        {summaryRow("Run by", pool.runBy ?? "Us (the commissioner)")}
        {summaryRow("Sort code", pool.sortCode)}
        {summaryRow("Account number", pool.accountNumber)}
      </dl>
      <h2>People whose direct payments are in it</h2>
      {members.length === 0 ? (
        <p>No one yet. Add a person on their bank account page, choosing this pooled account and the reference its statement gives their lines.</p>
      ) : (
        <StackedTable
          caption="People in this pooled account, by reference"
          columns={[{ heading: "Reference" }, { heading: "Person" }]}
          rows={members.map((m) => ({
            key: m.holderId,
            cells: [m.poolReference, <Link to={`/staff/holders/${m.holderId}/bank-statements`}>{m.name}</Link>],
          }))}
        />
      )}
      {canImport && members.length > 0 && reply?.confirm ? <ConfirmColumns confirm={reply.confirm} errors={errors} remembered /> : null}
      {canImport && members.length > 0 && !reply?.confirm ? (
        <>
          <h2>Import a statement</h2>
          <p>
            Each line goes to the person whose reference it carries: in the reference column if the file has one, otherwise in the description. Capitals, spaces
            and punctuation do not matter, and more may follow it: PHB 0034 INST 09 is PHB 0034's, PHB 00345 is not. If any line is no one's, or could be more
            than one person's, nothing is imported.
          </p>
          <StatementUploadForm
            errors={errors}
            button="Import the statement"
            hint="As the bank's website downloads it: CSV, OFX, QFX, QIF or text, up to 10 MB. Lines imported before are not added again."
          />
        </>
      ) : null}
      <h2>Statements imported</h2>
      {imports.length === 0 ? (
        <p>None yet.</p>
      ) : (
        <ul className="nhsuk-list">
          {imports.map((i) => (
            <li key={i.id}>
              {i.fileName}: {longDate(i.firstDate)} to {longDate(i.lastDate)},{" "}
              {i.state === "imported"
                ? `${i.linesAdded} new of ${i.linesRead} lines for ${people(i.holders)}, imported ${longDate(i.importedAt)}`
                : i.state === "importing"
                  ? `${i.linesRead} lines for ${people(i.holders)} being imported`
                  : `sent ${longDate(i.importedAt)} but not imported: send it again`}
              {i.poolClosingPence === null ? null : (
                <>
                  ; the pool's balance at the end, <Money pence={i.poolClosingPence} />
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
