import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "#db/client.server";
import { notFound, requireAccess } from "~/access/access.server";
import { may } from "~/access/rules";
import { readBankDetails } from "~/budgets/bank-accounts";
import { directPaymentBanking, joinPooledAccount, recordBankAccount } from "~/budgets/bank-accounts.server";
import { longDate } from "~/dates/long-date";
import { parseMoney } from "~/ledger/money";
import { formTextValues, readForm } from "~/http/form-data";
import { requireId } from "~/http/ids";
import { loadHolderName } from "~/plans/plan-views.server";
import { readPoolReference } from "~/reconciliation/pool-references";
import { listPools } from "~/reconciliation/pooled-accounts.server";
import { ErrorSummary, type FieldError } from "~/ui/error-summary";
import { Select, TextField } from "~/ui/fields";
import { Money } from "~/ui/money";
import { BankAccountFields } from "~/ui/bank-account-fields";
import { pageTitle } from "~/ui/page-title";
import { readDone, SuccessBanner, withDone } from "~/ui/success-banner";
import { summaryRow } from "~/ui/summary-row";

export const meta: MetaFunction = () => pageTitle("Bank account");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const holderId = requireId(params.holderId);
  const { principal } = await requireAccess(request, "view-casework", { holderId });
  const db = getDb();
  const canRecord = may(principal, "manage-finance", holderId);
  const [holder, banking, pools] = await Promise.all([
    loadHolderName(db, holderId),
    directPaymentBanking(db, holderId),
    listPools(db, principal.commissionerId),
  ]);
  if (!holder) throw notFound();
  const pool = pools.find((p) => p.id === banking?.account?.pooledAccountId) ?? null;
  return { holderId, holder, banking, pools: canRecord ? pools : [], pool, canRecord, done: readDone(request, ["recorded", "pooled"]) };
}

type Reply = { errors: FieldError[]; values: Record<string, string>; intent: "own" | "pooled" };

/** Two choices: the holder's own account, or their share of a pooled account, known by its reference. */
export async function action({ request, params }: ActionFunctionArgs) {
  const holderId = requireId(params.holderId);
  const { actor } = await requireAccess(request, "manage-finance", { holderId });
  const values = formTextValues(await readForm(request));
  if (values.intent === "pooled") {
    const reference = readPoolReference(values.poolReference);
    const errors: FieldError[] = [];
    if (!values.poolId) errors.push({ fieldId: "poolId", message: "Select the pooled account the direct payment is held in" });
    if (!reference.ok) errors.push({ fieldId: "poolReference", message: reference.message });
    const brought = values.shareBrought?.trim() ? parseMoney(values.shareBrought, "money already in the pooled account") : ({ ok: true, pence: 0 } as const);
    if (!brought.ok) errors.push({ fieldId: "shareBrought", message: brought.message });
    if (errors.length || !reference.ok || !brought.ok) return data<Reply>({ errors, values, intent: "pooled" }, { status: 400 });
    const joined = await joinPooledAccount(getDb(), {
      actor,
      holderId,
      poolId: values.poolId,
      poolReference: reference.value,
      shareBroughtPence: brought.pence,
    });
    if (!joined.ok) return data<Reply>({ errors: [{ fieldId: joined.field, message: joined.message }], values, intent: "pooled" }, { status: 400 });
    throw redirect(withDone(`/staff/holders/${holderId}/bank-account`, "pooled"));
  }
  const read = readBankDetails(values);
  if (!read.ok) return data<Reply>({ errors: read.errors, values, intent: "own" }, { status: 400 });
  const recorded = await recordBankAccount(getDb(), { actor, holderId, details: read.value });
  if (!recorded.ok) return data<Reply>({ errors: [{ fieldId: "", message: recorded.message }], values, intent: "own" }, { status: 400 });
  throw redirect(withDone(`/staff/holders/${holderId}/bank-account`, "recorded"));
}

export default function BankAccount() {
  const { holderId, holder, banking, pools, pool, canRecord, done } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const errors = reply?.errors ?? [];
  const err = (id: string) => errors.find((e) => e.fieldId === id)?.message;
  const name = `${holder.givenName} ${holder.familyName}`;
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        {done && !reply ? (
          <SuccessBanner heading={done === "pooled" ? "The pooled account and reference are recorded." : "The bank account is recorded."} />
        ) : null}
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
                {banking.account.poolReference ? summaryRow("Held in", `The pooled account ${pool?.accountName ?? banking.account.accountName}`) : null}
                {banking.account.poolReference ? summaryRow("Reference on the pool's statement", banking.account.poolReference) : null}
                {banking.account.poolShareBroughtPence > 0
                  ? summaryRow("Already in the pool when their statements began", <Money pence={banking.account.poolShareBroughtPence} />)
                  : null}
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
                <input type="hidden" name="intent" value="own" />
                <h2>{banking.account ? "Record a new account of their own" : "Record their own account"}</h2>
                {banking.account ? <p>The account recorded now is kept, marked as replaced, so that older statements still match it.</p> : null}
                <BankAccountFields values={reply?.intent === "own" ? reply.values : undefined} err={err} />
                <button className="nhsuk-button" type="submit">
                  Record the account
                </button>
              </Form>
            ) : null}
            {canRecord ? <PooledChoice pools={pools} values={reply?.intent === "pooled" ? reply.values : undefined} err={err} /> : null}
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

/** The other choice: the direct payment is held in a pooled account, and the pool's statement gives its lines a reference. */
function PooledChoice({
  pools,
  values,
  err,
}: {
  pools: { id: string; accountName: string; runBy: string | null }[];
  values: Record<string, string> | undefined;
  err: (id: string) => string | undefined;
}) {
  if (pools.length === 0) {
    return (
      <p>
        If the direct payment is held in a pooled account, <Link to="/staff/pooled-accounts">record the pooled account</Link> first.
      </p>
    );
  }
  return (
    <Form method="post" noValidate>
      <input type="hidden" name="intent" value="pooled" />
      <h2>Or: held in a pooled account</h2>
      <p>A managed account that holds several people's direct payments. Its statement says whose each line is by a reference.</p>
      <Select
        id="poolId"
        name="poolId"
        label="Pooled account"
        value={values?.poolId ?? ""}
        options={[
          ["", "Select the pooled account"],
          ...pools.map((p): [string, string] => [p.id, p.runBy ? `${p.accountName} (run by ${p.runBy})` : p.accountName]),
        ]}
        error={err("poolId")}
      />
      <TextField
        id="poolReference"
        name="poolReference"
        label="Reference on the pool's statement"
        hint="What the statement shows against this person's lines, like PHB 0034. Spaces and capitals do not matter."
        autoComplete="off"
        spellCheck={false}
        width={10}
        defaultValue={values?.poolReference}
        error={err("poolReference")}
      />
      <TextField
        id="shareBrought"
        name="shareBrought"
        label="Their money already in the pooled account, in pounds (optional)"
        hint="Their share of the pool's balance before the first statement you will import for them, for example 150.00. Leave it empty if there is none."
        inputMode="decimal"
        width={10}
        defaultValue={values?.shareBrought}
        error={err("shareBrought")}
      />
      <button className="nhsuk-button nhsuk-button--secondary" type="submit">
        Record the pooled account
      </button>
    </Form>
  );
}
