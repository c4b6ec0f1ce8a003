import { randomUUID } from "node:crypto";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { loadHolderName } from "~/plans/plan-views.server";
import { voiceFor } from "~/people/voice";
import { getDb } from "#db/client.server";
import { notFound, requireCurrentHolder } from "~/access/access.server";
import { todayInUk } from "~/ledger/entries";
import { formatPence } from "~/ledger/money";
import { loadSpend } from "~/spending/report.server";
import { checkMayChangeSpend, spendKeeperOf } from "~/spending/rules";
import { howPaidOptions, SpendChangeReasonSchema, SpendFormSchema, spentOnField } from "~/spending/schemas";
import { readDateFields, withDateErrors } from "~/dates/date-fields";
import { DateInput } from "~/ui/date-input";
import { editSpend, loadSpendForm } from "~/spending/spends.server";
import { ErrorSummary, fieldErrors, type FieldError } from "~/ui/error-summary";
import { TextField } from "~/ui/fields";
import { pageTitle } from "~/ui/page-title";
import { formTextValues, readForm } from "~/http/form-data";
import { requireId } from "~/http/ids";

export const meta: MetaFunction = () => pageTitle("Change a spend");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { holderId, principal } = await requireCurrentHolder(request, "log-spending");
  const db = getDb();
  const found = await loadSpend(db, { holderId, spendId: requireId(params.spendId) });
  if (!found || found.spend.reversedAt) throw notFound();
  // An invoice the NHS paid is on the holder's list, so it is refused as the change itself is (403), not hidden.
  const refused = checkMayChangeSpend({ howPaid: found.spend.howPaid, heldByOrganisation: found.heldByOrganisation }, spendKeeperOf(principal.kind));
  if (refused) throw new Response(refused, { status: 403 });
  const [form, holder] = await Promise.all([
    loadSpendForm(db, {
      holderId,
      commissionerId: principal.commissionerId,
      staff: principal.kind === "staff",
      organisationId: principal.supportOrganisationId,
    }),
    loadHolderName(db, holderId),
  ]);
  const s = found.spend;
  return {
    ...form,
    staff: principal.kind === "staff",
    voice: voiceFor(holder, principal.kind !== "holder"),
    formToken: randomUUID(),
    query: principal.kind === "staff" ? `?holder=${holderId}` : "",
    values: {
      spentOn: s.spentOn,
      payeeId: s.payeeId,
      amount: formatPence(s.amountPence).replace("£", ""),
      whatFor: s.whatFor,
      supportLineId: s.supportLineId,
      howPaid: s.howPaid,
      restrictedCategoryId: s.restrictedCategoryId ?? "",
    } as Record<string, string>,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { holderId, actor, principal } = await requireCurrentHolder(request, "log-spending");
  const spendId = requireId(params.spendId);
  const formData = await readForm(request);
  const values = formTextValues(formData);
  const dateErrors = readDateFields(formData, [spentOnField(todayInUk())]);
  const submission = parseWithZod(formData, { schema: SpendFormSchema });
  const errors: FieldError[] = withDateErrors(dateErrors, fieldErrors(submission));
  const why = parseWithZod(formData, { schema: SpendChangeReasonSchema });
  errors.push(...fieldErrors(why));
  if (submission.status !== "success" || why.status !== "success" || errors.length) return data({ errors, values }, { status: 400 });
  const v = submission.value;
  const result = await editSpend(getDb(), {
    actor,
    holderId,
    spendId,
    reason: why.value.reason,
    formToken: v.formToken,
    today: todayInUk(),
    spentOn: v.spentOn!,
    payeeId: v.payeeId ?? null,
    newPayeeName: v.newPayeeName ?? null,
    amountPence: v.amount,
    whatFor: v.whatFor,
    supportLineId: v.supportLineId,
    howPaid: v.howPaid,
    restrictedCategoryId: v.restrictedCategoryId ?? null,
    receipts: [],
  });
  if (!result.ok && result.forbidden) throw new Response(result.message, { status: 403 });
  if (!result.ok)
    return data(
      {
        errors: [
          { fieldId: result.field === "payee" ? "payeeId" : result.field === "spentOn" ? "spentOn-day" : (result.field ?? "reason"), message: result.message },
        ],
        values,
      },
      { status: 400 },
    );
  return redirect(`/spending/${result.spend.id}/logged${principal.kind === "staff" ? `?holder=${holderId}` : ""}`);
}

export default function ChangeSpend() {
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const values: Record<string, string> = result?.values ?? loaded.values;
  const errors = result?.errors ?? [];
  const errorFor = (f: string) =>
    errors
      .filter((e) => e.fieldId === f)
      .map((e) => e.message)
      .join(". ") || undefined;
  const select = (id: string, label: string, options: { value: string; label: string }[]) => (
    <div className={`nhsuk-form-group${errorFor(id) ? " nhsuk-form-group--error" : ""}`}>
      <label className="nhsuk-label" htmlFor={id}>
        {label}
      </label>
      {errorFor(id) ? (
        <span className="nhsuk-error-message" id={`${id}-error`}>
          <span className="nhsuk-u-visually-hidden">Error:</span> {errorFor(id)}
        </span>
      ) : null}
      <select className="nhsuk-select" id={id} name={id} defaultValue={values[id] ?? ""} aria-describedby={errorFor(id) ? `${id}-error` : undefined}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        <h1>Change a spend</h1>
        <p>The spend as it was is kept and undone, and the spend as you correct it is logged in its place. The receipts stay with it.</p>
        <Form method="post" noValidate action={loaded.query || undefined}>
          <input type="hidden" name="formToken" value={values.formToken ?? loaded.formToken} />
          <DateInput name="spentOn" label="Date of the spend" values={values} errors={errors} />
          {select("payeeId", "Who did you pay?", [
            { value: "", label: "Someone new (enter their name below)" },
            ...loaded.payees.map((p) => ({ value: p.id, label: p.name })),
          ])}
          <TextField
            id="newPayeeName"
            name="newPayeeName"
            label="Name of someone new you paid"
            defaultValue={values.newPayeeName}
            error={errorFor("newPayeeName")}
          />
          <TextField
            id="amount"
            name="amount"
            label="Amount, in pounds"
            inputMode="decimal"
            defaultValue={values.amount}
            error={errorFor("amount")}
            width={10}
          />
          <TextField id="whatFor" name="whatFor" label="What was it for?" defaultValue={values.whatFor} error={errorFor("whatFor")} />
          {select("supportLineId", `Which support line in ${loaded.voice.your} plan was it for?`, [
            { value: "", label: "Select a support line" },
            ...loaded.lines.map((l) => ({ value: l.id, label: l.description })),
          ])}
          {select("howPaid", "How was it paid?", [{ value: "", label: "Select how it was paid" }, ...howPaidOptions(loaded.staff ? "any" : "holder")])}
          {select("restrictedCategoryId", "Was it any of these?", [
            { value: "", label: "None of these" },
            ...loaded.categories.map((c) => ({ value: c.id, label: c.name })),
          ])}
          <TextField id="reason" name="reason" label="Why are you changing it?" defaultValue={values.reason} error={errorFor("reason")} />
          <button type="submit" className="nhsuk-button">
            Save the change
          </button>
        </Form>
        <p>
          <Link to={`/spending${loaded.query}`}>Cancel and go back to spending</Link>
        </p>
      </div>
    </div>
  );
}
