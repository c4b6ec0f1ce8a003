import { redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { NotificationBanner } from "nhsuk-react-components";
import { getDb } from "#db/client.server";
import { requireAccess } from "~/access/access.server";
import { loadHolderName, loadPlan } from "~/plans/plan-views.server";
import { isSectionKey, pastDates, PLAN_SECTIONS, sectionStatus, sectionTitle } from "~/plans/sections";
import { todayInUk } from "~/ledger/entries";
import { TaskList } from "~/ui/task-list";
import { pageTitle } from "~/ui/page-title";
import { requireId } from "~/http/ids";

export const meta: MetaFunction = () => pageTitle("Change the draft plan");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const holderId = requireId(params.holderId);
  await requireAccess(request, "manage-plan", { holderId });
  const db = getDb();
  // Only a draft is changed here; a new draft is started from the plan page (a POST, never on GET).
  const plan = await loadPlan(db, { holderId });
  if (!plan?.current || !plan.content || plan.current.status !== "draft") throw redirect(`/staff/holders/${holderId}/plan`);
  const v = plan.current;
  const saved = new URL(request.url).searchParams.get("saved") ?? undefined;
  const draft = {
    completedSections: v.completedSections,
    whatMatters: v.whatMatters,
    whoWasInvolved: v.whoWasInvolved,
    criteriaMet: v.criteriaMet,
    outcomeCount: plan.content.outcomes.length,
    supportLineCount: plan.content.supportLines.length,
    version: v.version,
  };
  return {
    holderId,
    holder: await loadHolderName(db, holderId),
    version: v.version,
    sections: PLAN_SECTIONS.map((s) => ({ ...s, status: sectionStatus(s.key, draft) })),
    // Dates carried from the last version that are now past: the dates section says so until it is saved.
    pastDates: v.completedSections.includes("dates") ? [] : pastDates(v, todayInUk()),
    saved: isSectionKey(saved) ? sectionTitle(saved) : null,
  };
}

export default function PlanTaskList() {
  const { holderId, holder, version, sections, saved, pastDates } = useLoaderData<typeof loader>();
  const done = sections.filter((s) => s.status === "completed").length;
  const base = `/staff/holders/${holderId}/plan/edit`;
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        {saved ? (
          <NotificationBanner success id="section-saved">
            <p className="nhsuk-notification-banner__heading">{saved}: saved and marked as completed</p>
          </NotificationBanner>
        ) : null}
        <span className="nhsuk-caption-l">
          {holder.givenName} {holder.familyName}, version {version} (draft)
        </span>
        <h1>Change the draft plan</h1>
        <p>
          You have completed {done} of {sections.length} sections. Go through each with the person, then check the plan and send it for approval.
        </p>
        <TaskList
          idPrefix="plan-sections"
          items={[
            ...sections.map((s) => ({
              title: s.title,
              href: `${base}/${s.key}`,
              status: s.status,
              hint: s.key === "dates" && pastDates.length ? "Dates carried from the last version are in the past: check them" : undefined,
            })),
            {
              title: "Check and send for approval",
              href: done === sections.length ? `${base}/check` : undefined,
              status: done === sections.length ? ("not-started" as const) : ("cannot-start" as const),
            },
          ]}
        />
        <p>
          <Link to={`/staff/holders/${holderId}/plan`}>Back to the plan</Link>
        </p>
      </div>
    </div>
  );
}
