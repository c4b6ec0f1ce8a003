import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, representatives, users } from "#db/schema";
import { action as actingForAction } from "~/routes/acting-for";
import { action as repsAction, loader as repsLoader } from "~/routes/representatives";
import { loader as newSpendLoader } from "~/routes/spending.new";
import { insertStaff } from "../factories";
import { cookieFor, get, post, run, statusOf } from "../factories/requests";
import { spendingWorld } from "./spending-fixtures";

function form(fields: Record<string, string | string[]>) {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) body.append(k, one);
  return body;
}

function postForm(path: string, fields: Record<string, string | string[]>, cookie: string) {
  return new Request(`http://localhost${path}`, {
    method: "POST",
    body: form(fields),
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie },
  });
}

describe("representatives", () => {
  it("a holder invites a carer with relationship, consent, scopes and an end date; changes the scopes; revokes at once", async () => {
    const w = await spendingWorld();
    const holderCookie = await cookieFor(w.holderUser.email);
    const email = `jo-${w.holder.id.slice(0, 8)}@test.example`;
    const invited = await run(
      repsAction,
      postForm(
        "/representatives",
        {
          intent: "invite",
          name: "Jo Carter",
          email,
          relationship: "Daughter",
          consentGivenBy: "The holder",
          scopes: ["log-spending"],
          endsOn: "2030-01-01",
        },
        holderCookie,
      ),
    );
    expect(statusOf(invited)).toBe(302);
    const [jo] = await w.db.select().from(users).where(eq(users.email, email));
    const [link] = await w.db
      .select()
      .from(representatives)
      .where(and(eq(representatives.holderId, w.holder.id), eq(representatives.userId, jo.id)));
    expect(link).toMatchObject({
      relationship: "Daughter",
      consentGivenBy: "The holder",
      scopes: ["view", "log-spending"],
      endsOn: "2030-01-01",
      revokedAt: null,
    });
    const page = (await run(repsLoader, get("/representatives", holderCookie))) as { people: { name: string }[] };
    expect(page.people.map((p) => p.name)).toContain("Jo Carter");

    // The carer from the fixture: scope taken away applies on their next request.
    const carerCookie = await cookieFor(w.carer.user.email);
    await run(actingForAction, post("/acting-for", { holderId: w.holder.id }, carerCookie));
    expect(statusOf(await run(newSpendLoader, get("/spending/new", carerCookie)))).toBe(200);
    expect(
      statusOf(await run(repsAction, postForm("/representatives", { intent: "change", representativeId: w.carer.link.id, scopes: [] }, holderCookie))),
    ).toBe(302);
    expect(statusOf(await run(newSpendLoader, get("/spending/new", carerCookie)))).toBe(403);
    expect(
      statusOf(await run(repsAction, postForm("/representatives", { intent: "revoke", representativeId: w.carer.link.id, confirm: "yes" }, holderCookie))),
    ).toBe(302);
    const after = await run(newSpendLoader, get("/spending/new", carerCookie));
    expect(statusOf(after)).toBe(302);
    expect((after as Response).headers.get("Location")).toBe("/acting-for");
    const audit = await w.db
      .select({ action: auditLog.action, onBehalf: auditLog.onBehalfOfHolderId })
      .from(auditLog)
      .where(eq(auditLog.entityType, "representative"));
    expect(audit.filter((a) => a.onBehalf === w.holder.id).map((a) => a.action)).toEqual(
      expect.arrayContaining(["representative.invited", "representative.scopes-changed", "representative.revoked"]),
    );
  });

  it("refuses bad input with messages, a representative managing representatives (403), and another commissioner's holder (404)", async () => {
    const w = await spendingWorld();
    const holderCookie = await cookieFor(w.holderUser.email);
    const bad = (await run(
      repsAction,
      postForm("/representatives", { intent: "invite", name: "", email: "not-an-email", relationship: "", consentGivenBy: "", endsOn: "soon" }, holderCookie),
    )) as { data: { errors: { fieldId: string }[] } };
    expect(statusOf(bad)).toBe(400);
    expect(bad.data.errors.map((e) => e.fieldId).sort()).toEqual(["consentGivenBy", "email", "endsOn-day", "name", "relationship"]);
    const staffEmail = (await insertStaff(w.commissioner.id, "finance")).email;
    const taken = (await run(
      repsAction,
      postForm("/representatives", { intent: "invite", name: "X", email: staffEmail, relationship: "Friend", consentGivenBy: "Holder" }, holderCookie),
    )) as { data: { errors: { message: string }[] } };
    expect(taken.data.errors[0].message).toMatch(/cannot act for someone/);

    const carerCookie = await cookieFor(w.carer.user.email);
    await run(actingForAction, post("/acting-for", { holderId: w.holder.id }, carerCookie));
    expect(statusOf(await run(repsLoader, get("/representatives", carerCookie)))).toBe(403);

    const other = await spendingWorld();
    const coordinatorCookie = await cookieFor(other.coordinator.email);
    expect(statusOf(await run(repsLoader, get(`/representatives?holder=${w.holder.id}`, coordinatorCookie)))).toBe(404);
    expect(statusOf(await run(repsLoader, get(`/representatives?holder=${other.holder.id}`, coordinatorCookie)))).toBe(200);
  });
});
