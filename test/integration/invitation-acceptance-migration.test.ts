import { readFileSync } from "node:fs";
import { eq, inArray, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { representativeInvitations, representatives } from "#db/schema";
import { insertCommissioner, insertHolder, insertUser } from "../factories";

/** The migration's back-fill, run again over rows made as the portal made them before it. */
async function backFill() {
  const statements = readFileSync("db/migrations/0018_invitation_acceptance.sql", "utf8")
    .split("--> statement-breakpoint")
    .filter((s) => /^\s*UPDATE/m.test(s));
  expect(statements).toHaveLength(2);
  for (const statement of statements) await getDb().execute(sql.raw(statement));
}

const at = (minutes: number) => new Date(Date.UTC(2026, 3, 1, 10, minutes));

async function link(holderId: string, commissionerId: string, userId: string, createdAt: Date) {
  const [row] = await getDb()
    .insert(representatives)
    .values({ commissionerId, holderId, userId, relationship: "Carer", scopes: ["view"], consentGivenBy: "Holder", consentGivenAt: createdAt, createdAt })
    .returning();
  return row;
}

async function invitation(representativeId: string, userId: string, createdAt: Date, acceptedAt: Date | null) {
  const [row] = await getDb()
    .insert(representativeInvitations)
    .values({ representativeId, userId, tokenHash: `hash-${Math.random()}`, createdAt, expiresAt: at(59), acceptedAt })
    .returning();
  return row;
}

describe("migration 0018: which links made before it are taken up", () => {
  it("keeps access that its owner took up, and leaves waiting what another holder added or took over", async () => {
    const c = await insertCommissioner();
    const a = await insertHolder(c.id);
    const b = await insertHolder(c.id);

    // An account made outside invitations (the demo carer): its link stays.
    const seeded = await insertUser(c.id, "representative");
    const seededLink = await link(a.holder.id, c.id, seeded.id, at(0));

    // A new person who set their password; later another holder linked their account.
    const jo = await insertUser(c.id, "representative");
    const joFirst = await link(a.holder.id, c.id, jo.id, at(1));
    const joInvitation = await invitation(joFirst.id, jo.id, at(1), at(2));
    const joLater = await link(b.holder.id, c.id, jo.id, at(3));

    // A new person who has not set their password: another holder linked them, then renewed and used the token.
    const vic = await insertUser(c.id, "representative");
    const vicFirst = await link(a.holder.id, c.id, vic.id, at(4));
    const vicInvitation = await invitation(vicFirst.id, vic.id, at(4), null);
    const vicTakenOver = await link(b.holder.id, c.id, vic.id, at(5));
    const takeOver = await invitation(vicTakenOver.id, vic.id, at(6), at(7));

    // Another holder linked someone whose password is still to be set.
    const sam = await insertUser(c.id, "representative");
    const samFirst = await link(a.holder.id, c.id, sam.id, at(8));
    const samInvitation = await invitation(samFirst.id, sam.id, at(8), null);
    const samAdded = await link(b.holder.id, c.id, sam.id, at(9));

    await backFill();

    const links = await getDb()
      .select({ id: representatives.id, acceptedAt: representatives.acceptedAt })
      .from(representatives)
      .where(inArray(representatives.holderId, [a.holder.id, b.holder.id]));
    const acceptedAt = Object.fromEntries(links.map((l) => [l.id, l.acceptedAt?.toISOString() ?? null]));
    expect(acceptedAt).toEqual({
      [seededLink.id]: at(0).toISOString(),
      [joFirst.id]: at(2).toISOString(),
      [joLater.id]: at(3).toISOString(),
      [vicFirst.id]: null,
      [vicTakenOver.id]: at(7).toISOString(),
      [samFirst.id]: null,
      [samAdded.id]: null,
    });
    const setsPassword = async (id: string) =>
      (await getDb().select().from(representativeInvitations).where(eq(representativeInvitations.id, id)))[0].setsPassword;
    expect(await setsPassword(joInvitation.id)).toBe(true);
    expect(await setsPassword(vicInvitation.id)).toBe(true);
    expect(await setsPassword(takeOver.id)).toBe(false);
    expect(await setsPassword(samInvitation.id)).toBe(true);
  });
});
