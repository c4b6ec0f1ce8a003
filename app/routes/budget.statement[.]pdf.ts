import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "#db/client.server";
import { todayInUk } from "~/ledger/entries";
import { renderStatementPdf } from "~/ledger/statement-pdf.server";
import { loadStatement } from "~/ledger/statement.server";
import { parseStatementFilter, requireStatementHolder } from "~/ledger/statement-holder.server";

/** The statement as a PDF to print or send on: every line in the date range. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { holderId, params } = await requireStatementHolder(request);
  const { filter, errors } = parseStatementFilter(params);
  if (errors.length) throw new Response(errors.map((e) => e.message).join("\n"), { status: 400 });
  const statement = await loadStatement(getDb(), { holderId, ...filter });
  const pdf = await renderStatementPdf({
    holderName: `${statement.holder.givenName} ${statement.holder.familyName}`,
    accountName: statement.account?.name ?? "Direct payment account",
    from: filter.from,
    to: filter.to,
    openingPence: statement.openingPence,
    closingPence: statement.closingPence,
    lines: statement.lines,
  });
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="statement-${todayInUk()}.pdf"`,
      "Cache-Control": "private, no-store",
    },
  });
}
