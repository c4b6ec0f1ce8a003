import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "#db/client.server";
import { notFound, requirePayslipReader } from "~/access/access.server";
import { renderPayslipPdf } from "~/payroll/payslip-pdf.server";
import { loadPayslip } from "~/payroll/payslips.server";

/** A payslip as a PDF, to print or keep. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { holderId, assistantId } = await requirePayslipReader(request);
  const loaded = await loadPayslip(getDb(), { payslipId: params.payslipId ?? "", holderId, assistantId });
  if (!loaded) throw notFound();
  const pdf = await renderPayslipPdf(loaded);
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="payslip-${loaded.payslip.periodStartsOn}-${loaded.assistant.payrollReference}.pdf"`,
      "Cache-Control": "private, no-store",
    },
  });
}
