import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "#db/client.server";
import { requireAccess } from "~/access/access.server";
import { AUDIT_DOWNLOAD_LIMIT, listAuditEntries, lookUpAuditNames } from "~/audit/audit.server";
import { describeAuditEntry } from "~/audit/describe";
import { auditCsvRows } from "~/audit/download";
import { readAuditFilter } from "~/audit/filter";
import { writeCsv } from "~/security/spreadsheet-csv.server";

/** The entries the audit log shows for the same filters, every page of them, as a spreadsheet. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { principal } = await requireAccess(request, "view-audit", "own-commissioner");
  const params = new URL(request.url).searchParams;
  const { filter, errors } = readAuditFilter(params);
  // Filters with errors, or too wide to download, go back to the page, which says what to change.
  if (errors.length) return redirect(`/staff/audit?${params}`);
  const db = getDb();
  const { rows, total } = await listAuditEntries(
    db,
    {
      commissionerId: principal.commissionerId,
      actorUserId: filter.person,
      entityType: filter.entityType,
      entityId: filter.entityId,
      from: filter.from,
      to: filter.to,
      page: 1,
    },
    AUDIT_DOWNLOAD_LIMIT,
  );
  if (total > AUDIT_DOWNLOAD_LIMIT) {
    params.set("download", "too-many");
    return redirect(`/staff/audit?${params}`);
  }
  const names = await lookUpAuditNames(db, principal.commissionerId, rows);
  const csv = writeCsv(auditCsvRows(rows.map((r) => ({ at: r.at, requestId: r.requestId, ...describeAuditEntry(r, names) }))));
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": 'attachment; filename="audit-log.csv"',
      "Cache-Control": "private, no-store",
    },
  });
}
