import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { pageTitle } from "~/ui/page-title";

export const meta: MetaFunction<typeof loader> = ({ data }) => pageTitle(data?.timedOut ? "You have been signed out" : "You have signed out");

export function loader({ request }: LoaderFunctionArgs) {
  return { timedOut: new URL(request.url).searchParams.get("reason") === "timeout" };
}

export default function SignedOut() {
  const { timedOut } = useLoaderData<typeof loader>();
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        {timedOut ? (
          <>
            <h1>You have been signed out</h1>
            <p>We signed you out because you did not do anything for 15 minutes. We do this to keep your information safe.</p>
            <p>Anything you had not saved has been lost.</p>
          </>
        ) : (
          <>
            <h1>You have signed out</h1>
            <p>If you are using a shared computer, close your browser as well.</p>
          </>
        )}
        <p>
          <Link to="/sign-in" className="nhsuk-button">
            Sign in again
          </Link>
        </p>
      </div>
    </div>
  );
}
