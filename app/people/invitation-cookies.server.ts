import { createCookie, type Cookie } from "@remix-run/node";
import { isHttps, secrets } from "./session-cookie.server";

/**
 * Invitation tokens never travel in a URL the portal redirects to, where browser history, proxy logs and Referer
 * headers would keep them: between requests they are held in short-lived, signed, httpOnly cookies instead.
 */
const cookies = new Map<string, Cookie>();

/**
 * Path "/": a page's data is fetched from `<page>.data` (Remix single fetch), which a cookie scoped to the page's
 * path would not be sent to.
 */
function invitationCookie(request: Request, name: string, maxAge: number): Cookie {
  const https = isHttps(request);
  // `__Host-` needs Secure, so plain-HTTP local runs use an unprefixed name.
  const fullName = https ? `__Host-${name}` : name;
  let cookie = cookies.get(fullName);
  if (!cookie) {
    cookie = createCookie(fullName, { httpOnly: true, sameSite: "lax", secure: https, path: "/", maxAge, secrets: secrets() });
    cookies.set(fullName, cookie);
  }
  return cookie;
}

/** The invitee's token, from following their emailed link until they set their password or accept: long enough to sign in. */
const invitee = (request: Request) => invitationCookie(request, "phb_invitation", 30 * 60);

export async function readInviteeToken(request: Request): Promise<string | null> {
  const value: unknown = await invitee(request).parse(request.headers.get("Cookie"));
  return typeof value === "string" && value ? value : null;
}

export function setInviteeToken(request: Request, token: string): Promise<string> {
  return invitee(request).serialize(token);
}

export function clearInviteeToken(request: Request): Promise<string> {
  return invitee(request).serialize("", { maxAge: 0 });
}

/** The link to pass on when no email went, shown once to the person who invited, on the page they come back to. */
export interface LinkToPassOn {
  representativeId: string;
  token: string;
  emailFailed: boolean;
}

const inviter = (request: Request) => invitationCookie(request, "phb_invitation_link", 5 * 60);

export async function readLinkToPassOn(request: Request): Promise<LinkToPassOn | null> {
  const value = (await inviter(request).parse(request.headers.get("Cookie"))) as Partial<LinkToPassOn> | null;
  if (!value || typeof value !== "object" || typeof value.representativeId !== "string" || typeof value.token !== "string") return null;
  return { representativeId: value.representativeId, token: value.token, emailFailed: value.emailFailed === true };
}

export function setLinkToPassOn(request: Request, link: LinkToPassOn): Promise<string> {
  return inviter(request).serialize(link);
}

export function clearLinkToPassOn(request: Request): Promise<string> {
  return inviter(request).serialize("", { maxAge: 0 });
}

/** A password reset token, from following the emailed link until the new password is set. */
const resetter = (request: Request) => invitationCookie(request, "phb_password_reset", 30 * 60);

export async function readResetToken(request: Request): Promise<string | null> {
  const value: unknown = await resetter(request).parse(request.headers.get("Cookie"));
  return typeof value === "string" && value ? value : null;
}

export function setResetToken(request: Request, token: string): Promise<string> {
  return resetter(request).serialize(token);
}

export function clearResetToken(request: Request): Promise<string> {
  return resetter(request).serialize("", { maxAge: 0 });
}

/** A personal assistant's token, from following their link until they set their password. */
export const assistantToken = {
  cookie: (request: Request) => invitationCookie(request, "phb_pa_invitation", 30 * 60),
  async read(request: Request): Promise<string | null> {
    const value: unknown = await this.cookie(request).parse(request.headers.get("Cookie"));
    return typeof value === "string" && value ? value : null;
  },
  set(request: Request, token: string): Promise<string> {
    return this.cookie(request).serialize(token);
  },
  clear(request: Request): Promise<string> {
    return this.cookie(request).serialize("", { maxAge: 0 });
  },
};
