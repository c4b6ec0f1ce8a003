import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getDb } from "#db/client.server";
import { getSignedIn } from "~/access/access.server";
import { loadHelpContact } from "~/help/help-contact.server";
import { pageTitle } from "~/ui/page-title";

export const meta: MetaFunction = () => pageTitle("Get help with your personal health budget");

/** Signed in, the person's own team's details; signed out, nobody's team is known, so the page says where to look. */
export async function loader({ request }: LoaderFunctionArgs) {
  const db = getDb();
  const signedIn = await getSignedIn(request, db);
  if (!signedIn || signedIn === "expired") return { signedIn: false, contact: null };
  return { signedIn: true, contact: await loadHelpContact(db, signedIn.principal.commissionerId) };
}

export default function Help() {
  const { signedIn, contact } = useLoaderData<typeof loader>();
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <h1>Get help with your personal health budget</h1>
        <p>Your personal health budget team can help with your plan, your budget and this service.</p>
        {contact ? (
          <>
            <h2>Contact your personal health budget team</h2>
            <ul className="nhsuk-list">
              <li>
                Phone: <a href={`tel:${contact.phone.replace(/[^0-9+]/g, "")}`}>{contact.phone}</a>
              </li>
              <li>
                Email: <a href={`mailto:${contact.email}`}>{contact.email}</a>
              </li>
              <li>Opening hours: {contact.openingHours}</li>
            </ul>
          </>
        ) : (
          <p>
            Contact them using the details in the letter that told you about your budget.
            {signedIn ? null : " Sign in to see your team's phone number and email address here."}
          </p>
        )}
        <h2>Tell us what you think</h2>
        <p>We use what people tell us to improve this service.</p>
        <p>
          <Link to="/feedback">Tell us what you think of this service</Link>
          {signedIn ? null : " (you will be asked to sign in first)"}
        </p>
        <h2>If you need help urgently</h2>
        <p>For help with your health, call 111. In an emergency, call 999.</p>
      </div>
    </div>
  );
}
