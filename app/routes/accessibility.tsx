import type { MetaFunction } from "@remix-run/node";
import { pageTitle } from "~/ui/page-title";

export const meta: MetaFunction = () => pageTitle("Accessibility statement");

export default function Accessibility() {
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <h1>Accessibility statement</h1>
        <p>
          We want as many people as possible to be able to use this service. You should be able to zoom in up to 400% without the text spilling off the screen,
          and use it with a keyboard, a screen reader or speech recognition software.
        </p>
        <p>
          It is built with the NHS.UK design system and every page is checked against the Web Content Accessibility Guidelines (WCAG) 2.2 at level AA with an
          automated tool each time the service changes.
        </p>
        <h2>If you find a problem</h2>
        <p>Tell your personal health budget team. We aim to reply within 5 working days.</p>
      </div>
    </div>
  );
}
