import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OpenDatabase } from "#db/client.server";
import { formatVerification, verifyLedger } from "~/ledger/verify.server";
import { createTestDatabase } from "../setup/database";
import { dpLedger, spend } from "./ledger-fixtures";

const run = promisify(execFile);

/** The real command, against a server; PGlite in memory cannot be opened by a second process. */
async function verifyLedgerCommand(url: string) {
  return run("npx", ["tsx", "scripts/verify-ledger.ts", "--database-url", url]).then(
    ({ stdout }) => ({ code: 0, stdout }),
    (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
  );
}

describe("verify-ledger", () => {
  let database: OpenDatabase & { url?: string };
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.close());

  it("is clean on an honest ledger and names the entry of a posting changed behind the triggers' back", async () => {
    const { db } = database;
    const ledger = await dpLedger({ db, fundedPence: 50_000 });
    await spend(ledger, "honest", 1_234);
    const tampered = await spend(ledger, "tampered", 2_000);
    if (!tampered.ok) throw new Error(tampered.message);

    const clean = await verifyLedger(db);
    expect(clean.breaks).toEqual([]);
    expect(clean.summary).toMatchObject({ entries: 3, postings: 6, accounts: 3, trialBalancePence: 0, movedPence: 50_000 + 1_234 + 2_000 });
    if (database.url) expect(await verifyLedgerCommand(database.url)).toMatchObject({ code: 0, stdout: expect.stringContaining("No breaks") });

    // Someone with the owner's rights switches the guard off and edits history.
    await db.execute(sql`alter table postings disable trigger postings_append_only`);
    await db.execute(sql`update postings set amount_pence = amount_pence - 500 where entry_id = ${tampered.entry.id} and amount_pence > 0`);
    await db.execute(sql`alter table postings enable trigger postings_append_only`);

    const broken = await verifyLedger(db);
    const report = formatVerification(broken);
    expect(broken.breaks.map((b) => b.check)).toEqual(expect.arrayContaining(["entry-balances", "account-cache", "trial-balance"]));
    expect(broken.breaks.find((b) => b.check === "entry-balances")).toMatchObject({ entryId: tampered.entry.id });
    expect(report).toContain(`entry ${tampered.entry.id} has 2 posting(s) summing to -£5.00`);
    if (database.url) {
      const command = await verifyLedgerCommand(database.url);
      expect(command.code).toBe(1);
      expect(command.stdout).toContain(`entry ${tampered.entry.id} has 2 posting(s) summing to -£5.00`);
    }
  });
});
