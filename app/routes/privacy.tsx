import type { MetaFunction } from "@remix-run/node";
import { pageTitle } from "~/ui/page-title";

export const meta: MetaFunction = () => pageTitle("Privacy and how we use your data");

export default function Privacy() {
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <h1>Privacy and how we use your data</h1>
        <p>
          We use your information to agree and manage your personal health budget with you: your care and support plan, your budget, and what it is spent on.
        </p>
        <p>
          Only the people who need it to support you can see it: you, anyone you have asked to act for you, your personal health budget team, and any support
          organisation helping you.
        </p>
        <p>We keep a record of every change made, and who made it, to protect you and the public money in your budget.</p>
        <p>You can ask to see the information we hold about you. We will reply within one month.</p>
      </div>
    </div>
  );
}
