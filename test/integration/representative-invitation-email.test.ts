import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { getDb, rowsOf } from "#db/client.server";
import { auditLog, representativeInvitations, representatives } from "#db/schema";
import { longDate } from "~/dates/long-date";
import { createLogger } from "~/logger.server";
import { sendRepresentativeInvitation, type InvitationEmail, type NotifyConfig } from "~/integrations/notify/notify.server";
import { signIn } from "~/people/sign-in.server";
import { action as invitationAction, loader as invitationLoader } from "~/routes/invitation._index";
import { loader as invitationEntry } from "~/routes/invitation.$token";
import { action as repsAction, loader as repsLoader } from "~/routes/representatives";
import { insertCommissioner, insertHolder, insertRepresentative } from "../factories";
import { accepted, fakeApiKey, startFakeNotify } from "../factories/fake-notify";
import { cookieFor, get, post, run } from "../factories/requests";

const NEW_PASSWORD = "three words remembered";

/** Checks the bearer token is an HS256 JWT signed with the key's secret, issued by the service, just now. */
function verifyBearer(authorization: string, key: { serviceId: string; secret: string }) {
  const [scheme, jwt] = authorization.split(" ");
  expect(scheme).toBe("Bearer");
  const [header, claims, signature] = jwt.split(".");
  const expected = createHmac("sha256", key.secret).update(`${header}.${claims}`).digest("base64url");
  expect(signature.length).toBe(expected.length);
  expect(timingSafeEqual(Buffer.from(signature), Buffer.from(expected))).toBe(true);
  expect(JSON.parse(Buffer.from(header, "base64url").toString())).toEqual({ alg: "HS256", typ: "JWT" });
  const payload = JSON.parse(Buffer.from(claims, "base64url").toString()) as { iss: string; iat: number };
  expect(payload.iss).toBe(key.serviceId);
  expect(Math.abs(payload.iat - Date.now() / 1000)).toBeLessThan(30);
}

function useNotify(settings: { apiKey?: string; baseUrl?: string; templateId?: string }) {
  vi.stubEnv("NOTIFY_API_KEY", settings.apiKey);
  vi.stubEnv("NOTIFY_BASE_URL", settings.baseUrl);
  vi.stubEnv("NOTIFY_INVITATION_TEMPLATE_ID", settings.templateId);
}

async function holderInvites(name: string, email: string, relationship: string) {
  const c = await insertCommissioner();
  const { holder, user } = await insertHolder(c.id);
  const cookie = await cookieFor(user!.email);
  const response = (await run(
    repsAction,
    post("/representatives", { intent: "invite", name, email, relationship, consentGivenBy: "The holder", scopes: "log-spending" }, cookie),
  )) as Response;
  expect(response.status).toBe(302);
  const location = new URL(response.headers.get("Location")!, "http://localhost");
  const [link] = await getDb().select().from(representatives).where(eq(representatives.holderId, holder.id));
  const invitations = link ? await getDb().select().from(representativeInvitations).where(eq(representativeInvitations.representativeId, link.id)) : [];
  const page = await pageAfter(response, cookie);
  return { holder, user: user!, cookie, location, representative: link, invitations, page };
}

/** The page the person inviting comes back to, given the cookie that carries a link to pass on, if one was set. */
async function pageAfter(response: Response, cookie: string) {
  const passOn = response.headers.get("Set-Cookie")?.split(";")[0];
  const page = await run(repsLoader, get(response.headers.get("Location")!, [cookie, passOn].filter(Boolean).join("; ")));
  return (page && typeof page === "object" && "init" in page && "data" in page ? page.data : page) as {
    emailedTo: string | null;
    invitationLink: string | null;
    emailFailed: boolean;
    people: { id: string; pending: boolean }[];
  };
}

async function auditFor(representativeId: string) {
  return getDb().select({ action: auditLog.action, after: auditLog.after }).from(auditLog).where(eq(auditLog.entityId, representativeId));
}

/** Every row of every table as text: the raw token must appear in none of them. */
async function tablesHolding(text: string) {
  const db = getDb();
  const tables = rowsOf<{ name: string }>(
    await db.execute(sql`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`),
  );
  expect(tables.length).toBeGreaterThan(5);
  const holding: string[] = [];
  for (const { name } of tables) {
    const [{ n }] = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from ${sql.identifier(name)} t where strpos(t::text, ${text}) > 0`));
    if (n > 0) holding.push(name);
  }
  return holding;
}

/** Follows an emailed link as the invitee's browser does; the cookie it is given carries the token from there. */
async function follow(link: string, sessionCookie?: string) {
  const token = link.split("/invitation/")[1];
  const entered = (await run(invitationEntry, get(`/invitation/${token}`), { token })) as Response;
  const cookie = [sessionCookie, entered.headers.get("Set-Cookie")!.split(";")[0]].filter(Boolean).join("; ");
  return { token, cookie, page: () => run(invitationLoader, get("/invitation", cookie)) };
}

async function acceptWith(link: string) {
  const { token, cookie, page } = await follow(link);
  expect(await page()).toMatchObject({ state: "set-password" });
  const done = (await run(invitationAction, post("/invitation", { password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD }, cookie))) as Response;
  expect(done.headers.get("Location")).toBe("/sign-in?password=set");
  return token;
}

const uniqueEmail = (who: string) => `${who}-${randomUUID().slice(0, 8)}@example.com`;

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("invitation emails through GOV.UK Notify", () => {
  it("emails the invitation once, after it is saved, with a link that works; the page says so without showing the link", async () => {
    const key = fakeApiKey();
    const templateId = randomUUID();
    const notificationId = randomUUID();
    const savedWhenSent: boolean[] = [];
    const notify = await startFakeNotify(async (request) => {
      // Another query on the database while the invitation's transaction was still open would not see it (PostgreSQL)
      // or would wait for ever (PGlite's one connection): seeing it proves the email goes after the commit.
      const rows = await getDb()
        .select()
        .from(representativeInvitations)
        .where(eq(representativeInvitations.id, String(request.body.reference)));
      savedWhenSent.push(rows.length === 1);
      return accepted(request, notificationId);
    });
    try {
      useNotify({ apiKey: key.apiKey, baseUrl: notify.url, templateId });
      const email = uniqueEmail("bilal");
      const { holder, user, location, representative, invitations, page } = await holderInvites("Bilal Ahmed", email, "Son");

      expect(location.searchParams.get("emailed")).toBe(representative.id);
      expect(location.searchParams.has("invitation")).toBe(false);
      expect(page).toMatchObject({ emailedTo: email, invitationLink: null, emailFailed: false });

      expect(notify.received).toHaveLength(1);
      expect(savedWhenSent).toEqual([true]);
      const [sent] = notify.received;
      expect(sent.method).toBe("POST");
      expect(sent.path).toBe("/v2/notifications/email");
      verifyBearer(sent.authorization, key);
      expect(invitations).toHaveLength(1);
      const personalisation = sent.body.personalisation as Record<string, string>;
      expect(sent.body).toMatchObject({ template_id: templateId, email_address: email, reference: invitations[0].id });
      expect(personalisation).toEqual({
        name: "Bilal Ahmed",
        holder_name: `${holder.givenName} ${holder.familyName}`,
        invited_by: user.name,
        relationship: "Son",
        link: expect.stringMatching(/^http:\/\/localhost\/invitation\/[\w-]{43}$/),
        expires_on: longDate(invitations[0].expiresAt),
      });
      expect(personalisation.expires_on).toMatch(/^\d{1,2} [A-Z][a-z]+ \d{4}$/);

      // The emailed link is the one that works: Bilal sets a password with it and signs in.
      const token = await acceptWith(personalisation.link);
      expect(await signIn(getDb(), { email, password: NEW_PASSWORD })).toMatchObject({ ok: true });

      const audit = await auditFor(representative.id);
      expect(audit).toContainEqual({ action: "representative.invitation-emailed", after: { invitationId: invitations[0].id, notifyId: notificationId } });
      expect(await tablesHolding(token)).toEqual([]);
      expect(await tablesHolding(personalisation.link)).toEqual([]);
    } finally {
      await notify.close();
    }
  });

  it("keeps the invitation when Notify fails, gives the inviter the link instead and records the failure", async () => {
    const key = fakeApiKey();
    const notify = await startFakeNotify(() => ({
      status: 500,
      body: { status_code: 500, errors: [{ error: "Exception", message: "Internal server error" }] },
    }));
    try {
      useNotify({ apiKey: key.apiKey, baseUrl: notify.url, templateId: randomUUID() });
      const { location, representative, invitations, page } = await holderInvites("Jo Carter", uniqueEmail("jo"), "Daughter");

      expect(notify.received).toHaveLength(1);
      expect(invitations).toHaveLength(1);
      expect(location.search).toBe("?done=invited");
      expect(page.emailFailed).toBe(true);
      expect(page.emailedTo).toBeNull();
      const personalisation = notify.received[0].body.personalisation as { link: string };
      expect(page.invitationLink).toBe(personalisation.link);

      const audit = await auditFor(representative.id);
      const failure = audit.find((a) => a.action === "representative.invitation-email-failed");
      expect(failure?.after).toEqual({
        invitationId: invitations[0].id,
        reason: "failed",
        message: "GOV.UK Notify answered 500 (Exception: Internal server error)",
      });
      expect(audit.map((a) => a.action)).not.toContain("representative.invitation-emailed");

      const token = await acceptWith(page.invitationLink!);
      expect(await tablesHolding(token)).toEqual([]);
    } finally {
      await notify.close();
    }
  });

  it("shows the link, as before, when email is not set up on this portal, and asks Notify nothing", async () => {
    const notify = await startFakeNotify((request) => accepted(request, randomUUID()));
    try {
      // A base URL alone is not a set-up: there is no key or template.
      useNotify({ baseUrl: notify.url });
      const { location, representative, page } = await holderInvites("Sam Lee", uniqueEmail("sam"), "Carer");
      expect(notify.received).toHaveLength(0);
      // The link is on the page, never in the address it was redirected to.
      expect(location.search).toBe("?done=invited");
      expect(page).toMatchObject({ emailedTo: null, emailFailed: false, invitationLink: expect.stringMatching(/^http:\/\/localhost\/invitation\/[\w-]{43}$/) });
      expect(await auditFor(representative.id)).toContainEqual({
        action: "representative.invitation-not-emailed",
        after: expect.objectContaining({ reason: "not-configured" }),
      });
    } finally {
      await notify.close();
    }
  });

  it("emails someone who already has an account an invitation they accept signed in, which sets no password", async () => {
    const key = fakeApiKey();
    const notify = await startFakeNotify((request) => accepted(request, randomUUID()));
    try {
      useNotify({ apiKey: key.apiKey, baseUrl: notify.url, templateId: randomUUID() });
      const c = await insertCommissioner();
      const first = await insertHolder(c.id);
      const carer = await insertRepresentative(first.holder, ["view"]);
      const second = await insertHolder(c.id);
      const cookie = await cookieFor(second.user!.email);
      const response = (await run(
        repsAction,
        post(
          "/representatives",
          { intent: "invite", name: carer.user.name, email: carer.user.email, relationship: "Carer", consentGivenBy: "The holder" },
          cookie,
        ),
      )) as Response;
      const page = await pageAfter(response, cookie);
      expect(page.people).toEqual([expect.objectContaining({ pending: true })]);
      expect(notify.received).toHaveLength(1);
      expect(notify.received[0].body.email_address).toBe(carer.user.email);
      const link = (notify.received[0].body.personalisation as { link: string }).link;
      expect(await (await follow(link)).page()).toMatchObject({ state: "accept", signedIn: "no" });
      expect(await (await follow(link, await cookieFor(carer.user.email))).page()).toMatchObject({ state: "accept", signedIn: "as-invitee" });
    } finally {
      await notify.close();
    }
  });

  it("in production, builds the emailed link from PUBLIC_URL, never from the request's Host, and refuses without it", async () => {
    const key = fakeApiKey();
    const notify = await startFakeNotify((request) => accepted(request, randomUUID()));
    try {
      useNotify({ apiKey: key.apiKey, baseUrl: notify.url, templateId: randomUUID() });
      vi.stubEnv("NODE_ENV", "production");
      const c = await insertCommissioner();
      const { holder, user } = await insertHolder(c.id);
      const cookie = await cookieFor(user!.email);
      const inviteFrom = (host: string, email: string) =>
        run(
          repsAction,
          new Request(`http://${host}/representatives`, {
            method: "POST",
            body: new URLSearchParams({ intent: "invite", name: "Jo Carter", email, relationship: "Daughter", consentGivenBy: "The holder" }),
            headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie },
          }),
        );

      vi.stubEnv("PUBLIC_URL", "");
      await expect(inviteFrom("attacker.example", uniqueEmail("jo"))).rejects.toThrow(/PUBLIC_URL must be set when NODE_ENV is production/);
      expect(notify.received).toHaveLength(0);
      expect(await getDb().select().from(representatives).where(eq(representatives.holderId, holder.id))).toEqual([]);

      vi.stubEnv("PUBLIC_URL", "https://phb.example.nhs.uk");
      await inviteFrom("attacker.example", uniqueEmail("jo"));
      expect((notify.received[0].body.personalisation as { link: string }).link).toMatch(/^https:\/\/phb\.example\.nhs\.uk\/invitation\/[\w-]{43}$/);
    } finally {
      await notify.close();
    }
  });
});

describe("sending a new invitation", () => {
  it("emails a new link when the first email failed; the earlier link stops working, and once used no more are sent", async () => {
    const key = fakeApiKey();
    const notificationId = randomUUID();
    let notifyIsDown = true;
    const notify = await startFakeNotify((request) =>
      notifyIsDown
        ? { status: 503, body: { status_code: 503, errors: [{ error: "Exception", message: "Service unavailable" }] } }
        : accepted(request, notificationId),
    );
    try {
      useNotify({ apiKey: key.apiKey, baseUrl: notify.url, templateId: randomUUID() });
      const email = uniqueEmail("bilal");
      const { cookie, representative, page } = await holderInvites("Bilal Ahmed", email, "Son");
      expect(page.emailFailed).toBe(true);
      const firstLink = page.invitationLink!;
      const list = async () => ((await run(repsLoader, get("/representatives", cookie))) as { people: { id: string; pending: boolean }[] }).people;
      expect(await list()).toEqual([expect.objectContaining({ id: representative.id, pending: true })]);

      notifyIsDown = false;
      const renewed = (await run(repsAction, post("/representatives", { intent: "renew", representativeId: representative.id }, cookie))) as Response;
      expect(renewed.headers.get("Location")).toBe(`/representatives?emailed=${representative.id}&done=invited`);
      expect(notify.received).toHaveLength(2);
      const secondLink = (notify.received[1].body.personalisation as { link: string }).link;
      expect(secondLink).not.toBe(firstLink);
      expect(await (await follow(firstLink)).page()).toEqual({ state: "closed" });

      await acceptWith(secondLink);
      expect(await signIn(getDb(), { email, password: NEW_PASSWORD })).toMatchObject({ ok: true });
      expect(await list()).toEqual([expect.objectContaining({ id: representative.id, pending: false })]);
      const again = (await run(repsAction, post("/representatives", { intent: "renew", representativeId: representative.id }, cookie))) as {
        data: { errors: { message: string }[] };
      };
      expect(again.data.errors[0].message).toBe("They have already accepted the invitation, so they can sign in");
      expect(notify.received).toHaveLength(2);

      const actions = (await auditFor(representative.id)).map((a) => a.action);
      expect(actions).toEqual(
        expect.arrayContaining([
          "representative.invitation-email-failed",
          "representative.invitation-renewed",
          "representative.invitation-emailed",
          "representative.invitation-accepted",
        ]),
      );
    } finally {
      await notify.close();
    }
  });

  it("is not offered for someone who signs in already, nor for another holder's representative", async () => {
    const c = await insertCommissioner();
    const { holder, user } = await insertHolder(c.id);
    const carer = await insertRepresentative(holder, ["view"]);
    const other = await insertHolder(c.id);
    const stranger = await insertRepresentative(other.holder, ["view"]);
    const cookie = await cookieFor(user!.email);
    const { people } = (await run(repsLoader, get("/representatives", cookie))) as { people: { id: string; pending: boolean }[] };
    expect(people).toEqual([expect.objectContaining({ id: carer.link.id, pending: false })]);
    const own = (await run(repsAction, post("/representatives", { intent: "renew", representativeId: carer.link.id }, cookie))) as {
      data: { errors: { message: string }[] };
    };
    expect(own.data.errors[0].message).toBe("They have already accepted the invitation, so they can sign in");
    const theirs = (await run(repsAction, post("/representatives", { intent: "renew", representativeId: stranger.link.id }, cookie))) as {
      data: { errors: { message: string }[] };
    };
    expect(theirs.data.errors[0].message).toBe("This person no longer acts for them");
  });
});

describe("sendRepresentativeInvitation", () => {
  const message: InvitationEmail = {
    emailAddress: "bilal@example.com",
    reference: randomUUID(),
    personalisation: {
      name: "Bilal Ahmed",
      holder_name: "Amira Ahmed",
      invited_by: "Amira Ahmed",
      relationship: "Son",
      link: "http://localhost/invitation/secret-token-value",
      expires_on: "30 November 2026",
    },
  };

  function capturingLogger() {
    const lines: string[] = [];
    const logger = createLogger({ write: (line: string) => void lines.push(line) });
    logger.level = "info";
    return { logger, lines };
  }

  it("returns Notify's error, logging its status and messages but neither the link nor the signed token", async () => {
    const key = fakeApiKey();
    const notify = await startFakeNotify(() => ({
      status: 400,
      body: { status_code: 400, errors: [{ error: "BadRequestError", message: "Can't send to this recipient using a team-only API key" }] },
    }));
    const { logger, lines } = capturingLogger();
    try {
      const config: NotifyConfig = { apiKey: key.apiKey, baseUrl: notify.url, invitationTemplateId: randomUUID(), timeoutMs: 5_000 };
      expect(await sendRepresentativeInvitation(message, { config, logger })).toEqual({
        sent: false,
        reason: "failed",
        message: "GOV.UK Notify answered 400 (BadRequestError: Can't send to this recipient using a team-only API key)",
      });
      expect(lines).toHaveLength(1);
      expect(JSON.parse(lines[0])).toMatchObject({ level: 40, reference: message.reference, status: 400 });
      const bearer = notify.received[0].authorization.split(" ")[1];
      for (const secret of ["secret-token-value", bearer, key.secret]) expect(lines[0]).not.toContain(secret);
    } finally {
      await notify.close();
    }
  });

  it("gives up on a Notify that does not answer, and on one that cannot be reached", async () => {
    const key = fakeApiKey();
    const notify = await startFakeNotify(() => "never");
    const { logger, lines } = capturingLogger();
    const config: NotifyConfig = { apiKey: key.apiKey, baseUrl: notify.url, invitationTemplateId: randomUUID(), timeoutMs: 200 };
    try {
      expect(await sendRepresentativeInvitation(message, { config, logger })).toEqual({
        sent: false,
        reason: "failed",
        message: "GOV.UK Notify did not answer within 0.2 seconds",
      });
    } finally {
      await notify.close();
    }
    // The server has gone, so its port refuses connections.
    expect(await sendRepresentativeInvitation(message, { config, logger })).toEqual({
      sent: false,
      reason: "failed",
      message: "GOV.UK Notify could not be reached (ECONNREFUSED)",
    });
    expect(lines.join("\n")).not.toContain("secret-token-value");
  });

  it("treats a half-finished set-up as not set up, naming the setting that is wrong but not its value", async () => {
    const { logger, lines } = capturingLogger();
    vi.stubEnv("NOTIFY_API_KEY", "not-a-notify-key");
    vi.stubEnv("NOTIFY_INVITATION_TEMPLATE_ID", randomUUID());
    expect(await sendRepresentativeInvitation(message, { logger })).toMatchObject({ sent: false, reason: "not-configured" });
    expect(JSON.parse(lines[0])).toMatchObject({ level: 50, settings: ["NOTIFY_API_KEY"] });
    expect(lines[0]).not.toContain("not-a-notify-key");
  });
});
