import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, rowsOf, type Database, type OpenDatabase } from "#db/client.server";
import { loadStatement } from "~/ledger/statement.server";
import { verifyLedger } from "~/ledger/verify.server";
import { adminQuery, serverRoles, withDatabase } from "../setup/database";

const MIGRATIONS = path.resolve("db/migrations");

/** The migrations as they were before arrangements: the journal cut after 0011. */
function migrationsUpTo(last: number) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "phb-migrations-"));
  fs.cpSync(MIGRATIONS, dir, { recursive: true });
  const journalFile = path.join(dir, "meta/_journal.json");
  const journal = JSON.parse(fs.readFileSync(journalFile, "utf8")) as { entries: { idx: number }[] };
  journal.entries = journal.entries.filter((e) => e.idx <= last);
  fs.writeFileSync(journalFile, JSON.stringify(journal));
  return dir;
}

async function rows<T>(db: Database, query: ReturnType<typeof sql>) {
  return rowsOf<T>(await db.execute(query));
}

/** Posts an entry as the code did before 0013, through the batch function of 0008. */
async function legacyPost(
  db: Database,
  e: { key: string; kind: string; date: string; description: string; holderId: string; accounts: number[]; amounts: number[] },
) {
  const entry = {
    idempotency_key: e.key,
    kind: e.kind,
    effective_date: e.date,
    description: e.description,
    content_hash: e.key,
    actor_user_id: null,
    on_behalf_of_holder_id: e.holderId,
    source_type: e.kind === "instalment" ? "instalment-schedule" : "spend",
    source_id: null,
    reverses_entry_id: null,
    reason: null,
    account_ids: `{${e.accounts.join(",")}}`,
    amounts: `{${e.amounts.join(",")}}`,
    audit_on_behalf_of_holder_id: e.holderId,
    audit_action: "ledger.entry-posted",
    audit_after: {},
    request_id: null,
  };
  const [answer] = await rows<{ answers: { outcome: string }[] }>(db, sql`select ledger_post_entries(${JSON.stringify([entry])}::jsonb) as answers`);
  expect(answer.answers[0].outcome).toBe("posted");
}

describe("migrating to arrangements (0012-0014)", () => {
  let database: OpenDatabase;
  let drop = async () => {};
  beforeAll(async () => {
    // Migrations are the owner's to run.
    const server = serverRoles()?.ownerUrl;
    if (server) {
      const name = `phb_test_migration_${randomBytes(4).toString("hex")}`;
      await adminQuery(server, `CREATE DATABASE ${name}`);
      database = await openDatabase({ url: withDatabase(server, name), maxConnections: 2 });
      drop = () => adminQuery(server, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    } else {
      database = await openDatabase({ dataDir: "memory://" });
    }
  });
  afterAll(async () => {
    await database.close();
    await drop();
  });

  it("joins each holder's per-version accounts into one arrangement, carries their money over by a ledger entry, and keeps one statement", async () => {
    const db = database.db;
    const before = migrationsUpTo(11);
    if (database.kind === "postgres") await migratePostgres(db as never, { migrationsFolder: before });
    else await migratePglite(db as never, { migrationsFolder: before });

    // As the code left things: a holder whose plan was approved twice, each approval opening a direct-payment account.
    const [c] = await rows<{ id: string }>(db, sql`insert into commissioners (name, ods_code) values ('Legacy ICB', 'LEG1') returning id`);
    const [h] = await rows<{ id: string }>(
      db,
      sql`
      insert into holders (commissioner_id, nhs_number, given_name, family_name, date_of_birth, cohort)
      values (${c.id}, '9990000999', 'Ann', 'Legacy', '1970-01-01', 'chc') returning id`,
    );
    const [other] = await rows<{ id: string }>(
      db,
      sql`
      insert into holders (commissioner_id, nhs_number, given_name, family_name, date_of_birth, cohort)
      values (${c.id}, '9990000980', 'Bea', 'Legacy', '1971-01-01', 'chc') returning id`,
    );
    const [u] = await rows<{ id: string }>(
      db,
      sql`insert into users (commissioner_id, kind, email, name, password_hash) values (${c.id}, 'staff', 'legacy@test.example', 'Staff', 'x') returning id`,
    );
    const [plan] = await rows<{ id: string }>(db, sql`insert into plans (commissioner_id, holder_id) values (${c.id}, ${h.id}) returning id`);
    const budgets = [];
    for (const [version, approvedAt] of [
      [1, "2026-03-25T10:00:00Z"],
      [2, "2026-07-01T10:00:00Z"],
    ] as const) {
      const [b] = await rows<{ id: string }>(
        db,
        sql`insert into budgets (commissioner_id, holder_id, starts_on, direct_payment_pence) values (${c.id}, ${h.id}, '2026-04-01', 2600000) returning id`,
      );
      await rows(
        db,
        sql`
        insert into plan_versions (commissioner_id, plan_id, holder_id, version, status, starts_on, first_review_on, authored_by, last_edited_by, approved_by, approved_at, budget_id)
        values (${c.id}, ${plan.id}, ${h.id}, ${version}, 'approved', '2026-04-01', '2026-07-01', ${u.id}, ${u.id}, ${u.id}, ${approvedAt}::timestamptz, ${b.id})`,
      );
      budgets.push(b.id);
    }
    const account = async (code: string, kind: string, budgetId: string | null, mayOverdraw: boolean) =>
      (
        await rows<{ id: string }>(
          db,
          sql`
        insert into ledger_accounts (commissioner_id, kind, budget_id, code, name, may_overdraw)
        values (${c.id}, ${kind}::ledger_account_kind, ${budgetId}, ${code}, ${code}, ${mayOverdraw}) returning id`,
        )
      )[0].id;
    const dp1 = Number(await account(`budget:${budgets[0]}:direct-payment`, "direct-payment", budgets[0], false));
    const dp2 = Number(await account(`budget:${budgets[1]}:direct-payment`, "direct-payment", budgets[1], false));
    const funding = Number(await account("funding", "commissioner-funding", null, true));
    // Two holders' "Jane Smith" shared one payee account, by name.
    const jane = Number(await account("payee:jane-smith", "payee", null, true));
    for (const holderId of [h.id, other.id])
      await rows(db, sql`insert into payees (commissioner_id, holder_id, name, ledger_account_id) values (${c.id}, ${holderId}, 'Jane Smith', ${jane})`);

    const instalment = (key: string, date: string, to: number) =>
      legacyPost(db, {
        key,
        kind: "instalment",
        date,
        description: "Direct payment instalment",
        holderId: h.id,
        accounts: [funding, to],
        amounts: [-200_000, 200_000],
      });
    for (const [i, date] of ["2026-04-01", "2026-04-29", "2026-05-27", "2026-06-24"].entries()) await instalment(`instalment:${budgets[0]}:${i}`, date, dp1);
    await legacyPost(db, {
      key: "spend:1",
      kind: "spend",
      date: "2026-05-02",
      description: "Care",
      holderId: h.id,
      accounts: [dp1, jane],
      amounts: [-50_000, 50_000],
    });
    // After the re-approval: paid into the new account, which started at £0.00.
    await instalment(`instalment:${budgets[1]}:0`, "2026-07-22", dp2);
    await legacyPost(db, {
      key: "spend:2",
      kind: "spend",
      date: "2026-07-23",
      description: "Care",
      holderId: h.id,
      accounts: [dp2, jane],
      amounts: [-30_000, 30_000],
    });

    await database.migrate();

    const [arrangement] = await rows<{ id: string; holding: string; opened_on: string }>(
      db,
      sql`select id, holding, to_char(opened_on, 'YYYY-MM-DD') as opened_on from arrangements where holder_id = ${h.id}`,
    );
    expect(arrangement).toMatchObject({ holding: "direct-payment", opened_on: "2026-04-01" });
    const accounts = await rows<{ id: string; budget_id: string | null; balance_pence: string }>(
      db,
      sql`select id, budget_id, balance_pence from ledger_accounts where arrangement_id = ${arrangement.id} order by id`,
    );
    expect(accounts).toHaveLength(3);
    const own = accounts.find((a) => a.budget_id === null)!;
    // The old accounts are empty; everything they held was carried over, by an entry each.
    expect(accounts.filter((a) => a.budget_id !== null).map((a) => Number(a.balance_pence))).toEqual([0, 0]);
    expect(Number(own.balance_pence)).toBe(5 * 200_000 - 50_000 - 30_000);
    const carried = await rows<{ kind: string; source_type: string; description: string }>(
      db,
      sql`select kind, source_type, description from journal_entries where source_type = 'carry-over' order by id`,
    );
    expect(carried).toEqual([
      { kind: "adjustment", source_type: "carry-over", description: "Carried over from the account of plan version 1" },
      { kind: "adjustment", source_type: "carry-over", description: "Carried over from the account of plan version 2" },
    ]);
    // The instalments already paid, numbered in their plan year; the versions know from when they applied.
    const paid = await rows<{ number: number; due_on: string }>(
      db,
      sql`select number, to_char(due_on, 'YYYY-MM-DD') as due_on from instalments where arrangement_id = ${arrangement.id} order by number`,
    );
    expect(paid.map((p) => [p.number, p.due_on])).toEqual([
      [1, "2026-04-01"],
      [2, "2026-04-29"],
      [3, "2026-05-27"],
      [4, "2026-06-24"],
      [5, "2026-07-22"],
    ]);
    const versions = await rows<{ version: number; in_force_from: string }>(
      db,
      sql`select version, to_char(in_force_from, 'YYYY-MM-DD') as in_force_from from plan_versions where holder_id = ${h.id} order by version`,
    );
    expect(versions.map((v) => v.in_force_from)).toEqual(["2026-04-01", "2026-07-01"]);
    // Each holder's Jane now has an account of her own; the shared one keeps its history.
    const payeeAccounts = await rows<{ code: string }>(
      db,
      sql`select a.code from payees p join ledger_accounts a on a.id = p.ledger_account_id order by a.code`,
    );
    expect(new Set(payeeAccounts.map((p) => p.code)).size).toBe(2);
    expect(payeeAccounts.every((p) => /^payee:[0-9a-f-]{36}$/.test(p.code))).toBe(true);

    // One statement from April, across both versions, with no line for the money carried over.
    const statement = await loadStatement(db, { holderId: h.id });
    expect(statement.account?.id).toBe(arrangement.id);
    expect(statement.lines.map((l) => [l.effectiveDate, l.amountPence])).toEqual([
      ["2026-07-23", -30_000],
      ["2026-07-22", 200_000],
      ["2026-06-24", 200_000],
      ["2026-05-27", 200_000],
      ["2026-05-02", -50_000],
      ["2026-04-29", 200_000],
      ["2026-04-01", 200_000],
    ]);
    expect(statement.closingPence).toBe(Number(own.balance_pence));
    expect((await verifyLedger(db)).breaks).toEqual([]);
  });
});
