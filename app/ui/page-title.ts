export const SERVICE_NAME = "Manage your personal health budget";

/** NHS.UK page titles read "Page - Service - NHS"; an error prefix tells screen reader users at once. */
export function pageTitle(page: string, options: { error?: boolean } = {}) {
  return [{ title: `${options.error ? "Error: " : ""}${page} - ${SERVICE_NAME} - NHS` }];
}
