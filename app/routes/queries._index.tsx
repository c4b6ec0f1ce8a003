import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getDb } from "#db/client.server";
import { requireCurrentHolder } from "~/access/access.server";
import { todayInUk } from "~/dates/uk-day";
import { holderQueries } from "~/reconciliation/queries.server";
import { pageTitle } from "~/ui/page-title";
import { QueryStatusTag } from "~/ui/query-thread";

export const meta: MetaFunction = () => pageTitle("Questions from the finance team");

export async function loader({ request }: LoaderFunctionArgs) {
  const { holderId } = await requireCurrentHolder(request, "answer-finance-queries");
  return { queries: await holderQueries(getDb(), holderId), today: todayInUk() };
}

export default function HolderQueries() {
  const { queries, today } = useLoaderData<typeof loader>();
  const waiting = queries.filter((q) => q.status === "open");
  const others = queries.filter((q) => q.status !== "open");
  return (
    <>
      <p>
        <Link to="/" className="nhsuk-back-link">
          Back to your budget
        </Link>
      </p>
      <h1>Questions from the finance team</h1>
      <p>
        The NHS finance team checks how the budget is spent. When they need to know more about a payment, they ask here. You can answer in your own words and
        attach a photo or scan of a receipt.
      </p>
      <h2>Waiting for your answer ({waiting.length})</h2>
      {waiting.length === 0 ? <p>There are no questions waiting for you.</p> : <QueryList queries={waiting} today={today} />}
      {others.length ? (
        <>
          <h2>Answered and closed</h2>
          <QueryList queries={others} today={today} />
        </>
      ) : null}
    </>
  );
}

function QueryList({ queries, today }: { queries: ReturnType<typeof useLoaderData<typeof loader>>["queries"]; today: string }) {
  return (
    <ul className="nhsuk-list nhsuk-list--border">
      {queries.map((q) => (
        <li key={q.id}>
          <Link to={`/queries/${q.id}`}>{q.subjectLabel}</Link>
          <br />
          <QueryStatusTag status={q.status} dueOn={q.dueOn} today={today} />
        </li>
      ))}
    </ul>
  );
}
