import type { ReactNode } from "react";
import { Form, Link } from "@remix-run/react";

/** The form's text fields to send again from the check page (its own `confirm` is added there). */
export function resendFields(form: FormData): Record<string, string> {
  return Object.fromEntries([...form].filter((e): e is [string, string] => typeof e[1] === "string" && e[0] !== "confirm"));
}

/** True when the form is the one sent from the check page: only then does an action that cannot be undone go ahead. */
export function isConfirmed(form: FormData) {
  return form.get("confirm") === "yes";
}

/**
 * "Are you sure you want to …?": what will happen, that it cannot be undone, the button that does it and a way
 * back. Works without JavaScript: the button posts the same form again with `confirm=yes`.
 */
export function ConfirmPage({
  caption,
  heading,
  children,
  undo,
  fields,
  button,
  cancelTo,
  cancelText = "Cancel",
  action,
}: {
  caption?: string;
  heading: string;
  children: ReactNode;
  /** Why it cannot be undone, or what is left to do instead. */
  undo: ReactNode;
  fields: Record<string, string>;
  button: string;
  cancelTo: string;
  cancelText?: string;
  /** Where the form posts, when the page's address alone does not say whom it is about. */
  action?: string;
}) {
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        {caption ? <span className="nhsuk-caption-l">{caption}</span> : null}
        <h1>{heading}</h1>
        {children}
        <div className="nhsuk-warning-callout">
          <h2 className="nhsuk-warning-callout__label">
            <span role="text">
              <span className="nhsuk-u-visually-hidden">Important: </span>This cannot be undone
            </span>
          </h2>
          <p>{undo}</p>
        </div>
        <Form method="post" action={action}>
          {Object.entries(fields).map(([name, value]) => (
            <input type="hidden" name={name} value={value} key={name} />
          ))}
          <input type="hidden" name="confirm" value="yes" />
          <button type="submit" className="nhsuk-button nhsuk-button--warning">
            {button}
          </button>
        </Form>
        <p>
          <Link to={cancelTo}>{cancelText}</Link>
        </p>
      </div>
    </div>
  );
}
