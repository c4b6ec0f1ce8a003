import type { MetaFunction } from "@remix-run/node";
import { pageTitle } from "~/ui/page-title";

export const meta: MetaFunction = () => pageTitle("Get help with your personal health budget");

export default function Help() {
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <h1>Get help with your personal health budget</h1>
        <p>Your personal health budget team can help with your plan, your budget and this service.</p>
        <p>Contact them using the details in the letter that told you about your budget. They are open Monday to Friday, 9am to 5pm, except bank holidays.</p>
        <h2>Tell us what you think</h2>
        <p>Tell your personal health budget team what works and what does not. We use what people tell us to improve this service.</p>
        <h2>If you need help urgently</h2>
        <p>For help with your health, call 111. In an emergency, call 999.</p>
      </div>
    </div>
  );
}
