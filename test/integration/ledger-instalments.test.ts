import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb, pgErrorOf } from "#db/client.server";
import { arrangements, auditLog, instalmentRuns, instalments } from "#db/schema";
import { startJobs } from "~/integrations/jobs/jobs.server";
import { requestInstalmentRun } from "~/ledger/instalment-runs.server";
import { postDueInstalments, setFundingFrequency } from "~/ledger/instalments.server";
import { verifyLedger } from "~/ledger/verify.server";
import { actorOf, approveVersion, planContent, planWorld } from "./plan-fixtures";
import { jobQueueDatabase } from "./job-queue-database";

async function paid(commissionerId: string) {
  return getDb()
    .select({ holderId: arrangements.holderId, number: instalments.number, dueOn: instalments.dueOn, amountPence: instalments.amountPence })
    .from(instalments)
    .innerJoin(arrangements, eq(arrangements.id, instalments.arrangementId))
    .where(eq(instalments.commissionerId, commissionerId))
    .orderBy(instalments.dueOn);
}

const total = (rows: { amountPence: number }[]) => rows.reduce((t, r) => t + r.amountPence, 0);

/** A holder on a direct payment of £13,000.13 a year from 1 April 2026. */
async function directPayment() {
  const w = await planWorld();
  await approveVersion(
    w,
    planContent("2026-04-01", [{ description: "Personal assistant", amountPence: 1_300_013, holding: "direct-payment", outcomePositions: [1] }]),
    "2026-03-25",
  );
  return { w };
}

describe("the instalment job", () => {
  it("pays each instalment once when three runs happen at the same moment", async () => {
    const { w } = await directPayment();
    const runs = await Promise.all([1, 2, 3].map(() => postDueInstalments(getDb(), { until: "2027-03-31", commissionerId: w.commissioner.id })));
    expect(runs.reduce((t, r) => t + r.posted, 0)).toBe(13);
    expect(runs.every((r) => r.refused.length === 0)).toBe(true);
    const rows = await paid(w.commissioner.id);
    expect(rows).toHaveLength(13);
    expect(total(rows)).toBe(1_300_013);
    expect((await verifyLedger(getDb(), { commissionerId: w.commissioner.id })).breaks).toEqual([]);
  });

  it("completes a run that died half way, paying nothing twice", async () => {
    const { w } = await directPayment();
    const db = getDb();
    // A crash in the middle of the run: the sixth instalment's transaction fails.
    await db.execute(
      sql.raw(`
      create or replace function test_crash_instalments() returns trigger language plpgsql as $$
      begin
        if (select count(*) from instalments where commissioner_id = new.commissioner_id) >= 5 then
          raise exception 'the process died';
        end if;
        return new;
      end $$`),
    );
    await db.execute(sql.raw(`create trigger test_crash before insert on instalments for each row execute function test_crash_instalments()`));
    try {
      const crash: unknown = await postDueInstalments(db, { until: "2027-03-31", commissionerId: w.commissioner.id }).catch((error: unknown) => error);
      expect(pgErrorOf(crash)?.message).toMatch(/the process died/);
      const half = await paid(w.commissioner.id);
      expect(half).toHaveLength(5);
      expect((await verifyLedger(db, { commissionerId: w.commissioner.id })).breaks).toEqual([]);
    } finally {
      await db.execute(sql.raw(`drop trigger test_crash on instalments`));
    }
    const rerun = await postDueInstalments(db, { until: "2027-03-31", commissionerId: w.commissioner.id });
    expect(rerun).toMatchObject({ posted: 8, alreadyPosted: 5, refused: [] });
    const all = await paid(w.commissioner.id);
    expect(all.map((r) => r.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
    expect(total(all)).toBe(1_300_013);
    expect((await verifyLedger(db, { commissionerId: w.commissioner.id })).breaks).toEqual([]);
  });

  it("pays 12 monthly instalments where the commissioner chooses monthly, from the next plan year to start", async () => {
    const w = await planWorld();
    const db = getDb();
    const set = await setFundingFrequency(db, {
      actor: actorOf(w.finance),
      commissionerId: w.commissioner.id,
      frequency: "monthly",
      today: "2026-03-01",
    });
    expect(set).toMatchObject({ ok: true });
    const [audit] = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.commissionerId, w.commissioner.id), eq(auditLog.action, "instalments.frequency-set")));
    expect(audit).toMatchObject({ before: { frequency: "four-weekly" }, after: { frequency: "monthly", appliesFrom: "2026-03-01" } });
    await approveVersion(
      w,
      planContent("2026-04-01", [{ description: "Personal assistant", amountPence: 1_200_011, holding: "direct-payment", outcomePositions: [1] }]),
      "2026-03-25",
    );
    // Switching back to four-weekly mid-year changes nothing for the year under way.
    await setFundingFrequency(db, { actor: actorOf(w.finance), commissionerId: w.commissioner.id, frequency: "four-weekly", today: "2026-06-15" });
    await postDueInstalments(db, { until: "2027-03-31", commissionerId: w.commissioner.id });
    const rows = await paid(w.commissioner.id);
    expect(rows.map((r) => r.dueOn)).toEqual([
      "2026-04-01",
      "2026-05-01",
      "2026-06-01",
      "2026-07-01",
      "2026-08-01",
      "2026-09-01",
      "2026-10-01",
      "2026-11-01",
      "2026-12-01",
      "2027-01-01",
      "2027-02-01",
      "2027-03-01",
    ]);
    expect(rows.slice(0, 11).every((r) => r.amountPence === 100_000)).toBe(true);
    expect(total(rows)).toBe(1_200_011);
    // The next plan year starts after the switch back: four-weekly again.
    await postDueInstalments(db, { until: "2027-04-30", commissionerId: w.commissioner.id });
    expect((await paid(w.commissioner.id)).slice(12).map((r) => r.dueOn)).toEqual(["2027-04-01", "2027-04-29"]);
    expect((await verifyLedger(db, { commissionerId: w.commissioner.id })).breaks).toEqual([]);
  });
});

describe("third-party budgets", () => {
  it("are paid as the organisation's agreement says; a change applies from the next plan year", async () => {
    const w = await planWorld({ thirdPartyFrequency: "quarterly" });
    const db = getDb();
    await approveVersion(
      w,
      planContent("2026-04-01", [
        { description: "Support worker", amountPence: 1_200_000, holding: "third-party", thirdPartyOrganisationId: w.organisation.id, outcomePositions: [1] },
      ]),
      "2026-03-25",
    );
    expect(
      await setFundingFrequency(db, {
        actor: actorOf(w.finance),
        commissionerId: w.commissioner.id,
        organisationId: w.organisation.id,
        frequency: "monthly",
        today: "2026-06-15",
      }),
    ).toMatchObject({ ok: true });
    await postDueInstalments(db, { until: "2027-05-31", commissionerId: w.commissioner.id });
    expect((await paid(w.commissioner.id)).map((r) => [r.dueOn, r.amountPence])).toEqual([
      ["2026-04-01", 300_000],
      ["2026-07-01", 300_000],
      ["2026-10-01", 300_000],
      ["2027-01-01", 300_000],
      ["2027-04-01", 100_000],
      ["2027-05-01", 100_000],
    ]);
    // Direct payments are never quarterly.
    expect(
      await setFundingFrequency(db, { actor: actorOf(w.finance), commissionerId: w.commissioner.id, frequency: "quarterly", today: "2026-06-15" }),
    ).toMatchObject({ ok: false });
    expect((await verifyLedger(db, { commissionerId: w.commissioner.id })).breaks).toEqual([]);
  });
});

describe("the instalment job on the job queue (pg-boss)", () => {
  const ownDatabase = jobQueueDatabase();

  it("runs the daily schedule at 6am UK time and carries out a run finance asks for, without the request waiting", async () => {
    const { w } = await directPayment();
    const database = ownDatabase();
    const jobs = await startJobs(database.db, database.jobConnection, { schedule: true, catchUp: false, pollSeconds: 1 });
    try {
      const schedules = await database.db.execute(sql`select name, cron, options->>'tz' as tz from pgboss.schedule`);
      const rows = (Array.isArray(schedules) ? schedules : (schedules as { rows: unknown[] }).rows) as { name: string; cron: string; tz: string }[];
      expect(rows).toContainEqual({ name: "instalments-daily", cron: "0 6 * * *", tz: "Europe/London" });

      const requested = await requestInstalmentRun(database.db, { actor: actorOf(w.finance), commissionerId: w.commissioner.id, until: "2026-06-30" });
      if (!requested.ok) throw new Error(requested.message);
      // A second request while one is waiting is refused.
      expect(await requestInstalmentRun(database.db, { actor: actorOf(w.finance), commissionerId: w.commissioner.id, until: "2026-06-30" })).toMatchObject({
        ok: false,
      });
      await jobs.runInstalments(requested.run.id);
      let run = requested.run;
      for (let i = 0; i < 60 && run.status !== "finished" && run.status !== "failed"; i++) {
        await new Promise((r) => setTimeout(r, 500));
        [run] = await database.db.select().from(instalmentRuns).where(eq(instalmentRuns.id, requested.run.id));
      }
      expect(run).toMatchObject({ status: "finished", posted: 4, alreadyPosted: 0, refused: [] });
      expect(run.postedPence).toBe(4 * Math.floor(1_300_013 / 13));
      expect((await verifyLedger(database.db, { commissionerId: w.commissioner.id })).breaks).toEqual([]);
    } finally {
      await jobs.stop();
    }
  });
});
