import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "#db/client.server";
import { todayInUk } from "~/ledger/entries";
import { CSV_HEADER, csvRow } from "~/ledger/statement";
import { loadStatement } from "~/ledger/statement.server";
import { parseStatementFilter, requireStatementHolder } from "~/ledger/statement-holder.server";
import { writeCsv } from "~/security/spreadsheet-csv.server";

/** The statement as a spreadsheet: every line in the date range, amounts to the penny, dates as dd/mm/yyyy. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { holderId, params } = await requireStatementHolder(request);
  const { filter, errors } = parseStatementFilter(params);
  if (errors.length) throw new Response(errors.map((e) => e.message).join("\n"), { status: 400 });
  const { lines } = await loadStatement(getDb(), { holderId, ...filter });
  const csv = writeCsv([CSV_HEADER, ...lines.map(csvRow)]);
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="statement-${todayInUk()}.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}
