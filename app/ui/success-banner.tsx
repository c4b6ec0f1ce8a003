import type { ReactNode } from "react";
import { useActionData, useLocation } from "@remix-run/react";
import { NotificationBanner } from "nhsuk-react-components";

/*
 * How a change ends: the action redirects (so a refresh or Back never sends the form twice, and the form comes back
 * empty) to the page with `done=<code>`, and that page shows an NHS.UK success banner saying what happened and what
 * happens next. The code, never the words, travels in the address: a made-up code shows nothing.
 */

/** The address to send someone to after a change, naming the change by its code. */
export function withDone(path: string, code: string) {
  const url = new URL(path, "http://portal.invalid");
  url.searchParams.set("done", code);
  return `${url.pathname}${url.search}`;
}

/** Which of the page's known changes the address names, or null. */
export function readDone<Code extends string>(request: Request, codes: readonly Code[]): Code | null {
  const done = new URL(request.url).searchParams.get("done");
  return codes.find((c) => c === done) ?? null;
}

/** The NHS.UK success banner: a heading saying what happened, then a sentence or two saying what happens next. */
export function SuccessBanner({ heading, children, id = "success" }: { heading: ReactNode; children?: ReactNode; id?: string }) {
  return (
    <NotificationBanner success id={id}>
      <p className="nhsuk-notification-banner__heading">{heading}</p>
      {children ? <p>{children}</p> : null}
    </NotificationBanner>
  );
}

/**
 * The key for a page's content: new after each change, so with JavaScript, as without it, the forms come back
 * empty after a redirect to the same page (React would otherwise keep what was typed in them). While a refused
 * form's answer is shown, it stays put, so nothing typed is lost to an error.
 */
export function useFreshAfterChange() {
  const location = useLocation();
  const reply = useActionData();
  return new URLSearchParams(location.search).has("done") && reply === undefined ? location.key : "page";
}
