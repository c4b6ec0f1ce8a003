import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "#db/client.server";
import { requireCurrentHolder } from "~/access/access.server";
import { todayInUk } from "~/ledger/entries";
import { writeCsv } from "~/security/spreadsheet-csv.server";
import { listSpends, spendFilterFrom } from "~/spending/report.server";
import { SPEND_CSV_HEADER, spendCsvRow } from "~/spending/rules";
import { HOW_PAID_NAMES } from "~/spending/schemas";

/** The spending list as a spreadsheet, with the same search and filters, every page. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { holderId } = await requireCurrentHolder(request, "view");
  const { filter, errors } = spendFilterFrom(new URL(request.url).searchParams, holderId);
  if (errors.length) throw new Response(errors.map((e) => e.message).join("\n"), { status: 400 });
  const { spends } = await listSpends(getDb(), { ...filter, all: true });
  const csv = writeCsv([SPEND_CSV_HEADER, ...spends.map((s) => spendCsvRow({ ...s, howPaid: HOW_PAID_NAMES[s.howPaid] }))]);
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="spending-${todayInUk()}.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}
