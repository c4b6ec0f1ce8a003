import { Fragment, type ReactNode } from "react";

/**
 * NHS.UK radios in a fieldset. The first radio takes the group's own id, so the error summary's link lands on it.
 * A conditional block (say, "who else" under "Someone else") is always shown, so the form reads the same without
 * JavaScript.
 */
export function Radios({
  name,
  legend,
  options,
  value,
  error,
  conditional = {},
}: {
  name: string;
  legend: string;
  options: [string, string][];
  value?: string;
  error?: string;
  conditional?: Record<string, ReactNode>;
}) {
  return (
    <div className={`nhsuk-form-group${error ? " nhsuk-form-group--error" : ""}`}>
      <fieldset className="nhsuk-fieldset" aria-describedby={error ? `${name}-error` : undefined}>
        <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{legend}</legend>
        {error ? (
          <span className="nhsuk-error-message" id={`${name}-error`}>
            <span className="nhsuk-u-visually-hidden">Error:</span> {error}
          </span>
        ) : null}
        <div className="nhsuk-radios">
          {options.map(([v, label], i) => {
            const id = i === 0 ? name : `${name}-${v}`;
            return (
              <Fragment key={v}>
                <div className="nhsuk-radios__item">
                  <input className="nhsuk-radios__input" id={id} name={name} type="radio" value={v} defaultChecked={value === v} />
                  <label className="nhsuk-label nhsuk-radios__label" htmlFor={id}>
                    {label}
                  </label>
                </div>
                {conditional[v] ? <div className="nhsuk-radios__conditional">{conditional[v]}</div> : null}
              </Fragment>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}
