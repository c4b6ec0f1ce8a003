import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "#db/client.server";
import { requireAccess } from "~/access/access.server";
import { savePlanSection } from "~/plans/plan-sections.server";
import { listThirdPartyOrganisations, loadHolderName, loadPlan } from "~/plans/plan-views.server";
import { readPlanSection } from "~/plans/section-forms";
import { isSectionKey, sectionTitle, type SectionKey } from "~/plans/sections";
import { ErrorSummary } from "~/ui/error-summary";
import { AboutFields, CriteriaFields, DatesFields, OutcomesFields, sentForm, SupportFields } from "~/ui/plan-section-forms";
import { pageTitle } from "~/ui/page-title";
import { todayInUk } from "~/ledger/entries";
import { formText, readForm } from "~/http/form-data";
import { requireId } from "~/http/ids";

export const meta: MetaFunction<typeof loader> = ({ data }) => pageTitle(data ? `${data.title}: draft plan` : "Draft plan");

/** Blank rows under the outcomes and support lines, so more can be added without JavaScript. */
const SPARE_ROWS = 2;

function requireSection(section: string | undefined): SectionKey {
  if (!isSectionKey(section)) throw new Response("Not found", { status: 404 });
  return section;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const holderId = requireId(params.holderId);
  const { principal } = await requireAccess(request, "manage-plan", { holderId });
  const section = requireSection(params.section);
  const db = getDb();
  const plan = await loadPlan(db, { holderId });
  if (!plan?.current || !plan.content || plan.current.status !== "draft") throw redirect(`/staff/holders/${holderId}/plan`);
  const v = plan.current;
  return {
    holderId,
    section,
    title: sectionTitle(section),
    holder: await loadHolderName(db, holderId),
    today: todayInUk(),
    version: {
      id: v.id,
      version: v.version,
      whatMatters: v.whatMatters,
      whoWasInvolved: v.whoWasInvolved,
      startsOn: v.startsOn,
      firstReviewOn: v.firstReviewOn,
      reviewEveryMonths: v.reviewEveryMonths,
      contingencyPence: v.contingencyPence,
      criteriaMet: v.criteriaMet,
    },
    outcomes: plan.content.outcomes.map((o) => ({ outcome: o.outcome, howWillYouKnow: o.howWillYouKnow })),
    supportLines: plan.content.supportLines,
    organisations: section === "support" ? await listThirdPartyOrganisations(db, principal.commissionerId) : [],
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const holderId = requireId(params.holderId);
  const { actor } = await requireAccess(request, "manage-plan", { holderId });
  const section = requireSection(params.section);
  const formData = await readForm(request);
  const planVersionId = requireId(formText(formData, "planVersionId"));
  const sent = [...formData].filter((e): e is [string, string] => typeof e[1] === "string");
  const result = await savePlanSection(getDb(), { actor, holderId, planVersionId, today: todayInUk(), ...readPlanSection(section, formData) });
  if (!result.ok) {
    const errors = result.errors.length ? result.errors : [{ fieldId: "", message: result.message }];
    return data({ errors, sent }, { status: 400 });
  }
  if (formData.get("intent") === "add-rows") throw redirect(`/staff/holders/${holderId}/plan/edit/${section}`);
  throw redirect(`/staff/holders/${holderId}/plan/edit?saved=${section}`);
}

export default function PlanSection() {
  const { holderId, section, title, holder, today, version, outcomes, supportLines, organisations } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const errors = reply?.errors ?? [];
  const f = sentForm(reply?.sent ?? null, errors);
  const spare = Array.from({ length: SPARE_ROWS }, () => ({ outcome: "", howWillYouKnow: "" }));
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        <span className="nhsuk-caption-l">
          {holder.givenName} {holder.familyName}, version {version.version} (draft)
        </span>
        <h1>{title}</h1>
        <Form method="post" noValidate>
          <input type="hidden" name="planVersionId" value={version.id} />
          {section === "about" ? <AboutFields f={f} draft={version} /> : null}
          {section === "outcomes" ? <OutcomesFields f={f} outcomes={[...outcomes, ...spare]} /> : null}
          {section === "support" ? (
            <SupportFields
              f={f}
              lines={supportLines}
              spare={SPARE_ROWS}
              outcomeCount={outcomes.length}
              organisations={organisations}
              contingencyPence={version.contingencyPence}
            />
          ) : null}
          {section === "dates" ? <DatesFields f={f} draft={version} today={today} /> : null}
          {section === "criteria" ? <CriteriaFields f={f} criteriaMet={version.criteriaMet} /> : null}
          <button type="submit" name="intent" value="save" className="nhsuk-button">
            Save
          </button>
        </Form>
        <p>
          <Link to={`/staff/holders/${holderId}/plan/edit`}>Back to the task list without saving</Link>
        </p>
      </div>
    </div>
  );
}
