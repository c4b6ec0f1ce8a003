import { randomUUID } from "node:crypto";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { loadHolderName } from "~/plans/plan-views.server";
import { capitalise, voiceFor } from "~/people/voice";
import { getDb } from "#db/client.server";
import { requireCurrentHolder } from "~/access/access.server";
import { todayInUk } from "~/ledger/entries";
import { formatPence } from "~/ledger/money";
import { MAX_RECEIPT_BYTES, MAX_RECEIPTS, type ReceiptUpload } from "~/spending/receipts";
import { HOW_PAID_NAMES, howPaidOptions, SpendFormSchema, spentOnField } from "~/spending/schemas";
import { readDateFields, withDateErrors } from "~/dates/date-fields";
import { longDate } from "~/dates/long-date";
import { DateInput } from "~/ui/date-input";
import { checkSpend, loadSpendForm, logSpend } from "~/spending/spends.server";
import { gatherReceipts, keepReceipts, type KeptReceipt } from "~/spending/receipt-files.server";
import { ErrorSummary, fieldErrors, type FieldError } from "~/ui/error-summary";
import { TextField } from "~/ui/fields";
import { pageTitle } from "~/ui/page-title";
import { formText, formTextValues, readForm } from "~/http/form-data";

export const meta: MetaFunction = () => pageTitle("Log a spend");

/** 5 receipts of 5MB and the rest of the form: a body larger than this is refused before it is read. */
const MAX_BODY_BYTES = MAX_RECEIPTS * MAX_RECEIPT_BYTES + 1024 * 1024;

export async function loader({ request }: LoaderFunctionArgs) {
  const { holderId, principal } = await requireCurrentHolder(request, "log-spending");
  const [form, holder] = await Promise.all([
    loadSpendForm(getDb(), {
      holderId,
      commissionerId: principal.commissionerId,
      staff: principal.kind === "staff",
      organisationId: principal.supportOrganisationId,
    }),
    loadHolderName(getDb(), holderId),
  ]);
  return {
    ...form,
    voice: voiceFor(holder, principal.kind !== "holder"),
    formToken: randomUUID(),
    staff: principal.kind === "staff",
    holderQuery: principal.kind === "staff" ? `?holder=${holderId}` : "",
  };
}

type Values = Record<string, string>;
type Kept = KeptReceipt;

export async function action({ request }: ActionFunctionArgs) {
  const { holderId, actor, principal } = await requireCurrentHolder(request, "log-spending");
  const db = getDb();
  const tooBig = Number(request.headers.get("content-length") ?? 0) > MAX_BODY_BYTES;
  if (tooBig) {
    return data(
      {
        stage: "form" as const,
        errors: [{ fieldId: "receipts", message: `Select up to ${MAX_RECEIPTS} receipts, each smaller than 5MB` }],
        values: {},
        kept: [] as Kept[],
        warnings: [] as string[],
      },
      { status: 400 },
    );
  }
  const formData = await readForm(request);
  const intent = formText(formData, "intent") || "check";
  const values: Values = formTextValues(formData);
  const kept: Kept[] = formData
    .getAll("kept")
    // A kept receipt is "sha256:size:name" as this page wrote it, so anything much longer is not one.
    .filter((k): k is string => typeof k === "string" && k.length <= 200)
    .flatMap((k) => {
      const [sha256, size, ...name] = k.split(":");
      return /^[0-9a-f]{64}$/.test(sha256) ? [{ sha256, size: Number(size) || 0, name: name.join(":") }] : [];
    });
  const form = (errors: FieldError[], status = 400) => data({ stage: "form" as const, errors, values, kept, warnings: [] as string[] }, { status });
  if (intent === "change") return form([], 200);

  const dateErrors = readDateFields(formData, [spentOnField(todayInUk())]);
  if (typeof formData.get("spentOn") === "string") values.spentOn = formText(formData, "spentOn");
  const submission = parseWithZod(formData, { schema: SpendFormSchema });
  const errors: FieldError[] = withDateErrors(dateErrors, fieldErrors(submission));

  // Receipts: new files from this submit, plus those already checked and kept on the check-your-answers step.
  const uploads: ReceiptUpload[] = [];
  for (const entry of formData.getAll("receipts")) {
    if (typeof entry === "string" || (entry.size === 0 && !entry.name)) continue;
    uploads.push({ name: entry.name, bytes: new Uint8Array(await entry.arrayBuffer()) });
  }
  const receipts = await gatherReceipts(db, { kept, uploads });
  if (!receipts.ok) errors.push(...receipts.messages.map((message) => ({ fieldId: "receipts", message })));
  if (submission.status !== "success" || !receipts.ok || dateErrors.length) {
    return data({ stage: "form" as const, errors, values, kept: receipts.kept, warnings: [] as string[] }, { status: 400 });
  }

  const input = {
    actor,
    holderId,
    today: todayInUk(),
    spentOn: submission.value.spentOn!,
    payeeId: submission.value.payeeId ?? null,
    newPayeeName: submission.value.newPayeeName ?? null,
    amountPence: submission.value.amount,
    whatFor: submission.value.whatFor,
    supportLineId: submission.value.supportLineId,
    howPaid: submission.value.howPaid,
    restrictedCategoryId: submission.value.restrictedCategoryId ?? null,
  };
  if (intent === "confirm") {
    const result = await logSpend(db, { ...input, formToken: submission.value.formToken, receipts: receipts.receipts });
    if (!result.ok) return form([{ fieldId: fieldIdOf(result.field), message: result.message }]);
    return redirect(`/spending/${result.spend.id}/logged${principal.kind === "staff" ? `?holder=${holderId}` : ""}`);
  }
  const checked = await checkSpend(db, input);
  if (!checked.ok) return form([{ fieldId: fieldIdOf(checked.field), message: checked.message }]);
  return data({
    stage: "check" as const,
    errors: [] as FieldError[],
    values,
    kept: await keepReceipts(db, receipts.receipts),
    warnings: checked.warnings,
    lineDescription: checked.lineDescription,
    categoryName: checked.categoryName,
    amountPence: input.amountPence,
  });
}

// A message about the whole date (say, before the plan started) links to its day box: there is no one "spentOn" element.
const fieldIdOf = (field: string | null) => (field === "payee" ? "payeeId" : field && field !== "spentOn" ? field : "spentOn-day");

export default function NewSpend() {
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  if (result?.stage === "check") return <CheckYourAnswers result={result} payees={loaded.payees} query={loaded.holderQuery} />;
  const values: Values = result?.values ?? {};
  const errors = result?.errors ?? [];
  const errorFor = (field: string) =>
    errors
      .filter((e) => e.fieldId === field)
      .map((e) => e.message)
      .join(". ") || undefined;
  const kept = result?.kept ?? [];
  if (!loaded.plan) {
    return (
      <>
        <h1>Log a spend</h1>
        <p>
          There is no approved plan to log spending against yet. {capitalise(loaded.voice.your)} care coordinator will tell you when {loaded.voice.your} plan is
          approved.
        </p>
      </>
    );
  }
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        <h1>{loaded.voice.thirdPerson ? `Log a spend for ${loaded.voice.fullName}` : "Log a spend"}</h1>
        <Form method="post" encType="multipart/form-data" noValidate action={`/spending/new${loaded.holderQuery}`}>
          <input type="hidden" name="formToken" value={values.formToken ?? loaded.formToken} />
          {kept.map((k) => (
            <input key={k.sha256} type="hidden" name="kept" value={`${k.sha256}:${k.size}:${k.name}`} />
          ))}
          <DateInput name="spentOn" label="Date of the spend" values={values} errors={errors} />
          <SelectField
            id="payeeId"
            name="payeeId"
            label="Who did you pay?"
            error={errorFor("payeeId") ?? errorFor("payee")}
            defaultValue={values.payeeId}
            options={[
              { value: "", label: loaded.payees.length ? "Someone new (enter their name below)" : "Someone new" },
              ...loaded.payees.map((p) => ({ value: p.id, label: p.name })),
            ]}
          />
          <TextField
            id="newPayeeName"
            name="newPayeeName"
            label="Name of someone new you paid"
            hint="Leave this empty if you chose someone from the list"
            defaultValue={values.newPayeeName}
            error={errorFor("newPayeeName")}
          />
          <TextField
            id="amount"
            name="amount"
            label="Amount, in pounds"
            hint="For example, 12.50"
            inputMode="decimal"
            defaultValue={values.amount}
            error={errorFor("amount")}
            width={10}
          />
          <TextField id="whatFor" name="whatFor" label="What was it for?" defaultValue={values.whatFor} error={errorFor("whatFor")} />
          <SelectField
            id="supportLineId"
            name="supportLineId"
            label={`Which support line in ${loaded.voice.your} plan was it for?`}
            error={errorFor("supportLineId")}
            defaultValue={values.supportLineId}
            options={[
              { value: "", label: "Select a support line" },
              ...loaded.lines.map((l) => ({ value: l.id, label: `${l.description} (${formatPence(l.amountPence)} a year)` })),
            ]}
          />
          <SelectField
            id="howPaid"
            name="howPaid"
            label="How was it paid?"
            error={errorFor("howPaid")}
            defaultValue={values.howPaid}
            options={[{ value: "", label: "Select how it was paid" }, ...howPaidOptions(loaded.staff ? "any" : "holder")]}
          />
          <SelectField
            id="restrictedCategoryId"
            name="restrictedCategoryId"
            label="Was it any of these?"
            hint="Some things cannot be bought with a personal health budget, and some need agreement first"
            error={errorFor("restrictedCategoryId")}
            defaultValue={values.restrictedCategoryId}
            options={[{ value: "", label: "None of these" }, ...loaded.categories.map((c) => ({ value: c.id, label: c.name }))]}
          />
          <div className={`nhsuk-form-group${errorFor("receipts") ? " nhsuk-form-group--error" : ""}`}>
            <label className="nhsuk-label" htmlFor="receipts">
              Receipts (optional)
            </label>
            <div className="nhsuk-hint" id="receipts-hint">
              Up to 5 files, each smaller than 5MB: PDF, JPG, PNG or HEIC. A spend over £50 without a receipt is checked by finance.
            </div>
            {errorFor("receipts") ? (
              <span className="nhsuk-error-message" id="receipts-error">
                <span className="nhsuk-u-visually-hidden">Error:</span> {errorFor("receipts")}
              </span>
            ) : null}
            {kept.length ? <p className="nhsuk-body-s">Already attached: {kept.map((k) => k.name).join(", ")}</p> : null}
            <input
              className="nhsuk-file-upload"
              id="receipts"
              name="receipts"
              type="file"
              multiple
              accept=".pdf,.jpg,.jpeg,.png,.heic,application/pdf,image/jpeg,image/png,image/heic"
              aria-describedby={`receipts-hint${errorFor("receipts") ? " receipts-error" : ""}`}
            />
          </div>
          <button type="submit" className="nhsuk-button" name="intent" value="check">
            Continue
          </button>
        </Form>
        <p>
          <Link to={`/spending${loaded.holderQuery}`}>Cancel and go back to spending</Link>
        </p>
      </div>
    </div>
  );
}

function CheckYourAnswers({
  result,
  payees,
  query,
}: {
  result: { values: Values; kept: Kept[]; warnings: string[]; lineDescription: string; categoryName: string | null; amountPence: number };
  payees: { id: string; name: string }[];
  query: string;
}) {
  const v = result.values;
  const payee = v.payeeId ? payees.find((p) => p.id === v.payeeId)?.name : v.newPayeeName;
  const rows: [string, string][] = [
    ["Date", v.spentOn ? longDate(v.spentOn) : ""],
    ["Who you paid", payee ?? ""],
    ["Amount", formatPence(result.amountPence)],
    ["What it was for", v.whatFor],
    ["Support line", result.lineDescription],
    ["How it was paid", HOW_PAID_NAMES[v.howPaid as keyof typeof HOW_PAID_NAMES] ?? v.howPaid],
    ["Restricted spending", result.categoryName ?? "None"],
    ["Receipts", result.kept.length ? result.kept.map((k) => k.name).join(", ") : "None"],
  ];
  const hidden = Object.entries(v).filter(([k]) => !["intent", "kept"].includes(k));
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <h1>Check your answers before logging the spend</h1>
        {result.warnings.map((w) => (
          <div className="nhsuk-warning-callout" key={w}>
            <h2 className="nhsuk-warning-callout__label">
              <span role="text">
                <span className="nhsuk-u-visually-hidden">Important: </span>Please note
              </span>
            </h2>
            <p>{w}</p>
          </div>
        ))}
        <dl className="nhsuk-summary-list">
          {rows.map(([key, value]) => (
            <div className="nhsuk-summary-list__row" key={key}>
              <dt className="nhsuk-summary-list__key">{key}</dt>
              <dd className="nhsuk-summary-list__value">{value}</dd>
            </div>
          ))}
        </dl>
        <Form method="post" encType="multipart/form-data" action={`/spending/new${query}`}>
          {hidden.map(([k, value]) => (
            <input key={k} type="hidden" name={k} value={value} />
          ))}
          {result.kept.map((k) => (
            <input key={k.sha256} type="hidden" name="kept" value={`${k.sha256}:${k.size}:${k.name}`} />
          ))}
          <button type="submit" className="nhsuk-button" name="intent" value="confirm">
            Log this spend
          </button>{" "}
          <button type="submit" className="nhsuk-button nhsuk-button--secondary" name="intent" value="change">
            Change your answers
          </button>
        </Form>
      </div>
    </div>
  );
}

function SelectField({
  id,
  name,
  label,
  hint,
  error,
  options,
  defaultValue,
}: {
  id: string;
  name: string;
  label: string;
  hint?: string;
  error?: string;
  options: { value: string; label: string }[];
  defaultValue?: string;
}) {
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={`nhsuk-form-group${error ? " nhsuk-form-group--error" : ""}`}>
      <label className="nhsuk-label" htmlFor={id}>
        {label}
      </label>
      {hint ? (
        <div className="nhsuk-hint" id={`${id}-hint`}>
          {hint}
        </div>
      ) : null}
      {error ? (
        <span className="nhsuk-error-message" id={`${id}-error`}>
          <span className="nhsuk-u-visually-hidden">Error:</span> {error}
        </span>
      ) : null}
      <select
        className={`nhsuk-select${error ? " nhsuk-select--error" : ""}`}
        id={id}
        name={name}
        defaultValue={defaultValue ?? ""}
        aria-describedby={describedBy}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}
