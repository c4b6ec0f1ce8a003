import { useFetcher, useLocation } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { IDLE_TIMEOUT_MS, IDLE_WARNING_MS } from "~/people/session-rules";

/**
 * The GOV.UK timeout warning: two minutes before an idle session ends, a modal dialog takes focus, so it is seen and
 * read out wherever the person is on a long page, and offers to stay signed in. "Stay signed in" is a real form post
 * that comes back to this page, so it works as a plain form too; with JavaScript it is sent in the background and
 * nothing typed on the page is lost. Escape closes the dialog and, as on GOV.UK, counts as staying signed in.
 */
export function SessionTimeoutWarning({ expiresAt, serverNow }: { expiresAt: number; serverNow: number }) {
  const [phase, setPhase] = useState<"quiet" | "warning">("quiet");
  const dialog = useRef<HTMLDialogElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const fetcher = useFetcher();
  const location = useLocation();

  // Counted from when the server answered, so a device clock that is wrong does not bring the warning early or late.
  // Staying signed in starts the count again at the click: the server touches the session then, and the page's data,
  // read again afterwards, may arrive after an old timer has already fired.
  const [count, setCount] = useState({ msLeft: expiresAt - serverNow });
  useEffect(() => setCount({ msLeft: expiresAt - serverNow }), [expiresAt, serverNow]);

  useEffect(() => {
    setPhase("quiet");
    const untilWarning = count.msLeft - IDLE_WARNING_MS;
    const warn = setTimeout(() => setPhase("warning"), Math.max(0, untilWarning));
    const expire = setTimeout(() => window.location.assign("/signed-out?reason=timeout"), Math.max(0, count.msLeft));
    return () => {
      clearTimeout(warn);
      clearTimeout(expire);
    };
  }, [count]);

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (phase === "warning" && !element.open) {
      element.showModal();
      heading.current?.focus();
    } else if (phase === "quiet" && element.open) element.close();
  }, [phase]);

  const staySignedIn = () => {
    setCount({ msLeft: IDLE_TIMEOUT_MS });
    fetcher.submit(null, { method: "post", action: "/session/extend" });
  };

  return (
    <dialog
      ref={dialog}
      className="app-timeout-dialog"
      aria-labelledby="timeout-heading"
      aria-describedby="timeout-message"
      onCancel={(event) => {
        event.preventDefault();
        staySignedIn();
      }}
    >
      <h2 className="nhsuk-heading-m" id="timeout-heading" tabIndex={-1} ref={heading}>
        You will be signed out soon
      </h2>
      <p id="timeout-message">For your security, we will sign you out in 2 minutes if you do nothing. Anything you have not saved will be lost.</p>
      <div className="app-timeout-dialog__actions">
        <form
          method="post"
          action="/session/extend"
          onSubmit={(event) => {
            event.preventDefault();
            staySignedIn();
          }}
        >
          <input type="hidden" name="returnTo" value={location.pathname + location.search} />
          <button type="submit" className="nhsuk-button">
            Stay signed in
          </button>
        </form>
        {/* Signing out changes something, so it is a post, not a link. */}
        <form method="post" action="/sign-out">
          <button type="submit" className="nhsuk-button nhsuk-button--secondary">
            Sign out
          </button>
        </form>
      </div>
    </dialog>
  );
}
