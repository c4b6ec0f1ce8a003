import { Fragment } from "react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "#db/client.server";
import { notFound, requireAccess } from "~/access/access.server";
import { AVAILABLE_FROM, StatementLineSchema } from "~/budgets/schemas";
import { readDateFields, withDateErrors } from "~/dates/date-fields";
import { editStatementLine, listLineVersions } from "~/budgets/statement.server";
import { formatPence } from "~/ledger/money";
import { idOf } from "~/plans/schemas";
import { ErrorSummary, fieldErrors } from "~/ui/error-summary";
import { Money } from "~/ui/money";
import { longDate } from "~/dates/long-date";
import { pageTitle } from "~/ui/page-title";
import { readDone, SuccessBanner, withDone, useFreshAfterChange } from "~/ui/success-banner";
import { StatementLineFields } from "./staff.statement-of-resources";
import { may } from "~/access/rules";
import { formTextValues, readForm } from "~/http/form-data";
import { requireId } from "~/http/ids";

export const meta: MetaFunction = () => pageTitle("Change a line of the statement of resources");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { principal } = await requireAccess(request, "view-caseload", "own-commissioner");
  const versions = await listLineVersions(getDb(), { commissionerId: principal.commissionerId, lineKey: requireId(params.lineKey) });
  if (versions.length === 0) throw notFound();
  return { versions, canManage: may(principal, "manage-statement-of-resources"), saved: readDone(request, ["saved"]) !== null };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, principal } = await requireAccess(request, "manage-statement-of-resources", "own-commissioner");
  const lineKey = requireId(params.lineKey);
  const formData = await readForm(request);
  const dateErrors = readDateFields(formData, [AVAILABLE_FROM]);
  const submission = parseWithZod(formData, { schema: StatementLineSchema });
  if (submission.status !== "success" || dateErrors.length) {
    return data(
      {
        errors: withDateErrors(
          dateErrors,
          fieldErrors(submission).map((e) => ({ ...e, fieldId: idOf(e.fieldId) })),
          [AVAILABLE_FROM],
        ),
        initial: formTextValues(formData),
      },
      { status: 400 },
    );
  }
  const { costPerUnit, ...line } = submission.value;
  const result = await editStatementLine(getDb(), {
    actor,
    commissionerId: principal.commissionerId,
    lineKey,
    line: { ...line, costPerUnitPence: costPerUnit },
  });
  if (!result.ok) throw notFound();
  throw redirect(withDone(`/staff/statement-of-resources/${lineKey}`, "saved"));
}

export default function StatementLine() {
  const fresh = useFreshAfterChange();
  const { versions, canManage, saved } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const errors = reply?.errors ?? [];
  const [current] = versions;
  const initial = reply?.initial ?? {
    cohort: current.cohort,
    band: current.band ?? "",
    service: current.service,
    provider: current.provider,
    purpose: current.purpose,
    costingMethod: current.costingMethod,
    unit: current.unit,
    unitsPerYear: String(current.unitsPerYear),
    costPerUnit: formatPence(current.costPerUnitPence).slice(1).replace(/,/g, ""),
    includedInPersonalBudgets: current.includedInPersonalBudgets ? "yes" : "no",
    availableFrom: current.availableFrom ?? "",
  };
  return (
    <Fragment key={fresh}>
      <ErrorSummary errors={errors} />
      {saved && !reply ? (
        <SuccessBanner heading={`Version ${current.version} of this line has been saved.`}>
          Indicative budgets worked out from now on use it; those worked out before keep the version they used.
        </SuccessBanner>
      ) : null}
      <h1>{current.service}</h1>
      <p>
        <Link to="/staff/statement-of-resources">Back to the statement of resources</Link>
      </p>
      <h2>Versions</h2>
      <ul className="nhsuk-list nhsuk-list--bullet">
        {versions.map((v) => (
          <li key={v.id}>
            Version {v.version} from {longDate(v.createdAt)}: {v.unitsPerYear} {v.unit} x <Money pence={v.costPerUnitPence} />
            {v.supersededAt ? ` (replaced ${longDate(v.supersededAt)})` : " (current)"}
          </li>
        ))}
      </ul>
      {canManage ? (
        <>
          <h2>Change this line</h2>
          <p>Saving makes a new version. Indicative budgets already worked out keep their figures until they are recalculated.</p>
          <Form method="post" noValidate>
            <StatementLineFields
              err={(id) =>
                errors
                  .filter((e) => e.fieldId === id)
                  .map((e) => e.message)
                  .join(". ") || undefined
              }
              errors={errors}
              initial={initial}
            />
            <button className="nhsuk-button" type="submit">
              Save a new version
            </button>
          </Form>
        </>
      ) : null}
    </Fragment>
  );
}
