import type { AddressInfo } from "node:net";
import { and, eq } from "drizzle-orm";
import type { Request as ExpressRequest, RequestHandler } from "express";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { auditLog } from "#db/schema";
import { verifyPassword, type VerifyPassword } from "~/people/passwords.server";
import { LOCKOUT_FAILURES, NETWORK_FAILURES } from "~/people/session-rules";
import { signIn } from "~/people/sign-in.server";
import { action as signInAction } from "~/routes/sign-in";
import { createApp } from "../../server/app";
import { insertCommissioner, insertHolder, PASSWORD } from "../factories";
import { post, run, statusOf } from "../factories/requests";

const GENERIC = "Your email address or password is not right. Check them and try again. If you have tried 5 times, wait 15 minutes first.";
const NETWORK_WAIT = "There have been too many tries to sign in from your network. Wait 15 minutes, then try again.";

function formErrors(result: unknown): string[] {
  return (result as { data: { error: Record<string, string[]> } }).data.error[""] ?? [];
}

async function until(condition: () => boolean) {
  const deadline = Date.now() + 30_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe("sign-in attempts", () => {
  it("counts each guess before checking it, so a burst of guesses cannot get a right one past the lockout", async () => {
    const db = getDb();
    const c = await insertCommissioner();
    const { user } = await insertHolder(c.id);
    const email = user!.email;

    // Every guess is held inside the password check until all of them are in flight at once.
    let checking = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const heldCheck: VerifyPassword = async (hash, password) => {
      checking++;
      await gate;
      return verifyPassword(hash, password);
    };

    const wrong = Array.from({ length: 15 }, () => signIn(db, { email, password: "wrong guess" }, undefined, heldCheck));
    await until(() => checking === wrong.length);
    const right = Array.from({ length: 5 }, () => signIn(db, { email, password: PASSWORD }, undefined, heldCheck));
    await until(() => checking === wrong.length + right.length);
    release();

    const results = await Promise.all([...wrong, ...right]);
    expect(wrong.length).toBeGreaterThanOrEqual(LOCKOUT_FAILURES);
    expect(results.filter((r) => r.ok)).toEqual([]);
    expect(await signIn(db, { email, password: PASSWORD })).toMatchObject({ ok: false });
    const locks = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, user!.id), eq(auditLog.action, "account.locked")));
    expect(locks).toHaveLength(1);
  });

  it("checks a password, once, for an unknown address, a wrong password and a locked account alike", async () => {
    const db = getDb();
    const c = await insertCommissioner();
    const { user } = await insertHolder(c.id);
    const checked: string[] = [];
    const countingCheck: VerifyPassword = (hash, password) => {
      checked.push(hash);
      return verifyPassword(hash, password);
    };
    const checksFor = async (email: string, password: string) => {
      const before = checked.length;
      const result = await signIn(db, { email, password }, undefined, countingCheck);
      return { result, checks: checked.length - before, hash: checked.at(-1) };
    };

    const unknown = await checksFor("nobody-here@test.example", PASSWORD);
    expect(unknown).toMatchObject({ result: { ok: false }, checks: 1 });
    expect(unknown.hash).toMatch(/^\$argon2id\$/);

    const wrong = await checksFor(user!.email, "wrong guess");
    expect(wrong).toMatchObject({ result: { ok: false }, checks: 1, hash: user!.passwordHash });
    // The unknown address is checked against a hash as costly as a real one, but never a real one.
    expect(unknown.hash!.split("$").slice(0, 4)).toEqual(user!.passwordHash.split("$").slice(0, 4));
    expect(unknown.hash).not.toBe(user!.passwordHash);

    for (let i = 1; i < LOCKOUT_FAILURES; i++) await checksFor(user!.email, "wrong guess");
    const locked = await checksFor(user!.email, PASSWORD);
    expect(locked).toMatchObject({ result: { ok: false, reason: "locked" }, checks: 1 });
  });

  it("gives the same message and status for an unknown address, a wrong password and a locked account", async () => {
    const c = await insertCommissioner();
    const { user } = await insertHolder(c.id);
    const unknown = await run(signInAction, post("/sign-in", { email: "nobody-here@test.example", password: PASSWORD }));
    const wrong = await run(signInAction, post("/sign-in", { email: user!.email, password: "wrong guess" }));
    for (let i = 1; i < LOCKOUT_FAILURES; i++) await run(signInAction, post("/sign-in", { email: user!.email, password: "wrong guess" }));
    const locked = await run(signInAction, post("/sign-in", { email: user!.email, password: PASSWORD }));

    for (const reply of [unknown, wrong, locked]) {
      expect(statusOf(reply)).toBe(400);
      expect(formErrors(reply)).toEqual([GENERIC]);
    }
  });
});

/** The Request Remix's express adapter would make: the headers as the portal's server left them, and the body. */
async function remixRequestOf(req: ExpressRequest): Promise<Request> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, one);
  }
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new Request(`http://${req.headers.host}${req.originalUrl}`, { method: req.method, headers, body: Buffer.concat(chunks) });
}

describe("sign-in attempts from one network", () => {
  /** The portal's own server in front of the sign-in action, so the client's address is found as in production. */
  async function portal(trustProxy?: number) {
    const signInOnly: RequestHandler = (req, res, next) => {
      if (req.path !== "/sign-in") return next();
      remixRequestOf(req)
        .then((request) => run(signInAction, request))
        .then((result) => {
          res.status(statusOf(result)).json(result instanceof Response ? { location: result.headers.get("Location") } : { errors: formErrors(result) });
        })
        .catch(next);
    };
    const app = createApp({ build: () => Promise.reject(new Error("no Remix build in this test")), assets: [signInOnly], trustProxy });
    const server = app.listen(0);
    await new Promise((resolve) => server.once("listening", resolve));
    const { port } = server.address() as AddressInfo;
    return {
      close: () => new Promise((resolve) => server.close(resolve)),
      signIn: async (form: Record<string, string>, forwardedFor: string) => {
        const response = await fetch(`http://127.0.0.1:${port}/sign-in`, {
          method: "POST",
          body: new URLSearchParams(form),
          headers: { "X-Forwarded-For": forwardedFor },
          redirect: "manual",
        });
        return { status: response.status, body: (await response.json()) as { errors?: string[]; location?: string } };
      },
    };
  }

  it("makes a network wait after too many failures, whatever X-Forwarded-For it sends when no proxy is trusted", async () => {
    const c = await insertCommissioner();
    const { user } = await insertHolder(c.id);
    const server = await portal();
    try {
      for (let i = 0; i < NETWORK_FAILURES; i++) {
        const reply = await server.signIn({ email: `guess-${i}@test.example`, password: "wrong guess" }, `198.51.100.${i}`);
        expect(reply.status).toBe(400);
      }
      const next = await server.signIn({ email: user!.email, password: PASSWORD }, "203.0.113.99");
      expect(next).toEqual({ status: 429, body: { errors: [NETWORK_WAIT] } });
    } finally {
      await server.close();
    }
  });

  it("behind a trusted proxy, counts each client the proxy saw, not the address a client claims", async () => {
    const c = await insertCommissioner();
    const { user } = await insertHolder(c.id);
    const server = await portal(1);
    try {
      // The proxy appends the address it saw; anything before it is the client's own claim.
      for (let i = 0; i < NETWORK_FAILURES; i++) {
        const reply = await server.signIn({ email: `guess-${i}@test.example`, password: "wrong guess" }, `198.51.100.${i}, 192.0.2.10`);
        expect(reply.status).toBe(400);
      }
      expect((await server.signIn({ email: user!.email, password: PASSWORD }, "203.0.113.99, 192.0.2.10")).status).toBe(429);
      expect(await server.signIn({ email: user!.email, password: PASSWORD }, "192.0.2.11")).toEqual({ status: 302, body: { location: "/" } });
    } finally {
      await server.close();
    }
  });
});
