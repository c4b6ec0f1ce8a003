import { Link } from "@remix-run/react";
import { NotificationBanner } from "nhsuk-react-components";

/** After adding a person: who was added, and what a coordinator does next for them. */
export function HolderAdded({ holderId, name }: { holderId: string; name: string }) {
  return (
    <NotificationBanner success id="holder-added">
      <p className="nhsuk-notification-banner__heading">{name} has been added</p>
      <p>What to do next:</p>
      <ol className="nhsuk-list nhsuk-list--number">
        <li>
          <Link to={`/staff/holders/${holderId}/indicative-budget`}>Work out their indicative budget</Link> from the statement of resources.
        </li>
        <li>Start their plan on this page, and draft it with them.</li>
      </ol>
    </NotificationBanner>
  );
}
