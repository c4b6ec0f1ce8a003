import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { representativeInvitations, representatives } from "#db/schema";
import { loadPrincipal } from "~/access/principal.server";
import { acceptInvitation, acceptInvitationSignedIn, findOpenInvitation } from "~/people/invitations.server";
import { signIn } from "~/people/sign-in.server";
import { action as invitationAction, loader as invitationLoader } from "~/routes/invitation._index";
import { loader as invitationEntry } from "~/routes/invitation.$token";
import { action as repsAction, loader as repsLoader } from "~/routes/representatives";
import { insertCommissioner, insertHolder, insertRepresentative } from "../factories";
import { cookieFor, get, post, run, statusOf } from "../factories/requests";

const NEW_PASSWORD = "three words remembered";
const CANNOT_BE_USED = "This link has been used, has expired or has been cancelled. Ask the person who invited you for a new one.";

/** What a loader returned, whether or not it also set headers with data(). */
function valueOf<T>(result: unknown): T {
  return (result && typeof result === "object" && "init" in result && "data" in result ? result.data : result) as T;
}

const cookiePair = (response: Response) => response.headers.get("Set-Cookie")?.split(";")[0] ?? "";
const together = (...cookies: (string | undefined)[]) => cookies.filter(Boolean).join("; ");

/** Follows the redirect after inviting or renewing, as the browser would, to the link the page then shows. */
async function linkShownAfter(response: Response, cookie: string): Promise<string | null> {
  expect(response.status).toBe(302);
  const page = await run(repsLoader, get(response.headers.get("Location")!, together(cookie, cookiePair(response))));
  return valueOf<{ invitationLink: string | null }>(page).invitationLink;
}

const tokenOf = (link: string) => link.split("/invitation/")[1];

/** Follows an emailed link as the invitee's browser does: the cookie it is given carries the token from there. */
async function follow(link: string, sessionCookie?: string) {
  const token = tokenOf(link);
  const entered = (await run(invitationEntry, get(`/invitation/${token}`), { token })) as Response;
  expect(entered.headers.get("Location")).toBe("/invitation");
  const cookie = together(sessionCookie, cookiePair(entered));
  return {
    cookie,
    page: async () => run(invitationLoader, get("/invitation", cookie)),
    setPassword: async (password: string, confirmPassword = password) => run(invitationAction, post("/invitation", { password, confirmPassword }, cookie)),
    accept: async () => run(invitationAction, post("/invitation", { intent: "accept" }, cookie)),
  };
}

async function invite(cookie: string, email: string, name = "Jo Carter") {
  return (await run(
    repsAction,
    post("/representatives", { intent: "invite", name, email, relationship: "Daughter", consentGivenBy: "The holder", scopes: "log-spending" }, cookie),
  )) as Response;
}

const uniqueEmail = (who: string) => `${who}-${Date.now()}-${Math.random().toString(16).slice(2)}@test.example`;

async function inviteNewPerson() {
  const c = await insertCommissioner();
  const { holder, user } = await insertHolder(c.id);
  const holderCookie = await cookieFor(user!.email);
  const email = uniqueEmail("jo");
  const invited = await invite(holderCookie, email);
  const link = (await linkShownAfter(invited, holderCookie))!;
  return { c, holder, holderCookie, email, token: tokenOf(link), link, invited };
}

async function holdersRepresentedBy(userId: string) {
  return (await loadPrincipal(getDb(), userId))!.representing.map((r) => r.holderId);
}

type Reply = { data: { error: Record<string, string[] | null> } };

describe("representative invitations", () => {
  it("gives the inviter a one-time link, with which the new representative sets a password and signs in", async () => {
    const { holder, email, token, link } = await inviteNewPerson();
    expect(token).toMatch(/^[\w-]{43}$/);
    expect(link).toBe(`http://localhost/invitation/${token}`);

    // Before the password is set, nobody can sign in to the new account.
    expect(await signIn(getDb(), { email, password: NEW_PASSWORD })).toEqual({ ok: false, reason: "invalid" });
    const jo = await follow(link);
    expect(await jo.page()).toEqual({ state: "set-password", email });

    const mismatch = (await jo.setPassword(NEW_PASSWORD, "something else")) as Reply;
    expect(statusOf(mismatch)).toBe(400);
    expect(mismatch.data.error.confirmPassword).toEqual(["The passwords do not match"]);
    const short = (await jo.setPassword("short")) as Reply;
    expect(short.data.error.password).toEqual(["Your password must be 12 characters or more"]);

    const accepted = (await jo.setPassword(NEW_PASSWORD)) as Response;
    expect(accepted.headers.get("Location")).toBe("/sign-in?password=set");
    expect(accepted.headers.get("Set-Cookie")).toMatch(/Max-Age=0/);
    const signedIn = await signIn(getDb(), { email, password: NEW_PASSWORD });
    expect(signedIn).toMatchObject({ ok: true });
    // Setting the password took up the invitation: Jo acts for the holder from now on.
    expect(await holdersRepresentedBy((signedIn as { userId: string }).userId)).toEqual([holder.id]);

    // The link works once.
    const again = await follow(link);
    expect(await again.page()).toEqual({ state: "closed" });
    const reused = (await again.setPassword("another password 1")) as Reply;
    expect(reused.data.error[""]).toEqual([CANNOT_BE_USED]);
    expect(await signIn(getDb(), { email, password: "another password 1" })).toEqual({ ok: false, reason: "invalid" });
  });

  it("stops working after 7 days, or as soon as the representative is revoked", async () => {
    const { token, holderCookie } = await inviteNewPerson();
    expect(await findOpenInvitation(getDb(), token, new Date(Date.now() + 6 * 86_400_000))).not.toBeNull();
    expect(await findOpenInvitation(getDb(), token, new Date(Date.now() + 8 * 86_400_000))).toBeNull();

    const { people } = valueOf<{ people: { id: string }[] }>(await run(repsLoader, get("/representatives", holderCookie)));
    await run(repsAction, post("/representatives", { intent: "revoke", representativeId: people[0].id, confirm: "yes" }, holderCookie));
    expect(await findOpenInvitation(getDb(), token)).toBeNull();
  });

  it("answers an unknown link, or none, with the 'cannot be used' page", async () => {
    expect(await (await follow("http://localhost/invitation/made-up")).page()).toEqual({ state: "closed" });
    expect(await run(invitationLoader, get("/invitation"))).toEqual({ state: "closed" });
  });

  it("shows the inviter the link once, on the page of the holder it is for", async () => {
    const { holderCookie, invited, c } = await inviteNewPerson();
    const flash = cookiePair(invited);
    const first = await run(repsLoader, get("/representatives", together(holderCookie, flash)));
    expect(valueOf<{ invitationLink: string | null }>(first).invitationLink).toMatch(/\/invitation\/[\w-]{43}$/);
    expect(statusOf(first)).toBe(200);
    // The page clears the cookie as it shows the link, so a reload does not show it again.
    expect((first as { init: { headers: Record<string, string> } }).init.headers["Set-Cookie"]).toMatch(/Max-Age=0/);

    // Another holder's browser given the same cookie is not shown it.
    const other = await insertHolder(c.id);
    const otherPage = await run(repsLoader, get("/representatives", together(await cookieFor(other.user!.email), flash)));
    expect(valueOf<{ invitationLink: string | null }>(otherPage).invitationLink).toBeNull();
  });
});

describe("an invitation is for one holder's link, and only the account's owner sets its password", () => {
  it("another holder inviting the same person, and sending them a new invitation, neither closes the first link nor gets a password token", async () => {
    const c = await insertCommissioner();
    const a = await insertHolder(c.id);
    const b = await insertHolder(c.id);
    const aCookie = await cookieFor(a.user!.email);
    const bCookie = await cookieFor(b.user!.email);
    const email = uniqueEmail("vic");

    const aLink = (await linkShownAfter(await invite(aCookie, email), aCookie))!;
    expect(aLink).toMatch(/\/invitation\/[\w-]{43}$/);
    expect(statusOf(await invite(bCookie, email))).toBe(302);
    const [bRepresentative] = await getDb().select().from(representatives).where(eq(representatives.holderId, b.holder.id));
    const renewed = (await run(repsAction, post("/representatives", { intent: "renew", representativeId: bRepresentative.id }, bCookie))) as Response;
    const bLink = await linkShownAfter(renewed, bCookie);

    // A's link still works: B's renewal touched only B's own link.
    expect(await findOpenInvitation(getDb(), tokenOf(aLink))).not.toBeNull();
    // B's link cannot set the password of an account B did not make, whether by the page or the use-case.
    if (bLink) {
      const b = await follow(bLink);
      expect(await b.page()).toMatchObject({ state: "accept", signedIn: "no" });
      const byPage = (await b.setPassword("chosen by holder b")) as Reply;
      expect(statusOf(byPage)).toBe(400);
      const taken = await acceptInvitation(getDb(), { token: tokenOf(bLink), password: "chosen by holder b" });
      expect(taken.ok).toBe(false);
    }
    expect(await signIn(getDb(), { email, password: "chosen by holder b" })).toEqual({ ok: false, reason: "invalid" });

    // Vic sets her password with A's link, and acts for A only: B's link waits for her to accept it.
    const vic = await follow(aLink);
    await vic.setPassword(NEW_PASSWORD);
    const signedIn = await signIn(getDb(), { email, password: NEW_PASSWORD });
    expect(signedIn).toMatchObject({ ok: true });
    const vicId = (signedIn as { userId: string }).userId;
    expect(await holdersRepresentedBy(vicId)).toEqual([a.holder.id]);

    // Signed in as herself, she accepts B's invitation, and then acts for both.
    expect(await acceptInvitationSignedIn(getDb(), { token: tokenOf(bLink!), userId: vicId })).toMatchObject({ ok: true });
    expect((await holdersRepresentedBy(vicId)).sort()).toEqual([a.holder.id, b.holder.id].sort());
  });

  it("linking someone who already has a password grants nothing and sets no password until they, signed in, accept", async () => {
    const c = await insertCommissioner();
    const a = await insertHolder(c.id);
    const carer = await insertRepresentative(a.holder, ["view"]);
    const b = await insertHolder(c.id);
    const bCookie = await cookieFor(b.user!.email);

    const bLink = (await linkShownAfter(await invite(bCookie, carer.user.email, carer.user.name), bCookie))!;
    const [link] = await getDb().select().from(representatives).where(eq(representatives.holderId, b.holder.id));
    const invitations = await getDb().select().from(representativeInvitations).where(eq(representativeInvitations.representativeId, link.id));
    expect(invitations.map((i) => i.setsPassword)).toEqual([false]);
    expect(link.acceptedAt).toBeNull();
    expect(await holdersRepresentedBy(carer.user.id)).toEqual([a.holder.id]);

    // Holding the link is not enough: it sets no password, and accepting needs the carer's own sign-in.
    const stranger = await follow(bLink);
    expect(await stranger.page()).toMatchObject({ state: "accept", email: carer.user.email, signedIn: "no" });
    expect(((await stranger.setPassword("chosen by holder b")) as Reply).data.error[""]).toEqual([
      "You have a password already. Sign in, then accept the invitation.",
    ]);
    const notSignedIn = (await stranger.accept()) as Response;
    expect(notSignedIn.headers.get("Location")).toBe("/sign-in?returnTo=%2Finvitation");
    const asB = await follow(bLink, bCookie);
    expect(await asB.page()).toMatchObject({ state: "accept", signedIn: "as-someone-else" });
    const refused = (await asB.accept()) as { data: { acceptError: string } };
    expect(statusOf(refused)).toBe(400);
    expect(refused.data.acceptError).toBe(`This invitation is for ${carer.user.email}. Sign out, then sign in with that email address to accept it.`);
    expect(await holdersRepresentedBy(carer.user.id)).toEqual([a.holder.id]);

    const asCarer = await follow(bLink, await cookieFor(carer.user.email));
    expect(await asCarer.page()).toEqual({
      state: "accept",
      email: carer.user.email,
      holderName: `${b.holder.givenName} ${b.holder.familyName}`,
      relationship: "Daughter",
      signedIn: "as-invitee",
    });
    const accepted = (await asCarer.accept()) as Response;
    expect(accepted.headers.get("Location")).toBe("/acting-for");
    expect((await holdersRepresentedBy(carer.user.id)).sort()).toEqual([a.holder.id, b.holder.id].sort());
    expect(await (await follow(bLink)).page()).toEqual({ state: "closed" });
  });

  it("never puts the token in a URL the portal redirects to", async () => {
    const { token, invited, link, email } = await inviteNewPerson();
    expect(invited.headers.get("Location")).not.toContain(token);
    expect(invited.headers.get("Set-Cookie")).toMatch(/HttpOnly/i);

    // The emailed link is the way in; the first request swaps it for a short-lived cookie and a URL without it.
    const entered = (await run(invitationEntry, get(`/invitation/${token}`), { token })) as Response;
    expect(statusOf(entered)).toBe(302);
    expect(entered.headers.get("Location")).toBe("/invitation");
    expect(entered.headers.get("Set-Cookie")).toMatch(/HttpOnly/i);
    expect(entered.headers.get("Set-Cookie")).toMatch(/Max-Age=\d+/i);
    expect(entered.headers.get("Set-Cookie")).not.toContain(token);

    const jo = await follow(link);
    const done = (await jo.setPassword(NEW_PASSWORD)) as Response;
    expect(done.headers.get("Location")).not.toContain(token);
    expect(await signIn(getDb(), { email, password: NEW_PASSWORD })).toMatchObject({ ok: true });
  });
});

describe("two uses of one invitation at once", () => {
  it("lets only one of two simultaneous uses of a link set the password", async () => {
    // Several links at once, so that on PostgreSQL the two uses of each really do overlap.
    const invited = await Promise.all([inviteNewPerson(), inviteNewPerson(), inviteNewPerson()]);
    const races = await Promise.all(
      invited.map(({ token }) =>
        Promise.all([
          acceptInvitation(getDb(), { token, password: "first of two passwords" }),
          acceptInvitation(getDb(), { token, password: "second of two passwords" }),
        ]),
      ),
    );
    for (const [i, results] of races.entries()) {
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(results.find((r) => !r.ok)).toEqual({ ok: false, field: null, message: CANNOT_BE_USED });
      const [winner, loser] = results[0].ok ? ["first of two passwords", "second of two passwords"] : ["second of two passwords", "first of two passwords"];
      expect(await signIn(getDb(), { email: invited[i].email, password: winner })).toMatchObject({ ok: true });
      expect(await signIn(getDb(), { email: invited[i].email, password: loser })).toEqual({ ok: false, reason: "invalid" });
    }
  });

  it("lets only one of two simultaneous acceptances by a signed-in representative succeed", async () => {
    const c = await insertCommissioner();
    const a = await insertHolder(c.id);
    const carer = await insertRepresentative(a.holder, ["view"]);
    const b = await insertHolder(c.id);
    const bCookie = await cookieFor(b.user!.email);
    const token = tokenOf((await linkShownAfter(await invite(bCookie, carer.user.email, carer.user.name), bCookie))!);
    const results = await Promise.all([
      acceptInvitationSignedIn(getDb(), { token, userId: carer.user.id }),
      acceptInvitationSignedIn(getDb(), { token, userId: carer.user.id }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toEqual({ ok: false, field: null, message: CANNOT_BE_USED });
  });
});
