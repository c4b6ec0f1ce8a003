import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "#db/client.server";
import { requireAccess } from "~/access/access.server";
import { may } from "~/access/rules";
import { formText, readForm } from "~/http/form-data";
import { isJournalCodeKey, JOURNAL_CODE_KEYS, JOURNAL_CODE_NAMES } from "~/reporting/journal-codes";
import { loadJournalCodes, setJournalCode } from "~/reporting/journal-codes.server";
import { JournalCodeSchema } from "~/reporting/schemas";
import { ErrorSummary, type FieldError } from "~/ui/error-summary";
import { TextField } from "~/ui/fields";
import { pageTitle } from "~/ui/page-title";
import { StackedTable } from "~/ui/stacked-table";
import { readDone, SuccessBanner, withDone } from "~/ui/success-banner";

export const meta: MetaFunction = () => pageTitle("Cost centres and subjective codes");

const PATH = "/staff/dashboard/journal-codes";

export async function loader({ request }: LoaderFunctionArgs) {
  const { principal } = await requireAccess(request, "view-finance-settings", "own-commissioner");
  const { codes, own } = await loadJournalCodes(getDb(), principal.commissionerId);
  const mayChange = may(principal, "manage-finance");
  const change = new URL(request.url).searchParams.get("change");
  return {
    rows: JOURNAL_CODE_KEYS.map((key) => ({ key, name: JOURNAL_CODE_NAMES[key], ...codes[key], isDefault: !own.has(key) })),
    mayChange,
    changing: mayChange && change && isJournalCodeKey(change) ? change : null,
    done: readDone(request, ["saved"]),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const { principal, actor } = await requireAccess(request, "manage-finance", "own-commissioner");
  const form = await readForm(request);
  const parsed = JournalCodeSchema.safeParse({
    key: formText(form, "key"),
    costCentre: formText(form, "costCentre"),
    subjectiveCode: formText(form, "subjectiveCode"),
  });
  if (!parsed.success) {
    const errors: FieldError[] = parsed.error.issues.map((i) => ({ fieldId: String(i.path[0]), message: i.message }));
    return data({ errors, values: { costCentre: formText(form, "costCentre"), subjectiveCode: formText(form, "subjectiveCode") } }, { status: 400 });
  }
  const { key, ...code } = parsed.data;
  await setJournalCode(getDb(), { actor, commissionerId: principal.commissionerId, key, code });
  return redirect(withDone(PATH, "saved"));
}

export default function JournalCodes() {
  const { rows, mayChange, changing, done } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const errorFor = (id: string) => reply?.errors.find((e) => e.fieldId === id)?.message;
  const row = rows.find((r) => r.key === changing);
  return (
    <>
      <p>
        <Link to="/staff/dashboard" className="nhsuk-back-link">
          Back to the dashboard
        </Link>
      </p>
      {done ? <SuccessBanner heading="The codes have been saved.">Journals downloaded from now on carry them.</SuccessBanner> : null}
      <ErrorSummary errors={reply?.errors ?? []} />
      <h1>Cost centres and subjective codes</h1>
      <p>
        Each line of the journal for the finance system is booked to a cost centre and a subjective code, by what the money was and how the budget is held. The
        journal&apos;s columns are:
      </p>
      <ul>
        <li>the line&apos;s reference, the same in every download, and its date</li>
        <li>the ledger entry it belongs to: an entry&apos;s debits equal its credits</li>
        <li>the cost centre and subjective code</li>
        <li>the debit (money into the account) or the credit (money out of it)</li>
        <li>what kind of entry it was, how the budget is held, the person&apos;s payment number, the account and the description</li>
      </ul>
      {row ? (
        <Form method="post" noValidate>
          <h2>{row.name}</h2>
          <input type="hidden" name="key" value={row.key} />
          <TextField
            id="costCentre"
            name="costCentre"
            label="Cost centre"
            width={10}
            defaultValue={reply?.values.costCentre ?? row.costCentre}
            error={errorFor("costCentre")}
          />
          <TextField
            id="subjectiveCode"
            name="subjectiveCode"
            label="Subjective code"
            width={10}
            defaultValue={reply?.values.subjectiveCode ?? row.subjectiveCode}
            error={errorFor("subjectiveCode")}
          />
          <div className="nhsuk-button-group">
            <button className="nhsuk-button" type="submit">
              Save the codes
            </button>
            <Link to={PATH} className="nhsuk-link">
              Cancel
            </Link>
          </div>
        </Form>
      ) : null}
      <StackedTable
        caption="Cost centres and subjective codes for each kind of journal line"
        columns={[{ heading: "Lines" }, { heading: "Cost centre" }, { heading: "Subjective code" }, ...(mayChange ? [{ heading: "Change" }] : [])]}
        rows={rows.map((r) => ({
          key: r.key,
          cells: [
            <>
              {r.name}
              {r.isDefault ? <span className="nhsuk-body-s"> (as the portal sets it)</span> : null}
            </>,
            r.costCentre,
            r.subjectiveCode,
            ...(mayChange
              ? [
                  <Link key="change" to={`${PATH}?change=${r.key}`}>
                    Change<span className="nhsuk-u-visually-hidden"> the codes for {r.name.toLowerCase()}</span>
                  </Link>,
                ]
              : []),
          ],
        }))}
      />
    </>
  );
}
