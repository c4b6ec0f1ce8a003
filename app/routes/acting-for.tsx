import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { requireAccess, requireUser } from "~/access/access.server";
import { getDb } from "#db/client.server";
import { listHoldersByIds } from "~/people/holders.server";
import { setActingFor } from "~/people/sessions.server";
import { pageTitle } from "~/ui/page-title";
import { formText, readForm } from "~/http/form-data";
import { requireId } from "~/http/ids";

export const meta: MetaFunction = () => pageTitle("Who are you acting for?");

export async function loader({ request }: LoaderFunctionArgs) {
  const { principal } = await requireUser(request);
  if (principal.kind !== "representative") throw redirect("/");
  const people = await listHoldersByIds(
    getDb(),
    principal.representing.map((r) => r.holderId),
  );
  return { people };
}

export async function action({ request }: ActionFunctionArgs) {
  const holderId = requireId(formText(await readForm(request), "holderId"));
  const { sessionId } = await requireAccess(request, "view", { holderId });
  await setActingFor(getDb(), sessionId, holderId);
  return redirect("/");
}

export default function ActingFor() {
  const { people } = useLoaderData<typeof loader>();
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <h1>Who are you acting for?</h1>
        <p>
          You can help manage the personal health budget of someone who has asked you to, or whom you care for. Acting for them means you see their plan, their
          budget and their spending, and do the things they allowed you to, such as logging spending or agreeing to their plan.
        </p>
        <p>Everything you do is recorded in your name, as done for them. They and their personal health budget team can see it.</p>
        {people.length > 1 ? <p>Choose who to act for now. You can switch to someone else at any time from their home page.</p> : null}
        {people.length === 0 ? (
          <p>You are not acting for anyone at the moment. If you think you should be, contact their personal health budget team.</p>
        ) : (
          <ul className="nhsuk-list">
            {people.map((p) => (
              <li key={p.id}>
                <Form method="post">
                  <input type="hidden" name="holderId" value={p.id} />
                  <button type="submit" className="nhsuk-button nhsuk-button--secondary">
                    Act for {p.givenName} {p.familyName}
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
