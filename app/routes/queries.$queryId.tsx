import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "#db/client.server";
import { notFound, requireCurrentHolder } from "~/access/access.server";
import { todayInUk } from "~/dates/uk-day";
import { formText, formTextValues, readForm } from "~/http/form-data";
import { requireId } from "~/http/ids";
import { answerQuery, loadQuery } from "~/reconciliation/queries.server";
import { checkReceipts, MAX_RECEIPT_BYTES, MAX_RECEIPTS, type ReceiptUpload } from "~/spending/receipts";
import { ErrorSummary, type FieldError } from "~/ui/error-summary";
import { TextArea } from "~/ui/fields";
import { pageTitle } from "~/ui/page-title";
import { QueryStatusTag, QueryThread } from "~/ui/query-thread";
import { readDone, SuccessBanner, withDone } from "~/ui/success-banner";

export const meta: MetaFunction = () => pageTitle("A question from the finance team");

/** 5 files of 5MB and the answer: a body larger than this is refused before it is read. */
const MAX_BODY_BYTES = MAX_RECEIPTS * MAX_RECEIPT_BYTES + 1024 * 1024;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const queryId = requireId(params.queryId);
  const { holderId } = await requireCurrentHolder(request, "answer-finance-queries");
  const loaded = await loadQuery(getDb(), { queryId, holderId });
  if (!loaded) throw notFound();
  return { loaded, today: todayInUk(), done: readDone(request, ["answered"]) };
}

type Reply = { errors: FieldError[]; values: Record<string, string> };

export async function action({ request, params }: ActionFunctionArgs) {
  const queryId = requireId(params.queryId);
  const { holderId, actor } = await requireCurrentHolder(request, "answer-finance-queries");
  const tooBig = (message: string) => data<Reply>({ errors: [{ fieldId: "files", message }], values: {} }, { status: 400 });
  if (Number(request.headers.get("content-length") ?? 0) > MAX_BODY_BYTES) return tooBig(`Attach up to ${MAX_RECEIPTS} files, each smaller than 5MB`);
  const form = await readForm(request);
  const values = formTextValues(form);
  const uploads: ReceiptUpload[] = [];
  for (const entry of form.getAll("files")) {
    if (typeof entry === "string" || (entry.size === 0 && !entry.name)) continue;
    uploads.push({ name: entry.name, bytes: new Uint8Array(await entry.arrayBuffer()) });
  }
  const checked = checkReceipts(uploads);
  if (!checked.ok) return data<Reply>({ errors: checked.messages.map((message) => ({ fieldId: "files", message })), values }, { status: 400 });
  const result = await answerQuery(getDb(), { actor, holderId, queryId, answer: formText(form, "answer"), files: checked.receipts });
  if (result.ok) throw redirect(withDone(`/queries/${queryId}`, "answered"));
  return data<Reply>({ errors: [{ fieldId: result.field ?? "answer", message: result.message }], values }, { status: 400 });
}

export default function HolderQuery() {
  const { loaded, today, done } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const errors = reply?.errors ?? [];
  const { query } = loaded;
  const fileError = errors.filter((e) => e.fieldId === "files").map((e) => e.message);
  return (
    <>
      <ErrorSummary errors={errors} />
      {done && !reply ? (
        <SuccessBanner heading="Your answer has been sent.">The finance team will read it and let you know here if they need anything else.</SuccessBanner>
      ) : null}
      <p>
        <Link to="/queries" className="nhsuk-back-link">
          Back to questions from the finance team
        </Link>
      </p>
      <h1>A question from the finance team</h1>
      <p>
        <strong>About:</strong> {query.subjectLabel}
      </p>
      <p>
        <QueryStatusTag status={query.status} dueOn={query.dueOn} today={today} />
      </p>
      <QueryThread loaded={loaded} fileHref={(fileId) => `/queries/${query.id}/files/${fileId}`} />
      {query.status === "open" ? (
        <Form method="post" encType="multipart/form-data" noValidate>
          <h2>Your answer</h2>
          <TextArea id="answer" label="Your answer" defaultValue={reply?.values.answer} error={errors.find((e) => e.fieldId === "answer")?.message} />
          <div className={`nhsuk-form-group${fileError.length ? " nhsuk-form-group--error" : ""}`}>
            <label className="nhsuk-label" htmlFor="files">
              Receipts or other files (optional)
            </label>
            <div className="nhsuk-hint" id="files-hint">
              A photo or scan: PDF, JPG, PNG or HEIC, up to {MAX_RECEIPTS} files, each up to 5MB. A receipt for a payment is kept with the payment too.
            </div>
            {fileError.length ? (
              <span className="nhsuk-error-message" id="files-error">
                <span className="nhsuk-u-visually-hidden">Error:</span> {fileError.join(". ")}
              </span>
            ) : null}
            <input
              className="nhsuk-file-upload"
              id="files"
              name="files"
              type="file"
              multiple
              accept=".pdf,.jpg,.jpeg,.png,.heic"
              aria-describedby={`files-hint${fileError.length ? " files-error" : ""}`}
            />
          </div>
          <button className="nhsuk-button" type="submit">
            Send your answer
          </button>
        </Form>
      ) : null}
    </>
  );
}
