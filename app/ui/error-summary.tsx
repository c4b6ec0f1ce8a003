import { ErrorSummary as NhsErrorSummary } from "nhsuk-react-components";
import { useEffect } from "react";

export interface FieldError {
  /** The id of the input to move focus to when the link is followed; "" for a problem with no one field to link to. */
  fieldId: string;
  message: string;
  /** For a date typed in three boxes: which of them are at fault, so only those are highlighted. */
  parts?: ("day" | "month" | "year")[];
}

/** The NHS.UK error summary: at the top of the form, each error linking to its field. */
export function ErrorSummary({ errors }: { errors: FieldError[] }) {
  const shown = errors.length > 0;
  // Errors found in the browser before anything is sent: the title says so too (the server's are in ErrorTitle).
  useEffect(() => {
    if (!shown || document.title.startsWith("Error: ")) return;
    const prefixed = `Error: ${document.title}`;
    document.title = prefixed;
    return () => {
      if (document.title === prefixed) document.title = prefixed.slice("Error: ".length);
    };
  }, [shown]);
  if (!shown) return null;
  return (
    <NhsErrorSummary>
      <NhsErrorSummary.Title>There is a problem</NhsErrorSummary.Title>
      <NhsErrorSummary.List>
        {errors.map((e) => (
          <NhsErrorSummary.ListItem key={e.fieldId + e.message} href={e.fieldId ? `#${e.fieldId}` : undefined}>
            {e.message}
          </NhsErrorSummary.ListItem>
        ))}
      </NhsErrorSummary.List>
    </NhsErrorSummary>
  );
}

/** Every message of a failed conform submission, keyed to its field's id, in the order the schema gave them. */
export function fieldErrors(submission: { status?: string; error?: Record<string, string[] | null> | null }): FieldError[] {
  if (submission.status === "success") return [];
  return Object.entries(submission.error ?? {}).flatMap(([fieldId, messages]) => (messages ?? []).map((message) => ({ fieldId, message })));
}
