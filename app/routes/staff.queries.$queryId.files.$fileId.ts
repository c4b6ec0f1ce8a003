import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "#db/client.server";
import { notFound, requireAccess } from "~/access/access.server";
import { requireId } from "~/http/ids";
import { loadQueryFile } from "~/reconciliation/queries.server";
import { fileDownload } from "~/http/file-download";

/** A file sent with an answer, to finance and the auditor of the commissioner whose query it is. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { principal } = await requireAccess(request, "view-finance-settings", "own-commissioner");
  const file = await loadQueryFile(getDb(), { queryId: requireId(params.queryId), fileId: requireId(params.fileId), commissionerId: principal.commissionerId });
  if (!file) throw notFound();
  return fileDownload(file);
}
