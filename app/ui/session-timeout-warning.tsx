import { Form } from "@remix-run/react";
import { useEffect, useState } from "react";
import { IDLE_WARNING_MS } from "~/people/session-rules";

/**
 * Warns two minutes before an idle session ends and offers to extend it. Without JavaScript there is no
 * warning, only the "you were signed out" page on the next request, which is the same outcome.
 */
export function SessionTimeoutWarning({ expiresAt }: { expiresAt: number }) {
  const [phase, setPhase] = useState<"quiet" | "warning">("quiet");

  useEffect(() => {
    setPhase("quiet");
    const untilWarning = expiresAt - IDLE_WARNING_MS - Date.now();
    const untilExpiry = expiresAt - Date.now();
    const warn = setTimeout(() => setPhase("warning"), Math.max(0, untilWarning));
    const expire = setTimeout(() => window.location.assign("/signed-out?reason=timeout"), Math.max(0, untilExpiry));
    return () => {
      clearTimeout(warn);
      clearTimeout(expire);
    };
  }, [expiresAt]);

  if (phase !== "warning") return null;
  return (
    <div className="nhsuk-warning-callout" role="alertdialog" aria-labelledby="timeout-heading">
      <h2 className="nhsuk-warning-callout__label" id="timeout-heading">
        <span role="text">
          <span className="nhsuk-u-visually-hidden">Important: </span>
          You will be signed out soon
        </span>
      </h2>
      <p>For your security, we will sign you out in 2 minutes if you do nothing. Anything you have not saved will be lost.</p>
      <Form method="post" action="/session/extend" navigate={false} reloadDocument={false}>
        <button type="submit" className="nhsuk-button">
          Stay signed in
        </button>
      </Form>
    </div>
  );
}
