import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "#db/client.server";
import { requireAccess } from "~/access/access.server";
import { feedbackCsvRows } from "~/help/feedback";
import { listAllFeedback } from "~/help/feedback.server";
import { writeCsv } from "~/security/spreadsheet-csv.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { principal } = await requireAccess(request, "view-feedback", "own-commissioner");
  const csv = writeCsv(feedbackCsvRows(await listAllFeedback(getDb(), principal.commissionerId)));
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": 'attachment; filename="feedback.csv"',
      "Cache-Control": "private, no-store",
    },
  });
}
