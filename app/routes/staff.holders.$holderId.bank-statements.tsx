import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "#db/client.server";
import { notFound, requireAccess } from "~/access/access.server";
import { may } from "~/access/rules";
import { longDate } from "~/dates/long-date";
import { formText, formTextValues } from "~/http/form-data";
import { requireId } from "~/http/ids";
import { loadHolderName } from "~/plans/plan-views.server";
import { monthName } from "~/reconciliation/periods";
import { choiceOf, readColumnChoice, type ColumnChoiceFields } from "~/reconciliation/column-choice";
import { importBankStatement, statementHistory } from "~/reconciliation/statement-imports.server";
import { ErrorSummary, type FieldError } from "~/ui/error-summary";
import { Select } from "~/ui/fields";
import { Money } from "~/ui/money";
import { pageTitle } from "~/ui/page-title";
import { Radios } from "~/ui/radios";
import { readDone, SuccessBanner, withDone } from "~/ui/success-banner";
import { ScrollableTable } from "~/ui/table-region";

export const meta: MetaFunction = () => pageTitle("Bank statements");

const MAX_STATEMENT_BYTES = 10 * 1024 * 1024;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const holderId = requireId(params.holderId);
  const { principal } = await requireAccess(request, "view-casework", { holderId });
  const db = getDb();
  const [holder, history] = await Promise.all([loadHolderName(db, holderId), statementHistory(db, holderId)]);
  if (!holder) throw notFound();
  return { holderId, holder, history, canImport: may(principal, "manage-finance", holderId), done: readDone(request, ["imported"]) };
}

type Confirm = { uploadId: string; fileName: string; header: string[]; choice: ColumnChoiceFields };
type Reply = { errors: FieldError[]; more?: number; confirm?: Confirm };

export async function action({ request, params }: ActionFunctionArgs) {
  const holderId = requireId(params.holderId);
  const { actor } = await requireAccess(request, "manage-finance", { holderId });
  const here = `/staff/holders/${holderId}/bank-statements`;
  if (Number(request.headers.get("content-length") ?? 0) > MAX_STATEMENT_BYTES + 64 * 1024) {
    return data<Reply>({ errors: [{ fieldId: "file", message: "The file is bigger than 10 MB: download a shorter period from the bank" }] }, { status: 400 });
  }
  const form = await request.formData();
  const db = getDb();
  let result;
  if (formText(form, "intent") === "confirm") {
    const header = form.getAll("header").map(String);
    const choice = formTextValues(form) as ColumnChoiceFields;
    const read = readColumnChoice(choice, header.length);
    const uploadId = formText(form, "uploadId");
    const confirm = { uploadId, fileName: formText(form, "fileName"), header, choice };
    if (!read.ok) return data<Reply>({ errors: read.errors, confirm }, { status: 400 });
    result = await importBankStatement(db, { actor, holderId, fileName: confirm.fileName, uploadId, mapping: read.mapping });
  } else {
    const file = form.get("file");
    if (!(file instanceof File) || file.size === 0)
      return data<Reply>({ errors: [{ fieldId: "file", message: "Select the bank statement file" }] }, { status: 400 });
    result = await importBankStatement(db, { actor, holderId, fileName: file.name.slice(0, 200), bytes: new Uint8Array(await file.arrayBuffer()) });
  }
  if (result.state === "imported") throw redirect(withDone(here, "imported"));
  if (result.state === "confirm-columns") {
    return data<Reply>({
      errors: [],
      confirm: { uploadId: result.uploadId, fileName: result.fileName, header: result.header, choice: choiceOf(result.mapping) },
    });
  }
  const errors = result.problems.map((p) => ({
    fieldId: "file",
    message: p.line === null ? p.message : `Line ${p.line}: ${p.message.replace(/^Line \d+: /, "")}`,
  }));
  return data<Reply>({ errors, more: result.more }, { status: 400 });
}

export default function BankStatements() {
  const { holderId, holder, history, canImport, done } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const errors = reply?.errors ?? [];
  const name = `${holder.givenName} ${holder.familyName}`;
  const latest = history?.imports[0];
  return (
    <>
      <ErrorSummary errors={errors} />
      {reply?.more ? <p className="nhsuk-error-message">And {reply.more} more problems. Nothing was imported.</p> : null}
      {done && !reply && latest ? (
        <SuccessBanner heading="The statement is imported.">
          {latest.linesAdded === 0
            ? `Nothing new: all ${latest.linesRead} lines were imported before.`
            : `${latest.linesAdded} new lines of ${latest.linesRead}, from ${longDate(latest.firstDate)} to ${longDate(latest.lastDate)}.`}{" "}
          <Link to={`/staff/holders/${holderId}/reconciliation/${latest.lastDate.slice(0, 7)}`}>
            Match and reconcile {monthName(latest.lastDate.slice(0, 7))}
          </Link>
        </SuccessBanner>
      ) : null}
      <p>
        <Link to={`/staff/holders/${holderId}/bank-account`}>Back to {name}'s bank account</Link>
      </p>
      <h1>{name}'s bank statements</h1>
      {!history ? (
        <p>
          No bank account is recorded for {name}'s direct payment. <Link to={`/staff/holders/${holderId}/bank-account`}>Record it first</Link>.
        </p>
      ) : (
        <>
          {canImport && reply?.confirm ? <ConfirmColumns confirm={reply.confirm} errors={errors} /> : null}
          {canImport && !reply?.confirm ? (
            <Form method="post" encType="multipart/form-data" noValidate>
              <div className={`nhsuk-form-group${errors.length ? " nhsuk-form-group--error" : ""}`}>
                <label className="nhsuk-label nhsuk-label--s" htmlFor="file">
                  Bank statement
                </label>
                <div className="nhsuk-hint" id="file-hint">
                  As the bank's website downloads it: CSV, OFX, QFX, QIF or text, up to 10 MB. If any line has a problem, nothing is imported. Lines imported
                  before are not added again.
                </div>
                <input className="nhsuk-file-upload" id="file" name="file" type="file" aria-describedby="file-hint" />
              </div>
              <button className="nhsuk-button" type="submit" name="intent" value="upload">
                Import the statement
              </button>
            </Form>
          ) : null}
          <h2>Latest lines</h2>
          {history.lines.length === 0 ? (
            <p>No statements have been imported yet.</p>
          ) : (
            <ScrollableTable caption={`The latest ${history.lines.length} lines, newest first`}>
              <thead className="nhsuk-table__head">
                <tr className="nhsuk-table__row">
                  <th scope="col" className="nhsuk-table__header">
                    Date
                  </th>
                  <th scope="col" className="nhsuk-table__header">
                    Description
                  </th>
                  <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric">
                    Amount
                  </th>
                  <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric">
                    Balance
                  </th>
                </tr>
              </thead>
              <tbody className="nhsuk-table__body">
                {history.lines.map((l) => (
                  <tr className="nhsuk-table__row" key={l.id}>
                    <td className="nhsuk-table__cell">{longDate(l.lineDate)}</td>
                    <td className="nhsuk-table__cell">
                      {l.description}
                      {l.reference ? <span className="nhsuk-body-s"> ({l.reference})</span> : null}
                    </td>
                    <td className="nhsuk-table__cell nhsuk-table__cell--numeric">
                      <Money pence={l.amountPence} />
                    </td>
                    <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{l.balancePence === null ? "" : <Money pence={l.balancePence} />}</td>
                  </tr>
                ))}
              </tbody>
            </ScrollableTable>
          )}
          <h2>Statements imported</h2>
          {history.imports.length === 0 ? (
            <p>None yet.</p>
          ) : (
            <ul className="nhsuk-list">
              {history.imports.map((i) => (
                <li key={i.id}>
                  {i.fileName}: {longDate(i.firstDate)} to {longDate(i.lastDate)}, {i.linesAdded} new of {i.linesRead} lines, imported {longDate(i.importedAt)}{" "}
                  <Link to={`/staff/holders/${holderId}/reconciliation/${i.lastDate.slice(0, 7)}`}>
                    Reconcile {monthName(i.lastDate.slice(0, 7))}
                    <span className="nhsuk-u-visually-hidden"> from {i.fileName}</span>
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </>
  );
}

/** The columns of a layout no one has confirmed yet, with the guess already chosen where there is one. */
function ConfirmColumns({ confirm, errors }: { confirm: Confirm; errors: FieldError[] }) {
  const err = (id: string) => errors.find((e) => e.fieldId === id)?.message;
  const columns: [string, string][] = confirm.header.map((h, i) => [String(i), `Column ${i + 1}: ${h || "(no name)"}`]);
  const pick = (id: keyof ColumnChoiceFields, label: string, optional = false) => (
    <Select
      id={id}
      name={id}
      label={label}
      value={confirm.choice[id] ?? ""}
      options={[["", optional ? "None" : "Select a column"], ...columns]}
      error={err(id)}
    />
  );
  return (
    <Form method="post" noValidate>
      <h2>Check the columns of {confirm.fileName}</h2>
      <p>This bank's layout has not been imported before. Check which column holds what: the next statement in this layout is read the same way.</p>
      <input type="hidden" name="uploadId" value={confirm.uploadId} />
      <input type="hidden" name="fileName" value={confirm.fileName} />
      {confirm.header.map((h, i) => (
        <input type="hidden" name="header" value={h} key={i} />
      ))}
      {pick("date", "Date")}
      {pick("description", "What the transaction was")}
      <Radios
        name="amountStyle"
        legend="How does the file show money in and money out?"
        options={[
          ["signed", "One amount column, with money out as a minus"],
          ["in-out", "One column for money in and another for money out"],
        ]}
        value={confirm.choice.amountStyle ?? ""}
        error={err("amountStyle")}
      />
      {pick("amount", "Amount (if one column)", true)}
      {pick("moneyIn", "Money in (if two columns)", true)}
      {pick("moneyOut", "Money out (if two columns)", true)}
      {pick("balance", "Balance after each transaction", true)}
      {pick("reference", "Reference", true)}
      <button className="nhsuk-button" type="submit" name="intent" value="confirm">
        Import with these columns
      </button>
    </Form>
  );
}
