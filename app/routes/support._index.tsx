import { redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/access/access.server";
import { getDb } from "#db/client.server";
import { COHORT_NAMES } from "~/people/cohorts";
import { listHoldersByIds } from "~/people/holders.server";
import { pageTitle } from "~/ui/page-title";
import { ScrollableTable } from "~/ui/table-region";

export const meta: MetaFunction = () => pageTitle("People you support");

export async function loader({ request }: LoaderFunctionArgs) {
  const { principal } = await requireUser(request);
  if (principal.kind !== "support") throw redirect("/");
  return { name: principal.name, people: await listHoldersByIds(getDb(), principal.supportedHolderIds) };
}

export default function SupportHome() {
  const { people } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>People you support</h1>
      {people.length === 0 ? (
        <p>No one has been assigned to your organisation yet. The commissioner's personal health budget team assigns people to you.</p>
      ) : (
        <>
          <p>
            Choose someone to see their statement: the money paid into the account you hold or help with, and what was spent from it. Their plan is the approved
            plan in force.
          </p>
          <ScrollableTable caption="People assigned to your organisation" hideCaption>
            <thead className="nhsuk-table__head">
              <tr className="nhsuk-table__row">
                <th scope="col" className="nhsuk-table__header">
                  Name
                </th>
                <th scope="col" className="nhsuk-table__header">
                  Type of budget
                </th>
                <th scope="col" className="nhsuk-table__header">
                  Plan
                </th>
              </tr>
            </thead>
            <tbody className="nhsuk-table__body">
              {people.map((p) => (
                <tr className="nhsuk-table__row" key={p.id}>
                  <td className="nhsuk-table__cell">
                    <Link to={`/budget/statement?holder=${p.id}`}>
                      {p.givenName} {p.familyName}
                    </Link>
                  </td>
                  <td className="nhsuk-table__cell">{COHORT_NAMES[p.cohort]}</td>
                  <td className="nhsuk-table__cell">
                    <Link to={`/plan?holder=${p.id}`}>
                      Plan in force
                      <span className="nhsuk-u-visually-hidden">
                        {" "}
                        for {p.givenName} {p.familyName}
                      </span>
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </ScrollableTable>
        </>
      )}
    </>
  );
}
