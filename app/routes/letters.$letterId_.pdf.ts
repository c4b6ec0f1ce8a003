import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "#db/client.server";
import { notFound, requireLetterReader } from "~/access/access.server";
import { requireId } from "~/http/ids";
import { loadLetterPdf } from "~/recovery/recovery-views.server";

/** The letter as it was sent: the PDF kept when the recovery was approved, byte for byte. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { holderId } = await requireLetterReader(request);
  const letter = await loadLetterPdf(getDb(), { holderId, letterId: requireId(params.letterId) });
  if (!letter) throw notFound();
  return new Response(new Uint8Array(letter.pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="letter-${letter.sentOn}.pdf"`,
      "Cache-Control": "private, no-store",
    },
  });
}
