import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireAccess } from "~/access/access.server";
import { getDb } from "#db/client.server";
import { COHORT_NAMES } from "~/people/cohorts";
import { listCaseload } from "~/people/holders.server";
import { loadCaseloadPlanStatus } from "~/plans/plan-views.server";
import { STATUS_NAMES } from "~/ui/plan-view";
import { CHANGE_STATE_NAMES } from "~/plans/in-force";
import { longDate } from "~/dates/long-date";
import { formatNhsNumber } from "~/people/nhs-number";
import { Money } from "~/ui/money";
import { pageFrom, Pagination } from "~/ui/pagination";
import { pageTitle } from "~/ui/page-title";
import { todayInUk } from "~/ledger/entries";
import { may } from "~/access/rules";
import { ScrollableTable } from "~/ui/table-region";
import { listApprovalQueue } from "~/plans/approvals.server";
import { ApprovalQueue } from "~/ui/approval-queue";
import { loadWorklist, type Worklist as WorklistData } from "~/plans/worklist.server";
import { Worklist } from "~/ui/worklist";
import { listRecoveriesWaiting } from "~/recovery/recovery-views.server";
import { RecoveriesWaiting } from "~/ui/recoveries-waiting";

const WORK_HEADING = "What needs doing";
const CASELOAD_HEADING = "People with a personal health budget";

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageTitle(data?.queue ? "Plans waiting for approval" : data?.worklist ? WORK_HEADING : CASELOAD_HEADING);

const PLAN_FILTERS = {
  none: "No plan yet",
  draft: "Draft, or changes being drafted",
  submitted: "Waiting for approval",
  approved: "Approved plan in force",
  rejected: "Not approved, or changes not agreed",
} as const;

const ROLE_NAMES = { coordinator: "PHB coordinator", finance: "Finance officer", approver: "Approver", auditor: "Auditor (read only)" };

export async function loader({ request }: LoaderFunctionArgs) {
  const { principal } = await requireAccess(request, "view-caseload", "own-commissioner");
  const params = new URL(request.url).searchParams;
  const search = params.get("q")?.slice(0, 100) ?? "";
  const page = pageFrom(params);
  const cohort = (params.get("cohort") ?? "") as keyof typeof COHORT_NAMES | "";
  const planStatus = (params.get("plan") ?? "") as keyof typeof PLAN_FILTERS | "";
  const caseload = await listCaseload(getDb(), {
    commissionerId: principal.commissionerId,
    search,
    page,
    cohort: Object.hasOwn(COHORT_NAMES, cohort) ? (cohort as keyof typeof COHORT_NAMES) : undefined,
    planStatus: Object.hasOwn(PLAN_FILTERS, planStatus) ? (planStatus as keyof typeof PLAN_FILTERS) : undefined,
  });
  const plans = await loadCaseloadPlanStatus(getDb(), { holderIds: caseload.rows.map((r) => r.id), today: todayInUk() });
  const rows = caseload.rows.map((r) => ({ ...r, plan: plans.get(r.id) ?? null }));
  // An approver's work is the queue; the caseload follows it.
  const queue = principal.staffRoles.includes("approver")
    ? await listApprovalQueue(getDb(), { commissionerId: principal.commissionerId, deciderId: principal.userId, now: new Date() })
    : null;
  const recoveries = principal.staffRoles.includes("approver") ? await listRecoveriesWaiting(getDb(), principal.commissionerId) : null;
  // A coordinator's work comes first too: what needs them, before everyone they look after.
  const worklist = principal.staffRoles.includes("coordinator")
    ? await loadWorklist(getDb(), { commissionerId: principal.commissionerId, now: new Date() })
    : null;
  return {
    name: principal.name,
    roles: principal.staffRoles.map((r) => ROLE_NAMES[r]),
    finance: may(principal, "manage-finance"),
    readsFinance: may(principal, "view-finance-settings"),
    search,
    cohort,
    planStatus,
    page,
    ...caseload,
    rows,
    queue,
    recoveries: recoveries?.map((r) => ({ ...r, proposedByYou: r.proposedBy === principal.userId })) ?? null,
    worklist,
    mayAddHolder: may(principal, "add-holder"),
  };
}

const plan = (holderId: string) => `/staff/holders/${holderId}/plan`;

function sectionsOf(w: WorklistData) {
  return [
    { id: "plans-to-finish", title: "Plans to finish", rows: w.toFinish, href: plan, when: "Waiting" },
    {
      id: "holding-requests",
      title: "Requests to change how support is held",
      rows: w.holding,
      href: (id: string) => `${plan(id)}#holding-requests`,
      when: "Waiting",
    },
    { id: "reviews-overdue", title: "Reviews overdue", rows: w.overdue, href: plan, when: "Overdue", withDate: true },
    { id: "reviews-due", title: "Reviews due in the next 4 weeks", rows: w.due, href: plan, when: "Due", withDate: true },
    { id: "invitations", title: "Invitations not accepted", rows: w.invitations, href: (id: string) => `/representatives?holder=${id}`, when: "Waiting" },
  ];
}

export default function StaffHome() {
  const { name, roles, finance, readsFinance, search, cohort, planStatus, page, rows, total, pageCount, queue, recoveries, worklist, mayAddHolder } =
    useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  return (
    <>
      {queue ? (
        <>
          <h1>Plans waiting for approval</h1>
          <ApprovalQueue rows={queue} />
          <RecoveriesWaiting rows={recoveries ?? []} />
        </>
      ) : worklist ? (
        <h1>{WORK_HEADING}</h1>
      ) : null}
      {worklist ? <Worklist sections={sectionsOf(worklist)} /> : null}
      {queue || worklist ? <h2 id="people">{CASELOAD_HEADING}</h2> : <h1 id="people">{CASELOAD_HEADING}</h1>}
      {mayAddHolder ? (
        <p>
          <Link to="/staff/holders/new" className="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-0">
            Add a person
          </Link>
        </p>
      ) : null}
      <p>
        Signed in as {name} ({roles.join(", ")}). <Link to="/staff/audit">See the audit log</Link> ·{" "}
        <Link to="/staff/statement-of-resources">Statement of resources</Link> · <Link to="/staff/feedback">Feedback</Link> ·{" "}
        <Link to="/staff/help-contact">Contact details on the help page</Link>
        {readsFinance ? (
          <>
            {" "}
            · <Link to="/staff/dashboard">Dashboard</Link> · <Link to="/staff/flagged-spends">Spends to check</Link> ·{" "}
            <Link to="/staff/spending-rules">Spending rules</Link> ·{" "}
            <Link to="/staff/spending-periods">{finance ? "Close a spending period" : "Spending periods"}</Link> ·{" "}
            <Link to="/staff/instalments">Instalments</Link> · <Link to="/staff/reconciliation">Reconciliation</Link> · <Link to="/staff/flags">Flags</Link> ·{" "}
            <Link to="/staff/queries">Finance queries</Link>
          </>
        ) : null}
      </p>
      <Form method="get" className="app-filter" role="search">
        <div className="nhsuk-form-group">
          <label className="nhsuk-label" htmlFor="q">
            Search by name or NHS number
          </label>
          <input className="nhsuk-input nhsuk-input--width-20" id="q" name="q" type="search" defaultValue={search} />
        </div>
        <div className="nhsuk-form-group">
          <label className="nhsuk-label" htmlFor="cohort">
            Type of budget
          </label>
          <select className="nhsuk-select" id="cohort" name="cohort" defaultValue={cohort}>
            <option value="">All</option>
            {Object.entries(COHORT_NAMES).map(([k, v]) => (
              <option key={k} value={k}>
                {v}
              </option>
            ))}
          </select>
        </div>
        <div className="nhsuk-form-group">
          <label className="nhsuk-label" htmlFor="plan">
            Plan
          </label>
          <select className="nhsuk-select" id="plan" name="plan" defaultValue={planStatus}>
            <option value="">All</option>
            {Object.entries(PLAN_FILTERS).map(([k, v]) => (
              <option key={k} value={k}>
                {v}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-0">
          Search
        </button>
      </Form>
      {rows.length === 0 ? (
        <p>{search ? `No one matches "${search}".` : "No one has a personal health budget yet."}</p>
      ) : (
        <ScrollableTable
          id="caseload"
          caption={
            <>
              {total === 1 ? "1 person" : `${total} people`}
              {pageCount > 1 ? `, page ${page} of ${pageCount}` : ""}
            </>
          }
        >
          <thead className="nhsuk-table__head">
            <tr className="nhsuk-table__row">
              <th scope="col" className="nhsuk-table__header">
                Name
              </th>
              <th scope="col" className="nhsuk-table__header">
                NHS number
              </th>
              <th scope="col" className="nhsuk-table__header">
                Type of budget
              </th>
              <th scope="col" className="nhsuk-table__header">
                Plan
              </th>
              <th scope="col" className="nhsuk-table__header">
                Next review
              </th>
              <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric">
                Budget
              </th>
            </tr>
          </thead>
          <tbody className="nhsuk-table__body">
            {rows.map((h) => (
              <tr className="nhsuk-table__row" key={h.id}>
                <td className="nhsuk-table__cell">
                  <Link to={`/staff/holders/${h.id}/plan`}>
                    {h.givenName} {h.familyName}
                  </Link>
                </td>
                <td className="nhsuk-table__cell app-nowrap">{formatNhsNumber(h.nhsNumber)}</td>
                <td className="nhsuk-table__cell">{COHORT_NAMES[h.cohort]}</td>
                <td className="nhsuk-table__cell">
                  {h.plan?.status ? STATUS_NAMES[h.plan.status] : "No plan yet"}
                  {h.plan?.change ? (
                    <>
                      <br />
                      <span className="nhsuk-body-s">
                        {CHANGE_STATE_NAMES[h.plan.change]}
                        {h.plan.changeReason ? `: ${h.plan.changeReason}` : ""}
                      </span>
                    </>
                  ) : null}
                </td>
                <td className="nhsuk-table__cell app-nowrap">{h.plan?.nextReviewOn ? longDate(h.plan.nextReviewOn) : "Not set"}</td>
                <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{h.budgetPence == null ? "Not set" : <Money pence={h.budgetPence} />}</td>
              </tr>
            ))}
          </tbody>
        </ScrollableTable>
      )}
      <Pagination page={page} pageCount={pageCount} searchParams={searchParams} />
    </>
  );
}
