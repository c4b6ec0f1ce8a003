import { Form } from "@remix-run/react";
import { longDate } from "~/dates/long-date";
import { ConfirmPage } from "./confirm-page";
import { DateInput } from "./date-input";
import type { FieldError } from "./error-summary";
import { TextField } from "./fields";

/** When the personal health budget ends, and for a coordinator the form to end it (then the check page below). */
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
            <p>For example, when the person is no longer eligible, has moved to another area or has died. You can check the details before it is ended.</p>
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
            <button className="nhsuk-button nhsuk-button--warning" name="intent" value="end-plan" type="submit">
              End the personal health budget
            </button>
          </fieldset>
        </Form>
      ) : null}
    </>
  );
}

/** "Are you sure?" before a personal health budget is ended: nothing changes until its button is pressed. */
export function BudgetEndCheck({
  name,
  endedOn,
  reason,
  fields,
  cancelTo,
}: {
  name: string;
  endedOn: string;
  reason: string;
  fields: Record<string, string>;
  cancelTo: string;
}) {
  return (
    <ConfirmPage
      caption={name}
      heading={`Are you sure you want to end ${name}'s personal health budget?`}
      fields={fields}
      button="End the personal health budget"
      cancelTo={cancelTo}
      undo="Once it has ended it cannot be started again here. Instalments already paid stay paid."
    >
      <p>
        It will end on {longDate(endedOn)}. No instalment is paid after that day, and {name} will see why it ended: "{reason}".
      </p>
    </ConfirmPage>
  );
}
