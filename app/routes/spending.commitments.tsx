import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "#db/client.server";
import { requireCurrentHolder } from "~/access/access.server";
import { may } from "~/access/rules";
import { longDate } from "~/dates/long-date";
import { loadHolderName } from "~/plans/plan-views.server";
import { possessive } from "~/people/voice";
import { addCommitment, cancelCommitment, listCommitments } from "~/spending/commitments.server";
import { CancelCommitmentSchema, COMMITMENT_DATES, CommitmentFormSchema } from "~/spending/schemas";
import { linkToDayBox, readDateFields, withDateErrors } from "~/dates/date-fields";
import { DateInput } from "~/ui/date-input";
import { readDone, SuccessBanner, withDone, useFreshAfterChange } from "~/ui/success-banner";
import { loadPlanInForce } from "~/plans/plan-in-force.server";
import { ErrorSummary, fieldErrors, type FieldError } from "~/ui/error-summary";
import { TextField } from "~/ui/fields";
import { Money } from "~/ui/money";
import { pageTitle } from "~/ui/page-title";
import { formTextValues, readForm } from "~/http/form-data";
import { requireId } from "~/http/ids";
import { ScrollableTable } from "~/ui/table-region";

export const meta: MetaFunction = () => pageTitle("Care the NHS arranges");

export async function loader({ request }: LoaderFunctionArgs) {
  const { holderId, principal } = await requireCurrentHolder(request, "view");
  const db = getDb();
  const [{ commitments, invoicedByLine }, plan, holder] = await Promise.all([
    listCommitments(db, holderId),
    loadPlanInForce(db, holderId),
    loadHolderName(db, holderId),
  ]);
  return {
    commitments,
    invoicedByLine,
    lines: (plan?.lines ?? [])
      .filter((l) => l.holding === "notional")
      .map((l) => ({ id: l.id, key: l.lineKey, description: l.description, amountPence: l.amountPence })),
    canManage: may(principal, "manage-commitments", holderId),
    acting: principal.kind !== "holder",
    holderName: holder ? `${holder.givenName} ${holder.familyName}` : "",
    holderQuery: principal.kind === "staff" ? `?holder=${holderId}` : "",
    done: readDone(request, ["added", "cancelled"] as const),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const { holderId, actor } = await requireCurrentHolder(request, "manage-commitments");
  const staff = { ...actor, userId: actor.userId! };
  const formData = await readForm(request);
  const values = formTextValues(formData);
  const fail = (errors: FieldError[]) => data({ errors, values }, { status: 400 });
  const back = (code: "added" | "cancelled") => redirect(withDone(`/spending/commitments?holder=${holderId}`, code));
  if (values.intent === "cancel") {
    const commitmentId = requireId(values.commitmentId);
    const cancel = parseWithZod(formData, { schema: CancelCommitmentSchema });
    if (cancel.status !== "success") return fail(fieldErrors(cancel).map((e) => ({ ...e, fieldId: `reason-${commitmentId}` })));
    const result = await cancelCommitment(getDb(), { actor: staff, holderId, commitmentId, reason: cancel.value.reason });
    return result.ok ? back("cancelled") : fail([{ fieldId: `reason-${commitmentId}`, message: result.message }]);
  }
  const dateErrors = readDateFields(formData, COMMITMENT_DATES);
  const submission = parseWithZod(formData, { schema: CommitmentFormSchema });
  if (submission.status !== "success" || dateErrors.length) return fail(withDateErrors(dateErrors, fieldErrors(submission), COMMITMENT_DATES));
  const { amount, startsOn, endsOn, ...commitment } = submission.value;
  const result = await addCommitment(getDb(), { actor: staff, holderId, ...commitment, amountPence: amount, startsOn: startsOn!, endsOn: endsOn! });
  return result.ok ? back("added") : fail([linkToDayBox({ fieldId: result.field ?? "supportLineId", message: result.message }, COMMITMENT_DATES)]);
}

export default function Commitments() {
  const fresh = useFreshAfterChange();
  const { commitments, invoicedByLine, lines, canManage, acting, holderName, holderQuery, done } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors ?? [];
  const values: Record<string, string> = result?.values ?? {};
  const errorFor = (id: string) =>
    errors
      .filter((e) => e.fieldId === id)
      .map((e) => e.message)
      .join(". ") || undefined;
  const adding = values.intent === "add" ? values : {};
  return (
    <div className="nhsuk-grid-row" key={fresh}>
      <div className="nhsuk-grid-column-full">
        <p>
          <Link to={`/spending/plan${holderQuery}`} className="nhsuk-back-link">
            Back to spending against the plan
          </Link>
        </p>
        <ErrorSummary errors={errors} />
        {done === "added" && !result ? (
          <SuccessBanner heading="The money has been set aside.">
            It is in the list below. The provider&apos;s invoices are matched against it as they are paid.
          </SuccessBanner>
        ) : done === "cancelled" && !result ? (
          <SuccessBanner heading="The money set aside has been cancelled.">
            It is no longer held for the provider. The reason is kept with it below.
          </SuccessBanner>
        ) : null}
        <h1>{acting ? `Care the NHS arranges for ${holderName}` : "Care the NHS arranges for you"}</h1>
        <p>
          Some of the support in {acting ? possessive(holderName) : "your"} plan is arranged and paid for by the NHS, not from {acting ? "the" : "your"} budget.
          This page shows the money the NHS has set aside for it with each provider. The providers&apos; bills are in the{" "}
          <Link to={`/spending${holderQuery ? `${holderQuery}&` : "?"}howPaid=invoice`}>spending list, as invoices paid by the NHS</Link>.
        </p>
        {lines.length === 0 ? (
          <p>No support in the current plan is arranged by the NHS.</p>
        ) : (
          <ul className="nhsuk-list nhsuk-list--bullet">
            {lines.map((l) => (
              <li key={l.id}>
                {l.description}: <Money pence={l.amountPence} /> a year, <Money pence={invoicedByLine[l.key] ?? 0} /> invoiced so far
              </li>
            ))}
          </ul>
        )}
        <h2>Money set aside</h2>
        {commitments.length === 0 ? (
          <p>No money has been set aside with a provider yet.</p>
        ) : (
          <ScrollableTable caption="Money set aside with providers" hideCaption>
            <thead className="nhsuk-table__head">
              <tr>
                <th scope="col">Provider and care</th>
                <th scope="col">Support line</th>
                <th scope="col">Dates</th>
                <th scope="col" className="nhsuk-table__header--numeric">
                  Set aside
                </th>
                {canManage ? <th scope="col">Cancel</th> : null}
              </tr>
            </thead>
            <tbody className="nhsuk-table__body">
              {commitments.map((c) => (
                <tr key={c.id} className="nhsuk-table__row">
                  <td className="nhsuk-table__cell">
                    <strong>{c.provider}</strong>: {c.description}
                    {c.reference ? (
                      <>
                        <br />
                        <span className="nhsuk-body-s">Reference {c.reference}</span>
                      </>
                    ) : null}
                    <br />
                    <span className="nhsuk-body-s">
                      Set aside by {c.createdByName} on {longDate(new Date(c.createdAt))}
                    </span>
                    {c.cancelledAt ? (
                      <>
                        <br />
                        <strong className="nhsuk-tag nhsuk-tag--grey">Cancelled</strong> {c.cancelReason}
                      </>
                    ) : null}
                  </td>
                  <td className="nhsuk-table__cell">{c.line}</td>
                  <td className="nhsuk-table__cell">
                    {longDate(c.startsOn)} to {longDate(c.endsOn)}
                  </td>
                  <td className="nhsuk-table__cell nhsuk-table__cell--numeric">
                    <Money pence={c.amountPence} />
                  </td>
                  {canManage ? (
                    <td className="nhsuk-table__cell">
                      {c.cancelledAt ? null : (
                        <Form method="post" action={`/spending/commitments${holderQuery}`}>
                          <input type="hidden" name="commitmentId" value={c.id} />
                          <TextField
                            id={`reason-${c.id}`}
                            name="reason"
                            label={
                              <>
                                Why cancel <span className="nhsuk-u-visually-hidden">{c.provider}</span>
                              </>
                            }
                            error={errorFor(`reason-${c.id}`)}
                          />
                          <button type="submit" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" name="intent" value="cancel">
                            Cancel this
                          </button>
                        </Form>
                      )}
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </ScrollableTable>
        )}
        {canManage && lines.length ? (
          <>
            <h2>Set money aside with a provider</h2>
            <Form method="post" action={`/spending/commitments${holderQuery}`} noValidate>
              <div className={`nhsuk-form-group${errorFor("supportLineId") ? " nhsuk-form-group--error" : ""}`}>
                <label className="nhsuk-label" htmlFor="supportLineId">
                  Support line
                </label>
                {errorFor("supportLineId") ? (
                  <span className="nhsuk-error-message" id="supportLineId-error">
                    <span className="nhsuk-u-visually-hidden">Error:</span> {errorFor("supportLineId")}
                  </span>
                ) : null}
                <select
                  className={`nhsuk-select${errorFor("supportLineId") ? " nhsuk-select--error" : ""}`}
                  id="supportLineId"
                  name="supportLineId"
                  defaultValue={adding.supportLineId ?? ""}
                  aria-describedby={errorFor("supportLineId") ? "supportLineId-error" : undefined}
                >
                  <option value="">Select a support line</option>
                  {lines.map((l) => (
                    <option key={l.id} value={l.id}>
                      {l.description}
                    </option>
                  ))}
                </select>
              </div>
              <TextField id="provider" name="provider" label="Provider" defaultValue={adding.provider} error={errorFor("provider")} />
              <TextField
                id="description"
                name="description"
                label="What the care is"
                hint="For example, two nursing visits a week"
                defaultValue={adding.description}
                error={errorFor("description")}
              />
              <TextField
                id="amount"
                name="amount"
                label="Amount set aside, in pounds"
                hint="For example, 1200.00"
                inputMode="decimal"
                defaultValue={adding.amount}
                error={errorFor("amount")}
                width={10}
              />
              <DateInput name="startsOn" label="Date the care starts" values={adding} errors={errors} />
              <DateInput name="endsOn" label="Date the care ends" values={adding} errors={errors} />
              <TextField
                id="reference"
                name="reference"
                label="Purchase order or contract reference (optional)"
                defaultValue={adding.reference}
                error={errorFor("reference")}
                width={20}
              />
              <button type="submit" className="nhsuk-button" name="intent" value="add">
                Set the money aside
              </button>
            </Form>
          </>
        ) : null}
      </div>
    </div>
  );
}
