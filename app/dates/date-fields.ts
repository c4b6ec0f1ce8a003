import { parseDateInput, type DatePart, type DateRules } from "./date-input";

export interface DateField {
  /** The field's name: the date is typed as `<name>-day`, `<name>-month` and `<name>-year`. */
  name: string;
  /** As the legend shows it, and as the messages name it. */
  label: string;
  rules?: DateRules;
}

export interface DateFieldError {
  fieldId: string;
  message: string;
  parts: DatePart[];
}

/** FormData or URLSearchParams: a submitted form or a filter's query. */
interface Fields {
  get(name: string): unknown;
  has(name: string): boolean;
  set(name: string, value: string): void;
  delete(name: string): void;
}

/**
 * Reads each date's three boxes and puts the date back under its own name as YYYY-MM-DD, so the schemas and
 * use-cases after it see one ISO date. A date that is not right is taken out, and its message returned with the id of
 * the first box at fault for the error summary to link to. A request with none of a date's boxes keeps whatever it
 * sent under the plain name: a link to a filter can still carry ?from=2026-04-01.
 */
export function readDateFields(fields: Fields, dates: DateField[]): DateFieldError[] {
  return dates.flatMap(({ name, label, rules }) => {
    const box = (part: DatePart) => `${name}-${part}`;
    if (!["day", "month", "year"].some((p) => fields.has(box(p as DatePart)))) return [];
    const text = (part: DatePart) => {
      const value = fields.get(box(part));
      return typeof value === "string" ? value : "";
    };
    const result = parseDateInput({ day: text("day"), month: text("month"), year: text("year") }, label, rules ?? {});
    if (result.ok && result.iso) fields.set(name, result.iso);
    else fields.delete(name);
    return result.ok ? [] : [{ fieldId: box(result.parts[0]), message: result.message, parts: result.parts }];
  });
}

/**
 * A date's own message, and then the rest: the schema's message for a date taken out ("Enter the date") would only
 * say the same thing again. Given the form's dates, a message about a whole date (say, before the plan started) links
 * to its day box, as the NHS.UK error summary does, since there is no one element under the date's own name to focus.
 */
export function withDateErrors<E extends { fieldId: string }>(dateErrors: DateFieldError[], others: E[], dates: DateField[] = []): (E | DateFieldError)[] {
  const taken = new Set(dateErrors.map((e) => e.fieldId.replace(/-(day|month|year)$/, "")));
  return [...dateErrors, ...others.filter((e) => !taken.has(e.fieldId)).map((e) => linkToDayBox(e, dates))];
}

/** A message under a date's own name, linked to the date's day box instead. */
export function linkToDayBox<E extends { fieldId: string }>(error: E, dates: DateField[]): E {
  return dates.some((d) => d.name === error.fieldId) ? { ...error, fieldId: `${error.fieldId}-day` } : error;
}

/** The from and to dates of a filter, both optional. */
export const FILTER_DATES: DateField[] = [
  { name: "from", label: "From" },
  { name: "to", label: "To" },
];

/**
 * A filter's query with its dates read from their boxes (see readDateFields), a copy so the request's own is left
 * as it came; `values` is what was typed in the boxes, to show again.
 */
export function readFilterDates(params: URLSearchParams, dates: DateField[] = FILTER_DATES) {
  const read = new URLSearchParams(params);
  const errors = readDateFields(read, dates);
  const values = Object.fromEntries(
    dates
      .flatMap(({ name }) => (["day", "month", "year"] as const).map((p) => `${name}-${p}`))
      .flatMap((k) => (params.has(k) ? [[k, params.get(k) ?? ""]] : [])),
  );
  return { params: read, errors, values };
}
