import { randomUUID } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { getDb } from "#db/client.server";
import { auditLog, passwordResets, sessions } from "#db/schema";
import { signIn } from "~/people/sign-in.server";
import { action as forgottenAction, loader as forgottenLoader } from "~/routes/forgotten-password";
import { loader as resetEntry } from "~/routes/password-reset.$token";
import { action as resetAction, loader as resetLoader } from "~/routes/password-reset._index";
import { loader as rootLoader } from "~/root";
import { insertCommissioner, insertHolder } from "../factories";
import { accepted, fakeApiKey, startFakeNotify } from "../factories/fake-notify";
import { cookieFor, get, post, run } from "../factories/requests";

const NEW_PASSWORD = "three new words remembered";

function useNotify(baseUrl: string) {
  vi.stubEnv("NOTIFY_API_KEY", fakeApiKey().apiKey);
  vi.stubEnv("NOTIFY_BASE_URL", baseUrl);
  vi.stubEnv("NOTIFY_INVITATION_TEMPLATE_ID", randomUUID());
  vi.stubEnv("NOTIFY_PASSWORD_RESET_TEMPLATE_ID", randomUUID());
}

afterEach(() => {
  vi.unstubAllEnvs();
});

/** Asks for a link as the form does; gives back where it was sent and the page that then shows. */
async function askForLink(email: string) {
  const response = (await run(forgottenAction, post("/forgotten-password", { email }))) as Response;
  const location = response.headers.get("Location")!;
  return { status: response.status, location, page: await run(forgottenLoader, get(location)) };
}

/** Follows the emailed link as a browser does: the token goes into a cookie, and the page reads it from there. */
async function follow(link: string) {
  const token = new URL(link).pathname.split("/password-reset/")[1];
  const entered = (await run(resetEntry, get(`/password-reset/${token}`), { token })) as Response;
  expect(entered.headers.get("Location")).toBe("/password-reset");
  const cookie = entered.headers.get("Set-Cookie")!.split(";")[0];
  return {
    cookie,
    page: () => run(resetLoader, get("/password-reset", cookie)),
    reset: (password = NEW_PASSWORD) => run(resetAction, post("/password-reset", { password, confirmPassword: password }, cookie)),
  };
}

async function withFakeNotify<T>(work: (notify: Awaited<ReturnType<typeof startFakeNotify>>) => Promise<T>) {
  const notify = await startFakeNotify((request) => accepted(request, randomUUID()));
  try {
    useNotify(notify.url);
    return await work(notify);
  } finally {
    await notify.close();
  }
}

const linkIn = (body: Record<string, unknown>) => (body.personalisation as { link: string }).link;

describe("a forgotten password", () => {
  it("answers an address with an account and one without the same way, and emails only the account", async () => {
    await withFakeNotify(async (notify) => {
      const c = await insertCommissioner();
      const { user } = await insertHolder(c.id);
      const known = await askForLink(user!.email.toUpperCase());
      const unknown = await askForLink(`nobody-${randomUUID().slice(0, 8)}@test.example`);
      expect(known).toEqual(unknown);
      expect(known).toMatchObject({ status: 302, location: "/forgotten-password?sent", page: { state: "sent" } });

      expect(notify.received).toHaveLength(1);
      expect(notify.received[0].body.email_address).toBe(user!.email);
      expect(linkIn(notify.received[0].body)).toMatch(/^http:\/\/localhost\/password-reset\/[\w-]{43}$/);
      const actions = await getDb().select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.entityId, user!.id));
      expect(actions.map((a) => a.action).sort()).toEqual(["password.reset-emailed", "password.reset-requested"]);
    });
  });

  it("refuses an address that is not one, with the field highlighted, and sends nothing", async () => {
    await withFakeNotify(async (notify) => {
      const result = await run(forgottenAction, post("/forgotten-password", { email: "not an address" }));
      expect(result).toMatchObject({ init: { status: 400 }, data: { status: "error", error: { email: [expect.stringContaining("like name@example.com")] } } });
      expect(notify.received).toHaveLength(0);
    });
  });

  it("sets the new password once from the link, ends every other session, and audits it", async () => {
    await withFakeNotify(async (notify) => {
      const c = await insertCommissioner();
      const { user } = await insertHolder(c.id);
      const elsewhere = await cookieFor(user!.email);
      expect(await run(rootLoader, get("/", elsewhere))).toMatchObject({ user: { name: user!.name } });
      await askForLink(user!.email);
      const link = follow(linkIn(notify.received[0].body));
      const { page, reset } = await link;

      expect(await page()).toEqual({ email: user!.email });
      const done = (await reset()) as Response;
      expect(done.headers.get("Location")).toBe("/sign-in?password=set");

      expect(await signIn(getDb(), { email: user!.email, password: NEW_PASSWORD })).toMatchObject({ ok: true });
      // The session that was open before the reset is over: that browser is signed out.
      expect(await run(rootLoader, get("/", elsewhere))).toMatchObject({ user: null });
      const [audit] = await getDb()
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.entityId, user!.id), eq(auditLog.action, "password.reset")));
      expect(audit.after).toMatchObject({ sessionsEnded: 1 });

      // Used once, the link is closed: the page says so and a second use changes nothing.
      expect(await page()).toEqual({ email: null });
      expect(await reset("another password entirely")).toMatchObject({
        init: { status: 400 },
        data: { error: { "": [expect.stringContaining("has been used")] } },
      });
      expect(await signIn(getDb(), { email: user!.email, password: "another password entirely" })).toMatchObject({ ok: false });
    });
  });

  it("stops working after an hour, and when a newer link is sent", async () => {
    await withFakeNotify(async (notify) => {
      const c = await insertCommissioner();
      const { user } = await insertHolder(c.id);
      await askForLink(user!.email);
      await askForLink(user!.email);
      const first = await follow(linkIn(notify.received[0].body));
      const second = await follow(linkIn(notify.received[1].body));
      expect(await first.page()).toEqual({ email: null });
      expect(await second.page()).toEqual({ email: user!.email });

      // An hour on, the newest link has expired too.
      await getDb()
        .update(passwordResets)
        .set({ expiresAt: new Date(Date.now() - 1000) })
        .where(and(eq(passwordResets.userId, user!.id), isNull(passwordResets.usedAt)));
      expect(await second.page()).toEqual({ email: null });
      expect(await second.reset()).toMatchObject({ init: { status: 400 } });
      expect(await signIn(getDb(), { email: user!.email, password: NEW_PASSWORD })).toMatchObject({ ok: false });
    });
  });

  it("keeps only the token's hash, and asks for a new password that is long enough and typed twice alike", async () => {
    await withFakeNotify(async (notify) => {
      const c = await insertCommissioner();
      const { user } = await insertHolder(c.id);
      await askForLink(user!.email);
      const link = linkIn(notify.received[0].body);
      const token = link.split("/password-reset/")[1];
      const rows = await getDb().select().from(passwordResets).where(eq(passwordResets.userId, user!.id));
      expect(JSON.stringify(rows)).not.toContain(token);
      const { cookie, page } = await follow(link);
      const short = await run(resetAction, post("/password-reset", { password: "short", confirmPassword: "short" }, cookie));
      expect(short).toMatchObject({ init: { status: 400 }, data: { error: { password: [expect.stringContaining("12 characters")] } } });
      expect(await page()).toEqual({ email: user!.email });
      const live = await getDb()
        .select()
        .from(sessions)
        .where(and(eq(sessions.userId, user!.id), isNull(sessions.endedAt)));
      expect(live).toHaveLength(0);
    });
  });

  it("tells people to ask their coordinator where email is not set up, and sends nothing", async () => {
    vi.stubEnv("NOTIFY_API_KEY", "");
    vi.stubEnv("NOTIFY_INVITATION_TEMPLATE_ID", "");
    vi.stubEnv("NOTIFY_PASSWORD_RESET_TEMPLATE_ID", "");
    expect(await run(forgottenLoader, get("/forgotten-password"))).toEqual({ state: "ask" });
    const c = await insertCommissioner();
    const { user } = await insertHolder(c.id);
    const response = (await run(forgottenAction, post("/forgotten-password", { email: user!.email }))) as Response;
    expect(response.headers.get("Location")).toBe("/forgotten-password");
    expect(await getDb().select().from(passwordResets).where(eq(passwordResets.userId, user!.id))).toHaveLength(0);
  });
});
