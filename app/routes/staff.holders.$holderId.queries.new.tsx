import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "#db/client.server";
import { notFound, requireAccess } from "~/access/access.server";
import { readDateFields, withDateErrors, type DateField } from "~/dates/date-fields";
import { todayInUk } from "~/dates/uk-day";
import { formText, formTextValues, readForm } from "~/http/form-data";
import { requireId } from "~/http/ids";
import { loadHolderName } from "~/plans/plan-views.server";
import { shiftDays } from "~/reconciliation/periods";
import { emailAboutQuery } from "~/reconciliation/query-emails.server";
import { DEFAULT_DAYS_TO_ANSWER, queryPrompt, raiseQuery, readQuerySubject } from "~/reconciliation/queries.server";
import { publicOrigin } from "~/security/public-origin";
import { DateInput } from "~/ui/date-input";
import { ErrorSummary, type FieldError } from "~/ui/error-summary";
import { TextArea } from "~/ui/fields";
import { pageTitle } from "~/ui/page-title";
import { withDone } from "~/ui/success-banner";

export const meta: MetaFunction = () => pageTitle("Ask the holder a question");

const DUE_ON: DateField = { name: "dueOn", label: "Date to answer by", rules: { required: true } };

/** Where "Back" goes: a page of the portal's staff pages only, never another site. */
const safeBack = (path: string | null) => (path && /^\/staff\/[\w\-/?=&]*$/.test(path) ? path : null);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const holderId = requireId(params.holderId);
  await requireAccess(request, "manage-finance", { holderId });
  const url = new URL(request.url);
  const db = getDb();
  const subject = readQuerySubject(url.searchParams.get("about"));
  const flagId = url.searchParams.get("flag");
  const [holder, prompt] = await Promise.all([loadHolderName(db, holderId), queryPrompt(db, { holderId, subject, flagId })]);
  if (!holder || !prompt) throw notFound();
  return {
    holderId,
    name: `${holder.givenName} ${holder.familyName}`,
    about: url.searchParams.get("about") ?? "budget",
    flagId,
    prompt,
    dueOn: shiftDays(todayInUk(), DEFAULT_DAYS_TO_ANSWER),
    back: safeBack(url.searchParams.get("back")) ?? `/staff/holders/${holderId}/plan`,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const holderId = requireId(params.holderId);
  const { actor } = await requireAccess(request, "manage-finance", { holderId });
  const form = await readForm(request);
  const dateErrors = readDateFields(form, [DUE_ON]);
  const values = formTextValues(form);
  const today = todayInUk();
  const result = dateErrors.length
    ? null
    : await raiseQuery(getDb(), {
        actor,
        holderId,
        subject: readQuerySubject(formText(form, "about")),
        question: formText(form, "question"),
        dueOn: formText(form, "dueOn"),
        today,
        flagId: formText(form, "flagId") || null,
      });
  if (result?.ok) {
    await emailAboutQuery(getDb(), { queryId: result.queryId, origin: publicOrigin(request.url), reminder: false });
    throw redirect(withDone(`/staff/queries/${result.queryId}`, "raised"));
  }
  const errors: FieldError[] = withDateErrors(
    dateErrors,
    result && !result.ok ? [{ fieldId: result.field === "dueOn" ? "dueOn-day" : (result.field ?? "question"), message: result.message }] : [],
  );
  return data({ errors, values }, { status: 400 });
}

export default function RaiseQuery() {
  const { holderId, name, about, flagId, prompt, dueOn, back } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const errors = reply?.errors ?? [];
  return (
    <>
      <ErrorSummary errors={errors} />
      <p>
        <Link to={back} className="nhsuk-back-link">
          Back
        </Link>
      </p>
      <span className="nhsuk-caption-l">{name}</span>
      <h1>Ask {name} a question</h1>
      <p>
        <strong>About:</strong> {prompt.label}
      </p>
      <p>
        {name} (or whoever answers for them) sees the question first on their home page, and is emailed where email is set up. They can answer with files, such
        as a receipt.
      </p>
      <Form method="post" noValidate>
        <input type="hidden" name="about" value={about} />
        {flagId ? <input type="hidden" name="flagId" value={flagId} /> : null}
        <TextArea
          id="question"
          label="Your question"
          defaultValue={reply?.values.question ?? prompt.question}
          error={errors.find((e) => e.fieldId === "question")?.message}
        />
        <DateInput name="dueOn" label="Date to answer by" values={reply?.values ?? { dueOn }} errors={errors} />
        <button className="nhsuk-button" type="submit">
          Send the question
        </button>
      </Form>
      <p>
        <Link to={`/staff/holders/${holderId}/plan`}>Go to {name}'s plan</Link>
      </p>
    </>
  );
}
