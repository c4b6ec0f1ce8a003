import { describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { findOpenInvitation } from "~/people/representatives.server";
import { signIn } from "~/people/sign-in.server";
import { action as invitationAction, loader as invitationLoader } from "~/routes/invitation.$token";
import { action as repsAction, loader as repsLoader } from "~/routes/representatives";
import { insertCommissioner, insertHolder } from "../factories";
import { cookieFor, get, post, run, statusOf } from "../factories/requests";

const NEW_PASSWORD = "three words remembered";

async function inviteNewPerson() {
  const c = await insertCommissioner();
  const { holder, user } = await insertHolder(c.id);
  const holderCookie = await cookieFor(user!.email);
  const email = `jo-${Date.now()}-${Math.random().toString(16).slice(2)}@test.example`;
  const invited = (await run(
    repsAction,
    post(
      "/representatives",
      { intent: "invite", name: "Jo Carter", email, relationship: "Daughter", consentGivenBy: "The holder", scopes: "log-spending" },
      holderCookie,
    ),
  )) as Response;
  expect(invited.status).toBe(302);
  const location = new URL(invited.headers.get("Location")!, "http://localhost");
  const token = location.searchParams.get("invitation")!;
  return { holder, holderCookie, email, token, location };
}

type Reply = { data: { error: Record<string, string[] | null> } };

describe("representative invitations", () => {
  it("gives the inviter a one-time link, with which the new representative sets a password and signs in", async () => {
    const { holderCookie, email, token, location } = await inviteNewPerson();
    expect(token).toMatch(/^[\w-]{43}$/);
    const page = (await run(repsLoader, get(`${location.pathname}${location.search}`, holderCookie))) as { invitationLink: string };
    expect(page.invitationLink).toBe(`http://localhost/invitation/${token}`);

    // Before the password is set, nobody can sign in to the new account.
    expect(await signIn(getDb(), { email, password: NEW_PASSWORD })).toEqual({ ok: false, reason: "invalid" });
    expect(await run(invitationLoader, get(`/invitation/${token}`), { token })).toEqual({ open: true, email, name: "Jo Carter" });

    const mismatch = (await run(invitationAction, post(`/invitation/${token}`, { password: NEW_PASSWORD, confirmPassword: "something else" }), {
      token,
    })) as Reply;
    expect(statusOf(mismatch)).toBe(400);
    expect(mismatch.data.error.confirmPassword).toEqual(["The passwords do not match"]);
    const short = (await run(invitationAction, post(`/invitation/${token}`, { password: "short", confirmPassword: "short" }), { token })) as Reply;
    expect(short.data.error.password).toEqual(["Your password must be 12 characters or more"]);

    const accepted = (await run(invitationAction, post(`/invitation/${token}`, { password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD }), {
      token,
    })) as Response;
    expect(accepted.headers.get("Location")).toBe("/sign-in?password=set");
    expect(await signIn(getDb(), { email, password: NEW_PASSWORD })).toMatchObject({ ok: true });

    // The link works once.
    expect(await run(invitationLoader, get(`/invitation/${token}`), { token })).toEqual({ open: false });
    const again = (await run(invitationAction, post(`/invitation/${token}`, { password: "another password 1", confirmPassword: "another password 1" }), {
      token,
    })) as Reply;
    expect(again.data.error[""]).toEqual(["This link has been used, has expired or has been cancelled. Ask the person who invited you for a new one."]);
    expect(await signIn(getDb(), { email, password: "another password 1" })).toEqual({ ok: false, reason: "invalid" });
  });

  it("stops working after 7 days, or as soon as the representative is revoked", async () => {
    const { token, holderCookie } = await inviteNewPerson();
    expect(await findOpenInvitation(getDb(), token, new Date(Date.now() + 6 * 86_400_000))).not.toBeNull();
    expect(await findOpenInvitation(getDb(), token, new Date(Date.now() + 8 * 86_400_000))).toBeNull();

    const { people } = (await run(repsLoader, get("/representatives", holderCookie))) as { people: { id: string }[] };
    await run(repsAction, post("/representatives", { intent: "revoke", representativeId: people[0].id }, holderCookie));
    expect(await findOpenInvitation(getDb(), token)).toBeNull();
  });

  it("answers an unknown link with the 'cannot be used' page", async () => {
    expect(await run(invitationLoader, get("/invitation/made-up"), { token: "made-up" })).toEqual({ open: false });
  });
});
