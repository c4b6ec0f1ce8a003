import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireAccess } from "~/access/access.server";
import { AUDIT_DOWNLOAD_LIMIT, listAuditEntityTypes, listAuditEntries, listAuditPeople, lookUpAuditNames } from "~/audit/audit.server";
import { describeAuditEntry } from "~/audit/describe";
import { readAuditFilter } from "~/audit/filter";
import { DateInput } from "~/ui/date-input";
import { getDb } from "#db/client.server";
import { ErrorSummary } from "~/ui/error-summary";
import { pageFrom, Pagination } from "~/ui/pagination";
import { pageTitle } from "~/ui/page-title";

export const meta: MetaFunction<typeof loader> = ({ data }) => pageTitle("Audit log", { error: Boolean(data?.errors.length) });

export async function loader({ request }: LoaderFunctionArgs) {
  const { principal } = await requireAccess(request, "view-audit", "own-commissioner");
  const params = new URL(request.url).searchParams;
  const { filter, errors: filterErrors, typedDates } = readAuditFilter(params);
  const db = getDb();
  const [people, entityTypes] = await Promise.all([listAuditPeople(db, principal.commissionerId), listAuditEntityTypes(db, principal.commissionerId)]);
  const errors = params.get("download") === "too-many" ? [...filterErrors, TOO_MANY_TO_DOWNLOAD] : filterErrors;
  const page = pageFrom(params);
  const result = filterErrors.length
    ? { rows: [], total: 0, pageCount: 1 }
    : await listAuditEntries(db, {
        commissionerId: principal.commissionerId,
        actorUserId: filter.person,
        entityType: filter.entityType,
        entityId: filter.entityId,
        from: filter.from,
        to: filter.to,
        page,
      });
  const names = await lookUpAuditNames(db, principal.commissionerId, result.rows);
  const shown = {
    people,
    entityTypes,
    errors,
    values: { ...Object.fromEntries(["person", "entityType", "entityId", "from", "to"].map((k) => [k, params.get(k) ?? ""])), ...typedDates },
    page,
    ...result,
    rows: result.rows.map((r) => ({ id: r.id, at: r.at.toISOString(), action: r.action, ...describeAuditEntry(r, names) })),
  };
  return errors.length ? data(shown, { status: 400 }) : shown;
}

const TOO_MANY_TO_DOWNLOAD = {
  fieldId: "from-day",
  message: `There are more than ${AUDIT_DOWNLOAD_LIMIT.toLocaleString("en-GB")} entries to download: choose dates, a person or a kind of record so there are fewer`,
};

/** "plan-version" -> "Plan version": the record types are the code's names for its tables. */
const recordTypeInWords = (type: string) => (type.charAt(0).toUpperCase() + type.slice(1)).replace(/-/g, " ");

const when = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "Europe/London" });

export default function AuditLog() {
  const { people, entityTypes, errors, values, page, rows, total, pageCount } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const errorFor = (field: string) => errors.find((e) => e.fieldId === field)?.message;
  return (
    <>
      <p>
        <Link to="/staff" className="nhsuk-back-link">
          Back to people
        </Link>
      </p>
      <ErrorSummary errors={errors} />
      <h1>Audit log</h1>
      <p>Every change made in this service, who made it, and for whom. Entries cannot be changed or removed.</p>
      <Form method="get" className="app-filter">
        <div className="nhsuk-grid-row">
          <div className="nhsuk-grid-column-one-half">
            <div className={`nhsuk-form-group${errorFor("person") ? " nhsuk-form-group--error" : ""}`}>
              <label className="nhsuk-label" htmlFor="person">
                Person
              </label>
              <select className="nhsuk-select" id="person" name="person" defaultValue={values.person}>
                <option value="">Anyone</option>
                {people.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
              </select>
            </div>
            <div className="nhsuk-form-group">
              <label className="nhsuk-label" htmlFor="entityType">
                Type of record
              </label>
              <select className="nhsuk-select" id="entityType" name="entityType" defaultValue={values.entityType}>
                <option value="">Any</option>
                {entityTypes.map((t) => (
                  <option key={t} value={t}>
                    {recordTypeInWords(t)}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <div className="nhsuk-grid-column-one-half">
            <DateInput name="from" label="From" values={values} errors={errors} />
            <DateInput name="to" label="To" values={values} errors={errors} />
          </div>
        </div>
        {/* A button group, so on a phone "Clear filters" sits below the button with room for a finger. */}
        <div className="nhsuk-button-group nhsuk-u-margin-bottom-0">
          <button type="submit" className="nhsuk-button nhsuk-button--secondary">
            Filter
          </button>
          <Link to="/staff/audit" className="nhsuk-link">
            Clear filters
          </Link>
        </div>
      </Form>
      {rows.length === 0 ? (
        <p>No entries match these filters.</p>
      ) : (
        // Not a scrolling region: each entry's words wrap, its change folds away, and on a phone the rows stack.
        <table className="nhsuk-table nhsuk-table--responsive app-audit-table" role="table">
          <caption className="nhsuk-table__caption">
            {total} {total === 1 ? "entry" : "entries"}
            {pageCount > 1 ? `, page ${page} of ${pageCount}` : ""}
          </caption>
          <colgroup>
            <col className="app-audit-table__when" />
            <col />
            <col className="app-audit-table__for-whom" />
          </colgroup>
          <thead className="nhsuk-table__head" role="rowgroup">
            <tr className="nhsuk-table__row" role="row">
              <th scope="col" className="nhsuk-table__header" role="columnheader">
                When
              </th>
              <th scope="col" className="nhsuk-table__header" role="columnheader">
                What happened
              </th>
              <th scope="col" className="nhsuk-table__header" role="columnheader">
                For whom
              </th>
            </tr>
          </thead>
          <tbody className="nhsuk-table__body">
            {rows.map((r) => (
              <tr className="nhsuk-table__row" role="row" key={r.id}>
                <td className="nhsuk-table__cell" role="cell">
                  <span className="nhsuk-table__heading" aria-hidden="true">
                    When{" "}
                  </span>
                  {when.format(new Date(r.at))}
                </td>
                <td className="nhsuk-table__cell" role="cell">
                  <span className="nhsuk-table__heading" aria-hidden="true">
                    What happened{" "}
                  </span>
                  <span>
                    {r.sentence}
                    {r.changes.length > 0 ? <AuditChanges changes={r.changes} /> : null}
                  </span>
                </td>
                <td className="nhsuk-table__cell" role="cell">
                  <span className="nhsuk-table__heading" aria-hidden="true">
                    For whom{" "}
                  </span>
                  {r.forWhom}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pagination page={page} pageCount={pageCount} searchParams={searchParams} />
      {rows.length > 0 ? (
        <p>
          <a href={`/staff/audit.csv?${downloadQuery(searchParams)}`} className="nhsuk-link" download>
            Download {total === 1 ? "this entry" : `these ${total.toLocaleString("en-GB")} entries`} as a spreadsheet (CSV)
          </a>
        </p>
      ) : null}
    </>
  );
}

/** The same filters for the download: every page of them, without what the page alone was told. */
function downloadQuery(searchParams: URLSearchParams): string {
  const query = new URLSearchParams(searchParams);
  query.delete("page");
  query.delete("download");
  return query.toString();
}

function AuditChanges({ changes }: { changes: { field: string; before: string; after: string }[] }) {
  return (
    <details className="nhsuk-details nhsuk-u-margin-top-2 nhsuk-u-margin-bottom-0">
      <summary className="nhsuk-details__summary">
        <span className="nhsuk-details__summary-text">What changed</span>
      </summary>
      <div className="nhsuk-details__text">
        <table className="nhsuk-table app-audit-change nhsuk-u-margin-bottom-0">
          <thead className="nhsuk-table__head">
            <tr className="nhsuk-table__row">
              <th scope="col" className="nhsuk-table__header">
                Detail
              </th>
              <th scope="col" className="nhsuk-table__header">
                Before
              </th>
              <th scope="col" className="nhsuk-table__header">
                After
              </th>
            </tr>
          </thead>
          <tbody className="nhsuk-table__body">
            {changes.map((c) => (
              <tr className="nhsuk-table__row" key={c.field}>
                <th scope="row" className="nhsuk-table__header">
                  {c.field}
                </th>
                <td className="nhsuk-table__cell">{c.before || "None"}</td>
                <td className="nhsuk-table__cell">{c.after || "None"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
