import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { SetPasswordSchema } from "~/people/schemas";
import { ErrorSummary, fieldErrors } from "./error-summary";
import { TextField } from "./fields";

/** Choosing a password, twice typed: from an invitation's link and from a password reset link alike. */
export function SetPasswordForm({
  heading,
  children,
  lastResult,
}: {
  heading: string;
  children: ReactNode;
  lastResult: SubmissionResult<string[]> | undefined;
}) {
  const [form, fields] = useForm({
    lastResult,
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SetPasswordSchema }),
  });
  const errors = [
    ...(form.errors ?? []).map((message) => ({ fieldId: "password", message })),
    ...fieldErrors({ error: { password: fields.password.errors ?? null, confirmPassword: fields.confirmPassword.errors ?? null } }),
  ];
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        <h1>{heading}</h1>
        {children}
        <Form method="post" {...getFormProps(form)}>
          <TextField
            id="password"
            name="password"
            type="password"
            label="Create a password"
            hint="12 characters or more. A few words you will remember works well."
            autoComplete="new-password"
            error={fields.password.errors?.[0] ?? form.errors?.[0]}
          />
          <TextField
            id="confirmPassword"
            name="confirmPassword"
            type="password"
            label="Enter the password again"
            autoComplete="new-password"
            error={fields.confirmPassword.errors?.[0]}
          />
          <button type="submit" className="nhsuk-button">
            Set password
          </button>
        </Form>
      </div>
    </div>
  );
}
