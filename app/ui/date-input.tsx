import { isoToDateParts, type DatePart } from "~/dates/date-input";
import type { FieldError } from "./error-summary";

const PARTS: [DatePart, string, 2 | 4][] = [
  ["day", "Day", 2],
  ["month", "Month", 2],
  ["year", "Year", 4],
];

/**
 * The NHS.UK date input: day, month and year in three boxes, plain form fields that work without JavaScript. What
 * was typed comes back from `values` (`<name>-day` and so on); a date not yet typed is shown from `values[name]`.
 * Only the boxes at fault are highlighted; a message about the whole date (say, before the start) highlights all.
 */
export function DateInput({
  name,
  label,
  hint = "For example, 27 3 2026",
  values,
  errors,
}: {
  name: string;
  label: string;
  hint?: string;
  values: Record<string, string | undefined>;
  errors: FieldError[];
}) {
  const mine = errors.filter((e) => e.fieldId === name || PARTS.some(([part]) => e.fieldId === `${name}-${part}`));
  const atFault = new Set<DatePart>(mine.flatMap((e) => e.parts ?? (["day", "month", "year"] as DatePart[])));
  const message = mine.map((e) => e.message).join(". ");
  const typed = PARTS.some(([part]) => values[`${name}-${part}`] !== undefined);
  const shown = typed
    ? { day: values[`${name}-day`] ?? "", month: values[`${name}-month`] ?? "", year: values[`${name}-year`] ?? "" }
    : isoToDateParts(values[name]);
  const describedBy = [hint ? `${name}-hint` : null, message ? `${name}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={`nhsuk-form-group${message ? " nhsuk-form-group--error" : ""}`}>
      <fieldset className="nhsuk-fieldset" role="group" aria-describedby={describedBy}>
        <legend className="nhsuk-fieldset__legend">{label}</legend>
        {hint ? (
          <div className="nhsuk-hint" id={`${name}-hint`}>
            {hint}
          </div>
        ) : null}
        {message ? (
          <span className="nhsuk-error-message" id={`${name}-error`}>
            <span className="nhsuk-u-visually-hidden">Error:</span> {message}
          </span>
        ) : null}
        <div className="nhsuk-date-input" id={name}>
          {PARTS.map(([part, partLabel, width]) => (
            <div className="nhsuk-date-input__item" key={part}>
              <div className="nhsuk-form-group">
                <label className="nhsuk-label nhsuk-date-input__label" htmlFor={`${name}-${part}`}>
                  {partLabel}
                </label>
                <input
                  className={`nhsuk-input nhsuk-date-input__input nhsuk-input--width-${width}${atFault.has(part) ? " nhsuk-input--error" : ""}`}
                  id={`${name}-${part}`}
                  name={`${name}-${part}`}
                  type="text"
                  inputMode="numeric"
                  defaultValue={shown[part]}
                  aria-invalid={atFault.has(part) ? true : undefined}
                />
              </div>
            </div>
          ))}
        </div>
      </fieldset>
    </div>
  );
}
