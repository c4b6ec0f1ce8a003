import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "#db/client.server";
import { notFound, requireCurrentHolder } from "~/access/access.server";
import { fileDownload } from "~/http/file-download";
import { requireId } from "~/http/ids";
import { loadQueryFile } from "~/reconciliation/queries.server";

/** A file sent with an answer, to the holder and whoever answers for them. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { holderId } = await requireCurrentHolder(request, "answer-finance-queries");
  const file = await loadQueryFile(getDb(), { queryId: requireId(params.queryId), fileId: requireId(params.fileId), holderId });
  if (!file) throw notFound();
  return fileDownload(file);
}
