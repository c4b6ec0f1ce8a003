import { describe, expect, it } from "vitest";
import { getSignedIn, requireAccess, requireUser } from "~/access/access.server";
import { currentScope, withRequestScope } from "#db/tenant.server";
import { portalDb } from "../setup/portal-db";
import { action as actingForAction } from "~/routes/acting-for";
import { loader as auditLoader } from "~/routes/staff.audit";
import { loader as homeLoader } from "~/routes/_index";
import { loader as caseloadLoader } from "~/routes/staff._index";
import { insertCommissioner, insertHolder, insertRepresentative, insertStaff, insertSupportOrganisation } from "../factories";
import { cookieFor, get, post, run, statusOf } from "../factories/requests";

async function statusOfAccess(promise: Promise<unknown>) {
  try {
    await promise;
    return 200;
  } catch (thrown) {
    return (thrown as Response).status;
  }
}

describe("access", () => {
  it("reads who is asking once per request, and again after an action", async () => {
    const c = await insertCommissioner();
    const { user } = await insertHolder(c.id);
    const cookie = await cookieFor(user!.email);
    await withRequestScope(async () => {
      const queries = async (work: () => Promise<unknown>) => {
        const before = currentScope()!.queries;
        await work();
        return currentScope()!.queries - before;
      };
      const first = await queries(() => getSignedIn(get("/", cookie)));
      expect(first).toBeGreaterThan(0);
      // Remix gives the root loader, the route's loader and each check of access a Request of its own: one lookup.
      expect(await queries(() => Promise.all([getSignedIn(get("/", cookie)), requireUser(get("/", cookie))]))).toBe(0);
      // An action's own lookup is its own, and so is the one of the loaders that run after it.
      expect(await queries(() => requireUser(post("/", {}, cookie)))).toBe(first);
    }, portalDb());
    // The next request reads it afresh.
    await withRequestScope(async () => {
      await getSignedIn(get("/", cookie));
      expect(currentScope()!.queries).toBeGreaterThan(0);
    }, portalDb());
  });

  it("lets holder A load their own budget and answers 404 for holder B", async () => {
    const c = await insertCommissioner();
    const a = await insertHolder(c.id);
    const b = await insertHolder(c.id);
    const cookie = await cookieFor(a.user!.email);
    expect(await statusOfAccess(requireAccess(get("/", cookie), "view", { holderId: a.holder.id }))).toBe(200);
    expect(await statusOfAccess(requireAccess(get("/", cookie), "view", { holderId: b.holder.id }))).toBe(404);
    const home = (await run(homeLoader, get("/", cookie))) as { holder: { familyName: string } };
    expect(home.holder.familyName).toBe(a.holder.familyName);
  });

  it("answers 404 for another commissioner's record, even to its own kind of staff", async () => {
    const mine = await insertCommissioner();
    const theirs = await insertCommissioner();
    const coordinator = await insertStaff(mine.id, "coordinator");
    const elsewhere = await insertHolder(theirs.id);
    const cookie = await cookieFor(coordinator.email);
    expect(await statusOfAccess(requireAccess(get("/", cookie), "view", { holderId: elsewhere.holder.id }))).toBe(404);
    expect(await statusOfAccess(requireAccess(get("/", cookie), "view", { holderId: "not-a-uuid" }))).toBe(404);
  });

  it("answers 403 when an auditor tries to write, and lets them read the audit log", async () => {
    const c = await insertCommissioner();
    const auditor = await insertStaff(c.id, "auditor");
    const { holder } = await insertHolder(c.id);
    const cookie = await cookieFor(auditor.email);
    expect(await statusOfAccess(requireAccess(post("/", {}, cookie), "manage-plan", { holderId: holder.id }))).toBe(403);
    expect(await statusOfAccess(requireAccess(post("/", {}, cookie), "approve-plan", { holderId: holder.id }))).toBe(403);
    expect(statusOf(await run(auditLoader, get("/staff/audit", cookie)))).toBe(200);
  });

  it("keeps holders out of the staff pages with 403", async () => {
    const c = await insertCommissioner();
    const { user } = await insertHolder(c.id);
    const cookie = await cookieFor(user!.email);
    expect(statusOf(await run(caseloadLoader, get("/staff", cookie)))).toBe(403);
    expect(statusOf(await run(auditLoader, get("/staff/audit", cookie)))).toBe(403);
  });

  it("sends someone who is not signed in to sign in and back", async () => {
    const response = (await run(caseloadLoader, get("/staff?q=x"))) as Response;
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/sign-in?returnTo=%2Fstaff%3Fq%3Dx");
  });

  it("lets a representative act only for the people they represent, recording on whose behalf", async () => {
    const c = await insertCommissioner();
    const { holder } = await insertHolder(c.id, { withAccount: false });
    const stranger = await insertHolder(c.id);
    const { user } = await insertRepresentative(holder, ["view"]);
    const cookie = await cookieFor(user.email);

    const allowed = await requireAccess(get("/", cookie), "view", { holderId: holder.id });
    expect(allowed.actor.onBehalfOfHolderId).toBe(holder.id);
    expect(await statusOfAccess(requireAccess(post("/", {}, cookie), "log-spending", { holderId: holder.id }))).toBe(403);
    expect(statusOf(await run(actingForAction, post("/acting-for", { holderId: stranger.holder.id }, cookie)))).toBe(404);

    const chosen = (await run(actingForAction, post("/acting-for", { holderId: holder.id }, cookie))) as Response;
    expect(chosen.headers.get("Location")).toBe("/");
    const home = (await run(homeLoader, get("/", cookie))) as { actingFor: boolean; holder: { familyName: string } };
    expect(home).toMatchObject({ actingFor: true, holder: { familyName: holder.familyName } });
  });

  it("limits a support organisation to the holders assigned to it", async () => {
    const c = await insertCommissioner();
    const assigned = await insertHolder(c.id);
    const other = await insertHolder(c.id);
    const { user } = await insertSupportOrganisation(c.id, [assigned.holder.id]);
    const cookie = await cookieFor(user.email);
    expect(await statusOfAccess(requireAccess(get("/", cookie), "manage-payroll", { holderId: assigned.holder.id }))).toBe(200);
    expect(await statusOfAccess(requireAccess(get("/", cookie), "view", { holderId: other.holder.id }))).toBe(404);
  });
});
