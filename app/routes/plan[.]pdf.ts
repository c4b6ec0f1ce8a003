import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "#db/client.server";
import { requireAccess, requireUser } from "~/access/access.server";
import { renderPlanPdf } from "~/plans/plan-pdf.server";
import { loadHolderName, loadPlanPage } from "~/plans/plan-views.server";
import { loadPlanForPerson } from "~/plans/plan-for-person.server";
import { STATUS_NAMES } from "~/ui/plan-view";
import { todayInUk } from "~/ledger/entries";

/** The plan in force (or, before one is approved, the latest that went for approval) as a PDF to share. */
export async function loader({ request }: LoaderFunctionArgs) {
  const signedIn = await requireUser(request);
  const { principal } = signedIn;
  const holderId =
    principal.kind === "holder"
      ? principal.ownHolderId
      : principal.kind === "representative"
        ? signedIn.actingForHolderId
        : new URL(request.url).searchParams.get("holder");
  if (!holderId) throw new Response("Page not found", { status: 404 });
  await requireAccess(request, "view", { holderId });
  const today = todayInUk();
  const db = getDb();
  // Staff print the latest version, draft or not; everyone else the plan in force, as the plan page shows it.
  const page =
    principal.kind === "staff"
      ? await loadPlanPage(db, { holderId, today })
      : await loadPlanForPerson(db, { holderId, today, inForceOnly: principal.kind === "support" });
  if (!page) throw new Response("There is no plan yet", { status: 404 });
  const holder = await loadHolderName(db, holderId);
  const pdf = await renderPlanPdf({
    holderName: `${holder.givenName} ${holder.familyName}`,
    statusLine: `${STATUS_NAMES[page.current.status]}.`,
    view: page.view,
  });
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="care-and-support-plan-v${page.current.version}.pdf"`,
      "Cache-Control": "private, no-store",
    },
  });
}
