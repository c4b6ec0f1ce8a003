import { withDateRange } from "~/dates/date-range";

/** The statement's date filter: both ends optional, inclusive. */
export const StatementFilterSchema = withDateRange({});
