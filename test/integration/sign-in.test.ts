import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { auditLog, sessions } from "#db/schema";
import { getSignedIn, requireUser } from "~/access/access.server";
import { readSession } from "~/people/sessions.server";
import { signIn } from "~/people/sign-in.server";
import { action as signInAction, loader as signInLoader } from "~/routes/sign-in";
import { action as signOutAction } from "~/routes/sign-out";
import { insertCommissioner, insertHolder, insertStaff, PASSWORD } from "../factories";
import { cookieFor, get, post, run, statusOf } from "../factories/requests";

const GENERIC = "Your email address or password is not right. Check them and try again. If you have tried 5 times, wait 15 minutes first.";

function formErrors(result: unknown): string[] {
  return (result as { data: { error: Record<string, string[]> } }).data.error[""] ?? [];
}

describe("sign-in", () => {
  it("signs a holder in with a session cookie and lands them on their home page", async () => {
    const c = await insertCommissioner();
    const { user } = await insertHolder(c.id);
    const response = (await run(signInAction, post("/sign-in", { email: user!.email.toUpperCase(), password: PASSWORD }))) as Response;
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/");
    const setCookie = response.headers.get("Set-Cookie")!;
    expect(setCookie).toMatch(/^phb_session=/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);

    const signedIn = await getSignedIn(get("/", setCookie.split(";")[0]));
    expect(signedIn).toMatchObject({ principal: { userId: user!.id, kind: "holder" } });
  });

  it("sends staff to the staff home page and uses a __Host- Secure cookie over HTTPS", async () => {
    const c = await insertCommissioner();
    const staff = await insertStaff(c.id, "finance");
    const request = new Request("https://portal.example/sign-in", {
      method: "POST",
      body: new URLSearchParams({ email: staff.email, password: PASSWORD }),
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    const response = (await run(signInAction, request)) as Response;
    expect(response.headers.get("Location")).toBe("/staff");
    expect(response.headers.get("Set-Cookie")).toMatch(/^__Host-phb_session=.*; Path=\/;.*HttpOnly; Secure; SameSite=Lax/i);
  });

  it("goes back to the page asked for on this site, and home instead of to another site however the path hides it", async () => {
    const c = await insertCommissioner();
    const { user } = await insertHolder(c.id);
    const signInTo = async (returnTo: string) =>
      ((await run(signInAction, post("/sign-in", { email: user!.email, password: PASSWORD, returnTo }))) as Response).headers.get("Location");

    expect(await signInTo("/spending?page=2")).toBe("/spending?page=2");
    for (const returnTo of ["/\t/evil.example", "/%09/evil.example", "/%0d%0a/evil.example", "//evil.example", "/\\evil.example"]) {
      expect(await signInTo(returnTo)).toBe("/");
      const page = (await run(signInLoader, get(`/sign-in?returnTo=${encodeURIComponent(returnTo)}`))) as { returnTo: string | null };
      expect(page.returnTo).toBeNull();
    }
    // The same tab, put in the link itself: the browser's own decoding must not turn it into //evil.example.
    const page = (await run(signInLoader, get("/sign-in?returnTo=/%09/evil.example"))) as { returnTo: string | null };
    expect(page.returnTo).toBeNull();
  });

  it("gives one generic message for a wrong password and for an unknown email", async () => {
    const c = await insertCommissioner();
    const { user } = await insertHolder(c.id);
    const wrongPassword = await run(signInAction, post("/sign-in", { email: user!.email, password: "nope" }));
    const unknownEmail = await run(signInAction, post("/sign-in", { email: "nobody@test.example", password: PASSWORD }));
    expect(statusOf(wrongPassword)).toBe(400);
    expect(formErrors(wrongPassword)).toEqual([GENERIC]);
    expect(formErrors(unknownEmail)).toEqual([GENERIC]);
  });

  it("explains a badly formed email beside the field and never echoes the password", async () => {
    const result = await run(signInAction, post("/sign-in", { email: "not-an-email", password: "secret-value" }));
    expect(statusOf(result)).toBe(400);
    const reply = (result as { data: { error: Record<string, string[]>; initialValue: Record<string, unknown> } }).data;
    expect(reply.error.email).toEqual(["Enter an email address in the correct format, like name@example.com"]);
    expect(JSON.stringify(reply)).not.toContain("secret-value");
  });

  it("locks an account for 15 minutes after 5 failures in 15 minutes, even with the right password", async () => {
    const db = getDb();
    const c = await insertCommissioner();
    const { user } = await insertHolder(c.id);
    const t0 = new Date();
    for (let i = 0; i < 5; i++) {
      expect(await signIn(db, { email: user!.email, password: "wrong" }, new Date(t0.getTime() + i * 60_000))).toEqual({ ok: false, reason: "invalid" });
    }
    const during = new Date(t0.getTime() + 10 * 60_000);
    expect(await signIn(db, { email: user!.email, password: PASSWORD }, during)).toEqual({ ok: false, reason: "locked" });
    const after = new Date(t0.getTime() + 4 * 60_000 + 15 * 60_000 + 1000);
    expect(await signIn(db, { email: user!.email, password: PASSWORD }, after)).toMatchObject({ ok: true });

    const locks = await db.select().from(auditLog).where(eq(auditLog.entityId, user!.id));
    expect(locks.map((l) => l.action)).toEqual(["account.locked"]);
  });

  it("does not lock after 5 failures spread over more than 15 minutes", async () => {
    const c = await insertCommissioner();
    const { user } = await insertHolder(c.id);
    const t0 = new Date();
    for (let i = 0; i < 5; i++) await signIn(getDb(), { email: user!.email, password: "wrong" }, new Date(t0.getTime() + i * 5 * 60_000));
    expect(await signIn(getDb(), { email: user!.email, password: PASSWORD }, new Date(t0.getTime() + 21 * 60_000))).toMatchObject({ ok: true });
  });

  it("starts a new session id at sign-in and ends the old one", async () => {
    const c = await insertCommissioner();
    const { user } = await insertHolder(c.id);
    const first = await cookieFor(user!.email);
    const response = (await run(signInAction, post("/sign-in", { email: user!.email, password: PASSWORD }, first))) as Response;
    const second = response.headers.get("Set-Cookie")!.split(";")[0];
    expect(second).not.toBe(first);
    expect(await getSignedIn(get("/", first))).toBeNull();
    expect(await getSignedIn(get("/", second))).not.toBeNull();
  });

  it("ends the session at sign-out", async () => {
    const c = await insertCommissioner();
    const { user } = await insertHolder(c.id);
    const cookie = await cookieFor(user!.email);
    const response = (await run(signOutAction, post("/sign-out", {}, cookie))) as Response;
    expect(response.headers.get("Location")).toBe("/signed-out");
    expect(response.headers.get("Set-Cookie")).toMatch(/Max-Age=0/);
    expect(await getSignedIn(get("/", cookie))).toBeNull();
  });
});

describe("session expiry", () => {
  it("ends a session after 15 idle minutes and sends the person to the timed-out page", async () => {
    const db = getDb();
    const c = await insertCommissioner();
    const { user } = await insertHolder(c.id);
    const cookie = await cookieFor(user!.email);
    const [session] = await db.select().from(sessions).where(eq(sessions.userId, user!.id));
    const token = decodeURIComponent(cookie.split("=")[1]);
    void token;

    // 14 minutes idle: still signed in.
    await db
      .update(sessions)
      .set({ lastSeenAt: new Date(Date.now() - 14 * 60_000) })
      .where(eq(sessions.id, session.id));
    expect(await getSignedIn(get("/", cookie))).not.toBeNull();

    // 16 minutes idle: signed out, for good.
    await db
      .update(sessions)
      .set({ lastSeenAt: new Date(Date.now() - 16 * 60_000) })
      .where(eq(sessions.id, session.id));
    const thrown = await requireUser(get("/staff", cookie)).catch((r: Response) => r);
    expect(thrown).toBeInstanceOf(Response);
    expect((thrown as Response).headers.get("Location")).toBe("/signed-out?reason=timeout");
    const [ended] = await db.select().from(sessions).where(eq(sessions.id, session.id));
    expect(ended.endedAt).not.toBeNull();
    expect(await getSignedIn(get("/", cookie))).toBeNull();
  });

  it("treats a tampered cookie as signed out", async () => {
    const c = await insertCommissioner();
    const { user } = await insertHolder(c.id);
    const cookie = await cookieFor(user!.email);
    // The signature's first character: every bit of it counts. One near the end may carry only base64's padding bits,
    // which decode to the same signature, so the test passed or failed with the token drawn.
    const at = cookie.lastIndexOf(".") + 1;
    const tampered = cookie.slice(0, at) + (cookie[at] === "A" ? "B" : "A") + cookie.slice(at + 1);
    expect(await getSignedIn(get("/", tampered))).toBeNull();
    expect((await readSession(getDb(), "made-up-token")).status).toBe("none");
  });
});
