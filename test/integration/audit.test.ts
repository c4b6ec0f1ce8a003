import { count, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb, pgErrorOf } from "#db/client.server";
import { auditLog, users } from "#db/schema";
import { recordAudit } from "~/audit/audit.server";
import { loader as auditLoader } from "~/routes/staff.audit";
import { loader as auditCsv } from "~/routes/staff.audit[.]csv";
import { insertCommissioner, insertStaff } from "../factories";
import { cookieFor, get, run, statusOf } from "../factories/requests";

async function auditCount(commissionerId: string) {
  const [{ n }] = await getDb().select({ n: count() }).from(auditLog).where(eq(auditLog.commissionerId, commissionerId));
  return n;
}

describe("audit log", () => {
  it("writes the audit row in the same transaction: a change that fails leaves no row", async () => {
    const db = getDb();
    const c = await insertCommissioner();
    const staff = await insertStaff(c.id, "coordinator");
    const before = await auditCount(c.id);
    await expect(
      db.transaction(async (tx) => {
        await recordAudit(tx, { userId: staff.id, commissionerId: c.id }, { action: "user.renamed", entityType: "user", entityId: staff.id });
        await tx.update(users).set({ name: "Renamed" }).where(eq(users.id, staff.id));
        throw new Error("the change fails after the audit row was written");
      }),
    ).rejects.toThrow("the change fails");
    expect(await auditCount(c.id)).toBe(before);
    const [unchanged] = await db.select().from(users).where(eq(users.id, staff.id));
    expect(unchanged.name).not.toBe("Renamed");

    await db.transaction(async (tx) => {
      await recordAudit(tx, { userId: staff.id, commissionerId: c.id }, { action: "user.renamed", entityType: "user", entityId: staff.id });
      await tx.update(users).set({ name: "Renamed" }).where(eq(users.id, staff.id));
    });
    expect(await auditCount(c.id)).toBe(before + 1);
  });

  it("refuses UPDATE, DELETE and TRUNCATE on the audit log", async () => {
    const db = getDb();
    const c = await insertCommissioner();
    await recordAudit(db, { userId: null, commissionerId: c.id }, { action: "test", entityType: "commissioner", entityId: c.id });
    const refusal = (statement: Promise<unknown>) => statement.then(() => null, pgErrorOf);
    expect(await refusal(db.execute(sql`update audit_log set action = 'forged' where commissioner_id = ${c.id}`))).toEqual({
      code: "42501",
      message: "audit_log is append-only: UPDATE refused",
    });
    expect(await refusal(db.execute(sql`delete from audit_log where commissioner_id = ${c.id}`))).toEqual({
      code: "42501",
      message: "audit_log is append-only: DELETE refused",
    });
    expect(await refusal(db.execute(sql`truncate audit_log cascade`))).toEqual({ code: "42501", message: "audit_log is append-only: TRUNCATE refused" });
    expect(await auditCount(c.id)).toBe(1);
  });

  type Page = { rows: { action: string }[]; total: number; errors: { fieldId: string; message: string }[] };

  it("lets staff filter the log by person, record type and date, and explains bad dates", async () => {
    const db = getDb();
    const c = await insertCommissioner();
    const coordinator = await insertStaff(c.id, "coordinator");
    const finance = await insertStaff(c.id, "finance");
    await recordAudit(db, { userId: coordinator.id, commissionerId: c.id }, { action: "plan.created", entityType: "plan", entityId: "p1" });
    await recordAudit(db, { userId: finance.id, commissionerId: c.id }, { action: "statement.sent", entityType: "statement", entityId: "s1" });
    const cookie = await cookieFor(coordinator.email); // signing in writes a "signed-in" row too

    const byPerson = (await run(auditLoader, get(`/staff/audit?person=${finance.id}`, cookie))) as Page;
    expect(byPerson.rows.map((r) => r.action)).toEqual(["statement.sent"]);
    const byType = (await run(auditLoader, get("/staff/audit?entityType=plan", cookie))) as Page;
    expect(byType.rows.map((r) => r.action)).toEqual(["plan.created"]);
    const today = new Date().toISOString().slice(0, 10);
    const byDate = (await run(auditLoader, get(`/staff/audit?from=${today}&to=${today}`, cookie))) as Page;
    expect(byDate.total).toBe(3);
    const past = (await run(auditLoader, get("/staff/audit?from=2020-01-01&to=2020-01-02", cookie))) as Page;
    expect(past.total).toBe(0);

    const bad = await run(auditLoader, get("/staff/audit?from=2026-02-30", cookie));
    expect(statusOf(bad)).toBe(400);
    expect((bad as { data: Page }).data.errors).toEqual([{ fieldId: "from", message: "Enter a real date, like 2026-03-27" }]);
    expect((bad as { data: Page }).data.rows).toEqual([]);
  });

  it("downloads the filtered entries in the page's words for an auditor, and sends filters too wide back to the page", async () => {
    const db = getDb();
    const c = await insertCommissioner();
    const coordinator = await insertStaff(c.id, "coordinator");
    const auditor = await insertStaff(c.id, "auditor");
    await recordAudit(
      db,
      { userId: coordinator.id, commissionerId: c.id, requestId: "req-1" },
      { action: "signed-in", entityType: "user", entityId: coordinator.id },
    );
    const cookie = await cookieFor(auditor.email);

    const csv = (await run(auditCsv, get(`/staff/audit.csv?person=${coordinator.id}`, cookie))) as Response;
    expect(csv.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    const lines = (await csv.text()).trim().split("\r\n");
    expect(lines[0]).toBe("When (UK time),What happened,For whom,What changed,Request");
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(`${coordinator.name} signed in`);
    expect(lines[1]).toMatch(/,req-1$/);

    const bad = (await run(auditCsv, get("/staff/audit.csv?from=2026-02-30", cookie))) as Response;
    expect(bad.status).toBe(302);
    expect(bad.headers.get("Location")).toBe("/staff/audit?from=2026-02-30");

    await db.execute(sql`
      insert into audit_log (commissioner_id, actor_user_id, action, entity_type, entity_id)
      select ${c.id}, ${coordinator.id}, 'signed-in', 'user', ${coordinator.id} from generate_series(1, 10000)`);
    const tooMany = (await run(auditCsv, get(`/staff/audit.csv?person=${coordinator.id}`, cookie))) as Response;
    expect(tooMany.headers.get("Location")).toBe(`/staff/audit?person=${coordinator.id}&download=too-many`);
    const page = (await run(auditLoader, get(`/staff/audit?person=${coordinator.id}&download=too-many`, cookie))) as { data: Page };
    expect(page.data.errors.map((e) => e.message)).toEqual([
      "There are more than 10,000 entries to download: choose dates, a person or a kind of record so there are fewer",
    ]);
    expect(page.data.total).toBe(10_001);
  });
});
