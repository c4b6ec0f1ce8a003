import { randomBytes } from "node:crypto";
import { getDb, type Database } from "#db/client.server";
import { commissioners, holders, representatives, staffRoles, supportAssignments, supportOrganisations, users } from "#db/schema";
import type { RepresentativeScope, StaffRole } from "~/access/rules";
import { hashPassword } from "~/people/passwords.server";
import { startRestrictedCategories } from "~/spending/settings.server";

export const PASSWORD = "Correct-horse-battery-1";
let passwordHash: Promise<string> | undefined;
const unique = () => randomBytes(5).toString("hex");

/** A valid NHS number in the 999 test range, different every call. */
export function newNhsNumber(): string {
  for (;;) {
    const nine = `999${String(Math.floor(Math.random() * 1_000_000)).padStart(6, "0")}`;
    const sum = [...nine].reduce((t, d, i) => t + Number(d) * (10 - i), 0);
    const check = (11 - (sum % 11)) % 11;
    if (check !== 10) return `${nine}${check}`;
  }
}

export async function insertCommissioner(db: Database = getDb()) {
  const [row] = await db
    .insert(commissioners)
    .values({ name: `Test ICB ${unique()}`, odsCode: `T${unique()}` })
    .returning();
  await startRestrictedCategories(db, row.id);
  return row;
}

export async function insertUser(
  commissionerId: string,
  kind: "holder" | "representative" | "staff" | "support",
  extra: { supportOrganisationId?: string; name?: string } = {},
  db: Database = getDb(),
) {
  passwordHash ??= hashPassword(PASSWORD);
  const email = `${kind}-${unique()}@test.example`;
  const [row] = await db
    .insert(users)
    .values({
      commissionerId,
      kind,
      email,
      name: extra.name ?? `Test ${kind}`,
      passwordHash: await passwordHash,
      supportOrganisationId: extra.supportOrganisationId,
    })
    .returning();
  return row;
}

export async function insertStaff(commissionerId: string, ...roles: StaffRole[]) {
  const user = await insertUser(commissionerId, "staff");
  for (const role of roles) await getDb().insert(staffRoles).values({ userId: user.id, role });
  return user;
}

export async function insertHolder(commissionerId: string, options: { withAccount?: boolean } = {}) {
  const user = options.withAccount === false ? null : await insertUser(commissionerId, "holder");
  const [holder] = await getDb()
    .insert(holders)
    .values({
      commissionerId,
      userId: user?.id,
      nhsNumber: newNhsNumber(),
      givenName: "Test",
      familyName: `Holder ${unique()}`,
      dateOfBirth: "1980-01-01",
      cohort: "chc",
    })
    .returning();
  return { holder, user };
}

export async function insertRepresentative(holder: { id: string; commissionerId: string }, scopes: RepresentativeScope[]) {
  const user = await insertUser(holder.commissionerId, "representative");
  const [link] = await getDb()
    .insert(representatives)
    .values({
      commissionerId: holder.commissionerId,
      holderId: holder.id,
      userId: user.id,
      relationship: "Carer",
      scopes,
      consentGivenBy: "The holder",
      consentGivenAt: new Date(),
      acceptedAt: new Date(),
    })
    .returning();
  return { user, link };
}

export async function insertSupportOrganisation(commissionerId: string, holderIds: string[]) {
  const [organisation] = await getDb()
    .insert(supportOrganisations)
    .values({ commissionerId, name: `Support ${unique()}`, runsPayroll: true })
    .returning();
  for (const holderId of holderIds) await getDb().insert(supportAssignments).values({ supportOrganisationId: organisation.id, holderId });
  const user = await insertUser(commissionerId, "support", { supportOrganisationId: organisation.id });
  return { organisation, user };
}
