import { Fragment } from "react";
import { Form, Link } from "@remix-run/react";
import { longDate } from "~/dates/long-date";
import { penceToDecimal } from "~/ledger/money";
import { MOVEMENT_LABELS, periodLength } from "~/reconciliation/periods";
import type { ReconciliationPeriod } from "~/reconciliation/periods.server";
import type { FieldError } from "./error-summary";
import { Select, TextArea, TextField } from "./fields";
import { Money } from "./money";
import { Radios } from "./radios";
import { summaryRow } from "./summary-row";
import { StackedTable, type StackedColumn } from "./stacked-table";

type MonthLine = ReconciliationPeriod["bank"]["lines"][number];
/** A page of lines: a month of a busy account can run to thousands, and finance works through them in turn. */
export const LINES_SHOWN = 100;

const HOW: Record<string, string> = {
  automatic: "Matched automatically",
  confirmed: "Confirmed by finance",
  "logged-by-finance": "Logged as a spend by finance",
};

function whatItIs(line: MonthLine) {
  if (line.outcome === "own-transfer") return `Moved between the holder's own accounts${line.note ? `: ${line.note}` : ""}`;
  if (line.outcome === "not-ours") return `Not the holder's money: ${line.note ?? ""}`;
  const how = line.how === "logged-by-finance" && line.entryKind === "refund" ? "Recorded as a refund by finance" : (HOW[line.how ?? ""] ?? "");
  return `${line.entryDescription} (${longDate(line.entryDate!)}). ${how}`;
}

/** Opening and closing balances by the ledger and by the bank, and what explains any difference between them. */
export function PeriodSummary({ month }: { month: ReconciliationPeriod }) {
  const { ledger, bank } = month;
  return (
    <>
      <h2>The {periodLength(month.period)} in the ledger and at the bank</h2>
      <dl className="nhsuk-summary-list">
        {summaryRow(`Opening balance on ${longDate(month.startsOn)}`, <Money pence={ledger.openingPence} />)}
        {ledger.movements.map((m) => (
          <Fragment key={m.group}>{summaryRow(MOVEMENT_LABELS[m.group], <Money pence={m.pence} />)}</Fragment>
        ))}
        {summaryRow(`Closing balance in the ledger on ${longDate(month.endsOn)}`, <Money pence={ledger.closingPence} />)}
        {summaryRow("Closing balance at the bank", bank.closingPence === null ? "The statement shows no balance" : <Money pence={bank.closingPence} />)}
        {summaryRow("In the ledger, not yet on the bank", <Money pence={month.ledgerOnlyPence} />)}
        {summaryRow("On the bank, not in the ledger", <Money pence={month.bankOnlyPence} />)}
        {summaryRow(
          "Difference not explained",
          month.unexplainedPence === null ? "Cannot be worked out without the bank's balance" : <Money pence={month.unexplainedPence} />,
        )}
      </dl>
      {month.reconciled ? (
        <p>
          Reconciled on {longDate(month.reconciled.reconciledAt)} with an agreed balance of <Money pence={month.reconciled.agreedBalancePence} />.
          {month.reconciled.note ? ` ${month.reconciled.note}` : ""}
        </p>
      ) : null}
    </>
  );
}

const LINE_COLUMNS: StackedColumn[] = [{ heading: "Date" }, { heading: "On the statement" }, { heading: "Amount", numeric: true }];

const lineCells = (line: MonthLine) => [<span className="app-nowrap">{longDate(line.date)}</span>, line.description, <Money pence={line.amountPence} />];

/** Lines with nothing matched: the suggested entry to confirm in one click, or a link to say what the line is. */
export function UnmatchedLines({ month, canChange, here, askHref }: { month: ReconciliationPeriod; canChange: boolean; here: string; askHref: string }) {
  const unmatched = month.bank.lines.filter((l) => l.outcome === null);
  const suggestion = new Map(month.suggestions.map((s) => [s.lineId, s]));
  return (
    <>
      <h2>Bank lines to match ({unmatched.length})</h2>
      {unmatched.length === 0 ? (
        <p>Every bank line this {periodLength(month.period)} is matched or explained.</p>
      ) : (
        <StackedTable
          caption="Bank lines to match"
          columns={[...LINE_COLUMNS, { heading: "In the ledger" }]}
          rows={unmatched.slice(0, LINES_SHOWN).map((line) => {
            const s = suggestion.get(line.id);
            return {
              key: line.id,
              cells: [
                ...lineCells(line),
                <>
                  {s ? (
                    <>
                      Suggested: {s.item.description}, {longDate(s.item.date)} ({s.reasons.join(", ")})
                      {canChange ? (
                        <Form method="post" className="app-inline-form">
                          <input type="hidden" name="lineId" value={line.id} />
                          <input type="hidden" name="entryId" value={s.entryId} />
                          <button className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" type="submit" name="intent" value="confirm">
                            Confirm the match<span className="nhsuk-u-visually-hidden"> of {line.description}</span>
                          </button>
                        </Form>
                      ) : null}
                    </>
                  ) : (
                    "Nothing found with this amount and date"
                  )}
                  {canChange ? (
                    <span className="nhsuk-body-s app-block">
                      <Link to={`${here}?line=${line.id}`}>
                        Say what this line is<span className="nhsuk-u-visually-hidden"> ({line.description})</span>
                      </Link>
                      {" · "}
                      <Link to={`${askHref}?about=bank-line:${line.id}&back=${encodeURIComponent(here)}`}>
                        Ask the holder<span className="nhsuk-u-visually-hidden"> about {line.description}</span>
                      </Link>
                    </span>
                  ) : null}
                </>,
              ],
            };
          })}
        />
      )}
      {unmatched.length > LINES_SHOWN ? <p>The first {LINES_SHOWN} are shown: the next are shown as these are matched.</p> : null}
    </>
  );
}

export function MatchedLines({ month, canChange, here }: { month: ReconciliationPeriod; canChange: boolean; here: string }) {
  const matched = month.bank.lines.filter((l) => l.outcome !== null);
  if (matched.length === 0) return null;
  return (
    <>
      <h2>Bank lines matched or explained ({matched.length})</h2>
      <StackedTable
        caption="Bank lines matched or explained"
        columns={[...LINE_COLUMNS, { heading: "What it is" }]}
        rows={matched.slice(0, LINES_SHOWN).map((line) => ({
          key: line.id,
          cells: [
            ...lineCells(line),
            <>
              {whatItIs(line)}
              {canChange && !month.reconciled ? (
                <span className="nhsuk-body-s app-block">
                  <Link to={`${here}?unmatch=${line.id}`}>
                    Take this match back<span className="nhsuk-u-visually-hidden"> ({line.description})</span>
                  </Link>
                </span>
              ) : null}
            </>,
          ],
        }))}
      />
      {matched.length > LINES_SHOWN ? (
        <p>
          The first {LINES_SHOWN} of {matched.length} are shown.
        </p>
      ) : null}
    </>
  );
}

/** Ledger entries the bank had not shown by the period's end: a payment still clearing, or one never made. */
export function LedgerOnlyTable({ month }: { month: ReconciliationPeriod }) {
  return (
    <>
      <h2>In the ledger, not yet on the bank ({month.ledgerOnly.length})</h2>
      {month.ledgerOnly.length === 0 ? (
        <p>Every entry in the ledger up to the end of the {periodLength(month.period)} is on the bank statement.</p>
      ) : (
        <StackedTable
          caption="In the ledger, not yet on the bank"
          columns={[{ heading: "Date" }, { heading: "In the ledger" }, { heading: "Amount", numeric: true }]}
          rows={month.ledgerOnly.slice(0, LINES_SHOWN).map((item) => ({
            key: String(item.entryId),
            cells: [<span className="app-nowrap">{longDate(item.date)}</span>, item.description, <Money pence={item.amountPence} />],
          }))}
        />
      )}
    </>
  );
}

/** What finance says a bank line with no ledger entry is: a spend no one logged, a transfer, or not the holder's. */
export function ExplainLine({
  line,
  spendLines,
  payees,
  errors,
  values,
  cancel,
}: {
  line: MonthLine;
  spendLines: { id: string; description: string }[];
  payees: { id: string; name: string }[];
  errors: FieldError[];
  values?: Record<string, string>;
  cancel: string;
}) {
  const err = (id: string) => errors.find((e) => e.fieldId === id)?.message;
  const moneyOut = line.amountPence < 0;
  const lineOptions: [string, string][] = [["", "Select a support line"], ...spendLines.map((l): [string, string] => [l.id, l.description])];
  const spendFields = (
    <>
      <Select
        id="supportLineId"
        name="supportLineId"
        label="Support line it was spent on"
        value={values?.supportLineId ?? ""}
        options={lineOptions}
        error={err("supportLineId")}
      />
      <TextField id="payeeName" name="payeeName" label="Who was paid" defaultValue={values?.payeeName ?? line.description} error={err("payeeName")} />
      <TextField id="whatFor" name="whatFor" label="What it was for" defaultValue={values?.whatFor} error={err("whatFor")} />
    </>
  );
  const refundFields =
    payees.length === 0 ? (
      <p>The holder has paid no one yet, so no one can have paid money back.</p>
    ) : (
      <>
        <Select
          id="payeeId"
          name="payeeId"
          label="Who paid the money back"
          value={values?.payeeId ?? ""}
          options={[["", "Select who paid it back"], ...payees.map((p): [string, string] => [p.id, p.name])]}
          error={err("payeeId")}
        />
        <Select
          id="refundLineId"
          name="refundLineId"
          label="Support line the money was spent on"
          value={values?.refundLineId ?? ""}
          options={lineOptions}
          error={err("refundLineId")}
        />
        <TextField id="refundFor" name="refundFor" label="What it was paid back for" defaultValue={values?.refundFor} error={err("refundFor")} />
      </>
    );
  return (
    <Form method="post" noValidate className="app-panel">
      <h2>
        What is {line.description}, {longDate(line.date)}, <Money pence={line.amountPence} />?
      </h2>
      <input type="hidden" name="lineId" value={line.id} />
      <Radios
        name="outcome"
        legend="This bank line is"
        value={values?.outcome}
        error={err("outcome")}
        options={[
          moneyOut ? ["spend", "A spend no one logged: log it for the holder"] : ["refund", "Money paid back by someone the holder paid: record the refund"],
          ["own-transfer", "Money moved between the holder's own accounts"],
          ["not-ours", "Not the holder's money, or a bank error"],
        ]}
        conditional={{
          spend: spendFields,
          refund: refundFields,
          "not-ours": <TextArea id="note" label="Why it is not the holder's money" rows={2} defaultValue={values?.note} error={err("note")} />,
        }}
      />
      <p className="nhsuk-body-s">
        Amount: {penceToDecimal(Math.abs(line.amountPence))} {moneyOut ? "paid out" : "paid in"}. A {moneyOut ? "spend" : "refund"} recorded here is marked as
        recorded by finance.
      </p>
      <button className="nhsuk-button" type="submit" name="intent" value="explain">
        Save
      </button>{" "}
      <Link to={cancel} className="nhsuk-link">
        Cancel
      </Link>
    </Form>
  );
}

/** Taking a match back asks why: the old match stays on the record with the reason. */
export function UnmatchForm({ line, errors, cancel }: { line: MonthLine; errors: FieldError[]; cancel: string }) {
  return (
    <Form method="post" noValidate className="app-panel">
      <h2>Take back the match of {line.description}</h2>
      <p>{whatItIs(line)}</p>
      <input type="hidden" name="lineId" value={line.id} />
      <TextArea id="reason" label="Why the match was wrong" rows={2} error={errors.find((e) => e.fieldId === "reason")?.message} />
      <button className="nhsuk-button nhsuk-button--warning" type="submit" name="intent" value="unmatch">
        Take the match back
      </button>{" "}
      <Link to={cancel} className="nhsuk-link">
        Cancel
      </Link>
    </Form>
  );
}
