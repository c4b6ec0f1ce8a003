import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "#db/client.server";
import { requireAccess } from "~/access/access.server";
import { may } from "~/access/rules";
import { readBankDetails } from "~/budgets/bank-accounts";
import { formTextValues, readForm } from "~/http/form-data";
import { listPools, poolOrganisations, recordPool } from "~/reconciliation/pooled-accounts.server";
import { ErrorSummary, type FieldError } from "~/ui/error-summary";
import { Select } from "~/ui/fields";
import { BankAccountFields } from "~/ui/bank-account-fields";
import { pageTitle } from "~/ui/page-title";
import { StackedTable } from "~/ui/stacked-table";
import { withDone } from "~/ui/success-banner";

export const meta: MetaFunction = () => pageTitle("Pooled accounts");

export async function loader({ request }: LoaderFunctionArgs) {
  const { principal } = await requireAccess(request, "view-finance-settings", "own-commissioner");
  const db = getDb();
  const [pools, organisations] = await Promise.all([listPools(db, principal.commissionerId), poolOrganisations(db, principal.commissionerId)]);
  return { pools, organisations, canRecord: may(principal, "manage-finance") };
}

type Reply = { errors: FieldError[]; values: Record<string, string> };

export async function action({ request }: ActionFunctionArgs) {
  const { actor } = await requireAccess(request, "manage-finance", "own-commissioner");
  const values = formTextValues(await readForm(request));
  const read = readBankDetails(values);
  if (!read.ok) return data<Reply>({ errors: read.errors, values }, { status: 400 });
  const recorded = await recordPool(getDb(), { actor, details: { ...read.value, supportOrganisationId: values.supportOrganisationId || null } });
  if (!recorded.ok) return data<Reply>({ errors: [{ fieldId: recorded.field, message: recorded.message }], values }, { status: 400 });
  throw redirect(withDone(`/staff/pooled-accounts/${recorded.poolId}`, "recorded"));
}

export default function PooledAccounts() {
  const { pools, organisations, canRecord } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const errors = reply?.errors ?? [];
  const err = (id: string) => errors.find((e) => e.fieldId === id)?.message;
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        <p>
          <Link to="/staff/reconciliation" className="nhsuk-back-link">
            Back to reconciliation
          </Link>
        </p>
        <h1>Pooled accounts</h1>
        <p>
          A pooled (managed) account is one bank account that holds several people's direct payments, run by a support organisation or by us. Its statement says
          whose each line is by a reference. Each person's lines are matched and reconciled as if the account were their own.
        </p>
        {pools.length === 0 ? (
          <p>No pooled accounts are recorded yet.</p>
        ) : (
          <StackedTable
            caption="Pooled accounts"
            columns={[
              { heading: "Account" },
              { heading: "Run by" },
              { heading: "Sort code" },
              { heading: "Account number" },
              { heading: "People", numeric: true },
            ]}
            rows={pools.map((p) => ({
              key: p.id,
              cells: [
                <Link to={`/staff/pooled-accounts/${p.id}`}>{p.accountName}</Link>,
                p.runBy ?? "Us",
                <span className="app-nowrap">{p.sortCode}</span>,
                <span className="app-nowrap">{p.accountNumber}</span>,
                String(p.members),
              ],
            }))}
          />
        )}
        {canRecord ? (
          <Form method="post" noValidate>
            <h2>Record a pooled account</h2>
            <BankAccountFields values={reply?.values} err={err} />
            <Select
              id="supportOrganisationId"
              name="supportOrganisationId"
              label="Who runs the account"
              value={reply?.values.supportOrganisationId ?? ""}
              options={[["", "We do (the commissioner)"], ...organisations.map((o): [string, string] => [o.id, o.name])]}
              error={err("supportOrganisationId")}
            />
            <button className="nhsuk-button" type="submit">
              Record the pooled account
            </button>
          </Form>
        ) : null}
      </div>
    </div>
  );
}
