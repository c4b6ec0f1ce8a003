import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "#db/client.server";
import { requireAccess } from "~/access/access.server";
import { readJournalPeriod } from "~/reporting/journal";
import { loadJournal } from "~/reporting/journal.server";
import { writeCsv } from "~/security/spreadsheet-csv.server";

/** The journal for the commissioner's finance system, for a month (`?month=2026-03`) or days (`?from=...&to=...`). */
export async function loader({ request }: LoaderFunctionArgs) {
  const { principal } = await requireAccess(request, "view-finance-settings", "own-commissioner");
  const period = readJournalPeriod(new URL(request.url).searchParams);
  if ("message" in period) return new Response(period.message, { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const rows = await loadJournal(getDb(), { commissionerId: principal.commissionerId, period });
  return new Response(writeCsv(rows), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="phb-journal-${period.name}.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}
