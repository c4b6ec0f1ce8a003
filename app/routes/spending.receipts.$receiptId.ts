import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "#db/client.server";
import { notFound, requireCurrentHolder } from "~/access/access.server";
import { requireId } from "~/http/ids";
import { fileDownload } from "~/http/file-download";
import { loadReceipt } from "~/spending/receipt-files.server";

/** A receipt, only to someone who may view the holder's records; always downloaded, never rendered in the page. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { holderId } = await requireCurrentHolder(request, "view");
  const receipt = await loadReceipt(getDb(), { holderId, receiptId: requireId(params.receiptId) });
  if (!receipt) throw notFound();
  return fileDownload(receipt);
}
