import { Form, Link } from "@remix-run/react";
import { Footer, Header, SkipLink } from "nhsuk-react-components";
import type { ReactNode } from "react";
import { SERVICE_NAME } from "./page-title";

export interface LayoutUser {
  name: string;
  homePath: string;
}

export function Layout({ user, commissionerName, children }: { user: LayoutUser | null; commissionerName: string; children: ReactNode }) {
  return (
    <>
      <SkipLink href="#maincontent">Skip to main content</SkipLink>
      <Header service={{ text: SERVICE_NAME, href: user?.homePath ?? "/" }} organisation={{ name: commissionerName }}>
        {user ? (
          <Header.Account>
            <Header.AccountItem href={user.homePath} icon>
              {user.name}
            </Header.AccountItem>
            <Header.AccountItem as="button" formProps={{ action: "/sign-out", method: "post" }}>
              Sign out
            </Header.AccountItem>
          </Header.Account>
        ) : (
          <Header.Account>
            <Header.AccountItem href="/sign-in">Sign in</Header.AccountItem>
          </Header.Account>
        )}
      </Header>
      <div className="app-phase-banner">
        <div className="nhsuk-width-container">
          <p>
            <strong className="nhsuk-tag">Beta</strong>
            This is a new service. <Link to={user ? "/feedback" : "/help"}>Tell us what you think</Link> to help us improve it.
          </p>
        </div>
      </div>
      <div className="nhsuk-width-container">
        <main className="nhsuk-main-wrapper" id="maincontent" tabIndex={-1}>
          {children}
        </main>
      </div>
      <Footer>
        <Footer.Meta>
          <Footer.ListItem href="/accessibility">Accessibility statement</Footer.ListItem>
          <Footer.ListItem href="/privacy">Privacy and how we use your data</Footer.ListItem>
          <Footer.ListItem href="/help">Get help with your personal health budget</Footer.ListItem>
          <Footer.Copyright>&copy; {commissionerName}</Footer.Copyright>
        </Footer.Meta>
      </Footer>
    </>
  );
}

/** A sign-out form for pages that need a plain button (for example the timeout warning). */
export function SignOutButton() {
  return (
    <Form method="post" action="/sign-out">
      <button type="submit" className="nhsuk-button nhsuk-button--secondary">
        Sign out
      </button>
    </Form>
  );
}
