import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "#db/client.server";
import { requireUser } from "~/access/access.server";
import { EASE_CHOICES, type Ease } from "~/help/feedback";
import { giveFeedback } from "~/help/feedback.server";
import { FeedbackSchema } from "~/help/schemas";
import { ErrorSummary, fieldErrors } from "~/ui/error-summary";
import { pageTitle } from "~/ui/page-title";

export const meta: MetaFunction<typeof loader> = ({ data }) => pageTitle(data?.sent ? "Thank you for your feedback" : "Tell us what you think");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  return { sent: new URL(request.url).searchParams.has("sent") };
}

export async function action({ request }: ActionFunctionArgs) {
  const { principal, actor } = await requireUser(request);
  const submission = parseWithZod(await request.formData(), { schema: FeedbackSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  await giveFeedback(getDb(), {
    commissionerId: principal.commissionerId,
    requestId: actor.requestId,
    ease: submission.value.ease as Ease,
    couldBeBetter: submission.value.couldBeBetter,
  });
  return redirect("/feedback?sent");
}

export default function Feedback() {
  const { sent } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({
    lastResult,
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: FeedbackSchema }),
  });
  if (sent) {
    return (
      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-two-thirds">
          <h1>Thank you for your feedback</h1>
          <p>
            Your personal health budget team reads what people tell us and uses it to improve this service. They cannot reply, as we do not know who sent it.
          </p>
          <p>
            If you need help with your budget, <Link to="/help">contact your personal health budget team</Link>.
          </p>
        </div>
      </div>
    );
  }
  const easeError = fields.ease.errors?.[0];
  const betterError = fields.couldBeBetter.errors?.[0];
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummary errors={fieldErrors({ error: { "ease-very-easy": fields.ease.errors ?? null, couldBeBetter: fields.couldBeBetter.errors ?? null } })} />
        <h1>Tell us what you think</h1>
        <p>Your answers help us improve this service. Do not include your name, NHS number or anything about your health: we do not keep who sent this.</p>
        <Form method="post" {...getFormProps(form)}>
          <div className={`nhsuk-form-group${easeError ? " nhsuk-form-group--error" : ""}`}>
            <fieldset className="nhsuk-fieldset" aria-describedby={easeError ? "ease-error" : undefined}>
              <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--m">How easy was it to use this service?</legend>
              {easeError ? (
                <span className="nhsuk-error-message" id="ease-error">
                  <span className="nhsuk-u-visually-hidden">Error:</span> {easeError}
                </span>
              ) : null}
              <div className="nhsuk-radios">
                {EASE_CHOICES.map((c) => (
                  <div className="nhsuk-radios__item" key={c.value}>
                    <input
                      className="nhsuk-radios__input"
                      id={`ease-${c.value}`}
                      name="ease"
                      type="radio"
                      value={c.value}
                      defaultChecked={fields.ease.initialValue === c.value}
                    />
                    <label className="nhsuk-label nhsuk-radios__label" htmlFor={`ease-${c.value}`}>
                      {c.label}
                    </label>
                  </div>
                ))}
              </div>
            </fieldset>
          </div>
          <div className={`nhsuk-form-group${betterError ? " nhsuk-form-group--error" : ""}`}>
            <label className="nhsuk-label nhsuk-label--m" htmlFor="couldBeBetter">
              What could be better? (optional)
            </label>
            <div className="nhsuk-hint" id="couldBeBetter-hint">
              Up to 1200 characters.
            </div>
            {betterError ? (
              <span className="nhsuk-error-message" id="couldBeBetter-error">
                <span className="nhsuk-u-visually-hidden">Error:</span> {betterError}
              </span>
            ) : null}
            <textarea
              className={`nhsuk-textarea${betterError ? " nhsuk-textarea--error" : ""}`}
              id="couldBeBetter"
              name="couldBeBetter"
              rows={5}
              aria-describedby={`couldBeBetter-hint${betterError ? " couldBeBetter-error" : ""}`}
              defaultValue={fields.couldBeBetter.initialValue ?? ""}
            />
          </div>
          <button type="submit" className="nhsuk-button">
            Send feedback
          </button>
        </Form>
      </div>
    </div>
  );
}
