import { Form } from "@remix-run/react";
import { longDate } from "~/dates/long-date";
import { DateInput } from "./date-input";
import type { FieldError } from "./error-summary";
import { TextField } from "./fields";

/** When the personal health budget ends, and for a coordinator the form to end it, with its confirmation. */
export function BudgetEnd({
  ended,
  mayEnd,
  errors,
  values,
}: {
  ended: { on: string; reason: string | null } | null;
  mayEnd: boolean;
  errors: FieldError[];
  /** What was typed in the last day's boxes, to show again after a message. */
  values: Record<string, string | undefined>;
}) {
  return (
    <>
      <h2>When the personal health budget ends</h2>
      {ended ? (
        <p>
          It ends on {longDate(ended.on)}: {ended.reason}. No instalment is paid after that day.
        </p>
      ) : (
        <p>It has no end date. It goes on from plan year to plan year, paid at the plan in force, until it is ended here.</p>
      )}
      {mayEnd && !ended ? (
        <Form method="post">
          <fieldset className="nhsuk-fieldset">
            <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">End this personal health budget</legend>
            <p>For example, when the person is no longer eligible, has moved to another area or has died. This cannot be undone here.</p>
            <DateInput
              name="endedOn"
              label="Last day of the personal health budget"
              hint="No instalment is paid after this day. It can be today or a day to come. For example, 31 3 2027"
              values={values}
              errors={errors}
            />
            <TextField
              id="end-reason"
              name="reason"
              label="Why it is ending (the person will see this)"
              error={errors.find((e) => e.fieldId === "end-reason")?.message}
            />
            <div className={`nhsuk-form-group${errors.some((e) => e.fieldId === "end-confirm") ? " nhsuk-form-group--error" : ""}`}>
              {errors.some((e) => e.fieldId === "end-confirm") ? (
                <span className="nhsuk-error-message" id="end-confirm-error">
                  <span className="nhsuk-u-visually-hidden">Error:</span> {errors.find((e) => e.fieldId === "end-confirm")?.message}
                </span>
              ) : null}
              <div className="nhsuk-checkboxes">
                <div className="nhsuk-checkboxes__item">
                  <input className="nhsuk-checkboxes__input" id="end-confirm" name="confirm" type="checkbox" value="yes" />
                  <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor="end-confirm">
                    I understand that no instalment will be paid after this day
                  </label>
                </div>
              </div>
            </div>
            <button className="nhsuk-button nhsuk-button--warning" name="intent" value="end-plan" type="submit">
              End the personal health budget
            </button>
          </fieldset>
        </Form>
      ) : null}
    </>
  );
}
