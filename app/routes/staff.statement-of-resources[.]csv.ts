import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "#db/client.server";
import { requireAccess } from "~/access/access.server";
import { writeStatementCsv } from "~/budgets/statement-csv";
import { listStatementLines } from "~/budgets/statement.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { principal } = await requireAccess(request, "view-caseload", "own-commissioner");
  const csv = writeStatementCsv(await listStatementLines(getDb(), { commissionerId: principal.commissionerId }));
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": 'attachment; filename="statement-of-resources.csv"',
      "Cache-Control": "private, no-store",
    },
  });
}
