import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { isRouteErrorResponse, Links, Meta, Outlet, Scripts, ScrollRestoration, useRouteError, useRouteLoaderData } from "@remix-run/react";
import { getSignedIn } from "~/access/access.server";
import { homePath } from "~/access/rules";
import { IDLE_TIMEOUT_MS } from "~/people/session-rules";
import { ErrorSummary } from "~/ui/error-summary";
import { ErrorTitle } from "~/ui/error-title";
import { Layout } from "~/ui/layout";
import { useNonce } from "~/ui/nonce";
import { SERVICE_NAME } from "~/ui/page-title";
import { SessionTimeoutWarning } from "~/ui/session-timeout-warning";
import styles from "~/styles/app.scss?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "/favicon.ico", sizes: "48x48" },
  { rel: "icon", href: "/assets/images/favicon.svg", type: "image/svg+xml" },
  { rel: "apple-touch-icon", href: "/assets/images/nhsuk-icon-180.png" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const signedIn = await getSignedIn(request);
  const commissionerName = process.env.COMMISSIONER_NAME ?? "NHS Leicester, Leicestershire and Rutland";
  if (!signedIn || signedIn === "expired") return { user: null, commissionerName, sessionExpiresAt: null, serverNow: Date.now() };
  return {
    user: { name: signedIn.principal.name, homePath: homePath(signedIn.principal) },
    commissionerName,
    sessionExpiresAt: signedIn.lastSeenAt.getTime() + IDLE_TIMEOUT_MS,
    serverNow: Date.now(),
  };
}

// NHS.UK frontend's components start only when the body says the browser supports them.
const BODY_CLASS = "document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' nhsuk-frontend-supported' : '');";
// zod compiles object parsers with `new Function` unless told not to, and probes for it when each object schema is
// made; our CSP refuses eval, and the browser reports the refused probe as a violation even though zod catches it.
// zod reads this global when it loads, and route modules (with their schemas) load before entry.client runs, so
// it is set here, before any module script.
const ZOD_JITLESS = "window.__zod_globalConfig = Object.assign(window.__zod_globalConfig || {}, { jitless: true });";
const BEFORE_MODULES_SCRIPT = `${BODY_CLASS}\n${ZOD_JITLESS}`;

function Document({ children, title }: { children: React.ReactNode; title?: string }) {
  const nonce = useNonce();
  return (
    <html lang="en-GB">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        {title ? <title>{title}</title> : <ErrorTitle />}
        <Meta />
        <Links />
      </head>
      <body suppressHydrationWarning>
        {/* The browser hides a nonce from the DOM once the script has run, so hydration would see it as extra. */}
        <script nonce={nonce} suppressHydrationWarning dangerouslySetInnerHTML={{ __html: BEFORE_MODULES_SCRIPT }} />
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  const data = useRouteLoaderData<typeof loader>("root");
  return (
    <Document>
      <Layout user={data?.user ?? null} commissionerName={data?.commissionerName ?? ""}>
        {data?.sessionExpiresAt ? <SessionTimeoutWarning expiresAt={data.sessionExpiresAt} serverNow={data.serverNow} /> : null}
        <Outlet />
      </Layout>
    </Document>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const data = useRouteLoaderData<typeof loader>("root");
  const status = isRouteErrorResponse(error) ? error.status : 500;
  // A 400 thrown by a route says what was wrong with what was sent, in words for the person.
  const refusal = isRouteErrorResponse(error) && typeof error.data === "string" && error.data ? error.data : "What was sent cannot be used";
  const [title, body] =
    status === 404
      ? [
          "Page not found",
          <>
            <p>If you typed the web address, check it was correct.</p>
            <p>If you pasted the web address, check you copied the entire address.</p>
            <p>
              <a href="/">Go to the start of the service</a>.
            </p>
          </>,
        ]
      : status === 400
        ? [
            "There is a problem",
            <>
              <ErrorSummary errors={[{ fieldId: "", message: refusal }]} />
              <p>Nothing has been saved. Go back, check what you entered and try again.</p>
            </>,
          ]
        : status === 403
          ? [
              "You do not have permission to do this",
              <>
                <p>Your account cannot do this. If you think it should, contact your personal health budget team.</p>
                <p>
                  <a href="/">Go back to your home page</a>.
                </p>
              </>,
            ]
          : [
              "Sorry, there is a problem with the service",
              <>
                <p>Try again later.</p>
                <p>We have not saved what you were doing. Nothing has been paid or changed.</p>
                <p>
                  <a href="/">Go to the start of the service</a>.
                </p>
              </>,
            ];
  return (
    <Document title={`Error: ${title} - ${SERVICE_NAME} - NHS`}>
      <Layout user={data?.user ?? null} commissionerName={data?.commissionerName ?? ""}>
        <div className="nhsuk-grid-row">
          <div className="nhsuk-grid-column-two-thirds">
            <h1>{title}</h1>
            {body}
          </div>
        </div>
      </Layout>
    </Document>
  );
}
