type PublicUrlSettings = { PUBLIC_URL?: string; NODE_ENV?: string };

function configuredOrigin(value: string | undefined): string | null {
  if (!value) return null;
  try {
    return new URL(value).origin;
  } catch {
    return null;
  }
}

/**
 * What stops emailed links being built in production, or null. A request's Host header is whatever the sender put
 * there, so a link built from it could send an invitee, and their token, to someone else's site.
 */
export function publicUrlProblem(env: PublicUrlSettings = process.env): string | null {
  if (env.NODE_ENV !== "production") return null;
  if (!env.PUBLIC_URL)
    return "PUBLIC_URL must be set when NODE_ENV is production: it is the address in links the portal emails, like https://phb.example.nhs.uk.";
  if (!configuredOrigin(env.PUBLIC_URL)) return "PUBLIC_URL is not an address: set it to where people reach the portal, like https://phb.example.nhs.uk.";
  return null;
}

/**
 * Where people reach the portal, for links sent to them by email: PUBLIC_URL (behind a proxy the address a request
 * arrives at can be an internal one). Outside production, a run without it uses the address the request came to;
 * production refuses, as start-up does.
 */
export function publicOrigin(requestUrl: string, env: PublicUrlSettings = process.env): string {
  const problem = publicUrlProblem(env);
  if (problem) throw new Error(problem);
  // Outside production a PUBLIC_URL that is not an address is ignored rather than put into links.
  return configuredOrigin(env.PUBLIC_URL) ?? new URL(requestUrl).origin;
}
