/**
 * Where people reach the portal, for links sent to them by email: PUBLIC_URL when it is set (behind a proxy the
 * address a request arrives at can be an internal one), otherwise the address the request came to.
 */
export function publicOrigin(requestUrl: string, configured: string | undefined = process.env.PUBLIC_URL): string {
  if (configured) {
    try {
      return new URL(configured).origin;
    } catch {
      // A PUBLIC_URL that is not an address is ignored rather than put into links.
    }
  }
  return new URL(requestUrl).origin;
}
