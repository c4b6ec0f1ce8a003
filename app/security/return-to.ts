// C0 controls and DEL, raw or percent-encoded. Browsers drop tabs and newlines from a Location before they read
// it, so "/\t/evil.example" becomes "//evil.example": another site. No page of ours has one in its address.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]|%[01][0-9a-f]|%7f/i;
/** Undoing percent-encoding this many times catches "%2509" (an encoded "%09") and deeper nesting. */
const DECODE_ROUNDS = 3;

/**
 * Where to send someone after they sign in: a path on this site, or null. The value is resolved against the
 * portal's own origin exactly as a browser would, and kept only when that leaves the origin unchanged and the
 * value holds no control character at any depth of percent-encoding. What comes back is the resolved path,
 * so the browser is given what was checked rather than the raw text.
 */
export function safeReturnTo(value: string | undefined | null, origin: string): string | null {
  if (!value || !value.startsWith("/") || hasControl(value)) return null;
  let url: URL;
  try {
    url = new URL(value, origin);
  } catch {
    return null;
  }
  if (url.origin !== new URL(origin).origin || url.username || url.password) return null;
  const path = url.href.slice(url.origin.length);
  // "/.//evil.example" resolves on this site, but its path on its own would read as a link to another.
  if (path.startsWith("//")) return null;
  return path;
}

function hasControl(value: string): boolean {
  let text = value;
  for (let round = 0; round <= DECODE_ROUNDS; round++) {
    if (CONTROL.test(text)) return true;
    let decoded: string;
    try {
      decoded = decodeURIComponent(text);
    } catch {
      // Not valid percent-encoding: no address the portal makes looks like that.
      return true;
    }
    if (decoded === text) return false;
    text = decoded;
  }
  return true;
}
