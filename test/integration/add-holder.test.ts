import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb, type Database } from "#db/client.server";
import { auditLog, holders } from "#db/schema";
import { addHolder, ALREADY_HAS_A_RECORD } from "~/people/add-holder.server";
import type { AddHolderDetails } from "~/people/add-holder";
import { action as addAction, loader as addLoader } from "~/routes/staff.holders.new";
import { loader as planLoader } from "~/routes/staff.holders.$holderId.plan";
import { loader as auditLoader } from "~/routes/staff.audit";
import { insertCommissioner, insertHolder, insertStaff, newNhsNumber } from "../factories";
import { cookieFor, dateFields, get, post, run, statusOf } from "../factories/requests";
import { rowCounts } from "../factories/row-counts";

const spaced = (n: string) => `${n.slice(0, 3)} ${n.slice(3, 6)} ${n.slice(6)}`;

function form(nhsNumber: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    nhsNumber: spaced(nhsNumber),
    givenName: "Ann",
    familyName: "Smith",
    ...dateFields("dateOfBirth", "1948-03-15"),
    cohort: "chc",
    phone: "0116 496 0000",
    email: "",
    postalAddress: "1 High Street\nLeicester\nLE1 1AA",
    referredBy: "hospital-discharge",
    referredByOther: "",
    ...extra,
  };
}

async function team() {
  const commissioner = await insertCommissioner();
  const coordinator = await insertStaff(commissioner.id, "coordinator");
  return { commissioner, coordinator, cookie: await cookieFor(coordinator.email) };
}

type Refused = { data: { errors: { fieldId: string; message: string }[]; existing: { id: string; name: string } | null } };

const details = (nhsNumber: string): AddHolderDetails => ({
  nhsNumber,
  givenName: "Ann",
  familyName: "Smith",
  dateOfBirth: "1948-03-15",
  cohort: "chc",
  phone: "0116 496 0000",
  email: undefined,
  postalAddress: undefined,
  referredBy: "gp",
  referredByOther: undefined,
});

describe("adding a person", () => {
  it("adds them with what was typed and audits it, then shows their page with what to do next", async () => {
    const t = await team();
    const nhs = newNhsNumber();
    expect(await run(addLoader, get("/staff/holders/new", t.cookie))).toBeNull();
    const added = (await run(addAction, post("/staff/holders/new", form(nhs), t.cookie))) as Response;
    expect(added.status).toBe(302);
    const location = added.headers.get("Location")!;
    expect(location).toMatch(/^\/staff\/holders\/[0-9a-f-]{36}\/plan\?done=added$/);
    const holderId = location.split("/")[3];
    const [row] = await getDb().select().from(holders).where(eq(holders.id, holderId));
    expect(row).toMatchObject({
      commissionerId: t.commissioner.id,
      nhsNumber: nhs,
      givenName: "Ann",
      familyName: "Smith",
      dateOfBirth: "1948-03-15",
      cohort: "chc",
      phone: "0116 496 0000",
      email: null,
      postalAddress: "1 High Street\nLeicester\nLE1 1AA",
      referredBy: "hospital-discharge",
      referredByOther: null,
      addedBy: t.coordinator.id,
      userId: null,
    });
    const audits = await getDb()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "holder.added"), eq(auditLog.entityId, holderId)));
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ actorUserId: t.coordinator.id, commissionerId: t.commissioner.id, entityType: "holder" });
    expect(audits[0].after).toMatchObject({ nhsNumber: nhs, givenName: "Ann", familyName: "Smith", referredBy: "hospital-discharge" });

    const log = (await run(auditLoader, get("/staff/audit", t.cookie))) as {
      rows: { action: string; sentence: string; changes: { field: string; after: string }[] }[];
    };
    const entry = log.rows.find((r) => r.action === "holder.added")!;
    expect(entry.sentence).toBe(`${t.coordinator.name} added Ann Smith`);
    expect(entry.changes).toContainEqual({ field: "Referred by", before: "", after: "Hospital discharge team" });
    expect(entry.changes).toContainEqual({ field: "Type of budget", before: "", after: "NHS Continuing Healthcare" });

    const page = (await run(planLoader, get(location, t.cookie), { holderId })) as { done: string | null; holder: { givenName: string } };
    expect(page).toMatchObject({ done: "added", holder: { givenName: "Ann" } });
  });

  it("writes the person and the audit entry together: when the audit entry fails, no one is added", async () => {
    const t = await team();
    const nhs = newNhsNumber();
    // An actor naming a commissioner that does not exist: the audit row's reference to it fails, after the holder's insert.
    await expect(
      addHolder(getDb(), { actor: { userId: t.coordinator.id, commissionerId: randomUUID() }, commissionerId: t.commissioner.id, details: details(nhs) }),
    ).rejects.toThrow();
    expect(await getDb().select().from(holders).where(eq(holders.nhsNumber, nhs))).toEqual([]);
  });

  it("refuses an NHS number already on record in the commissioner, linking to that person, and changes nothing", async () => {
    const t = await team();
    const { holder } = await insertHolder(t.commissioner.id);
    const before = await rowCounts();
    const refused = (await run(addAction, post("/staff/holders/new", form(holder.nhsNumber), t.cookie))) as Refused;
    expect(statusOf(refused)).toBe(400);
    expect(refused.data.errors).toEqual([{ fieldId: "nhsNumber", message: ALREADY_HAS_A_RECORD }]);
    expect(refused.data.existing).toEqual({ id: holder.id, name: `${holder.givenName} ${holder.familyName}` });
    expect(await rowCounts()).toEqual(before);
  });

  it("allows the same NHS number in another commissioner", async () => {
    const here = await team();
    const there = await team();
    const { holder } = await insertHolder(there.commissioner.id);
    const added = (await run(addAction, post("/staff/holders/new", form(holder.nhsNumber), here.cookie))) as Response;
    expect(added.status).toBe(302);
    const rows = await getDb().select({ commissionerId: holders.commissionerId }).from(holders).where(eq(holders.nhsNumber, holder.nhsNumber));
    expect(rows.map((r) => r.commissionerId).sort()).toEqual([here.commissioner.id, there.commissioner.id].sort());
  });

  it("refuses bad input with every error in the form's order, and changes nothing", async () => {
    const t = await team();
    const before = await rowCounts();
    const refused = (await run(
      addAction,
      post(
        "/staff/holders/new",
        {
          nhsNumber: "943 476 5918",
          givenName: "",
          familyName: "Smith",
          ...dateFields("dateOfBirth", "2099-01-01"),
          phone: "",
          email: "not an email",
          referredBy: "other",
          referredByOther: "",
        },
        t.cookie,
      ),
    )) as Refused;
    expect(statusOf(refused)).toBe(400);
    expect(refused.data.errors).toEqual([
      { fieldId: "nhsNumber", message: "Enter a valid NHS number: check you have typed it correctly" },
      { fieldId: "givenName", message: "Enter their first name" },
      { fieldId: "dateOfBirth-day", message: "Date of birth must be today or in the past", parts: ["day", "month", "year"] },
      { fieldId: "cohort", message: "Select the type of budget" },
      { fieldId: "email", message: "Enter an email address in the correct format, like name@example.com" },
      { fieldId: "referredByOther", message: "Enter who referred them" },
    ]);
    const nothing = (await run(addAction, post("/staff/holders/new", { nhsNumber: "", email: "" }, t.cookie))) as Refused;
    expect(nothing.data.errors.map((e) => e.message)).toEqual([
      "Enter the NHS number",
      "Enter their first name",
      "Enter their last name",
      "Enter their date of birth",
      "Select the type of budget",
      "Enter a phone number or an email address, so we can reach them or their family",
      "Select who referred them",
    ]);
    const short = (await run(addAction, post("/staff/holders/new", form("943476591"), t.cookie))) as Refused;
    expect(short.data.errors).toEqual([{ fieldId: "nhsNumber", message: "NHS number must be 10 digits, like 943 476 5919" }]);
    expect(await rowCounts()).toEqual(before);
  });

  it("adds one person when the same NHS number is added several times at once; the others get the same clear error", async () => {
    const t = await team();
    const nhs = newNhsNumber();
    const results = await Promise.all([1, 2, 3].map(() => run(addAction, post("/staff/holders/new", form(nhs), t.cookie)) as Promise<Response | Refused>));
    expect(results.filter((r) => r instanceof Response && r.status === 302)).toHaveLength(1);
    const refusals = results.filter((r): r is Refused => !(r instanceof Response));
    expect(refusals).toHaveLength(2);
    for (const r of refusals) expect(r.data.errors).toEqual([{ fieldId: "nhsNumber", message: ALREADY_HAS_A_RECORD }]);
    expect(
      await getDb()
        .select()
        .from(holders)
        .where(and(eq(holders.commissionerId, t.commissioner.id), eq(holders.nhsNumber, nhs))),
    ).toHaveLength(1);
  });

  it("answers a rival added between the check and the insert (the unique index refuses it) with the same error, not a failure", async () => {
    const t = await team();
    const nhs = newNhsNumber();
    const db = getDb();
    // The rival's row is written just before ours, inside our transaction, after our check found no one: what a
    // request on another connection committing at that moment does.
    const racing = new Proxy(db, {
      get(target, key, receiver) {
        if (key !== "transaction") return Reflect.get(target, key, receiver) as unknown;
        return (fn: (tx: Database) => Promise<unknown>) =>
          target.transaction((tx) =>
            fn(
              new Proxy(tx, {
                get(inner, k, r) {
                  if (k !== "insert") return Reflect.get(inner, k, r) as unknown;
                  return (table: typeof holders) => {
                    const real = inner.insert(table);
                    if (table !== holders) return real;
                    return {
                      values: (v: typeof holders.$inferInsert) => ({
                        returning: async (cols: Parameters<ReturnType<typeof real.values>["returning"]>[0]) => {
                          await inner.insert(holders).values({ ...v, givenName: "Rival" });
                          return real.values(v).returning(cols);
                        },
                      }),
                    };
                  };
                },
              }) as Database,
            ),
          );
      },
    });
    const result = await addHolder(racing, {
      actor: { userId: t.coordinator.id, commissionerId: t.commissioner.id },
      commissionerId: t.commissioner.id,
      details: details(nhs),
    });
    expect(result).toMatchObject({ ok: false, field: "nhsNumber", message: ALREADY_HAS_A_RECORD });
    expect(await db.select().from(holders).where(eq(holders.nhsNumber, nhs))).toEqual([]);
  });
});
