import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "#db/client.server";
import { notFound, requireAccess } from "~/access/access.server";
import { may } from "~/access/rules";
import { readBankDetails } from "~/budgets/bank-accounts";
import { directPaymentBanking, recordBankAccount } from "~/budgets/bank-accounts.server";
import { longDate } from "~/dates/long-date";
import { formTextValues, readForm } from "~/http/form-data";
import { requireId } from "~/http/ids";
import { loadHolderName } from "~/plans/plan-views.server";
import { ErrorSummary, type FieldError } from "~/ui/error-summary";
import { TextField } from "~/ui/fields";
import { Money } from "~/ui/money";
import { pageTitle } from "~/ui/page-title";
import { readDone, SuccessBanner, withDone } from "~/ui/success-banner";
import { summaryRow } from "~/ui/summary-row";

export const meta: MetaFunction = () => pageTitle("Bank account");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const holderId = requireId(params.holderId);
  const { principal } = await requireAccess(request, "view-casework", { holderId });
  const db = getDb();
  const [holder, banking] = await Promise.all([loadHolderName(db, holderId), directPaymentBanking(db, holderId)]);
  if (!holder) throw notFound();
  return { holderId, holder, banking, canRecord: may(principal, "manage-finance", holderId), done: readDone(request, ["recorded"]) };
}

type Reply = { errors: FieldError[]; values: Record<string, string> };

export async function action({ request, params }: ActionFunctionArgs) {
  const holderId = requireId(params.holderId);
  const { actor } = await requireAccess(request, "manage-finance", { holderId });
  const values = formTextValues(await readForm(request));
  const read = readBankDetails(values);
  if (!read.ok) return data<Reply>({ errors: read.errors, values }, { status: 400 });
  const recorded = await recordBankAccount(getDb(), { actor, holderId, details: read.value });
  if (!recorded.ok) return data<Reply>({ errors: [{ fieldId: "", message: recorded.message }], values }, { status: 400 });
  throw redirect(withDone(`/staff/holders/${holderId}/bank-account`, "recorded"));
}

export default function BankAccount() {
  const { holderId, holder, banking, canRecord, done } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const errors = reply?.errors ?? [];
  const err = (id: string) => errors.find((e) => e.fieldId === id)?.message;
  const name = `${holder.givenName} ${holder.familyName}`;
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        {done && !reply ? <SuccessBanner heading="The bank account is recorded." /> : null}
        <p>
          <Link to={`/staff/holders/${holderId}/plan`}>Back to {name}'s plan</Link>
        </p>
        <h1>{name}'s bank account</h1>
        {!banking ? (
          <p>{name} has no direct payment, so there is no bank account to record.</p>
        ) : (
          <>
            <p>
              The account {name}'s direct payment is paid into. Bank statements for it are matched against the spending, payroll and instalments recorded here.
            </p>
            {banking.account ? (
              <dl className="nhsuk-summary-list">
                {summaryRow("Name on the account", banking.account.accountName)}
                {summaryRow("Sort code", banking.account.sortCode)}
                {summaryRow("Account number", banking.account.accountNumber)}
                {summaryRow("Recorded", longDate(banking.account.recordedAt))}
              </dl>
            ) : (
              <p>No bank account is recorded yet.</p>
            )}
            {canRecord ? (
              <Form method="post" noValidate>
                <h2>{banking.account ? "Record a new account" : "Record the account"}</h2>
                {banking.account ? <p>The account recorded now is kept, marked as replaced, so that older statements still match it.</p> : null}
                <TextField
                  id="accountName"
                  name="accountName"
                  label="Name on the account"
                  autoComplete="off"
                  spellCheck={false}
                  defaultValue={reply?.values.accountName}
                  error={err("accountName")}
                />
                <TextField
                  id="sortCode"
                  name="sortCode"
                  label="Sort code"
                  hint="Must be 6 digits long"
                  inputMode="numeric"
                  autoComplete="off"
                  width={5}
                  defaultValue={reply?.values.sortCode}
                  error={err("sortCode")}
                />
                <TextField
                  id="accountNumber"
                  name="accountNumber"
                  label="Account number"
                  hint="Must be between 6 and 8 digits long"
                  inputMode="numeric"
                  autoComplete="off"
                  width={10}
                  defaultValue={reply?.values.accountNumber}
                  error={err("accountNumber")}
                />
                <button className="nhsuk-button" type="submit">
                  Record the account
                </button>
              </Form>
            ) : null}
            {banking.account ? (
              <p>
                <Link to={`/staff/holders/${holderId}/bank-statements`}>Bank statements for this account</Link>
              </p>
            ) : null}
            <h2>What the latest instalments show on the statement</h2>
            {banking.recent.length === 0 ? (
              <p>No instalments have been paid yet.</p>
            ) : (
              <dl className="nhsuk-summary-list">
                {banking.recent.map((i) => (
                  <div className="nhsuk-summary-list__row" key={i.paymentReference + i.dueOn}>
                    <dt className="nhsuk-summary-list__key">{i.paymentReference}</dt>
                    <dd className="nhsuk-summary-list__value">
                      <Money pence={i.amountPence} />, due {longDate(i.dueOn)}
                    </dd>
                  </div>
                ))}
              </dl>
            )}
          </>
        )}
      </div>
    </div>
  );
}
