import type { InputHTMLAttributes, ReactNode, Ref } from "react";

export interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, "id" | "name"> {
  id: string;
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  /** Usually a sentence; a link may follow it, as to the record an NHS number already belongs to. */
  error?: ReactNode;
  width?: 2 | 3 | 4 | 5 | 10 | 20 | 30;
  inputRef?: Ref<HTMLInputElement>;
}

/** An NHS.UK text input with its label, hint and error message wired to it for screen readers. */
export function TextField({ id, name, label, hint, error, width, className, inputRef, ...input }: TextFieldProps) {
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
      <input
        {...input}
        ref={inputRef}
        id={id}
        name={name}
        className={["nhsuk-input", width ? `nhsuk-input--width-${width}` : null, error ? "nhsuk-input--error" : null, className].filter(Boolean).join(" ")}
        aria-describedby={describedBy}
        aria-invalid={error ? true : undefined}
      />
    </div>
  );
}

/** An NHS.UK select with its label and error message wired to it for screen readers. */
export function Select({
  id,
  name,
  label,
  value,
  options,
  error,
}: {
  id: string;
  name: string;
  label: string;
  value: string;
  options: [string, string][];
  error?: string;
}) {
  return (
    <div className={`nhsuk-form-group${error ? " nhsuk-form-group--error" : ""}`}>
      <label className="nhsuk-label" htmlFor={id}>
        {label}
      </label>
      {error ? (
        <span className="nhsuk-error-message" id={`${id}-error`}>
          <span className="nhsuk-u-visually-hidden">Error:</span> {error}
        </span>
      ) : null}
      <select
        className={`nhsuk-select${error ? " nhsuk-select--error" : ""}`}
        id={id}
        name={name}
        defaultValue={value}
        aria-describedby={error ? `${id}-error` : undefined}
      >
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}

/** An NHS.UK textarea with its label, hint and error message wired to it for screen readers. */
export function TextArea({
  id,
  name = id,
  label,
  hint,
  rows = 4,
  defaultValue,
  error,
}: {
  id: string;
  name?: string;
  label: string;
  hint?: string;
  rows?: number;
  defaultValue?: string;
  error?: string;
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
      <textarea
        className={`nhsuk-textarea${error ? " nhsuk-textarea--error" : ""}`}
        id={id}
        name={name}
        rows={rows}
        defaultValue={defaultValue}
        aria-describedby={describedBy}
      />
    </div>
  );
}
