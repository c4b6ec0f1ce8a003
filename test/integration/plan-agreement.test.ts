import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog } from "#db/schema";
import { loader as homeLoader } from "~/routes/_index";
import { loader as planLoader } from "~/routes/plan";
import { action as agreeAction, loader as agreeLoader } from "~/routes/plan_.agree";
import { action as actingForAction } from "~/routes/acting-for";
import { insertRepresentative } from "../factories";
import { cookieFor, get, post, run, statusOf } from "../factories/requests";
import { approveVersion, planContent, planWorld } from "./plan-fixtures";

const TODAY = "2026-11-23";

type Agreement = { byName: string; byHolder: boolean; at: Date } | null;

describe("agreeing to the plan for someone", () => {
  it("goes through a check step, is recorded as the representative agreeing for the holder, and says so to both", async () => {
    const w = await planWorld();
    const v1 = await approveVersion(
      w,
      planContent("2026-12-01", [{ description: "Short breaks", holding: "notional", amountPence: 300_000, outcomePositions: [1] }]),
      TODAY,
    );
    const { user: sam } = await insertRepresentative(w.holder, ["view", "agree-plans"]);
    const cookie = await cookieFor(sam.email);
    await run(actingForAction, post("/acting-for", { holderId: w.holder.id }, cookie));
    const leo = `${w.holder.givenName} ${w.holder.familyName}`;

    // The home page and the plan speak of the holder in the third person.
    const home = (await run(homeLoader, get("/", cookie))) as { voice: { Whose: string }; plan: { attention: { text: string }[] } };
    expect(home.voice.Whose).toBe(`${leo}'s`);
    expect(home.plan.attention.map((a) => a.text)).toContain(`${leo}'s plan has been approved: read it and tell us ${w.holder.givenName} agrees`);
    const before = (await run(planLoader, get("/plan", cookie))) as { voice: { your: string }; page: { agreement: Agreement } };
    expect(before).toMatchObject({ voice: { your: `${w.holder.givenName}'s` }, page: { agreement: null } });

    // The check step names what is agreed and changes nothing until confirmed.
    const check = (await run(agreeLoader, get("/plan/agree", cookie))) as { planVersionId: string; agentName: string; agreement: Agreement };
    expect(check).toMatchObject({ planVersionId: v1.id, agentName: sam.name, agreement: null, totalPence: 300_000 });

    const agreed = (await run(agreeAction, post("/plan/agree", { planVersionId: v1.id }, cookie))) as Response;
    expect(agreed.headers.get("Location")).toBe("/plan?agreed=1");
    // Sent again (a double click), it changes nothing.
    expect(((await run(agreeAction, post("/plan/agree", { planVersionId: v1.id }, cookie))) as Response).headers.get("Location")).toBe("/plan?agreed=1");

    const after = (await run(planLoader, get("/plan?agreed=1", cookie))) as { justAgreed: boolean; page: { agreement: Agreement } };
    expect(after).toMatchObject({ justAgreed: true, page: { agreement: { byName: sam.name, byHolder: false } } });
    const audit = await w.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "plan.agreed"), eq(auditLog.entityId, v1.id)));
    expect(audit).toMatchObject([{ actorUserId: sam.id, onBehalfOfHolderId: w.holder.id }]);

    // The holder sees that someone agreed for them.
    const own = (await run(planLoader, get("/plan", await cookieFor(w.holderUser.email)))) as { page: { agreement: Agreement } };
    expect(own.page.agreement).toMatchObject({ byName: sam.name, byHolder: false });
  });

  it("is refused to a representative who may only view", async () => {
    const w = await planWorld();
    await approveVersion(
      w,
      planContent("2026-12-01", [{ description: "Short breaks", holding: "notional", amountPence: 300_000, outcomePositions: [1] }]),
      TODAY,
    );
    const { user } = await insertRepresentative(w.holder, ["view"]);
    const cookie = await cookieFor(user.email);
    await run(actingForAction, post("/acting-for", { holderId: w.holder.id }, cookie));
    expect(statusOf(await run(agreeLoader, get("/plan/agree", cookie)))).toBe(403);
  });
});
