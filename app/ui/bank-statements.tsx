import { Form, Link, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { longDate } from "~/dates/long-date";
import type { ColumnChoiceFields } from "~/reconciliation/column-choice";
import type { ConfirmColumnsForm, FieldProblem } from "~/reconciliation/statement-form";
import { Select } from "./fields";
import { Money } from "./money";
import { Radios } from "./radios";
import { SuccessBanner } from "./success-banner";
import { ScrollableTable } from "./table-region";

/*
 * A direct payment account's bank statements, as finance's page and the holder's both show them: the upload form,
 * the columns of a new layout to confirm, the latest lines and the imports so far.
 */

export interface ImportShown {
  id: string;
  fileName: string;
  firstDate: string;
  lastDate: string;
  linesRead: number;
  linesAdded: number;
  linesDone: number;
  state: "importing" | "imported" | "failed";
  importedAt: string | Date;
}

export interface LineShown {
  id: string;
  lineDate: string;
  description: string;
  reference: string | null;
  amountPence: number;
  balancePence: number | null;
}

/** The file input, with the problems of the last file beside it (each is listed by line at the top). */
export function StatementUploadForm({ errors, hint, button }: { errors: FieldProblem[]; hint: string; button: string }) {
  const problems = errors.filter((e) => e.fieldId === "file");
  return (
    <Form method="post" encType="multipart/form-data" noValidate>
      <div className={`nhsuk-form-group${problems.length ? " nhsuk-form-group--error" : ""}`}>
        <label className="nhsuk-label nhsuk-label--s" htmlFor="file">
          Bank statement
        </label>
        <div className="nhsuk-hint" id="file-hint">
          {hint}
        </div>
        {problems.length ? (
          <span className="nhsuk-error-message" id="file-error">
            <span className="nhsuk-u-visually-hidden">Error:</span>{" "}
            {problems.length === 1 ? problems[0].message : "The file has problems, listed at the top of the page: nothing was imported"}
          </span>
        ) : null}
        <input
          className={`nhsuk-file-upload${problems.length ? " nhsuk-file-upload--error" : ""}`}
          id="file"
          name="file"
          type="file"
          aria-describedby={`file-hint${problems.length ? " file-error" : ""}`}
        />
      </div>
      <button className="nhsuk-button" type="submit" name="intent" value="upload">
        {button}
      </button>
    </Form>
  );
}

/** The columns of a layout no one has confirmed yet, with the guess already chosen where there is one. */
export function ConfirmColumns({ confirm, errors, remembered }: { confirm: ConfirmColumnsForm; errors: FieldProblem[]; remembered: boolean }) {
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
      <p>
        This bank's layout has not been imported before. Check which column holds what
        {remembered ? ": the next statement in this layout is read the same way." : "."}
      </p>
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

/**
 * Where the latest import has got to: a large statement's lines being written by the job, with its progress (on a
 * server; on PGlite the job holds the one connection, so it shows only once done), or what it added once imported.
 */
export function ImportStatus({ latest, done }: { latest: ImportShown | undefined; done: boolean }) {
  const importing = latest?.state === "importing";
  const revalidator = useRevalidator();
  // The Refresh header reloads the page served as a document; after a form sent with JavaScript, this does.
  useEffect(() => {
    if (!importing) return;
    const timer = setInterval(() => revalidator.state === "idle" && revalidator.revalidate(), 3_000);
    return () => clearInterval(timer);
  }, [importing, revalidator]);
  if (latest?.state === "importing") {
    return (
      <div role="status" aria-live="polite">
        <h2>Importing {latest.fileName}</h2>
        <label className="nhsuk-label" htmlFor="progress">
          {latest.linesDone} of {latest.linesRead} lines done
        </label>
        <progress id="progress" className="app-progress" max={latest.linesRead} value={latest.linesDone}>
          {latest.linesDone} of {latest.linesRead}
        </progress>
        <p>
          Every line has been checked. This page updates itself every few seconds until they are all imported; you can leave it. <Link to=".">Check again</Link>
        </p>
      </div>
    );
  }
  if (latest?.state === "failed") {
    return (
      <div className="nhsuk-warning-callout">
        <h2 className="nhsuk-warning-callout__label">
          <span role="text">
            <span className="nhsuk-u-visually-hidden">Important: </span>Nothing was imported
          </span>
        </h2>
        <p>Importing {latest.fileName} stopped before it finished, so none of its lines were added. Send the statement again.</p>
      </div>
    );
  }
  return done && latest ? <ImportedBanner latest={latest} /> : null;
}

/** What the latest import added, once it has been imported. */
function ImportedBanner({ latest }: { latest: ImportShown }) {
  return (
    <SuccessBanner heading="The statement is imported.">
      {latest.linesAdded === 0
        ? `Nothing new: ${latest.linesRead === 1 ? "its line was" : `all ${latest.linesRead} lines were`} imported before.`
        : `${latest.linesAdded} new ${latest.linesAdded === 1 ? "line" : "lines"} of ${latest.linesRead}, from ${longDate(latest.firstDate)} to ${longDate(latest.lastDate)}.`}
    </SuccessBanner>
  );
}

export function StatementLines({ lines }: { lines: LineShown[] }) {
  if (lines.length === 0) return <p>No statements have been imported yet.</p>;
  return (
    <ScrollableTable caption={`The latest ${lines.length} lines, newest first`}>
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
        {lines.map((l) => (
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
  );
}

export function StatementImports({ imports }: { imports: ImportShown[] }) {
  if (imports.length === 0) return <p>None yet.</p>;
  return (
    <ul className="nhsuk-list">
      {imports.map((i) => (
        <li key={i.id}>
          {i.fileName}: {longDate(i.firstDate)} to {longDate(i.lastDate)},{" "}
          {i.state === "imported"
            ? `${i.linesAdded} new of ${i.linesRead} lines, imported ${longDate(i.importedAt)}`
            : i.state === "importing"
              ? `${i.linesRead} lines being imported`
              : `sent ${longDate(i.importedAt)} but not imported: send it again`}
        </li>
      ))}
    </ul>
  );
}
