import { createCookie, type Cookie } from "@remix-run/node";

export function secrets(): string[] {
  const secret = process.env.SESSION_SECRET;
  if (!secret) throw new Error("SESSION_SECRET is not set: the server sets one before serving requests.");
  return secret.split(",");
}

export function isHttps(request: Request): boolean {
  return new URL(request.url).protocol === "https:";
}

const cookies = new Map<string, Cookie>();

/** `__Host-` needs Secure, so plain-HTTP local runs use an unprefixed name. */
export function sessionCookie(request: Request): Cookie {
  const https = isHttps(request);
  const name = https ? "__Host-phb_session" : "phb_session";
  let cookie = cookies.get(name);
  if (!cookie) {
    cookie = createCookie(name, { httpOnly: true, sameSite: "lax", secure: https, path: "/", secrets: secrets() });
    cookies.set(name, cookie);
  }
  return cookie;
}

export async function readSessionToken(request: Request): Promise<string | null> {
  const value: unknown = await sessionCookie(request).parse(request.headers.get("Cookie"));
  return typeof value === "string" ? value : null;
}

export function setSessionCookie(request: Request, token: string): Promise<string> {
  return sessionCookie(request).serialize(token);
}

export function clearSessionCookie(request: Request): Promise<string> {
  return sessionCookie(request).serialize("", { maxAge: 0 });
}
