import { redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/access/access.server";
import { getDb } from "#db/client.server";
import { longDate } from "~/dates/long-date";
import { todayInUk } from "~/ledger/entries";
import { addDays } from "~/payroll/pay-periods";
import { CASELOAD_PAGE_SIZE, organisationCaseload, type CaseloadEntry } from "~/payroll/caseload.server";
import { Money } from "~/ui/money";
import { pageTitle } from "~/ui/page-title";
import { Pagination, pageFrom } from "~/ui/pagination";
import { ScrollableTable } from "~/ui/table-region";

export const meta: MetaFunction = () => pageTitle("People you support");

export async function loader({ request }: LoaderFunctionArgs) {
  const { principal } = await requireUser(request);
  if (principal.kind !== "support" || !principal.supportOrganisationId) throw redirect("/");
  const url = new URL(request.url);
  const page = pageFrom(url.searchParams);
  const today = todayInUk();
  const caseload = await organisationCaseload(getDb(), { organisationId: principal.supportOrganisationId, today, page });
  return { ...caseload, page, pageCount: Math.max(1, Math.ceil(caseload.total / CASELOAD_PAGE_SIZE)), today, search: url.search };
}

/** What needs doing for one person, most pressing first, in words. */
function attention(entry: CaseloadEntry, today: string): string[] {
  const notes: string[] = [];
  if (entry.nextDueOn && entry.nextDueOn < today) notes.push(`Payment to HMRC or pension overdue since ${longDate(entry.nextDueOn)}`);
  else if (entry.nextDueOn) notes.push(`Pay HMRC or pension by ${longDate(entry.nextDueOn)}`);
  if (entry.insuranceExpiresOn && entry.insuranceExpiresOn < today)
    notes.push(`Employer's liability insurance ran out on ${longDate(entry.insuranceExpiresOn)}`);
  else if (entry.insuranceExpiresOn && entry.insuranceExpiresOn <= addDays(today, 30))
    notes.push(`Insurance runs out on ${longDate(entry.insuranceExpiresOn)}`);
  if (entry.availablePence !== null && entry.availablePence < 0) notes.push("Owes more than the account holds");
  return notes;
}

export default function SupportHome() {
  const { entries, total, page, pageCount, today, search } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>People you support</h1>
      {total === 0 ? (
        <p>No one is assigned to your organisation today. The commissioner's personal health budget team assigns people to you.</p>
      ) : (
        <>
          <p>
            {total} {total === 1 ? "person is" : "people are"} assigned to your organisation today. Choose a name for their statement, or their PAs for payroll.
            Available is what is in their account less what payroll has left owed to their personal assistants, HMRC and pension schemes.
          </p>
          <p>
            <Link to="/support/payroll">Run payroll or see payroll runs</Link>
          </p>
          <ScrollableTable caption="People assigned to your organisation" hideCaption>
            <thead className="nhsuk-table__head">
              <tr className="nhsuk-table__row">
                <th scope="col" className="nhsuk-table__header">
                  Name
                </th>
                <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric">
                  Balance
                </th>
                <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric">
                  Owed
                </th>
                <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric">
                  Available
                </th>
                <th scope="col" className="nhsuk-table__header">
                  Payroll
                </th>
                <th scope="col" className="nhsuk-table__header">
                  Needs attention
                </th>
              </tr>
            </thead>
            <tbody className="nhsuk-table__body">
              {entries.map((e) => {
                const notes = attention(e, today);
                return (
                  <tr className="nhsuk-table__row" key={e.holderId}>
                    <td className="nhsuk-table__cell">
                      <Link to={`/budget/statement?holder=${e.holderId}`}>{e.name}</Link>
                    </td>
                    <td className="nhsuk-table__cell nhsuk-table__cell--numeric">
                      {e.balancePence === null ? "No account" : <Money pence={e.balancePence} />}
                    </td>
                    <td className="nhsuk-table__cell nhsuk-table__cell--numeric">
                      <Money pence={e.owedPence} />
                    </td>
                    <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{e.availablePence === null ? "" : <Money pence={e.availablePence} />}</td>
                    <td className="nhsuk-table__cell">
                      {e.employs ? (
                        <Link to={`/employer?holder=${e.holderId}`}>
                          {e.assistants} {e.assistants === 1 ? "PA" : "PAs"}
                          <span className="nhsuk-u-visually-hidden"> employed by {e.name}</span>
                        </Link>
                      ) : (
                        "Not set up as an employer"
                      )}
                      {e.employs ? (e.lastPaidPeriod ? `, last paid for the period from ${longDate(e.lastPaidPeriod)}` : ", not paid yet") : null}
                    </td>
                    <td className="nhsuk-table__cell">
                      {notes.length
                        ? notes.map((n) => (
                            <p key={n} className="nhsuk-body-s nhsuk-u-margin-bottom-1">
                              {n}
                            </p>
                          ))
                        : "Nothing"}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </ScrollableTable>
          <Pagination page={page} pageCount={pageCount} searchParams={new URLSearchParams(search)} />
        </>
      )}
    </>
  );
}
