import { ErrorSummary as NhsErrorSummary } from "nhsuk-react-components";

export interface FieldError {
  /** The id of the input to move focus to when the link is followed. */
  fieldId: string;
  message: string;
}

/** The NHS.UK error summary: at the top of the form, each error linking to its field. */
export function ErrorSummary({ errors }: { errors: FieldError[] }) {
  if (errors.length === 0) return null;
  return (
    <NhsErrorSummary>
      <NhsErrorSummary.Title>There is a problem</NhsErrorSummary.Title>
      <NhsErrorSummary.List>
        {errors.map((e) => (
          <NhsErrorSummary.ListItem key={e.fieldId + e.message} href={`#${e.fieldId}`}>
            {e.message}
          </NhsErrorSummary.ListItem>
        ))}
      </NhsErrorSummary.List>
    </NhsErrorSummary>
  );
}
